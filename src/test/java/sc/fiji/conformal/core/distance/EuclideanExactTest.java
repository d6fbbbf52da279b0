package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * The Euclidean transform is the true distance, rounded once: on grids with
 * whole-number spacings every squared distance is a whole number, so the
 * expected value is {@code (float) Math.sqrt(exact min)} with the minimum
 * found by exhaustive search in {@code long}s, and the transform must give it
 * bit for bit — on random masks of many densities and shapes, masks with long
 * empty runs, all-false and all-true masks, with and without the outside
 * counting as features, on one and two threads, and with the whole-number
 * path forced off axis by axis ({@link EuclideanDistance#wholeAxes} guard).
 */
public class EuclideanExactTest {

	/** Small test images split as large ones would: the thread-count comparisons test the split code. */
	@BeforeClass
	public static void splitSmallImages() {
		LineRunner.minVoxelsPerTask(1);
	}

	@AfterClass
	public static void splitAsShipped() {
		LineRunner.minVoxelsPerTask(LineRunner.MIN_VOXELS_PER_TASK);
	}

	private static final long[][] SIZES = { { 1, 1 }, { 1, 37 }, { 37, 1 }, { 2, 2 }, { 5, 3 }, { 3, 5 },
		{ 41, 29 }, { 64, 16 }, { 17, 70 }, { 200, 3 }, { 3, 200 }, { 9, 8, 7 }, { 1, 13, 6 }, { 12, 1,
			11 }, { 5, 6, 1 }, { 4, 3, 5, 3 } };

	private static final double[] DENSITIES = { 0, 0.002, 0.02, 0.1, 0.5, 0.9, 0.99, 1 };

	@Test
	public void testRandomMasksUnitSpacing() {
		checkRandom(1, null, 0);
	}

	@Test
	public void testRandomMasksWholeSpacings() {
		// whole but unequal spacings: (2, 3), (3, 1, 2), ...
		checkRandom(2, d -> 1.0 + (d * 2 + 1) % 3, 0);
	}

	@Test
	public void testRandomMasksLargeWholeSpacing() {
		checkRandom(3, d -> d == 0 ? 100_003 : 70_001, 0);
	}

	/**
	 * Squared distances just below {@code 2^53} and the envelope's products
	 * just below {@code 2^62}: the largest values the guard lets through.
	 */
	@Test
	public void testNearTheGuard() {
		final Grid grid = Grid.of(3, 600).withSpacing(145_000, 145_000);
		final double s = 360_009.0 * 145_000 * 145_000; // (3 w)^2 + (600 w)^2
		assertTrue(s < Math.pow(2, 53) && s * 601 < Math.pow(2, 62) && s * 601 > Math.pow(2, 61.9));
		assertEquals(2, EuclideanDistance.wholeAxes(grid, EuclideanDistance.WHOLE_LIMIT));
		final Random random = new Random(6);
		for (final double density : DENSITIES) {
			final boolean[] m = new boolean[grid.count()];
			for (int i = 0; i < m.length; i++)
				m[i] = random.nextDouble() < density;
			for (final boolean outside : new boolean[] { false, true })
				check(grid, m, outside, EuclideanDistance.WHOLE_LIMIT, "density " + density, false);
		}
	}

	/** The fallback to double precision, forced axis by axis, gives the same. */
	@Test
	public void testWholePathForcedOffGivesSameValues() {
		checkRandom(4, null, 1);
		checkRandom(5, d -> 1.0 + d % 2, 1);
	}

	/** Every mask of short lines and a small square: all envelope configurations. */
	@Test
	public void testAllMasksOfSmallImages() {
		final long[][] sizes = { { 1, 11 }, { 11, 1 }, { 3, 4 }, { 2, 3, 2 } };
		for (final long[] size : sizes) {
			final Grid grid = Grid.of(size);
			final int n = grid.count();
			for (int bits = 0; bits < 1 << n; bits++) {
				final boolean[] m = new boolean[n];
				for (int i = 0; i < n; i++)
					m[i] = (bits >> i & 1) != 0;
				for (final boolean outside : new boolean[] { false, true })
					check(grid, m, outside, EuclideanDistance.WHOLE_LIMIT, "bits " + bits, true, 1);
			}
		}
	}

	/** Long empty runs: a single feature (or none) on long lines. */
	@Test
	public void testLongEmptyRuns() {
		final Grid[] grids = { Grid.of(3000, 2), Grid.of(2, 3000), Grid.of(1, 5000), Grid.of(400, 5, 3) };
		for (final Grid grid : grids) {
			for (final int feature : new int[] { -1, 0, 17, grid.count() / 2, grid.count() - 1 }) {
				final boolean[] m = new boolean[grid.count()];
				if (feature >= 0) m[feature] = true;
				for (final boolean outside : new boolean[] { false, true })
					check(grid, m, outside, EuclideanDistance.WHOLE_LIMIT, "feature at " + feature, true);
			}
		}
	}

	/**
	 * 2-D without transposing runs the envelope along axis 0 with keys that
	 * include axis 1's huge spacing: long rows, few of them, and a spacing that
	 * would overflow the products there (found in review) take the other path.
	 */
	@Test
	public void testPlaneWithHugeSpacingAcrossRows() {
		final int n = 4096;
		final Grid grid = Grid.of(new long[] { n, 3 }, new double[] { 1, 23735449 });
		assertEquals(2, EuclideanDistance.wholeAxes(grid, EuclideanDistance.WHOLE_LIMIT));
		assertFalse(EuclideanDistance.planeInBounds(grid, EuclideanDistance.WHOLE_LIMIT));
		final boolean[] m = new boolean[grid.count()];
		m[2 * n] = true;
		m[n - 2] = true;
		m[2 * n + n - 1] = true;
		for (final boolean outside : new boolean[] { false, true })
			check(grid, m, outside, EuclideanDistance.WHOLE_LIMIT, "huge spacing across rows", true);
	}

	/** The guard's bound: accepted exactly up to {@code S_d (n_d + 1) <= limit}. */
	@Test
	public void testWholeAxesBound() {
		final Grid g = Grid.of(3, 3);
		// S_0 (n_0 + 1) = 9 * 4 = 36, S_1 (n_1 + 1) = 18 * 4 = 72
		assertEquals(2, EuclideanDistance.wholeAxes(g, 72));
		assertEquals(1, EuclideanDistance.wholeAxes(g, 71));
		assertEquals(1, EuclideanDistance.wholeAxes(g, 36));
		assertEquals(0, EuclideanDistance.wholeAxes(g, 35));
		final long limit = EuclideanDistance.WHOLE_LIMIT;
		assertEquals(2, EuclideanDistance.wholeAxes(Grid.of(2048, 2048), limit));
		assertEquals(3, EuclideanDistance.wholeAxes(Grid.of(256, 256, 256), limit));
		assertEquals(1, EuclideanDistance.wholeAxes(Grid.of(2048, 2048).withSpacing(1, 0.5), limit));
		assertEquals(0, EuclideanDistance.wholeAxes(Grid.of(2048, 2048).withSpacing(0.5, 1), limit));
		assertEquals(2, EuclideanDistance.wholeAxes(Grid.of(9, 8, 7).withSpacing(1, 3, 2.5), limit));
		// long lines: S (n + 1) ~ n^3 passes 2^62 between 10^6 and 2 * 10^6
		assertEquals(2, EuclideanDistance.wholeAxes(Grid.of(1_000_000, 2), limit));
		assertEquals(0, EuclideanDistance.wholeAxes(Grid.of(2_000_000, 2), limit));
		assertEquals(1, EuclideanDistance.wholeAxes(Grid.of(2, 2_000_000), limit));
		// squared distances must stay below 2^53 (exact in a double)
		final double w = Math.floor(Math.sqrt(Math.pow(2, 53) / 2) / 3); // (3w)^2 * 2 < 2^53
		assertEquals(2, EuclideanDistance.wholeAxes(Grid.of(3, 3).withSpacing(w, w), limit));
		assertEquals(1, EuclideanDistance.wholeAxes(Grid.of(3, 3).withSpacing(w, w + 2), limit));
		// spacings whose square overflows a long, or not whole
		assertEquals(0, EuclideanDistance.wholeAxes(Grid.of(3, 3).withSpacing(1e9, 1), limit));
		assertEquals(0, EuclideanDistance.wholeAxes(Grid.of(3, 3).withSpacing(1e12, 1), limit));
		assertEquals(1, EuclideanDistance.wholeAxes(Grid.of(3, 3).withSpacing(1, 1 + 1e-15), limit));
	}

	/** Spacing as a function of the axis. */
	private interface Spacing {

		double of(int d);
	}

	/**
	 * Random masks of every size and density; {@code fallback} 1 also runs
	 * every lower guard limit, so that each prefix of whole-number axes is
	 * tried.
	 */
	private static void checkRandom(final long seed, final Spacing spacing, final int fallback) {
		final Random random = new Random(seed);
		for (final long[] size : SIZES) {
			final double[] sp = new double[size.length];
			for (int d = 0; d < sp.length; d++)
				sp[d] = spacing == null ? 1 : spacing.of(d);
			final Grid grid = Grid.of(size, sp);
			for (final double density : DENSITIES) {
				final boolean[] m = new boolean[grid.count()];
				for (int i = 0; i < m.length; i++)
					m[i] = random.nextDouble() < density;
				for (final boolean outside : new boolean[] { false, true }) {
					final String what = "density " + density;
					if (fallback == 0) {
						check(grid, m, outside, EuclideanDistance.WHOLE_LIMIT, what, true);
						continue;
					}
					// limits just below S_d (n_d + 1) for each d: at most d whole axes
					long sum = 0;
					for (int d = 0; d < size.length; d++) {
						final long wn = (long) sp[d] * size[d];
						sum += wn * wn;
						final long limit = sum * (size[d] + 1) - 1;
						assertTrue(EuclideanDistance.wholeAxes(grid, limit) <= d);
						check(grid, m, outside, limit, what + " limit " + limit, true);
					}
				}
			}
		}
	}

	/**
	 * Compares the transform (one and two threads, features and complement)
	 * with the exhaustive exact distance and, if {@code withLinewise}, with the
	 * line-by-line transform (whose rounded takeover points are exact only for
	 * moderate squared distances).
	 */
	private static void check(final Grid grid, final boolean[] m, final boolean outside,
		final long limit, final String what, final boolean withLinewise)
	{
		check(grid, m, outside, limit, what, withLinewise, 2);
	}

	/** {@link #check} on 1 to {@code maxThreads} threads. */
	private static void check(final Grid grid, final boolean[] m, final boolean outside,
		final long limit, final String what, final boolean withLinewise, final int maxThreads)
	{
		final Mask mask = new Mask(grid, m);
		for (final boolean invert : new boolean[] { false, true }) {
			final float[] expected = exact(grid, m, invert, outside);
			final float[] linewise = withLinewise ? DistanceTransform.linewise(invert ? mask.not() : mask,
				Metric.EUCLIDEAN, outside) : expected;
			for (int threads = 1; threads <= maxThreads; threads++) {
				final int t = threads;
				final float[] actual = Parallelization.runWithNumThreads(t, () -> EuclideanDistance
					.transform(grid, m, invert, outside, limit));
				for (int i = 0; i < expected.length; i++) {
					if (Float.compare(expected[i], actual[i]) != 0 || Float.compare(linewise[i],
						actual[i]) != 0)
					{
						fail(grid + " spacing " + Arrays.toString(grid.spacing()) + ", " + what + ", invert " +
							invert + ", outside " + outside + ", limit " + limit + ", " + threads +
							" threads: at " + grid.position(i) + " expected " + expected[i] + " (line by line " +
							linewise[i] + ") but was " + actual[i]);
					}
				}
			}
		}
	}

	/**
	 * Exhaustive search in {@code long}s: the least squared distance to a
	 * voxel with {@code m != invert}, or to the outside (along one axis), for
	 * whole spacings; rounded once.
	 */
	static float[] exact(final Grid grid, final boolean[] m, final boolean invert,
		final boolean outside)
	{
		final int dims = grid.numDimensions();
		final long[] w2 = new long[dims];
		for (int d = 0; d < dims; d++) {
			final double w = grid.spacing(d);
			if (w != Math.rint(w)) throw new IllegalArgumentException("whole spacings only");
			w2[d] = (long) w * (long) w;
		}
		final int n = grid.count();
		int features = 0;
		for (int i = 0; i < n; i++)
			if (m[i] != invert) features++;
		final int[][] at = new int[features][];
		for (int i = 0, k = 0; i < n; i++)
			if (m[i] != invert) at[k++] = coordinates(grid, i);
		final float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			final int[] x = coordinates(grid, i);
			long best = Long.MAX_VALUE;
			if (outside) {
				for (int d = 0; d < dims; d++) {
					final long s = Math.min(x[d] + 1, grid.size(d) - x[d]);
					best = Math.min(best, w2[d] * s * s);
				}
			}
			for (final int[] y : at) {
				long s = 0;
				for (int d = 0; d < dims; d++) {
					final long dx = x[d] - y[d];
					s += w2[d] * dx * dx;
				}
				best = Math.min(best, s);
			}
			out[i] = best == Long.MAX_VALUE ? Float.POSITIVE_INFINITY : (float) Math.sqrt((double) best);
		}
		return out;
	}

	private static int[] coordinates(final Grid grid, final int index) {
		final int[] x = new int[grid.numDimensions()];
		int rest = index;
		for (int d = 0; d < x.length; d++) {
			x[d] = rest % grid.size(d);
			rest /= grid.size(d);
		}
		return x;
	}
}
