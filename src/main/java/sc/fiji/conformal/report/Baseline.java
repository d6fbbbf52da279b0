package sc.fiji.conformal.report;

import java.util.Collections;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.QuantileRule;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetCounts;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Transform;

/**
 * The uncalibrated baseline of a method: the predicted mask Ŷ = {s ≥ t₀}
 * itself (t₀ = the settings' threshold, 0.5 by default; λ = 0), used as inner
 * and/or outer set, measured with the method's own measures (the same
 * {@link ImageMetrics}, so the same validity event). It is built as a member
 * of an engine family at the λ where the set equals Ŷ: dilation and erosion at
 * 0 steps, thresholds at t₀, confidence sets on the signed distance to Ŷ at
 * level 0; conformal risk control uses the threshold-outer family at t₀.
 */
public final class Baseline {

	private final Settings measured;
	private final Calibration calibration;

	private Baseline(final Settings measured, final Calibration calibration) {
		this.measured = measured;
		this.calibration = calibration;
	}

	/** The baseline of a method's settings. */
	public static Baseline of(final Settings settings) {
		final double t0 = settings.threshold();
		final double nan = Double.NaN;
		final Settings family;
		final ImageScore score;
		switch (settings.method()) {
			case DILATION:
				family = settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build();
				score = new ImageScore("baseline", nan, 0, null);
				break;
			case EROSION:
				family = settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build();
				score = new ImageScore("baseline", 0, nan, null);
				break;
			case THRESHOLD_INNER:
				family = settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build();
				score = new ImageScore("baseline", t0, nan, null);
				break;
			case CONFIDENCE_SETS:
				// on the signed distance d to Ŷ (d ≥ 0 inside, d < 0 outside): {d > −0} = {d ≥ 0} = Ŷ
				family = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).threshold(t0).innerTransform(
					Transform.DISTANCE).outerTransform(Transform.DISTANCE).quantile(QuantileRule.CLS_CLIPPED)
					.build();
				score = new ImageScore("baseline", -Float.MIN_VALUE, 0, null);
				break;
			default: // threshold-outer and crc: {s ≥ t₀}, λ = −t₀
				family = Settings.builder(Method.THRESHOLD_OUTER).threshold(t0).quantile(
					QuantileRule.CLS_CLIPPED).build();
				score = new ImageScore("baseline", nan, -t0, null);
		}
		return new Baseline(settings, Calibrator.fromScores(family, Collections.singletonList(score)));
	}

	/** The baseline sets of an image (each equal to Ŷ). */
	public ConformalSets sets(final Sample sample) {
		return calibration.apply(sample);
	}

	/**
	 * The baseline's measures on a labelled image, under the method's own
	 * definitions (validity event, tolerance).
	 *
	 * @throws IllegalArgumentException if the sample has no ground truth
	 */
	public ImageMetrics metrics(final Sample sample) {
		if (sample.truth() == null) {
			throw new IllegalArgumentException("sample '" + sample.id() + "' has no ground truth mask");
		}
		return ImageMetrics.of(measured, SetCounts.of(sets(sample), sample.truth()));
	}
}
