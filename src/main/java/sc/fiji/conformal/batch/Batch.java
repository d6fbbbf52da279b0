package sc.fiji.conformal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;

/**
 * Folder workflows over datasets on disk: calibrate, apply, validate. One bad
 * image never stops a run: it is recorded in the dataset's failures (by name,
 * with the reason) and skipped; a run fails only when no valid image remains,
 * or when the dataset's monitor cancels it ({@link BatchCanceledException}).
 * No SciJava here: commands, the service, scripts and ImageJ 1.x plugins all
 * call these.
 */
public final class Batch {

	/** The software version written into provenance. */
	public static final String SOFTWARE_VERSION = version();

	private Batch() {}

	/**
	 * Calibrates on a labelled dataset, one image in memory at a time, and
	 * records the input files (with SHA-256) and the software version.
	 *
	 * @param root folder that source paths are written relative to, or null
	 * @throws IllegalArgumentException if no valid image remains (every failure
	 *           listed)
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Calibration calibrate(final Dataset data, final Settings settings,
		final Path root) throws IOException
	{
		final List<ImageScore> scores = scoreAll(data, settings);
		checkUsable(data, scores.size(), 1, "calibration");
		final Map<String, String> provenance = new LinkedHashMap<>();
		provenance.put("softwareVersion", SOFTWARE_VERSION);
		provenance.put("scoreScaling", sc.fiji.conformal.io.ScoreScaling.RULE);
		provenance.put("skippedImages", String.valueOf(data.failures().size()));
		return Calibrator.fromScores(settings, scores).withSources(data.sources(root))
			.withProvenance(provenance);
	}

	/**
	 * Seeded random-split validation on a labelled dataset: two passes, one
	 * image in memory at a time.
	 *
	 * @throws IllegalArgumentException if fewer than two valid images remain
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static ValidationResult validate(final Dataset data, final Settings settings,
		final int splits, final double calibrationFraction, final long seed)
	{
		final List<ImageScore> scores = scoreAll(data, settings);
		checkUsable(data, scores.size(), 2, "validation");
		final ValidationResult r;
		try {
			r = Validation.randomSplits(settings, scores, data, splits, calibrationFraction, seed);
		}
		catch (final IllegalArgumentException e) {
			// a cancel during the second pass ends it early, which the core reports as changed images
			if (data.canceled()) throw new BatchCanceledException("validation canceled");
			throw e;
		}
		if (data.canceled()) throw new BatchCanceledException("validation canceled");
		return r;
	}

	/**
	 * Applies a calibration to every image of a dataset and writes the inner
	 * and outer masks under {@code output/inner/} and {@code output/outer/},
	 * each with the image's relative path and its score (or prediction) file's
	 * format. Files are written atomically. Unless {@code overwrite}, existing
	 * files are never replaced: if any target exists, nothing is written.
	 *
	 * @throws IllegalArgumentException if targets exist (all listed) or no
	 *           image could be processed
	 * @throws BatchCanceledException if the monitor canceled (files written so
	 *           far stay)
	 */
	public static ApplyReport apply(final Calibration calibration, final Dataset data,
		final Path output, final ImageFileWriter writer, final boolean overwrite)
		throws IOException
	{
		final boolean inner = calibration.method().hasInner();
		final boolean outer = calibration.method().hasOuter();
		// each image's primary file, inner and outer targets (null for a side the method lacks)
		final Map<String, Path[]> byId = new HashMap<>();
		final List<String> existing = new ArrayList<>();
		for (final Dataset.Entry e : data.entries()) {
			// every target is computed (and checked to lie inside output) once, before anything is written
			final Path ti = inner ? target(output, "inner", e) : null;
			final Path to = outer ? target(output, "outer", e) : null;
			byId.put(e.id(), new Path[] { e.primary(), ti, to });
			if (overwrite) continue;
			if (ti != null && Files.exists(ti)) existing.add(ti.toString());
			if (to != null && Files.exists(to)) existing.add(to.toString());
		}
		if (!existing.isEmpty()) {
			throw new IllegalArgumentException(existing.size() + " output file(s) exist already, nothing was written (choose an empty output folder or allow overwriting): " +
				String.join(", ", existing.subList(0, Math.min(10, existing.size()))) + (existing
					.size() > 10 ? ", ..." : ""));
		}
		final List<Path> written = new ArrayList<>();
		int images = 0;
		for (final Sample s : data) {
			final Path[] files = byId.get(s.id());
			final ConformalSets sets;
			try {
				sets = calibration.apply(s);
			}
			catch (final IllegalArgumentException ex) {
				data.recordFailure(s.id(), ex.getMessage());
				continue;
			}
			if (inner) written.add(write(writer, sets.inner(), files[1], overwrite, files[0]));
			if (outer) written.add(write(writer, sets.outer(), files[2], overwrite, files[0]));
			images++;
		}
		if (data.canceled()) {
			throw new BatchCanceledException("apply canceled after " + images + " image(s); " + written
				.size() + " file(s) written under " + output);
		}
		if (images == 0) {
			throw new IllegalArgumentException("no image could be processed: " + data.failures());
		}
		return new ApplyReport(output, images, written, data.failures());
	}

	/**
	 * The file a set of an image is written to.
	 *
	 * @throws IllegalArgumentException if the image id (e.g. from a manifest)
	 *           is an absolute path or climbs out of {@code output/side} with
	 *           {@code ..}
	 */
	public static Path target(final Path output, final String side, final Dataset.Entry e) {
		final Path primary = e.primary();
		final String ext = ImageFiles.extension(primary);
		final Path folder = output.resolve(side);
		final Path file = folder.resolve(e.id() + (ext == null ? ".tif" : ext));
		if (!file.normalize().startsWith(folder.normalize()) || file.normalize().equals(folder
			.normalize()))
		{
			throw new IllegalArgumentException("image id '" + e.id() + "' would be written outside " +
				folder + ": ids must be relative paths without '..'");
		}
		return file;
	}

	/** Writes a set of the image in {@code like}, placed in the world as that image is. */
	private static Path write(final ImageFileWriter writer, final Mask mask, final Path file,
		final boolean overwrite, final Path like) throws IOException
	{
		Files.createDirectories(file.toAbsolutePath().getParent());
		writer.writeMask(mask, file, overwrite, like);
		return file;
	}

	/** Scores every image that loads; an image the method cannot score is recorded and skipped. */
	private static List<ImageScore> scoreAll(final Dataset data, final Settings settings) {
		final List<ImageScore> scores = new ArrayList<>();
		for (final Sample s : data) {
			try {
				scores.add(ImageScores.score(settings, s));
			}
			catch (final IllegalArgumentException e) {
				data.recordFailure(s.id(), e.getMessage());
			}
		}
		return scores;
	}

	private static void checkUsable(final Dataset data, final int valid, final int needed,
		final String what)
	{
		if (data.canceled()) throw new BatchCanceledException(what + " canceled after " + valid +
			" image(s)");
		if (valid < needed) {
			throw new IllegalArgumentException("no valid image remains for " + what + " (" + valid +
				" of " + data.size() + " usable): " + data.failures());
		}
	}

	private static String version() {
		final String v = Batch.class.getPackage() == null ? null : Batch.class.getPackage()
			.getImplementationVersion();
		return v == null ? "development" : v;
	}
}
