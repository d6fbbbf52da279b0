package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.io.Storage;
import sc.fiji.conformal.spark.Arguments.UsageException;

/**
 * Where a dataset's files are, as the command line names them: a CSV
 * manifest, or folders of score maps, predictions and ground-truth masks, all
 * local paths ({@link PortableFiles}) or all on one Hadoop file system
 * ({@link HadoopFiles}: listed and read on the driver, images read by the
 * executors). Immutable.
 */
final class DatasetLocation {

	private final PathArgument scores;
	private final PathArgument predictions;
	private final PathArgument masks;
	private final PathArgument manifest;
	private final PathArgument any;

	/**
	 * Any may be null.
	 *
	 * @throws UsageException if they are not all on one file system
	 */
	DatasetLocation(final PathArgument scores, final PathArgument predictions,
		final PathArgument masks, final PathArgument manifest)
	{
		this.scores = scores;
		this.predictions = predictions;
		this.masks = masks;
		this.manifest = manifest;
		final List<PathArgument> given = new ArrayList<>();
		for (final PathArgument p : Arrays.asList(manifest, scores, predictions, masks))
			if (p != null) given.add(p);
		any = given.isEmpty() ? null : given.get(0);
		for (final PathArgument p : given)
			if (!p.sameFileSystem(any)) throw new UsageException("the dataset's paths must be on one file system, got " +
				any + " and " + p);
	}

	/**
	 * The labelled dataset: the manifest if given, else the folders
	 * ({@link DatasetPaths#open}).
	 */
	Dataset labelled(final Configuration conf) throws IOException {
		if (local()) return paths().open(new PortableFiles());
		final HadoopFiles files = any.files(conf);
		if (manifest != null) return Dataset.fromManifest(manifest.path(), files, files);
		if (masks == null) {
			throw new IllegalArgumentException(
				"masks: give a folder of ground-truth masks (or a manifest)");
		}
		return Dataset.fromFolders(path(scores), path(predictions), masks.path(), files, files);
	}

	/**
	 * The dataset to apply a calibration to: the manifest if given, else the
	 * folders of scores and/or predictions (no masks needed).
	 */
	Dataset unlabelled(final Configuration conf) throws IOException {
		final HadoopFiles h = local() ? null : any.files(conf);
		final Storage storage = h == null ? Storage.LOCAL : h;
		if (manifest != null) return Dataset.fromManifest(manifest.path(), h == null
			? new PortableFiles() : h, storage);
		return Dataset.fromFolders(path(scores), path(predictions), null, h == null
			? new PortableFiles() : h, storage);
	}

	/** The folder that input paths are recorded relative to ({@link DatasetPaths#root}). */
	Path root() {
		return paths().root();
	}

	private boolean local() {
		return any == null || any.local();
	}

	private DatasetPaths paths() {
		return new DatasetPaths(path(scores), path(predictions), path(masks), path(manifest));
	}

	private static Path path(final PathArgument p) {
		return p == null ? null : p.path();
	}
}
