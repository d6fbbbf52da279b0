package sc.fiji.conformal.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Per-image conformal scores: the smallest λ at which one image meets its
 * method's criterion, found as one order statistic of the image's level map
 * (no search over λ). All counts that come from a tolerance are computed in
 * exact decimal arithmetic.
 */
public final class ImageScores {

	private ImageScores() {}

	/**
	 * The score of one calibration image under {@code settings}.
	 *
	 * @throws IllegalArgumentException if the sample has no ground truth, or
	 *           lacks a score map the method needs
	 */
	public static ImageScore score(final Settings settings, final Sample sample) {
		final Mask truth = sample.requireTruth();
		final LevelMaps.ImageLevelMaps maps = LevelMaps.of(settings, sample);
		final Mask predicted = maps.predicted();
		final double tol = settings.tolerance();
		final double ninf = Double.NEGATIVE_INFINITY;
		switch (settings.method()) {
			case DILATION:
				return new ImageScore(sample.id(), Double.NaN, coverage(maps.outer(), truth,
					requiredCount(tol, truth.count()), 0), null);
			case EROSION:
				return new ImageScore(sample.id(), excess(maps.inner(), predicted.minus(truth),
					allowedCount(tol, predicted.count()), 0), Double.NaN, null);
			case THRESHOLD_INNER:
				return new ImageScore(sample.id(), breakpoint(maps.inner(), predicted, truth, allowedCount(
					tol, predicted.count()), settings.threshold()), Double.NaN, null);
			case THRESHOLD_OUTER:
				return new ImageScore(sample.id(), Double.NaN, coverage(maps.outer(), truth, requiredCount(tol,
					truth.count()), ninf), null);
			case CONFIDENCE_SETS:
				return new ImageScore(sample.id(), excess(maps.inner(), truth.not(), 0, ninf), coverage(maps
					.outer(), truth, truth.count(), ninf), null);
			default:
				truth.grid().requireSameSize(maps.outer().grid(), "ground truth", "score map");
				return new ImageScore(sample.id(), Double.NaN, Double.NaN, FnrCurve.of(maps.outer().values(),
					truth.voxels()));
		}
	}

	/**
	 * Coverage score of an outer family {L ≤ λ}: the smallest λ ≥
	 * {@code floor} with |{L ≤ λ} ∩ Y| ≥ m, which is max(floor, the m-th
	 * smallest value of L over Y); {@code floor} when m = 0.
	 */
	public static double coverage(final ScalarImage level, final Mask truth, final int m,
		final double floor)
	{
		level.grid().requireSameSize(truth.grid(), "level map", "ground truth");
		if (m == 0) return floor;
		final float[] v = OrderStatistics.gather(level.values(), truth.voxels(), true);
		if (m > v.length) {
			throw new IllegalArgumentException("required count " + m + " exceeds |Y| = " + v.length);
		}
		return Math.max(floor, OrderStatistics.kthSmallest(v, m));
	}

	/**
	 * Excess score of an inner family {L &gt; λ}: the smallest λ ≥ {@code floor}
	 * with |{L &gt; λ} ∩ R| ≤ a, which is max(floor, the (a+1)-th largest value
	 * of L over R); {@code floor} when |R| ≤ a.
	 */
	public static double excess(final ScalarImage level, final Mask region, final int a,
		final double floor)
	{
		level.grid().requireSameSize(region.grid(), "level map", "region");
		final float[] v = OrderStatistics.gather(level.values(), region.voxels(), true);
		if (v.length <= a) return floor;
		return Math.max(floor, OrderStatistics.kthLargest(v, a + 1));
	}

	/**
	 * Score of threshold-inner sets {L ≥ λ} with L = s on Ŷ: the smallest
	 * breakpoint λ — t₀, a score value in Ŷ at or above t₀, or +∞ (the empty
	 * set) — with |{L ≥ λ} ∩ (Ŷ∖Y)| ≤ a.
	 */
	public static double breakpoint(final ScalarImage level, final Mask predicted,
		final Mask truth, final int a, final double threshold)
	{
		final float[] v = OrderStatistics.gather(level.values(), predicted.minus(truth).voxels(),
			true);
		if (v.length <= a) return threshold;
		// the set must exclude the (a+1)-th largest false positive: λ > l
		final float l = OrderStatistics.kthLargest(v, a + 1);
		final float t0 = (float) threshold; // compared as the sets compare: in single precision
		float best = t0 > l ? t0 : Float.POSITIVE_INFINITY;
		final float[] s = level.values();
		final boolean[] p = predicted.voxels();
		for (int i = 0; i < s.length; i++) {
			final float x = s[i];
			if (p[i] && x > l && x >= t0 && x < best) best = x;
		}
		return best == t0 ? threshold : best;
	}

	/** m = ⌈(1 − tolerance) · total⌉, exact: voxels of Y that must be covered. */
	public static int requiredCount(final double tolerance, final int total) {
		return BigDecimal.ONE.subtract(BigDecimal.valueOf(tolerance)).multiply(BigDecimal.valueOf(
			total)).setScale(0, RoundingMode.CEILING).intValueExact();
	}

	/** a = ⌊τ · total⌋, exact: false positives the inner set may keep. */
	public static int allowedCount(final double tau, final int total) {
		return BigDecimal.valueOf(tau).multiply(BigDecimal.valueOf(total)).setScale(0,
			RoundingMode.FLOOR).intValueExact();
	}
}
