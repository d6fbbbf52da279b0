package sc.fiji.conformal.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.conformal.io.DatasetPaths;

/**
 * Where a labelled dataset's files are, as plain strings that the driver
 * ships to its executors: a CSV manifest, or folders of score maps,
 * predictions and ground-truth masks, on storage every executor reads at the
 * same path. Immutable.
 */
final class DatasetLocation implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String scores;
	private final String predictions;
	private final String masks;
	private final String manifest;

	/** Any may be null; see {@link DatasetPaths#open}. */
	DatasetLocation(final String scores, final String predictions, final String masks,
		final String manifest)
	{
		this.scores = absolute(scores);
		this.predictions = absolute(predictions);
		this.masks = absolute(masks);
		this.manifest = absolute(manifest);
	}

	/** The paths, as the plugin's commands take them. */
	DatasetPaths paths() {
		return new DatasetPaths(path(scores), path(predictions), path(masks), path(manifest));
	}

	@Override
	public String toString() {
		return manifest != null ? "manifest " + manifest : "scores " + scores + ", predictions " +
			predictions + ", masks " + masks;
	}

	/**
	 * Relative paths are resolved on the driver, so that executors started in
	 * another working directory read the same files.
	 */
	private static String absolute(final String p) {
		return p == null ? null : Paths.get(p).toAbsolutePath().toString();
	}

	private static Path path(final String p) {
		return p == null ? null : Paths.get(p);
	}
}
