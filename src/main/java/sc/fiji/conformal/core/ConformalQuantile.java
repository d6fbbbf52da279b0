package sc.fiji.conformal.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The conformal quantile: λ̂ = the k-th smallest of n calibration scores, with
 * {@code k = ⌈(n+1)(1−α)⌉} computed in exact decimal arithmetic (α is taken as
 * the decimal the user wrote, so α = 0.7 with n = 9 gives k = 3, where floating
 * point would give 4).
 * <p>
 * Guarantee (Vovk et al.; Angelopoulos &amp; Bates, "A gentle introduction to
 * conformal prediction", 2021): if the n calibration scores and the score of a
 * new image are exchangeable, then P(r_new ≤ λ̂) ≥ 1 − α, and if they have no
 * ties also P(r_new ≤ λ̂) ≤ 1 − α + 1/(n+1).
 */
public final class ConformalQuantile {

	/**
	 * The smallest miscoverage: below it the calibration set a non-trivial set
	 * needs (⌈(2 − α)/α⌉ images for consema-code) has more than 2^31 − 1
	 * images, more than any count here can hold.
	 */
	public static final double MIN_ALPHA = 1e-9;

	private ConformalQuantile() {}

	/**
	 * The paper rank {@code k = ⌈(n+1)(1−α)⌉}, exact.
	 *
	 * @throws IllegalArgumentException if n &lt; 1 or α is not in (0, 1)
	 */
	public static int paperRank(final int n, final double alpha) {
		checkN(n);
		checkAlpha(alpha, "alpha");
		return BigDecimal.valueOf(n + 1L).multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(alpha)))
			.setScale(0, RoundingMode.CEILING).intValueExact();
	}

	/**
	 * The 1-based rank the rule takes among n sorted scores; may exceed n
	 * (trivial set) for {@link QuantileRule#PAPER} and
	 * {@link QuantileRule#CONSEMA_CODE}.
	 */
	public static int rank(final int n, final double alpha, final QuantileRule rule) {
		final int k = paperRank(n, alpha);
		switch (rule) {
			case CONSEMA_CODE:
				return k + 1;
			case CLS_CLIPPED:
				return Math.min(k, n);
			default:
				return k;
		}
	}

	/**
	 * The smallest calibration set size for which the rule gives a non-trivial
	 * set: {@code ⌈(1−α)/α⌉} for the paper rule, {@code ⌈(2−α)/α⌉} for
	 * consema-code, 1 for cls-clipped.
	 */
	public static int minimumCalibrationSize(final double alpha, final QuantileRule rule) {
		checkAlpha(alpha, "alpha");
		final BigDecimal a = BigDecimal.valueOf(alpha);
		switch (rule) {
			case CLS_CLIPPED:
				return 1;
			case CONSEMA_CODE:
				return Math.max(1, BigDecimal.valueOf(2).subtract(a).divide(a, 0, RoundingMode.CEILING)
					.intValueExact());
			default:
				return Math.max(1, BigDecimal.ONE.subtract(a).divide(a, 0, RoundingMode.CEILING)
					.intValueExact());
		}
	}

	/**
	 * λ̂ for the given scores: the rank-th smallest, or {@code +Infinity} (the
	 * trivial set) when the rank exceeds n. Scores may contain
	 * {@code +/-Infinity}, never NaN.
	 *
	 * @throws IllegalArgumentException on an empty score array, a NaN score, or
	 *           α outside (0, 1)
	 */
	public static Threshold of(final double[] scores, final double alpha, final QuantileRule rule) {
		if (scores == null || scores.length == 0) {
			throw new IllegalArgumentException("the calibration set is empty: need at least one score");
		}
		for (int i = 0; i < scores.length; i++) {
			if (Double.isNaN(scores[i])) {
				throw new IllegalArgumentException("calibration score " + i + " is NaN");
			}
		}
		final int n = scores.length;
		final int k = rank(n, alpha, rule);
		final int needed = minimumCalibrationSize(alpha, rule);
		if (k > n) return new Threshold(Double.POSITIVE_INFINITY, alpha, n, k, true, needed);
		final double[] sorted = scores.clone();
		Arrays.sort(sorted);
		return new Threshold(sorted[k - 1], alpha, n, k, false, needed);
	}

	static void checkN(final int n) {
		if (n < 1) {
			throw new IllegalArgumentException("the calibration set is empty: need at least one image, got " + n);
		}
	}

	static void checkAlpha(final double alpha, final String name) {
		if (!(alpha > 0 && alpha < 1)) {
			throw new IllegalArgumentException(name + " must be in (0, 1), got " + alpha);
		}
		if (alpha < MIN_ALPHA) {
			throw new IllegalArgumentException(name + " must be at least " + MIN_ALPHA +
				" (a smaller miscoverage needs more than 2^31 calibration images), got " + alpha);
		}
	}
}
