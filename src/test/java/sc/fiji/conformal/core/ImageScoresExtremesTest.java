package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The one-pass scores for extreme ranks (max, min) give the same bits as gather
 * + selection on random maps with ties, ±0, ±∞ and NaN.
 */
public class ImageScoresExtremesTest {

	static final float[] POOL = { 0f, -0f, 1f, 2f, -1f, 3.5f, Float.POSITIVE_INFINITY,
		Float.NEGATIVE_INFINITY, Float.NaN, 7f, 1e-30f, -1e-30f };

	static double refCoverage(float[] map, boolean[] y, int m, double floor) {
		if (m == 0) return floor;
		float[] v = OrderStatistics.gather(map, y, true);
		if (m > v.length) return Double.NaN;
		return Math.max(floor, OrderStatistics.kthSmallest(v, m));
	}

	static double refExcess(float[] map, boolean[] r, int a, double floor) {
		float[] v = OrderStatistics.gather(map, r, true);
		if (v.length <= a) return floor;
		return Math.max(floor, OrderStatistics.kthLargest(v, a + 1));
	}

	@Test
	public void sameBitsAsSelection() {
		final Random rnd = new Random(42);
		for (int trial = 0; trial < 200000; trial++) {
			final int w = 1 + rnd.nextInt(6), h = 1 + rnd.nextInt(6);
			final Grid g = Grid.of(w, h);
			final int n = g.count();
			final int poolSize = 1 + rnd.nextInt(POOL.length);
			final boolean noNaN = rnd.nextBoolean();
			final float[] map = new float[n];
			for (int i = 0; i < n; i++) {
				float v = POOL[rnd.nextInt(poolSize)];
				if (noNaN && v != v) v = 5f;
				map[i] = v;
			}
			final boolean[] y = new boolean[n];
			final boolean[] p = new boolean[n];
			for (int i = 0; i < n; i++) {
				y[i] = rnd.nextInt(3) > 0;
				p[i] = rnd.nextBoolean();
			}
			final ScalarImage L = new ScalarImage(g, map);
			final Mask Y = new Mask(g, y);
			final Mask P = new Mask(g, p);
			final int cy = Y.count();
			final double[] floors = { 0, Double.NEGATIVE_INFINITY };
			for (final double floor : floors) {
				for (final int m : new int[] { 0, 1, cy, Math.max(0, cy - 1), rnd.nextInt(cy + 1) }) {
					if (m > cy) continue;
					assertEquals("coverage m=" + m, Double.doubleToRawLongBits(refCoverage(map, y, m, floor)), Double
						.doubleToRawLongBits(ImageScores.coverage(L, Y, m, floor)));
				}
				final Mask R = P.minus(Y);
				final int cr = R.count();
				for (final int a : new int[] { 0, Math.max(0, cr - 1), cr, rnd.nextInt(cr + 1) }) {
					assertEquals("excess a=" + a, Double.doubleToRawLongBits(refExcess(map, R.voxels(), a, floor)), Double
						.doubleToRawLongBits(ImageScores.excess(L, R, a, floor)));
				}
				final Mask notY = Y.not();
				assertEquals(Double.doubleToRawLongBits(refExcess(map, notY.voxels(), 0, floor)), Double
					.doubleToRawLongBits(ImageScores.excess(L, notY, 0, floor)));
			}
		}
	}
}
