package sc.fiji.conformal.core;

/**
 * The per-image guarantee events that several methods share, and their
 * sentences: coverage of the truth by an outer set (dilation,
 * threshold-outer) and false-positive control of an inner set (erosion,
 * threshold-inner). Counts from a tolerance are exact ({@link ImageScores}).
 */
final class GuaranteeEvents {

	private GuaranteeEvents() {}

	/** |O ∩ Y| ≥ ⌈(1 − tolerance)|Y|⌉. */
	static boolean covers(final Settings settings, final SetCounts c) {
		return c.outerTruth() >= ImageScores.requiredCount(settings.tolerance(), c.truth());
	}

	/** |I ∩ (Ŷ∖Y)| ≤ ⌊τ|Ŷ|⌋, i.e. AFP ≤ τ. */
	static boolean fewFalsePositives(final Settings settings, final SetCounts c) {
		return c.innerFalsePositive() <= ImageScores.allowedCount(settings.tolerance(), c
			.predicted());
	}

	/** The sentence of the false-positive event. */
	static String falsePositiveSentence(final Settings settings) {
		return "With probability at least " + Method.percent(1 - settings.alpha()) +
			", false positives kept in the inner set are at most " + Method.percent(settings
				.tolerance()) + " of the predicted mask's area.";
	}

	/** The unit of morphological λ: steps, or physical distance for the Euclidean ball. */
	static String morphologyUnit(final Settings settings) {
		return settings.shape() == StructuringElement.EUCLIDEAN ? "distance" : "steps";
	}

	/** A morphological λ̂ in words: "22 steps", "distance 3.2 (in units of the voxel spacing)". */
	static String describeMorphology(final Settings settings, final double lambda) {
		if (lambda == Double.POSITIVE_INFINITY) return "∞ (trivial)";
		return settings.shape() == StructuringElement.EUCLIDEAN ? "distance " + Rounding.of(lambda) +
			" (in units of the voxel spacing)" : Rounding.of(lambda) + (lambda == 1 ? " step" : " steps");
	}

	/**
	 * A morphological score is a number of steps (a whole number ≥ 0, for a
	 * cross or a square) or a distance (≥ 0, for the Euclidean ball), or +∞.
	 *
	 * @throws IllegalArgumentException saying what it must be
	 */
	static void checkMorphologyScore(final Settings settings, final double v) {
		final boolean steps = settings.shape() != StructuringElement.EUCLIDEAN;
		if (v == Double.POSITIVE_INFINITY || v >= 0 && (!steps || v == Math.rint(v))) return;
		throw new IllegalArgumentException("score must be " + (steps ? "a whole number of " + settings
			.shape().id() + " steps" : "a distance") + " at least 0 (or \"Infinity\"), got " + v);
	}

	/** 1 or 0. */
	static double flag(final boolean b) {
		return b ? 1 : 0;
	}
}
