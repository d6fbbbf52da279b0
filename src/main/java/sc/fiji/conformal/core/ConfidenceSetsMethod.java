package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Conformal confidence sets (Davenport et al.): an inner set I = {f_I(s) &gt;
 * λ_I} and an outer set O = {f_O(s) ≥ −λ_O}, with transforms f of the scores
 * (identity, signed distance to Ŷ's boundary, Gaussian smoothing). Level
 * maps: f_I(s) (inner, {L &gt; λ}) and −f_O(s) (outer, {L ≤ λ}). Scores: τ_i =
 * max over Y=0 of f_I(s), γ_i = max over Y=1 of −f_O(s). Guarantees: P(I ⊆ Y)
 * ≥ 1 − α_I and P(Y ⊆ O) ≥ 1 − α_O; jointly P(I ⊆ Y ⊆ O) ≥ 1 − α, by
 * Bonferroni (α = α_I + α_O) or by the quantile of max(τ_i, γ_i) (one λ̂ for
 * both sides).
 */
final class ConfidenceSetsMethod extends Method {

	ConfidenceSetsMethod() {
		super("confidence-sets", true, true);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		final List<String> names = new ArrayList<>(Arrays.asList("joint", "alphaInner", "alphaOuter",
			"innerTransform", "outerTransform"));
		if (settings.innerTransform() == Transform.GAUSSIAN ||
			settings.outerTransform() == Transform.GAUSSIAN) names.add("sigma");
		names.add("quantile");
		names.add("threshold");
		return names;
	}

	@Override
	public boolean splitsAlpha(final JointRule joint) {
		return joint == JointRule.BONFERRONI;
	}

	@Override
	public boolean needsScores(final Settings settings) {
		return settings.innerTransform() != Transform.DISTANCE ||
			settings.outerTransform() != Transform.DISTANCE;
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		final Mask predicted = sample.predicted(settings.threshold());
		final ScalarImage s = needsScores(settings) ? sample.requireScores(this) : null;
		return new LevelMaps.ImageLevelMaps(predicted, LevelMaps.confidenceInner(s, predicted, settings
			.innerTransform(), settings.sigma()), LevelMaps.confidenceOuter(s, predicted, settings
				.outerTransform(), settings.sigma()));
	}

	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		maps.inner().grid().requireSameSize(truth.grid(), "level map", "region");
		return new ImageScore(id, ImageScores.excess(maps.inner().values(), truth.voxels(), false,
			null, 0, Double.NEGATIVE_INFINITY), ImageScores.coverage(maps.outer(), truth, 0, true,
				Double.NEGATIVE_INFINITY), null);
	}

	/** Bonferroni: each side at its own α; max: one quantile of max(τ_i, γ_i) for both. */
	@Override
	public Sides calibrate(final Settings settings, final List<ImageScore> scores) {
		if (settings.joint() != JointRule.MAX) return super.calibrate(settings, scores);
		final double[] both = new double[scores.size()];
		for (int i = 0; i < both.length; i++)
			both[i] = Math.max(sideScore(scores.get(i), true), sideScore(scores.get(i), false));
		final Threshold t = ConformalQuantile.of(both, settings.alpha(), settings.quantile());
		return new Sides(t, t);
	}

	@Override
	public void validity(final Settings settings, final SetCounts c,
		final Map<Measure, Double> measures)
	{
		final boolean in = c.innerOutsideTruth() == 0;
		final boolean out = c.outerTruth() == c.truth();
		measures.put(Measure.INNER_VALIDITY, GuaranteeEvents.flag(in));
		measures.put(Measure.OUTER_VALIDITY, GuaranteeEvents.flag(out));
		measures.put(Measure.VALIDITY, GuaranteeEvents.flag(in && out));
	}

	/** The joint event at α; under Bonferroni also each side at its own α. */
	@Override
	public Map<Measure, Double> validityLevels(final Settings settings) {
		if (settings.joint() != JointRule.BONFERRONI) return super.validityLevels(settings);
		final Map<Measure, Double> levels = new LinkedHashMap<>();
		levels.put(Measure.VALIDITY, settings.alpha());
		levels.put(Measure.INNER_VALIDITY, settings.alphaInner());
		levels.put(Measure.OUTER_VALIDITY, settings.alphaOuter());
		return levels;
	}

	@Override
	public List<Measure> sideValidities() {
		return Arrays.asList(Measure.INNER_VALIDITY, Measure.OUTER_VALIDITY);
	}

	@Override
	public String guarantee(final Settings settings) {
		return "With probability at least " + percent(1 - settings.alpha()) +
			", the inner set lies inside the true object and the outer set contains it (inner alone " +
			percent(1 - settings.alphaInner()) + ", outer alone " + percent(1 - settings.alphaOuter()) +
			").";
	}

	@Override
	public String unit(final Settings settings, final boolean inner) {
		return (inner ? "τ (" + settings.innerTransform().id() : "γ (" + settings.outerTransform()
			.id()) + ")";
	}

	/**
	 * On the signed distance d to Ŷ (d ≥ 0 inside, d &lt; 0 outside): the inner
	 * set {d &gt; λ_I} with λ_I just below 0 and the outer set {d ≥ −0} are both
	 * {d ≥ 0} = Ŷ.
	 */
	@Override
	public Calibration baseline(final Settings settings) {
		return Calibrator.fromScores(Settings.builder(this).alpha(0.1).threshold(settings.threshold())
			.innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE).quantile(
				QuantileRule.CLS_CLIPPED).build(), Collections.singletonList(new ImageScore("baseline",
					-Float.MIN_VALUE, 0, null)));
	}

	/** {@code inner} (τ_i) and {@code outer} (γ_i). */
	@Override
	public Map<String, Object> encodeScore(final ImageScore score) {
		final Map<String, Object> f = new LinkedHashMap<>();
		f.put("inner", toNatural(sideScore(score, true)));
		f.put("outer", toNatural(sideScore(score, false)));
		return f;
	}

	@Override
	public ImageScore decodeScore(final String id, final ScoreFields fields) {
		return new ImageScore(id, fromNatural(fields.number("inner")), fromNatural(fields.number(
			"outer")), null);
	}
}
