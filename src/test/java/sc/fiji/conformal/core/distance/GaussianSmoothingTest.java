package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.OracleFixtures;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link GaussianSmoothing} against a brute-force direct n-D convolution with
 * the product of its per-axis kernels and symmetric (edge-repeated) mirroring,
 * plus properties that do not depend on those helpers: the kernel formula, the
 * mirror sequence, the impulse response, constants stay constant, the sum is
 * kept away from the border, σ = 0 copies, FWHM conversion, invalid σ throws.
 */
public class GaussianSmoothingTest {

	@Test
	public void testSmoothingEqualsDirectConvolution() {
		final Random rnd = new Random(61);
		final int[][] sizes = { { 17, 13 }, { 24, 9 }, { 9, 8, 6 }, { 3, 4 }, { 1, 5 }, { 2, 3, 1 } };
		for (final int[] size : sizes) {
			final double[][] spacings = size.length == 2 ? new double[][] { { 1, 1 }, { 1.0, 1.7 }, { 1,
				2.5 } } : new double[][] { { 1, 1, 1 }, { 0.73, 0.73, 2.0 } };
			for (final double[] spacing : spacings) {
				for (final double sigma : new double[] { 0.2, 0.7, 1.3, 3.0 }) {
					for (final boolean quantised : new boolean[] { true, false }) {
						final float[] v = OracleFixtures.uniformScores(rnd, OracleFixtures.count(size),
							quantised);
						final float[] before = v.clone();
						final ScalarImage img = new ScalarImage(OracleFixtures.grid(size, spacing), v);
						final ScalarImage got = GaussianSmoothing.smooth(img, sigma);
						assertArrayEquals("input must not change", before, v, 0);
						final double[] expected = bruteForce(v, size, spacing, sigma);
						final int[] x = new int[size.length];
						for (int i = 0; i < v.length; i++) {
							IteratedMorphology.coordinates(i, size, x);
							assertEquals("size " + OracleFixtures.str(size) + " spacing " + Arrays.toString(
								spacing) + " σ=" + sigma + " (seed 61) at " + Arrays.toString(x), expected[i], got
									.get(i), 2e-6);
						}
					}
				}
			}
		}
	}

	/**
	 * Direct convolution: out(x) = Σ_o Π_d k_d(|o_d|) v(mirror(x + o)), with
	 * the engine's half kernels and mirror.
	 */
	private static double[] bruteForce(final float[] v, final int[] size, final double[] spacing,
		final double sigma)
	{
		final int dims = size.length;
		final double[][] k = new double[dims][];
		for (int d = 0; d < dims; d++)
			k[d] = GaussianSmoothing.kernel(sigma / spacing[d]);
		final double[] out = new double[v.length];
		final int[] x = new int[dims];
		final int[] o = new int[dims];
		final int[] y = new int[dims];
		for (int i = 0; i < v.length; i++) {
			IteratedMorphology.coordinates(i, size, x);
			for (int d = 0; d < dims; d++)
				o[d] = -(k[d].length - 1);
			double acc = 0;
			while (true) {
				double w = 1;
				for (int d = 0; d < dims; d++) {
					w *= k[d][Math.abs(o[d])];
					y[d] = GaussianSmoothing.mirror(x[d] + o[d], size[d]);
				}
				acc += w * v[IteratedMorphology.index(y, size)];
				int d = 0;
				while (d < dims && ++o[d] > k[d].length - 1) {
					o[d] = -(k[d].length - 1);
					d++;
				}
				if (d == dims) break;
			}
			out[i] = acc;
		}
		return out;
	}

	@Test
	public void testKernelFormula() {
		for (final double s : new double[] { 0.1, 0.24, 0.25, 0.26, 0.5, 1, 1.3, 2.7, 5 }) {
			final double[] k = GaussianSmoothing.kernel(s);
			final int r = (int) Math.ceil(4 * s);
			assertEquals("σ=" + s + ": radius ⌈4σ⌉", r + 1, k.length);
			double sum = k[0];
			for (int i = 1; i < k.length; i++)
				sum += 2 * k[i];
			assertEquals("σ=" + s + ": full kernel sums to 1", 1, sum, 1e-12);
			for (int i = 1; i < k.length; i++)
				assertEquals("σ=" + s + ": k[" + i + "]/k[0]", Math.exp(-i * i / (2 * s * s)), k[i] / k[0],
					1e-12);
		}
		assertArrayEquals("σ=0", new double[] { 1 }, GaussianSmoothing.kernel(0), 0);
	}

	@Test
	public void testMirrorIsSymmetricWithEdgeRepeated() {
		assertArrayEquals(new int[] { 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2 }, mirrors(-2, 8, 3));
		assertArrayEquals(new int[] { 0, 0, 0, 0, 0 }, mirrors(-2, 2, 1));
		assertArrayEquals(new int[] { 1, 1, 0, 0, 1, 1, 0, 0 }, mirrors(-3, 4, 2));
		// against walking back and forth
		for (int n = 1; n <= 6; n++) {
			for (int x = -40; x <= 40; x++) {
				int p = x;
				while (p < 0 || p >= n)
					p = p < 0 ? -p - 1 : 2 * n - 1 - p;
				assertEquals("mirror(" + x + ", " + n + ")", p, GaussianSmoothing.mirror(x, n));
			}
		}
	}

	private static int[] mirrors(final int from, final int to, final int n) {
		final int[] m = new int[to - from + 1];
		for (int x = from; x <= to; x++)
			m[x - from] = GaussianSmoothing.mirror(x, n);
		return m;
	}

	/** An impulse far from the border gives the product of the 1-D Gaussians. */
	@Test
	public void testImpulseResponseIsProductOfGaussians() {
		final int[] size = { 31, 27, 25 };
		final double[] spacing = { 0.73, 1.0, 2.0 };
		final double sigma = 1.5;
		final int[] c = { 15, 13, 12 };
		final float[] v = new float[OracleFixtures.count(size)];
		v[IteratedMorphology.index(c, size)] = 1;
		final ScalarImage got = GaussianSmoothing.smooth(new ScalarImage(OracleFixtures.grid(size,
			spacing), v), sigma);
		final double[] norm = new double[3];
		for (int d = 0; d < 3; d++) {
			final double s = sigma / spacing[d];
			final int r = (int) Math.ceil(4 * s);
			for (int i = -r; i <= r; i++)
				norm[d] += Math.exp(-i * i / (2 * s * s));
		}
		final int[] x = new int[3];
		for (int i = 0; i < v.length; i++) {
			IteratedMorphology.coordinates(i, size, x);
			double expected = 1;
			for (int d = 0; d < 3; d++) {
				final double s = sigma / spacing[d];
				final int o = Math.abs(x[d] - c[d]);
				expected *= o > Math.ceil(4 * s) ? 0 : Math.exp(-o * o / (2 * s * s)) / norm[d];
			}
			assertEquals("impulse response at " + Arrays.toString(x), expected, got.get(i), 1e-7);
		}
	}

	@Test
	public void testConstantStaysConstant() {
		for (final int[] size : new int[][] { { 17, 13 }, { 3, 2 }, { 9, 8, 6 } }) {
			for (final double sigma : new double[] { 0.5, 1.3, 4 }) {
				final float[] v = new float[OracleFixtures.count(size)];
				Arrays.fill(v, 0.37f);
				final ScalarImage got = GaussianSmoothing.smooth(new ScalarImage(OracleFixtures.grid(size,
					OracleFixtures.anisotropic(size.length)), v), sigma);
				for (int i = 0; i < v.length; i++)
					assertEquals("constant, size " + OracleFixtures.str(size) + " σ=" + sigma + " voxel " + i,
						0.37f, got.get(i), 1e-6);
			}
		}
	}

	@Test
	public void testSumKeptAwayFromBorder() {
		final Random rnd = new Random(62);
		final int[] size = { 40, 36, 30 };
		final double sigma = 1.2;
		final double[] spacing = { 1, 0.8, 1.5 };
		final float[] v = new float[OracleFixtures.count(size)];
		double sum = 0;
		final int[] x = new int[3];
		for (int i = 0; i < v.length; i++) {
			IteratedMorphology.coordinates(i, size, x);
			// support within 8 voxels of the centre; kernel radius ≤ ⌈4·1.2/0.8⌉ = 6
			if (Math.abs(x[0] - 20) < 4 && Math.abs(x[1] - 18) < 4 && Math.abs(x[2] - 15) < 4) {
				v[i] = rnd.nextFloat();
				sum += v[i];
			}
		}
		final ScalarImage got = GaussianSmoothing.smooth(new ScalarImage(OracleFixtures.grid(size,
			spacing), v), sigma);
		double after = 0;
		for (int i = 0; i < v.length; i++)
			after += got.get(i);
		assertEquals("sum (seed 62)", sum, after, 1e-4);
	}

	@Test
	public void testSigmaZeroCopies() {
		final float[] v = OracleFixtures.uniformScores(new Random(63), 24 * 9, false);
		final ScalarImage img = new ScalarImage(Grid.of(24, 9), v);
		final ScalarImage got = GaussianSmoothing.smooth(img, 0);
		assertNotSame("σ=0 must return a copy", v, got.values());
		assertArrayEquals("σ=0 values", v, got.values(), 0);
	}

	@Test
	public void testFwhm() {
		assertEquals(1, GaussianSmoothing.sigmaFromFwhm(2.3548200450309493), 1e-12);
		assertEquals(0, GaussianSmoothing.sigmaFromFwhm(0), 0);
		for (final double bad : new double[] { -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			try {
				GaussianSmoothing.sigmaFromFwhm(bad);
				fail("FWHM " + bad + " must throw");
			}
			catch (final IllegalArgumentException e) {
				// expected
			}
		}
	}

	@Test
	public void testInvalidSigmaThrows() {
		final ScalarImage img = new ScalarImage(Grid.of(3, 3), new float[9]);
		for (final double bad : new double[] { -1, -1e-9, Double.NaN, Double.POSITIVE_INFINITY }) {
			try {
				GaussianSmoothing.smooth(img, bad);
				fail("σ=" + bad + " must throw");
			}
			catch (final IllegalArgumentException e) {
				// expected
			}
		}
	}
}
