package sc.fiji.conformal.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;

/**
 * Calibrates a conformal method on labelled images. Images are scored as the
 * iterable yields them, on a {@link Runner}'s threads (a few images in memory
 * at a time), and only their scores are kept, so memory does not grow with
 * the calibration set beyond the scores (and, for conformal risk control, the
 * per-image FNR curves). The scores are kept in the iterable's order, so the
 * calibration does not depend on the number of threads.
 *
 * <pre>
 * Calibration c = Calibrator.calibrate(settings, samples);
 * ConformalSets sets = c.apply(newSample);
 * </pre>
 */
public final class Calibrator {

	private Calibrator() {}

	/**
	 * Scores every sample on all cores ({@link LocalRunner#allCores()}) and
	 * takes the conformal quantile(s); see
	 * {@link #calibrate(Settings, Iterable, Runner)}.
	 */
	public static Calibration calibrate(final Settings settings, final Iterable<Sample> samples) {
		return calibrate(settings, samples, LocalRunner.allCores());
	}

	/**
	 * Scores every sample ({@link ImageScores#score}, one task per sample on
	 * the runner) and takes the conformal quantile(s) of the scores in the
	 * order the iterable yields the samples. The result is the same for every
	 * runner and number of threads.
	 *
	 * @param samples images with ground truth, iterated once on the calling
	 *          thread; may load each image lazily
	 * @throws IllegalArgumentException if there are no samples, a sample has no
	 *           ground truth or lacks a score map the method needs, or images
	 *           of a sample differ in size (the first such sample in order)
	 * @throws sc.fiji.conformal.core.run.RunCanceledException never with
	 *           {@link RunMonitor#NONE}; only if the calling thread is
	 *           interrupted
	 */
	public static Calibration calibrate(final Settings settings, final Iterable<Sample> samples,
		final Runner runner)
	{
		if (settings == null || samples == null || runner == null) {
			throw new IllegalArgumentException("settings, samples and runner must be given");
		}
		final List<ImageScore> scores = new ArrayList<>();
		try {
			runner.run(samples, s -> ImageScores.score(settings, s), RunMonitor.NONE, scores::add);
		}
		catch (final IOException e) {
			// scoring samples in memory reads no file
			throw new UncheckedIOException(e);
		}
		return fromScores(settings, scores);
	}

	/**
	 * The calibration that stored per-image scores give (no images needed).
	 *
	 * @throws IllegalArgumentException if the list is empty or a score the
	 *           method needs is missing (NaN or no curve)
	 */
	public static Calibration fromScores(final Settings settings, final List<ImageScore> scores) {
		if (scores == null || scores.isEmpty()) {
			throw new IllegalArgumentException("the calibration set is empty: need at least one image");
		}
		final Method.Sides sides = settings.method().calibrate(settings, scores);
		return new Calibration(settings, scores, sides.inner(), sides.outer(), Collections.emptyMap(),
			Collections.emptyList(), Instant.now());
	}
}
