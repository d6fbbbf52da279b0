package sc.fiji.conformal.core;

/**
 * Which order statistic of the calibration scores becomes λ̂. With n scores
 * and miscoverage α, the paper rank is {@code k = ⌈(n+1)(1−α)⌉}.
 */
public enum QuantileRule {

	/**
	 * The k-th smallest score, as in the papers' theorems. If {@code k > n} the
	 * set is trivial (outer = whole image, inner = empty) and that is reported.
	 */
	PAPER("paper"),

	/**
	 * The (k+1)-th smallest score: what the morphological-sets reference code
	 * computes (it indexes a 0-based sorted array at k). Trivial when
	 * {@code k + 1 > n}, where that code fails. Slightly conservative.
	 */
	CONSEMA_CODE("consema-code"),

	/**
	 * The min(k, n)-th smallest score: the lesion-segmentation reference code
	 * clips the rank to n, so the set is never trivial, but then the guarantee
	 * does not hold when {@code k > n}.
	 */
	CLS_CLIPPED("cls-clipped");

	private final String id;

	QuantileRule(final String id) {
		this.id = id;
	}

	/** The name users and files use, e.g. {@code consema-code}. */
	public String id() {
		return id;
	}

	/**
	 * Parses a rule by its {@link #id()}.
	 *
	 * @throws IllegalArgumentException naming the value and the accepted ones
	 */
	public static QuantileRule fromId(final String id) {
		return Names.parse(QuantileRule.class, id, "quantile");
	}
}
