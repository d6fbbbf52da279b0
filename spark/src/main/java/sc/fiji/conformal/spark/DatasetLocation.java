package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;

/**
 * Where a dataset's files are, as the command line names them: a CSV
 * manifest, or folders of score maps, predictions and ground-truth masks.
 * Relative paths are made absolute on the driver, so that executors, which
 * run in folders of their own, read the same files. Immutable.
 */
final class DatasetLocation {

	private final Path scores;
	private final Path predictions;
	private final Path masks;
	private final Path manifest;

	/** Any may be null. */
	DatasetLocation(final String scores, final String predictions, final String masks,
		final String manifest)
	{
		this.scores = absolute(scores);
		this.predictions = absolute(predictions);
		this.masks = absolute(masks);
		this.manifest = absolute(manifest);
	}

	/** The paths as the plugin's commands take them. */
	DatasetPaths paths() {
		return new DatasetPaths(scores, predictions, masks, manifest);
	}

	/**
	 * The labelled dataset, read with files the executors can carry: the
	 * manifest if given, else the folders ({@link DatasetPaths#open}).
	 */
	Dataset labelled() throws IOException {
		return paths().open(new PortableFiles());
	}

	/**
	 * The dataset to apply a calibration to: the manifest if given, else the
	 * folders of scores and/or predictions (no masks needed).
	 */
	Dataset unlabelled() throws IOException {
		final PortableFiles files = new PortableFiles();
		return manifest != null ? Dataset.fromManifest(manifest, files) : Dataset.fromFolders(scores,
			predictions, null, files);
	}

	/** The folder that input paths are recorded relative to ({@link DatasetPaths#root}). */
	Path root() {
		return paths().root();
	}

	private static Path absolute(final String p) {
		return p == null ? null : Paths.get(p).toAbsolutePath();
	}
}
