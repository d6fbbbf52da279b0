package sc.fiji.conformal.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;

/**
 * Morphological inner sets with false-positive control (Mossina &amp;
 * Friedrich 2025): the prediction Ŷ eroded λ times. Level map: the distance
 * from each voxel to the nearest voxel outside Ŷ (by the image-border rule),
 * so I_λ = {L &gt; λ}. Score: the smallest λ with AFP_λ = |I_λ ∩ (Ŷ∖Y)| / |Ŷ|
 * ≤ τ. Guarantee: P(AFP ≤ τ) ≥ 1 − α. Needs only a binary prediction.
 */
final class ErosionMethod extends Method {

	ErosionMethod() {
		super("erosion", true, false);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		return Arrays.asList("tolerance", "shape", "border", "quantile", "threshold");
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
	public boolean needsScores(final Settings settings) {
		return false;
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		final Mask predicted = sample.predicted(settings.threshold());
		return new LevelMaps.ImageLevelMaps(predicted, LevelMaps.erosion(predicted, settings.shape(),
			settings.border()), null);
	}

	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		final Mask predicted = maps.predicted();
		predicted.grid().requireSameSize(truth.grid(), "mask", "subtracted mask");
		maps.inner().grid().requireSameSize(predicted.grid(), "level map", "region");
		return new ImageScore(id, ImageScores.excess(maps.inner().values(), predicted.voxels(), true,
			truth.voxels(), ImageScores.allowedCount(settings.tolerance(), predicted.count()), 0),
			Double.NaN, null);
	}

	/** Steps or a distance, at least 0, or +∞. */
	@Override
	public void checkScore(final Settings settings, final ImageScore score) {
		GuaranteeEvents.checkMorphologyScore(settings, score.inner());
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
		return GuaranteeEvents.morphologyUnit(settings);
	}

	@Override
	public String describe(final Settings settings, final boolean inner, final double lambda) {
		return GuaranteeEvents.describeMorphology(settings, lambda);
	}

	@Override
	public Calibration baseline(final Settings settings) {
		return Calibrator.fromScores(settings.toBuilder().quantile(QuantileRule.CLS_CLIPPED).build(),
			Collections.singletonList(new ImageScore("baseline", 0, Double.NaN, null)));
	}
}
