package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * The fast paths of {@link DistanceTransform} (whole steps in single
 * precision, blocked envelopes, fused complement) give bit for bit the values
 * of the textbook line-by-line transform in double precision, on seeded random
 * masks large enough to span several blocks and tasks, in 2-D to 4-D, with and
 * without padding, on one and on two threads.
 */
public class FastPathTest {

	/** Small test images split as large ones would: the thread-count comparisons test the split code. */
	@BeforeClass
	public static void splitSmallImages() {
		LineRunner.minVoxelsPerTask(1);
	}

	@AfterClass
	public static void splitAsShipped() {
		LineRunner.minVoxelsPerTask(LineRunner.MIN_VOXELS_PER_TASK);
	}

	private static final long[][] SIZES = { { 37, 53 }, { 1, 40 }, { 40, 1 }, { 70, 19 }, { 17, 23, 11 },
		{ 33, 1, 9 }, { 20, 18, 3 }, { 1, 30, 20 }, { 6, 5, 4, 7 } };

	@Test
	public void testFastPathsEqualLinewiseTransform() {
		final Random random = new Random(20240611);
		for (final long[] size : SIZES) {
			for (final double density : new double[] { 0, 0.003, 0.05, 0.5, 0.97, 1 }) {
				for (final double[] spacing : spacings(size.length)) {
					final Grid grid = Grid.of(size, spacing);
					final boolean[] v = new boolean[grid.count()];
					for (int i = 0; i < v.length; i++)
						v[i] = random.nextDouble() < density;
					final Mask mask = new Mask(grid, v);
					for (final Metric metric : Metric.values()) {
						for (final boolean outside : new boolean[] { false, true }) {
							final float[] expected = DistanceTransform.linewise(mask, metric, outside);
							final float[] expectedComplement = DistanceTransform.linewise(mask.not(), metric,
								outside);
							for (final int threads : new int[] { 1, 2, 3 }) {
								final String what = metric + " " + grid + " spacing " + java.util.Arrays.toString(
									spacing) + " density " + density + " outside " + outside + " threads " + threads;
								final float[] fast = Parallelization.runWithNumThreads(threads,
									() -> DistanceTransform.distanceTo(mask, metric, outside).values());
								final float[] complement = Parallelization.runWithNumThreads(threads,
									() -> DistanceTransform.distanceToComplement(mask, metric, outside).values());
								for (int i = 0; i < expected.length; i++) {
									assertEquals(what + " at " + grid.position(i), expected[i], fast[i], 0);
									assertEquals("complement " + what + " at " + grid.position(i), expectedComplement[i],
										complement[i], 0);
								}
							}
						}
					}
				}
			}
		}
	}

	/**
	 * The step metrics cut the last axis into one chunk per thread and carry
	 * distances across the chunk borders: long last axes, a single feature or
	 * none (the carry crosses every chunk), and more threads than chunks fit.
	 */
	@Test
	public void testChunkedStepDistancesEqualLinewiseTransform() {
		final Random random = new Random(20261122);
		final long[][] sizes = { { 9, 200 }, { 300, 70 }, { 1, 150 }, { 5, 6, 100 }, { 4, 3, 5, 40 },
			{ 7, 33 } };
		for (final long[] size : sizes) {
			final Grid grid = Grid.of(size);
			for (final int features : new int[] { 0, 1, 2, 5, -1 }) {
				final boolean[] v = new boolean[grid.count()];
				if (features < 0) for (int i = 0; i < v.length; i++)
					v[i] = random.nextDouble() < 0.02;
				else for (int k = 0; k < features; k++)
					v[random.nextInt(v.length)] = true;
				final Mask mask = new Mask(grid, v);
				for (final Metric metric : new Metric[] { Metric.CITY_BLOCK, Metric.CHESSBOARD }) {
					for (final boolean outside : new boolean[] { false, true }) {
						final float[] expected = DistanceTransform.linewise(mask, metric, outside);
						for (final int threads : new int[] { 2, 3, 4, 7 }) {
							final float[] fast = Parallelization.runWithNumThreads(threads,
								() -> DistanceTransform.distanceTo(mask, metric, outside).values());
							for (int i = 0; i < expected.length; i++)
								assertEquals(metric + " " + grid + " features " + features + " outside " + outside +
									" threads " + threads + " at " + grid.position(i), expected[i], fast[i], 0);
						}
					}
				}
			}
		}
	}

	private static double[][] spacings(final int dims) {
		final double[] unit = new double[dims];
		final double[] aniso = new double[dims];
		for (int d = 0; d < dims; d++) {
			unit[d] = 1;
			aniso[d] = d == dims - 1 ? 2.0 : 0.73;
		}
		return new double[][] { unit, aniso };
	}
}
