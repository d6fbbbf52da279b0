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
		final Method m = settings.method();
		final QuantileRule rule = settings.quantile();
		Threshold inner = null;
		Threshold outer = null;
		switch (m) {
			case CRC: {
				final List<FnrCurve> curves = new ArrayList<>();
				for (final ImageScore s : scores) {
					if (s.curve() == null) {
						throw new IllegalArgumentException("score of image '" + s.id() +
							"' has no FNR curve, which crc needs");
					}
					curves.add(s.curve());
				}
				outer = ConformalRiskControl.threshold(curves, settings.alpha());
				break;
			}
			case CONFIDENCE_SETS:
				if (settings.joint() == JointRule.MAX) {
					final double[] both = new double[scores.size()];
					for (int i = 0; i < both.length; i++)
						both[i] = Math.max(require(scores.get(i), true), require(scores.get(i), false));
					inner = outer = ConformalQuantile.of(both, settings.alpha(), rule);
				}
				else {
					inner = ConformalQuantile.of(side(scores, true), settings.alphaInner(), rule);
					outer = ConformalQuantile.of(side(scores, false), settings.alphaOuter(), rule);
				}
				break;
			default:
				if (m.hasInner()) inner = ConformalQuantile.of(side(scores, true), settings.alpha(), rule);
				else outer = ConformalQuantile.of(side(scores, false), settings.alpha(), rule);
		}
		return new Calibration(settings, scores, inner, outer, Collections.emptyMap(), Collections
			.emptyList(), Instant.now());
	}

	private static double[] side(final List<ImageScore> scores, final boolean inner) {
		final double[] v = new double[scores.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = require(scores.get(i), inner);
		return v;
	}

	private static double require(final ImageScore s, final boolean inner) {
		final double v = inner ? s.inner() : s.outer();
		if (Double.isNaN(v)) {
			throw new IllegalArgumentException("score of image '" + s.id() + "' has no " + (inner
				? "inner" : "outer") + " value");
		}
		return v;
	}
}
