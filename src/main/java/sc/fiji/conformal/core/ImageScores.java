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
		final Method m = settings.method();
		return m.score(settings, sample.id(), m.levelMaps(settings, sample), truth);
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
		return coverage(level.values(), truth.voxels(), m, floor, Extremes.of(level.values(), truth
			.voxels(), true, null));
	}

	/**
	 * The coverage score with the level map's count and extremes over Y
	 * already known ({@code e}); the sizes are already checked.
	 */
	private static double coverage(final float[] map, final boolean[] y, final int m,
		final double floor, final Extremes e)
	{
		if (m == 0) return floor;
		if (m > e.count) {
			throw new IllegalArgumentException("required count " + m + " exceeds |Y| = " + e.count);
		}
		// the largest (m = |Y|, full coverage) or smallest (m = 1) value in one pass
		if (m == e.count && e.exact(e.max)) return Math.max(floor, e.max);
		if (m == 1 && e.exact(e.min)) return Math.max(floor, e.min);
		final float[] v = OrderStatistics.gather(map, y, true, null, e.count);
		return Math.max(floor, OrderStatistics.kthSmallest(v, m));
	}

	/**
	 * The coverage score of {@code outer} over Y with m = ⌈(1 − tol)|Y|⌉ (or
	 * |Y| if {@code full}): |Y| is counted in the same pass as the extremes.
	 */
	static double coverage(final ScalarImage outer, final Mask truth, final double tol,
		final boolean full, final double floor)
	{
		outer.grid().requireSameSize(truth.grid(), "level map", "ground truth");
		final Extremes e = Extremes.of(outer.values(), truth.voxels(), true, null);
		final int m = full ? e.count : requiredCount(tol, e.count);
		return coverage(outer.values(), truth.voxels(), m, floor, e);
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
		return excess(level.values(), region.voxels(), true, null, a, floor);
	}

	/**
	 * The excess score over the region {i : in[i] == inside and not
	 * (exclude != null and exclude[i])}, without building the region's mask.
	 */
	static double excess(final float[] map, final boolean[] in, final boolean inside,
		final boolean[] exclude, final int a, final double floor)
	{
		final Extremes e = Extremes.of(map, in, inside, exclude);
		if (e.count <= a) return floor;
		// the (a+1)-th largest is the largest (a = 0) or the smallest (a + 1 = |R|) in one pass
		if (a == 0 && e.exact(e.max)) return Math.max(floor, e.max);
		if (a + 1 == e.count && e.exact(e.min)) return Math.max(floor, e.min);
		final float[] v = OrderStatistics.gather(map, in, inside, exclude, e.count);
		return Math.max(floor, OrderStatistics.kthLargest(v, a + 1));
	}

	/**
	 * Count, largest and smallest value of a map over a region, in one pass.
	 * The largest (smallest) value is the order statistic the selection would
	 * return, bit for bit, whenever the region holds no NaN and that value is
	 * not a zero: without NaN, selection returns an element that compares equal
	 * to the extreme, and only ±0 compare equal with different bits.
	 */
	private static final class Extremes {

		int count;
		float max = Float.NEGATIVE_INFINITY;
		float min = Float.POSITIVE_INFINITY;
		boolean nan;

		static Extremes of(final float[] map, final boolean[] in, final boolean inside,
			final boolean[] exclude)
		{
			final Extremes e = new Extremes();
			int n = 0;
			float max = Float.NEGATIVE_INFINITY;
			float min = Float.POSITIVE_INFINITY;
			boolean nan = false;
			for (int i = 0; i < map.length; i++) {
				if (in[i] != inside || exclude != null && exclude[i]) continue;
				final float v = map[i];
				n++;
				if (v > max) max = v;
				if (v < min) min = v;
				if (v != v) nan = true;
			}
			e.count = n;
			e.max = max;
			e.min = min;
			e.nan = nan;
			return e;
		}

		boolean exact(final float extreme) {
			return !nan && extreme != 0;
		}
	}

	/**
	 * Score of threshold-inner sets {L ≥ λ} with L = s on Ŷ: the smallest
	 * breakpoint λ — t₀, a score value in Ŷ at or above t₀, or +∞ (the empty
	 * set) — with |{L ≥ λ} ∩ (Ŷ∖Y)| ≤ a.
	 */
	public static double breakpoint(final ScalarImage level, final Mask predicted,
		final Mask truth, final int a, final double threshold)
	{
		predicted.grid().requireSameSize(truth.grid(), "mask", "subtracted mask");
		// the false positives Ŷ∖Y, counted and gathered without building their mask
		final boolean[] p = predicted.voxels();
		final boolean[] y = truth.voxels();
		int fp = 0;
		for (int i = 0; i < p.length; i++)
			fp += p[i] & !y[i] ? 1 : 0;
		if (fp <= a) return threshold;
		// the set must exclude the (a+1)-th largest false positive: λ > l
		final float l = OrderStatistics.kthLargest(OrderStatistics.gather(level.values(), p, true, y,
			fp), a + 1);
		final float t0 = (float) threshold; // compared as the sets compare: in single precision
		float best = t0 > l ? t0 : Float.POSITIVE_INFINITY;
		final float[] s = level.values();
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
