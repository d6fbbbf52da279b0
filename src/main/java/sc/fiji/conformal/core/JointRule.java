package sc.fiji.conformal.core;

/**
 * How conformal confidence sets control inner and outer coverage jointly,
 * P(I ⊆ Y ⊆ O) ≥ 1 − α.
 */
public enum JointRule {

	/** Separate quantiles at α_I and α_O with α_I + α_O = α (union bound). */
	BONFERRONI,

	/**
	 * One quantile at α of max(τ_i, γ_i), used for both λ_I and λ_O (tighter
	 * when the two scores are comparable, e.g. the same transform on both
	 * sides).
	 */
	MAX;

	/** The name users write: {@code bonferroni} or {@code max}. */
	public String id() {
		return Names.idOf(this);
	}

	/** Parses {@code bonferroni} or {@code max}. */
	public static JointRule fromId(final String id) {
		return Names.parse(JointRule.class, id, "joint");
	}
}
