package sc.fiji.conformal.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;

/**
 * Conformal risk control for the false-negative rate (Angelopoulos, Bates,
 * Fisch, Lei &amp; Schuster, "Conformal Risk Control", ICLR 2024), with the
 * loss bounded by B = 1. For outer sets {L ≤ λ} (L = −s) it takes
 * <pre>
 * λ̂ = inf { λ : n/(n+1) · R̂(λ) + B/(n+1) ≤ α },   R̂(λ) = mean_i FNR_i(λ),
 * </pre>
 * which guarantees E[FNR] ≤ α for an exchangeable new image. R̂ is a step
 * function, so the infimum is one of the levels of the calibration curves (or
 * −∞ when even the empty set qualifies). When the condition fails at every λ
 * (n &lt; 1/α − 1) the set is trivial: the whole image.
 */
public final class ConformalRiskControl {

	private ConformalRiskControl() {}

	/**
	 * λ̂ for the given per-image curves at risk level α.
	 *
	 * @throws IllegalArgumentException on an empty list or α outside (0, 1)
	 */
	public static Threshold threshold(final List<FnrCurve> curves, final double alpha) {
		ConformalQuantile.checkAlpha(alpha, "alpha");
		final int n = curves.size();
		ConformalQuantile.checkN(n);
		// condition: sum_i FNR_i(λ) ≤ (n+1)α − 1
		final BigDecimal bound = BigDecimal.valueOf(n + 1L).multiply(BigDecimal.valueOf(alpha))
			.subtract(BigDecimal.ONE);
		final int needed = ConformalQuantile.minimumCalibrationSize(alpha, QuantileRule.PAPER);
		if (bound.signum() < 0) {
			return new Threshold(Double.POSITIVE_INFINITY, alpha, n, Threshold.NO_RANK, true, needed);
		}
		final double boundD = bound.doubleValue();
		// all steps of all curves, sorted by level: key = (sortable level bits, step number)
		int total = 0;
		for (final FnrCurve c : curves)
			total += c.size();
		final long[] keys = new long[total];
		final int[] owner = new int[total];
		final int[] step = new int[total];
		int e = 0;
		for (int i = 0; i < n; i++) {
			final FnrCurve c = curves.get(i);
			for (int j = 0; j < c.size(); j++) {
				keys[e] = ((long) sortableBits(c.level(j)) << 32) | e;
				owner[e] = i;
				step[e++] = j;
			}
		}
		Arrays.sort(keys);
		final int[] coveredNow = new int[n];
		double sum = 0; // sum of FNR_i below every level
		for (final FnrCurve c : curves)
			if (c.truthCount() > 0) sum += 1;
		if (satisfies(sum, boundD, bound, curves, coveredNow)) {
			return new Threshold(Double.NEGATIVE_INFINITY, alpha, n, Threshold.NO_RANK, false, needed);
		}
		for (int t = 0; t < total;) {
			final int levelBits = (int) (keys[t] >> 32);
			final float level = curves.get(owner[(int) keys[t]]).level(step[(int) keys[t]]);
			// apply every step at this level
			while (t < total && (int) (keys[t] >> 32) == levelBits) {
				final int s = (int) keys[t];
				final int i = owner[s];
				final FnrCurve c = curves.get(i);
				final int now = c.coveredAt(step[s]);
				sum -= (double) (now - coveredNow[i]) / c.truthCount();
				coveredNow[i] = now;
				t++;
			}
			if (satisfies(sum, boundD, bound, curves, coveredNow)) {
				return new Threshold(level, alpha, n, Threshold.NO_RANK, false, needed);
			}
		}
		// at the top level every FNR is 0 and bound ≥ 0, so this is not reached
		throw new IllegalStateException("risk control found no level although bound " + bound +
			" is non-negative");
	}

	/** Float bits whose signed integer order is the float order. */
	private static int sortableBits(final float f) {
		final int bits = Float.floatToIntBits(f);
		return bits ^ ((bits >> 31) & 0x7fffffff);
	}

	/**
	 * sum ≤ bound, decided in 40-digit decimal arithmetic when the running
	 * double sum is too close to call.
	 */
	private static boolean satisfies(final double sum, final double boundD, final BigDecimal bound,
		final List<FnrCurve> curves, final int[] coveredNow)
	{
		if (sum < boundD - 1e-9) return true;
		if (sum > boundD + 1e-9) return false;
		final MathContext mc = new MathContext(40);
		BigDecimal exact = BigDecimal.ZERO;
		for (int i = 0; i < coveredNow.length; i++) {
			final int y = curves.get(i).truthCount();
			if (y == 0) continue;
			exact = exact.add(BigDecimal.valueOf(y - coveredNow[i]).divide(BigDecimal.valueOf(y), mc));
		}
		return exact.compareTo(bound) <= 0;
	}
}
