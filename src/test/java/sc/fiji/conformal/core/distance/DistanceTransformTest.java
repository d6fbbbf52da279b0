package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Checks {@link DistanceTransform} against the brute-force
 * {@link IteratedMorphology} on seeded random masks: level sets against
 * iterated dilation and erosion, values against exhaustive search, and
 * multi-threaded against single-threaded runs.
 */
public class DistanceTransformTest {

	/** Small test images split as large ones would: the thread-count comparisons test the split code. */
	@BeforeClass
	public static void splitSmallImages() {
		LineRunner.minVoxelsPerTask(1);
	}

	@AfterClass
	public static void splitAsShipped() {
		LineRunner.minVoxelsPerTask(LineRunner.MIN_VOXELS_PER_TASK);
	}

	/** Largest number of dilation/erosion steps compared. */
	private static final int K = 12;

	/** Image sizes: thin lines, odd 2-D sizes, 3-D and one 4-D. */
	private static final int[][] SIZES = { { 1, 7 }, { 7, 1 }, { 13, 9 }, { 31, 17 }, { 61, 3 },
		{ 9, 7, 5 }, { 1, 6, 4 }, { 5, 1, 6 }, { 4, 3, 2, 3 } };

	/** Fractions of true voxels in the random masks. */
	private static final double[] DENSITIES = { 0.02, 0.1, 0.3, 0.5, 0.8, 0.97 };

	/** A test mask and how to reproduce it. */
	private static final class Case {

		final int[] size;
		final boolean[] voxels;
		final String name;

		Case(final int[] size, final boolean[] voxels, final String name) {
			this.size = size;
			this.voxels = voxels;
			this.name = name;
		}

		Mask mask(final double[] spacing) {
			return new Mask(Grid.of(longs(size), spacing), voxels.clone());
		}

		Mask mask() {
			return mask(unit(size.length));
		}
	}

	// -- level sets against iterated morphology --

	@Test
	public void testCityBlockLevelSetsAreIteratedCrossDilations() {
		checkDilations(Metric.CITY_BLOCK, false);
	}

	@Test
	public void testChessboardLevelSetsAreIteratedSquareDilations() {
		checkDilations(Metric.CHESSBOARD, true);
	}

	@Test
	public void testCityBlockInnerSetsAreIteratedCrossErosions() {
		checkErosions(Metric.CITY_BLOCK, false, true);
		checkErosions(Metric.CITY_BLOCK, false, false);
	}

	@Test
	public void testChessboardInnerSetsAreIteratedSquareErosions() {
		checkErosions(Metric.CHESSBOARD, true, true);
		checkErosions(Metric.CHESSBOARD, true, false);
	}

	/** {d <= λ} = features dilated λ times, for λ = 0..K. */
	private static void checkDilations(final Metric metric, final boolean square) {
		for (final Case c : allCases()) {
			final float[] dist = DistanceTransform.distanceTo(c.mask(), metric, false).values();
			boolean[] dilated = c.voxels.clone();
			for (int lambda = 0; lambda <= K; lambda++) {
				if (lambda > 0) dilated = IteratedMorphology.dilate(dilated, c.size, square);
				final boolean[] level = new boolean[dist.length];
				for (int i = 0; i < dist.length; i++)
					level[i] = dist[i] <= lambda;
				assertSameSet(metric + " {d <= " + lambda + "} vs " + lambda + " dilations, " + c.name,
					c.size, dilated, level);
			}
		}
	}

	/** {d(complement) > λ} = mask eroded λ times, for λ = 0..K. */
	private static void checkErosions(final Metric metric, final boolean square,
		final boolean outsideIsBackground)
	{
		for (final Case c : allCases()) {
			final float[] dist = DistanceTransform.distanceTo(c.mask().not(), metric,
				outsideIsBackground).values();
			boolean[] eroded = c.voxels.clone();
			for (int lambda = 0; lambda <= K; lambda++) {
				if (lambda > 0) eroded = IteratedMorphology.erode(eroded, c.size, square,
					outsideIsBackground);
				final boolean[] inner = new boolean[dist.length];
				for (int i = 0; i < dist.length; i++)
					inner[i] = dist[i] > lambda;
				assertSameSet(metric + " {d(not) > " + lambda + "} vs " + lambda +
					" erosions, outsideIsBackground=" + outsideIsBackground + ", " + c.name, c.size, eroded,
					inner);
			}
		}
	}

	// -- values against exhaustive search --

	@Test
	public void testCityBlockValues() {
		checkValues(Metric.CITY_BLOCK);
	}

	@Test
	public void testChessboardValues() {
		checkValues(Metric.CHESSBOARD);
	}

	@Test
	public void testEuclideanValues() {
		checkValues(Metric.EUCLIDEAN);
	}

	private static void checkValues(final Metric metric) {
		for (final Case c : allCases())
			for (final double[] spacing : spacings(c.size.length))
				for (final boolean outside : new boolean[] { false, true })
					checkValues(c, metric, spacing, outside);
	}

	/** Every mask of a few tiny sizes: all envelope configurations on short lines. */
	@Test
	public void testAllMasksOfTinyImages() {
		final int[][] sizes = { { 3, 3 }, { 4, 3 }, { 2, 6 }, { 2, 2, 2 }, { 1, 9 }, { 9, 1 } };
		for (final int[] size : sizes) {
			final int n = IteratedMorphology.count(size);
			for (int bits = 0; bits < 1 << n; bits++) {
				final boolean[] m = new boolean[n];
				for (int i = 0; i < n; i++)
					m[i] = (bits >> i & 1) != 0;
				final Case c = new Case(size, m, "size " + str(size) + ", mask bits " + bits);
				final double[] spacing = unit(size.length);
				spacing[size.length - 1] = 2.5;
				for (final boolean outside : new boolean[] { false, true }) {
					checkValues(c, Metric.CITY_BLOCK, spacing, outside);
					checkValues(c, Metric.CHESSBOARD, spacing, outside);
					checkValues(c, Metric.EUCLIDEAN, spacing, outside);
					checkValues(c, Metric.EUCLIDEAN, unit(size.length), outside);
				}
			}
		}
	}

	/** Compares one transform with the brute-force distances. */
	private static void checkValues(final Case c, final Metric metric, final double[] spacing,
		final boolean outside)
	{
		final Mask mask = c.mask(spacing);
		final ScalarImage result = DistanceTransform.distanceTo(mask, metric, outside);
		final String what = metric + ", spacing " + Arrays.toString(spacing) + ", outsideIsFeature=" +
			outside + ", " + c.name;
		assertEquals(what + ": grid", mask.grid(), result.grid());
		assertArrayEquals(what + ": input modified", c.voxels, mask.voxels());
		final double[] expected;
		switch (metric) {
			case CITY_BLOCK:
				expected = IteratedMorphology.cityBlockDistance(c.voxels, c.size, outside);
				break;
			case CHESSBOARD:
				expected = IteratedMorphology.chessboardDistance(c.voxels, c.size, outside);
				break;
			default:
				expected = IteratedMorphology.euclideanDistance(c.voxels, c.size, spacing, outside);
		}
		final float[] actual = result.values();
		assertEquals(what + ": length", expected.length, actual.length);
		for (int i = 0; i < actual.length; i++) {
			final double e = expected[i];
			final float a = actual[i];
			final boolean ok;
			if (metric != Metric.EUCLIDEAN || Double.isInfinite(e)) ok = a == (float) e;
			else ok = Math.abs(a - e) <= Math.max(1e-5, 1e-6 * e);
			if (!ok) {
				fail(what + ": at " + mask.grid().position(i) + " expected " + e + " but was " + a);
			}
		}
	}

	// -- parallel runs --

	@Test
	public void testMultiThreadedEqualsSingleThreaded() {
		final int[] size = { 64, 48, 9 };
		final Grid grid = Grid.of(longs(size), new double[] { 0.7266, 0.7266, 2.0 });
		for (final double density : new double[] { 0.002, 0.3 }) {
			final long seed = density < 0.01 ? 901 : 902;
			final Mask mask = new Mask(grid, random(size, density, seed));
			assertTrue("the random mask must not be trivial", mask.count() > 0 && mask.count() < grid
				.count());
			for (final Metric metric : Metric.values()) {
				for (final boolean outside : new boolean[] { false, true }) {
					final float[] single = Parallelization.runSingleThreaded(() -> DistanceTransform
						.distanceTo(mask, metric, outside)).values();
					for (final int threads : new int[] { 2, 3 }) {
						final float[] multi = Parallelization.runWithNumThreads(threads,
							() -> DistanceTransform.distanceTo(mask, metric, outside)).values();
						for (int i = 0; i < single.length; i++) {
							if (Float.compare(single[i], multi[i]) != 0) {
								fail(metric + " outsideIsFeature=" + outside + " seed " + seed + " size " + grid +
									", " + threads + " threads: at " + grid.position(i) + " single-threaded " +
									single[i] + " but multi-threaded " + multi[i]);
							}
						}
					}
				}
			}
		}
	}

	// -- inputs --

	/**
	 * For every size: empty, full, two single voxels and random masks of each
	 * density; seeds are {@code 1000 * sizeIndex + variant}.
	 */
	private static List<Case> allCases() {
		final List<Case> cases = new ArrayList<>();
		for (int s = 0; s < SIZES.length; s++) {
			final int[] size = SIZES[s];
			final int n = IteratedMorphology.count(size);
			final String at = "size " + str(size);
			cases.add(new Case(size, new boolean[n], at + ", empty"));
			final boolean[] full = new boolean[n];
			Arrays.fill(full, true);
			cases.add(new Case(size, full, at + ", full"));
			for (int v = 0; v < 2; v++) {
				final long seed = 1000L * s + v;
				final boolean[] single = new boolean[n];
				single[new Random(seed).nextInt(n)] = true;
				cases.add(new Case(size, single, at + ", single voxel, seed " + seed));
			}
			for (int k = 0; k < DENSITIES.length; k++) {
				final long seed = 1000L * s + 10 + k;
				cases.add(new Case(size, random(size, DENSITIES[k], seed), at + ", density " +
					DENSITIES[k] + ", seed " + seed));
			}
		}
		return cases;
	}

	/** Each voxel true with probability {@code density}. */
	private static boolean[] random(final int[] size, final double density, final long seed) {
		final Random r = new Random(seed);
		final boolean[] m = new boolean[IteratedMorphology.count(size)];
		for (int i = 0; i < m.length; i++)
			m[i] = r.nextDouble() < density;
		return m;
	}

	/** Two spacings per dimensionality, one of them anisotropic. */
	private static double[][] spacings(final int dims) {
		switch (dims) {
			case 2:
				return new double[][] { { 1, 1 }, { 1, 2.5 } };
			case 3:
				return new double[][] { { 0.7266, 0.7266, 2.0 }, { 3, 1, 0.5 } };
			default:
				final double[] aniso = new double[dims];
				for (int d = 0; d < dims; d++)
					aniso[d] = 0.5 + 0.75 * d;
				return new double[][] { unit(dims), aniso };
		}
	}

	// -- helpers --

	/** Fails naming the first voxel where the two sets differ. */
	private static void assertSameSet(final String what, final int[] size, final boolean[] expected,
		final boolean[] actual)
	{
		assertEquals(what + ": length", expected.length, actual.length);
		final int[] x = new int[size.length];
		for (int i = 0; i < expected.length; i++) {
			if (expected[i] != actual[i]) {
				IteratedMorphology.coordinates(i, size, x);
				fail(what + ": first difference at " + Arrays.toString(x) + ", expected " + expected[i] +
					" but was " + actual[i]);
			}
		}
	}

	private static double[] unit(final int dims) {
		final double[] s = new double[dims];
		Arrays.fill(s, 1.0);
		return s;
	}

	private static long[] longs(final int[] size) {
		final long[] l = new long[size.length];
		for (int d = 0; d < size.length; d++)
			l[d] = size[d];
		return l;
	}

	private static String str(final int[] size) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < size.length; d++)
			sb.append(d > 0 ? "x" : "").append(size[d]);
		return sb.toString();
	}
}
