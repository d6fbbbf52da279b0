package sc.fiji.conformal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Calibrates a conformal method on labelled images. Images are scored one at
 * a time as the iterable yields them, and only their scores are kept, so
 * memory does not grow with the calibration set beyond the scores (and, for
 * conformal risk control, the per-image FNR curves).
 *
 * <pre>
 * Calibration c = Calibrator.calibrate(settings, samples);
 * ConformalSets sets = c.apply(newSample);
 * </pre>
 */
public final class Calibrator {

	private Calibrator() {}

	/**
	 * Scores every sample and takes the conformal quantile(s).
	 *
	 * @param samples images with ground truth; may load each image lazily
	 * @throws IllegalArgumentException if there are no samples, a sample has no
	 *           ground truth or lacks a score map the method needs, or images
	 *           of a sample differ in size
	 */
	public static Calibration calibrate(final Settings settings, final Iterable<Sample> samples) {
		final List<ImageScore> scores = new ArrayList<>();
		for (final Sample s : samples)
			scores.add(ImageScores.score(settings, s));
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
