package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.ij.ImageJFiles;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ScoreScaling;

/**
 * Calibration on a Spark cluster: the driver lists the dataset (it reads no
 * image), executors score the images ({@link ScoreImages}), and the driver
 * merges their results in dataset order into the calibration that
 * {@link Batch#calibrate} gives on one machine: the same scores in the same
 * order, the same λ̂, the same input files and checksums, the same
 * provenance. Only the creation time differs.
 */
final class SparkCalibration {

	/** A calibration and the dataset it came from (with its skipped images). */
	static final class Result {

		final Calibration calibration;
		final Dataset data;

		Result(final Calibration calibration, final Dataset data) {
			this.calibration = calibration;
			this.data = data;
		}
	}

	private SparkCalibration() {}

	/**
	 * Calibrates on the dataset at {@code location}.
	 *
	 * @param partitions the number of Spark tasks, or 0 for four per core
	 * @throws IllegalArgumentException if the dataset is inconsistent or no
	 *           valid image remains (every skipped image listed)
	 * @throws IOException if the manifest or a folder cannot be read
	 */
	static Result calibrate(final JavaSparkContext sc, final DatasetLocation location,
		final Settings settings, final int partitions) throws IOException
	{
		final Dataset data = location.paths().open(new ImageJFiles());
		final int n = data.size();
		final List<Integer> indices = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			indices.add(i);
		final int slices = Math.min(n, partitions > 0 ? partitions : Math.max(2, 4 * sc
			.defaultParallelism()));
		final Path root = location.paths().root();
		final List<ImageScore> scores = new ArrayList<>();
		final List<SourceFile> sources = new ArrayList<>();
		// the merge, in dataset order, as the local run does it
		final int[] next = { 0 };
		OrderedMap.run(sc, indices, slices, new ScoreImage(location, settings.parameters()), r -> {
			if (r.index != next[0]++) {
				throw new IllegalStateException("result " + (next[0] - 1) + " is image " + r.index);
			}
			if (r.failure != null) {
				data.recordFailure(r.id, r.failure);
				return;
			}
			scores.add(r.score());
			for (int role = 0; role < ScoredImage.ROLES.length; role++) {
				if (r.files[role] == null) continue;
				sources.add(new SourceFile(r.id, ScoredImage.ROLES[role], shown(root, Paths.get(
					r.files[role])), r.sha256[role]));
			}
		}, () -> false);
		if (next[0] != n) {
			throw new IllegalStateException("Spark returned " + next[0] + " results for " + n +
				" images");
		}
		if (scores.isEmpty()) {
			throw new IllegalArgumentException("no valid image remains for calibration (0 of " + n +
				" usable): " + data.failures());
		}
		final Map<String, String> provenance = new LinkedHashMap<>();
		provenance.put("softwareVersion", Batch.SOFTWARE_VERSION);
		provenance.put("scoreScaling", ScoreScaling.RULE);
		provenance.put("skippedImages", String.valueOf(data.failures().size()));
		return new Result(Calibrator.fromScores(settings, scores).withSources(sources)
			.withProvenance(provenance), data);
	}

	/** A source file's path as a calibration records it: relative to the root when inside it. */
	private static String shown(final Path root, final Path file) {
		Path shown = file;
		if (root != null) {
			final Path r = root.toAbsolutePath().normalize();
			final Path f = file.toAbsolutePath().normalize();
			shown = f.startsWith(r) ? r.relativize(f) : f;
		}
		return shown.toString().replace('\\', '/');
	}
}
