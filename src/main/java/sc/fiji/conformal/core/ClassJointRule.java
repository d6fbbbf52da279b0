package sc.fiji.conformal.core;

/**
 * How a multi-class calibration's guarantee covers its K classes (see
 * {@link ClassCalibrator} for the exact statements and docs/design.md,
 * "Classes and groups", for the proofs).
 */
public enum ClassJointRule {

	/** Each class at α on its own: P(class c's event) ≥ 1 − α for each c. */
	PER_CLASS,

	/**
	 * Each class at α/K: P(every class's event at once) ≥ 1 − α by the union
	 * bound.
	 */
	BONFERRONI,

	/**
	 * One rank for every class: each image's largest per-class rank (each
	 * class's score ranked among that class's calibration scores), its
	 * conformal quantile plus one, and each class's λ̂_c the score of that rank
	 * in its class: P(every class's event at once) ≥ 1 − α.
	 */
	MAX;

	/** The name users write: {@code per-class}, {@code bonferroni} or {@code max}. */
	public String id() {
		return Names.idOf(this);
	}

	/** Parses {@code per-class}, {@code bonferroni} or {@code max}. */
	public static ClassJointRule fromId(final String id) {
		return Names.parse(ClassJointRule.class, id, "jointRule");
	}
}
