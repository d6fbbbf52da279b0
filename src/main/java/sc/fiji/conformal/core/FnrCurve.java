package sc.fiji.conformal.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One image's false-negative-rate curve for outer sets {L ≤ λ}: FNR(λ) = 1 −
 * |{L ≤ λ} ∩ Y| / |Y|, a non-increasing step function of λ, stored as the
 * distinct values of L inside Y with the number of Y voxels at or below each.
 * Its size is the number of distinct scores inside Y (at most 256 for 8-bit
 * maps). An empty Y has FNR ≡ 0. Immutable.
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

	/** The curve of the level map {@code map} over the truth {@code truth}. */
	static FnrCurve of(final float[] map, final boolean[] truth) {
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
