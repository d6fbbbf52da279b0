package sc.fiji.conformal.core;

/**
 * Order statistics of a level map over a region, in expected O(|V|): the
 * region's values are gathered once and a k-th value found by selection
 * (Hoare's quickselect with median-of-three pivots and a three-way
 * partition, so runs of tied values cost nothing extra).
 */
final class OrderStatistics {

	private OrderStatistics() {}

	/** The values of {@code map} where {@code region} is true (or false, if {@code inside} is false). */
	static float[] gather(final float[] map, final boolean[] region, final boolean inside) {
		int n = 0;
		for (final boolean b : region)
			if (b == inside) n++;
		return gather(map, region, inside, null, n);
	}

	/**
	 * The values of {@code map}, in index order, over the region {i :
	 * region[i] == inside and not (exclude != null and exclude[i])}, which has
	 * {@code count} voxels.
	 */
	static float[] gather(final float[] map, final boolean[] region, final boolean inside,
		final boolean[] exclude, final int count)
	{
		final float[] out = new float[count];
		int j = 0;
		for (int i = 0; i < map.length; i++)
			if (region[i] == inside && (exclude == null || !exclude[i])) out[j++] = map[i];
		return out;
	}

	/**
	 * The k-th smallest value (1-based) of {@code values}, which are reordered.
	 * Infinities order as usual.
	 */
	static float kthSmallest(final float[] values, final int k) {
		if (k < 1 || k > values.length) {
			throw new IllegalArgumentException("rank " + k + " is outside 1.." + values.length);
		}
		int lo = 0;
		int hi = values.length - 1;
		final int target = k - 1;
		while (lo < hi) {
			final float pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
			// three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
			int lt = lo;
			int gt = hi;
			int i = lo;
			while (i <= gt) {
				final float v = values[i];
				if (v < pivot) swap(values, lt++, i++);
				else if (v > pivot) swap(values, i, gt--);
				else i++;
			}
			if (target < lt) hi = lt - 1;
			else if (target > gt) lo = gt + 1;
			else return pivot;
		}
		return values[lo];
	}

	/** The k-th largest value (1-based); reorders {@code values}. */
	static float kthLargest(final float[] values, final int k) {
		return kthSmallest(values, values.length - k + 1);
	}

	private static float medianOfThree(final float a, final float b, final float c) {
		return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
	}

	private static void swap(final float[] v, final int i, final int j) {
		final float t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}
