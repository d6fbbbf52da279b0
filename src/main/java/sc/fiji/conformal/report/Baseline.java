package sc.fiji.conformal.report;


import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetCounts;
import sc.fiji.conformal.core.Settings;

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
		return new Baseline(settings, settings.method().baseline(settings));
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
