package sc.fiji.conformal.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;

/**
 * Threshold inner sets with false-positive control (Mossina &amp; Friedrich
 * 2025): {s ≥ λ} ∩ Ŷ with the threshold raised from t₀. Level map: s on Ŷ
 * and −∞ elsewhere, so I_λ = {L ≥ λ} (closed). Score: the smallest breakpoint
 * λ (t₀, a score value in Ŷ, or +∞) with AFP_λ ≤ τ. Guarantee: P(AFP ≤ τ) ≥
 * 1 − α.
 */
final class ThresholdInnerMethod extends Method {

	ThresholdInnerMethod() {
		super("threshold-inner", true, false);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		return Arrays.asList("tolerance", "quantile", "threshold");
	}

	@Override
	public String toleranceSymbol() {
		return "τ";
	}

	@Override
	public String toleranceMeaning() {
		return "false positives the inner set may keep, as a share of the prediction";
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		final Mask predicted = sample.predicted(settings.threshold());
		return new LevelMaps.ImageLevelMaps(predicted, LevelMaps.thresholdInner(sample.requireScores(
			this), predicted), null);
	}

	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		final Mask predicted = maps.predicted();
		return new ImageScore(id, ImageScores.breakpoint(maps.inner(), predicted, truth, ImageScores
			.allowedCount(settings.tolerance(), predicted.count()), settings.threshold()), Double.NaN,
			null);
	}

	@Override
	public boolean innerIncludesLevel() {
		return true;
	}

	/** A breakpoint: t₀, a score above it, or +∞. */
	@Override
	public void checkScore(final Settings settings, final ImageScore score) {
		if (!(score.inner() >= settings.threshold())) {
			throw new IllegalArgumentException("score must be at least the threshold t₀ = " + settings
				.threshold() + " (or \"Infinity\"), got " + score.inner());
		}
	}

	@Override
	public void validity(final Settings settings, final SetCounts counts,
		final Map<Measure, Double> measures)
	{
		measures.put(Measure.VALIDITY, GuaranteeEvents.flag(GuaranteeEvents.fewFalsePositives(
			settings, counts)));
	}

	@Override
	public String guarantee(final Settings settings) {
		return GuaranteeEvents.falsePositiveSentence(settings);
	}

	@Override
	public String unit(final Settings settings, final boolean inner) {
		return "score cut-off λ";
	}

	@Override
	public Calibration baseline(final Settings settings) {
		return Calibrator.fromScores(settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build(),
			Collections.singletonList(new ImageScore("baseline", settings.threshold(), Double.NaN,
				null)));
	}
}
