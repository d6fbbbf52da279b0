package sc.fiji.conformal.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

/**
 * {@link OrderStatistics} against sorting: k-th smallest and largest on
 * random float arrays with many ties, signed zeros and ±∞, at every k
 * (including 1 and n, and length 1); selection only reorders the array; an
 * out-of-range k throws; {@code gather} keeps the region's values in order.
 */
public class OrderStatisticsTest {

	/** Random values drawn from a small pool (ties), with ±∞ and ±0 mixed in. */
	private static float[] randomValues(final Random rnd, final int n, final int distinct) {
		final float[] pool = new float[distinct];
		for (int i = 0; i < distinct; i++)
			pool[i] = (float) (rnd.nextGaussian() * 10);
		final float[] specials = { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f,
			Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE };
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			final int r = rnd.nextInt(10);
			v[i] = r == 0 ? specials[rnd.nextInt(specials.length)] : pool[rnd.nextInt(distinct)];
		}
		return v;
	}

	@Test
	public void testKthSmallestAndLargestEqualSorting() {
		final Random rnd = new Random(41);
		for (int rep = 0; rep < 400; rep++) {
			final int n = rep < 20 ? 1 + rep % 3 : 1 + rnd.nextInt(rep < 200 ? 40 : 300);
			final int distinct = 1 + rnd.nextInt(Math.max(1, rep % 7 == 0 ? n : 6));
			final float[] v = randomValues(rnd, n, distinct);
			final float[] sorted = v.clone();
			Arrays.sort(sorted);
			for (int k = 1; k <= n; k++) {
				final float[] a = v.clone();
				final float s = OrderStatistics.kthSmallest(a, k);
				final float[] b = v.clone();
				final float l = OrderStatistics.kthLargest(b, k);
				if (!(s == sorted[k - 1]) || !(l == sorted[n - k])) {
					fail("rep " + rep + " (seed 41) n=" + n + " k=" + k + ": k-th smallest " + sorted[k - 1] +
						", got " + s + "; k-th largest " + sorted[n - k] + ", got " + l + "; values " + Arrays
							.toString(v));
				}
				if (k % 7 == 1 || k == n) {
					final String what = "rep " + rep + " (seed 41) n=" + n + " k=" + k;
					sameMultiset(what + " (kthSmallest must only reorder)", sorted, a);
					sameMultiset(what + " (kthLargest must only reorder)", sorted, b);
				}
			}
		}
	}

	@Test
	public void testAllEqualAndSortedInputs() {
		for (final int n : new int[] { 1, 2, 3, 10, 257 }) {
			final float[] same = new float[n];
			Arrays.fill(same, 0.5f);
			final float[] up = new float[n];
			final float[] down = new float[n];
			for (int i = 0; i < n; i++) {
				up[i] = i;
				down[i] = n - i;
			}
			for (int k = 1; k <= n; k++) {
				assertEquals("all equal n=" + n + " k=" + k, 0.5f, OrderStatistics.kthSmallest(same.clone(),
					k), 0);
				assertEquals("increasing n=" + n + " k=" + k, k - 1, OrderStatistics.kthSmallest(up.clone(),
					k), 0);
				assertEquals("decreasing n=" + n + " k=" + k, k, OrderStatistics.kthSmallest(down.clone(),
					k), 0);
				assertEquals("decreasing n=" + n + " k-th largest k=" + k, n - k + 1, OrderStatistics
					.kthLargest(down.clone(), k), 0);
			}
		}
		assertEquals(Float.POSITIVE_INFINITY, OrderStatistics.kthSmallest(new float[] {
			Float.POSITIVE_INFINITY }, 1), 0);
		assertEquals(Float.NEGATIVE_INFINITY, OrderStatistics.kthLargest(new float[] {
			Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY }, 2), 0);
	}

	@Test
	public void testOutOfRangeRankThrows() {
		final float[][] arrays = { {}, { 1 }, { 3, 1, 2 } };
		for (final float[] a : arrays) {
			for (final int k : new int[] { -1, 0, a.length + 1, a.length + 5 }) {
				try {
					OrderStatistics.kthSmallest(a.clone(), k);
					fail("kthSmallest with k=" + k + " of " + a.length + " must throw");
				}
				catch (final IllegalArgumentException e) {
					// expected
				}
				try {
					OrderStatistics.kthLargest(a.clone(), k);
					fail("kthLargest with k=" + k + " of " + a.length + " must throw");
				}
				catch (final IllegalArgumentException e) {
					// expected
				}
			}
		}
	}

	@Test
	public void testGatherKeepsRegionValuesInOrder() {
		final Random rnd = new Random(42);
		for (int rep = 0; rep < 50; rep++) {
			final int n = rnd.nextInt(30);
			final float[] map = randomValues(rnd, n, 5);
			final boolean[] region = new boolean[n];
			for (int i = 0; i < n; i++)
				region[i] = rnd.nextBoolean();
			for (final boolean inside : new boolean[] { true, false }) {
				final float[] expected = new float[n];
				int m = 0;
				for (int i = 0; i < n; i++)
					if (region[i] == inside) expected[m++] = map[i];
				assertArrayEquals("rep " + rep + " (seed 42) inside=" + inside, Arrays.copyOf(expected, m),
					OrderStatistics.gather(map, region, inside), 0);
			}
		}
	}

	/** Same values with multiplicity (signed zeros compare equal). */
	private static void sameMultiset(final String what, final float[] sorted, final float[] a) {
		final float[] b = a.clone();
		Arrays.sort(b);
		for (int i = 0; i < b.length; i++)
			if (!(b[i] == sorted[i])) fail(what + ": " + Arrays.toString(sorted) + " became " + Arrays
				.toString(a));
	}
}
