package sc.fiji.conformal.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;

/**
 * Threshold outer sets with FNR control (Tan et al., conformal lesion
 * segmentation): {s ≥ t} with the cut-off t lowered. Level map: L = −s, so
 * O_λ = {L ≤ λ} = {s ≥ −λ} and users see t = −λ. Score: the largest t with
 * FNR_t ≤ ε, the m-th largest score inside Y, m = ⌈(1 − ε)|Y|⌉. Guarantee:
 * P(FNR ≤ ε) ≥ 1 − α.
 */
final class ThresholdOuterMethod extends Method {

	ThresholdOuterMethod() {
		super("threshold-outer", false, true);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		return Arrays.asList("tolerance", "quantile", "threshold");
	}

	@Override
	public String toleranceSymbol() {
		return "ε";
	}

	@Override
	public String toleranceMeaning() {
		return "share of the object the outer set may miss";
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		return new LevelMaps.ImageLevelMaps(sample.predicted(settings.threshold()), null, LevelMaps
			.thresholdOuter(sample.requireScores(this)));
	}

	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		return new ImageScore(id, Double.NaN, ImageScores.coverage(maps.outer(), truth, settings
			.tolerance(), false, Double.NEGATIVE_INFINITY), null);
	}

	@Override
	public void validity(final Settings settings, final SetCounts counts,
		final Map<Measure, Double> measures)
	{
		measures.put(Measure.VALIDITY, GuaranteeEvents.flag(GuaranteeEvents.covers(settings,
			counts)));
	}

	@Override
	public String guarantee(final Settings settings) {
		final double t = settings.tolerance();
		return "With probability at least " + percent(1 - settings.alpha()) +
			", the outer set misses at most " + percent(t) + " of the true object (FNR ≤ " + t + ").";
	}

	/** Users see the cut-off t = −λ. */
	@Override
	public double toNatural(final double lambda) {
		return -lambda;
	}

	@Override
	public String unit(final Settings settings, final boolean inner) {
		return "score cut-off t";
	}

	/** {s ≥ t₀}: λ = −t₀. */
	@Override
	public Calibration baseline(final Settings settings) {
		return atPrediction(settings.threshold());
	}

	/** The threshold-outer calibration whose outer set is Ŷ = {s ≥ t₀}. */
	static Calibration atPrediction(final double threshold) {
		return Calibrator.fromScores(Settings.builder(Method.THRESHOLD_OUTER).threshold(threshold)
			.quantile(QuantileRule.CLS_CLIPPED).build(), Collections.singletonList(new ImageScore(
				"baseline", Double.NaN, -threshold, null)));
	}
}
