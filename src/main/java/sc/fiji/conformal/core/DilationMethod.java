package sc.fiji.conformal.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;

/**
 * Morphological outer sets (Mossina &amp; Friedrich, MICCAI 2025): the
 * prediction Ŷ dilated λ times by a structuring element. Level map: the
 * distance to Ŷ in the element's metric (steps for a cross or square,
 * physical units for the Euclidean ball), so O_λ = {L ≤ λ}. Score: the
 * smallest λ with |O_λ ∩ Y| ≥ ⌈c|Y|⌉, c = 1 − tolerance. Guarantee:
 * P(|O ∩ Y| ≥ c|Y|) ≥ 1 − α. Needs only a binary prediction.
 */
final class DilationMethod extends Method {

	DilationMethod() {
		super("dilation", false, true);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		return Arrays.asList("tolerance", "shape", "quantile", "threshold");
	}

	@Override
	public String toleranceSymbol() {
		return "1 − c";
	}

	@Override
	public String toleranceMeaning() {
		return "share of the object the outer set may miss";
	}

	@Override
	public boolean needsScores(final Settings settings) {
		return false;
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		final Mask predicted = sample.predicted(settings.threshold());
		return new LevelMaps.ImageLevelMaps(predicted, null, LevelMaps.dilation(predicted, settings
			.shape()));
	}

	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		return new ImageScore(id, Double.NaN, ImageScores.coverage(maps.outer(), truth, settings
			.tolerance(), false, 0), null);
	}

	/** Steps or a distance, at least 0, or +∞. */
	@Override
	public void checkScore(final Settings settings, final ImageScore score) {
		GuaranteeEvents.checkMorphologyScore(settings, score.outer());
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
		final String pct = percent(1 - settings.alpha());
		final double t = settings.tolerance();
		return t == 0 ? "With probability at least " + pct +
			", the outer set contains the whole true object." : "With probability at least " + pct +
				", the outer set contains at least " + percent(1 - t) + " of the true object.";
	}

	@Override
	public String unit(final Settings settings, final boolean inner) {
		return GuaranteeEvents.morphologyUnit(settings);
	}

	@Override
	public String describe(final Settings settings, final boolean inner, final double lambda) {
		return GuaranteeEvents.describeMorphology(settings, lambda);
	}

	@Override
	public Calibration baseline(final Settings settings) {
		return Calibrator.fromScores(settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build(),
			Collections.singletonList(new ImageScore("baseline", Double.NaN, 0, null)));
	}
}
