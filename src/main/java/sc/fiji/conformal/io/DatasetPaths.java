package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a labelled dataset's files are, as the Fiji dialogs and commands ask
 * for them: a CSV manifest, or folders of score maps and/or predictions with
 * a folder of ground-truth masks. Immutable.
 */
public final class DatasetPaths {

	private final Path scores;
	private final Path predictions;
	private final Path masks;
	private final Path manifest;
	private final Map<String, String> columns;

	/** Any of them may be null; see {@link #open}. */
	public DatasetPaths(final Path scores, final Path predictions, final Path masks,
		final Path manifest)
	{
		this(scores, predictions, masks, manifest, Collections.emptyMap());
	}

	/**
	 * With the manifest's columns mapped to roles
	 * ({@link Dataset#fromManifest(Path, ImageFileReader, Map)}).
	 */
	public DatasetPaths(final Path scores, final Path predictions, final Path masks,
		final Path manifest, final Map<String, String> columns)
	{
		this.scores = scores;
		this.predictions = predictions;
		this.masks = masks;
		this.manifest = manifest;
		this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
	}

	/**
	 * The dataset: the manifest if given (the folders are then not used), else
	 * the folders.
	 *
	 * @throws IllegalArgumentException if neither a manifest nor a masks folder
	 *           is given, or the dataset is inconsistent (see
	 *           {@link Dataset#fromManifest} and {@link Dataset#fromFolders})
	 * @throws IOException if a folder or the manifest cannot be read
	 */
	public Dataset open(final ImageFileReader reader) throws IOException {
		if (manifest != null) return Dataset.fromManifest(manifest, reader, columns);
		if (!columns.isEmpty()) {
			throw new IllegalArgumentException("columns maps a manifest's columns, but no manifest is given");
		}
		if (masks == null) {
			throw new IllegalArgumentException(
				"masks: give a folder of ground-truth masks (or a manifest)");
		}
		return Dataset.fromFolders(scores, predictions, masks, reader);
	}

	/** The folder of score maps, or null. */
	public Path scores() {
		return scores;
	}

	/** The folder of binary predictions, or null. */
	public Path predictions() {
		return predictions;
	}

	/**
	 * The folder that input paths are recorded relative to in a calibration:
	 * the manifest's folder, else the masks folder's parent; null if neither is
	 * given.
	 */
	public Path root() {
		final Path anchor = manifest != null ? manifest : masks;
		return anchor == null ? null : anchor.toAbsolutePath().getParent();
	}
}
