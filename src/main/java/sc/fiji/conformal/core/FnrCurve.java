package sc.fiji.conformal.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One image's false-negative-rate curve for outer sets {L ≤ λ}: FNR(λ) = 1 −
 * |{L ≤ λ} ∩ Y| / |Y|, a non-increasing step function of λ, stored as the
 * distinct values of L inside Y with the number of Y voxels at or below each.
 * Its size is the number of distinct scores inside Y (at most 256 for 8-bit
 * maps), bounded by {@link #MAX_LEVELS} for scores that have more. An empty Y
 * has FNR ≡ 0. Immutable.
 */
public final class FnrCurve implements Serializable {

	private static final long serialVersionUID = 1L;

	private final float[] levels;
	private final int[] covered;
	private final int truthCount;

	/**
	 * @param levels distinct level values, strictly increasing
	 * @param covered number of Y voxels with L ≤ levels[j], strictly
	 *          increasing, the last equal to {@code truthCount}
	 * @param truthCount |Y|
	 */
	public FnrCurve(final float[] levels, final int[] covered, final int truthCount) {
		if (levels.length != covered.length) {
			throw new IllegalArgumentException("FNR curve needs one count per level, got " +
				levels.length + " levels and " + covered.length + " counts");
		}
		for (int j = 1; j < levels.length; j++) {
			if (!(levels[j] > levels[j - 1]) || covered[j] <= covered[j - 1]) {
				throw new IllegalArgumentException("FNR curve levels and counts must increase strictly (at " + j +
					")");
			}
		}
		if (truthCount < 0 || (levels.length > 0 ? covered[levels.length - 1] != truthCount
			: truthCount != 0))
		{
			throw new IllegalArgumentException("FNR curve counts must end at |Y| = " + truthCount);
		}
		this.levels = levels.clone();
		this.covered = covered.clone();
		this.truthCount = truthCount;
	}

	/** Most levels a curve from {@link #of(float[], boolean[])} keeps: 2 × {@link #BUCKETS}. */
	public static final int MAX_LEVELS = 1024;

	/** Buckets of |Y| / (BUCKETS − 1) voxels each, whose first and last level a long curve keeps. */
	static final int BUCKETS = MAX_LEVELS / 2;

	/**
	 * The curve of the level map {@code map} over the truth {@code truth}: exact
	 * when Y holds at most {@link #MAX_LEVELS} distinct levels (any 8-bit or
	 * 10-bit map), else bounded ({@link #bounded}).
	 */
	static FnrCurve of(final float[] map, final boolean[] truth) {
		return bounded(exact(map, truth), BUCKETS);
	}

	/**
	 * A curve with at most 2 × {@code buckets} levels that is nowhere below
	 * this one and at most 1/(buckets − 1) above it. The covered counts are
	 * cut into buckets of |Y| / (buckets − 1) voxels; of each bucket only its
	 * first and last level are kept, so a voxel counts from the next kept
	 * level at or above its own. Since the kept curve's FNR is never lower,
	 * the risk-control λ̂ from kept curves is never below the exact one (the
	 * outer set never smaller) and E[FNR] ≤ α still holds; it is at most the
	 * exact λ̂ at risk level α − (n + 1)/n · 1/(buckets − 1). A curve with at
	 * most 2 × {@code buckets} levels is returned as it is.
	 */
	static FnrCurve bounded(final FnrCurve c, final int buckets) {
		final int n = c.levels.length;
		if (n <= 2 * buckets) return c;
		final long width = buckets - 1L;
		final boolean[] keep = new boolean[n];
		for (int j = 0; j < n; j++) {
			final long b = c.covered[j] * width / c.truthCount;
			keep[j] = j == 0 || j == n - 1 || b != c.covered[j - 1] * width / c.truthCount || b != c.covered[j +
				1] * width / c.truthCount;
		}
		int m = 0;
		for (final boolean k : keep)
			if (k) m++;
		final float[] lv = new float[m];
		final int[] cv = new int[m];
		for (int j = 0, i = 0; j < n; j++) {
			if (!keep[j]) continue;
			lv[i] = c.levels[j];
			cv[i++] = c.covered[j];
		}
		return new FnrCurve(lv, cv, c.truthCount);
	}

	/** The exact curve: every distinct level of the map over Y. */
	static FnrCurve exact(final float[] map, final boolean[] truth) {
		final float[] v = OrderStatistics.gather(map, truth, true);
		Arrays.sort(v);
		int distinct = 0;
		for (int i = 0; i < v.length; i++)
			if (i == v.length - 1 || v[i + 1] != v[i]) distinct++;
		final float[] lv = new float[distinct];
		final int[] cv = new int[distinct];
		int j = 0;
		for (int i = 0; i < v.length; i++) {
			if (i == v.length - 1 || v[i + 1] != v[i]) {
				lv[j] = v[i];
				cv[j++] = i + 1;
			}
		}
		return new FnrCurve(lv, cv, v.length);
	}

	/** The distinct level values inside Y, increasing (a copy). */
	public float[] levels() {
		return levels.clone();
	}

	/** The Y voxel counts at or below each level (a copy). */
	public int[] covered() {
		return covered.clone();
	}

	/** |Y|. */
	public int truthCount() {
		return truthCount;
	}

	/** Number of steps. */
	public int size() {
		return levels.length;
	}

	float level(final int j) {
		return levels[j];
	}

	int coveredAt(final int j) {
		return covered[j];
	}

	/** FNR of the outer set {L ≤ λ}. */
	public double fnr(final double lambda) {
		if (truthCount == 0) return 0;
		// number of levels <= lambda, in single precision like the sets
		final float l = (float) lambda;
		int lo = 0;
		int hi = levels.length;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (levels[mid] <= l) lo = mid + 1;
			else hi = mid;
		}
		final int c = lo == 0 ? 0 : covered[lo - 1];
		return 1 - (double) c / truthCount;
	}
}
