package sc.fiji.conformal.core;

/**
 * The conformal methods of the engine. Each is a nested family of sets
 * indexed by λ, written as level sets of one map per image (see
 * {@link LevelMaps}), and a per-image score: the smallest λ that meets the
 * method's criterion on that image.
 */
public enum Method {

	/**
	 * Outer set: the prediction dilated λ times (Mossina &amp; Friedrich, MICCAI
	 * 2025). Score: min λ with |O_λ ∩ Y| ≥ c|Y|, c = 1 − tolerance. Guarantee:
	 * P(|O ∩ Y| ≥ c|Y|) ≥ 1 − α.
	 */
	DILATION("dilation", false, true),

	/**
	 * Inner set: the prediction eroded λ times (Mossina &amp; Friedrich 2025,
	 * false-positive control). Score: min λ with AFP_λ = |I_λ ∩ (Ŷ∖Y)| / |Ŷ| ≤
	 * τ. Guarantee: P(AFP ≤ τ) ≥ 1 − α.
	 */
	EROSION("erosion", true, false),

	/**
	 * Inner set: {s ≥ λ} ∩ Ŷ with the threshold raised from t₀ (same paper).
	 * Score: the smallest breakpoint λ (t₀, a score value in Ŷ, or +∞) with
	 * AFP_λ ≤ τ. Guarantee: P(AFP ≤ τ) ≥ 1 − α.
	 */
	THRESHOLD_INNER("threshold-inner", true, false),

	/**
	 * Outer set: {s ≥ t} with t lowered (Tan et al., conformal lesion
	 * segmentation). Score: the largest t with FNR_t ≤ ε, which is the m-th
	 * largest score inside Y, m = ⌈(1−ε)|Y|⌉. Guarantee: P(FNR ≤ ε) ≥ 1 − α.
	 */
	THRESHOLD_OUTER("threshold-outer", false, true),

	/**
	 * Inner and outer sets I = {f_I(s) &gt; λ_I}, O = {f_O(s) ≥ −λ_O} (Davenport
	 * et al., conformal confidence sets). Scores: τ_i = max over Y=0 of f_I(s),
	 * γ_i = max over Y=1 of −f_O(s). Guarantee: P(I ⊆ Y) ≥ 1 − α_I, P(Y ⊆ O) ≥
	 * 1 − α_O, and jointly ≥ 1 − α by Bonferroni or by the max score.
	 */
	CONFIDENCE_SETS("confidence-sets", true, true),

	/**
	 * Outer set {s ≥ t} from conformal risk control (Angelopoulos et al.,
	 * ICLR 2024), the papers' baseline. Guarantee in expectation: E[FNR] ≤ α
	 * (loss bounded by B = 1).
	 */
	CRC("crc", false, true);

	private final String id;
	private final boolean inner;
	private final boolean outer;

	Method(final String id, final boolean inner, final boolean outer) {
		this.id = id;
		this.inner = inner;
		this.outer = outer;
	}

	/** The name users, scripts and files use, e.g. {@code threshold-inner}. */
	public String id() {
		return id;
	}

	/** True if the method produces an inner set. */
	public boolean hasInner() {
		return inner;
	}

	/** True if the method produces an outer set. */
	public boolean hasOuter() {
		return outer;
	}

	/**
	 * The value users see for a level-map λ: the same for all methods except
	 * the threshold outer sets, where λ = −t and users see the cut-off t.
	 */
	public double toNatural(final double lambda) {
		return this == THRESHOLD_OUTER || this == CRC ? -lambda : lambda;
	}

	/** The inverse of {@link #toNatural}. */
	public double fromNatural(final double natural) {
		return toNatural(natural);
	}

	/**
	 * Parses a method by its {@link #id()}.
	 *
	 * @throws IllegalArgumentException naming the value and the accepted ones
	 */
	public static Method fromId(final String id) {
		return Names.parse(Method.class, id, "method", Method::id);
	}
}
