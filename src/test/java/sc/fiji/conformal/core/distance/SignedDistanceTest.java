package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.OracleFixtures.NamedMask;
import sc.fiji.conformal.core.OracleFixtures;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link SignedDistance} against brute force: inside Ŷ the distance to the
 * nearest outside voxel minus the smallest spacing, outside minus the
 * distance to the nearest inside voxel (exhaustive search over voxel
 * centres), on random masks in 2-D and 3-D with unit and anisotropic spacing;
 * −∞ / +∞ for empty / full masks; and a small case computed by hand.
 */
public class SignedDistanceTest {

	@Test
	public void testSignedDistanceEqualsBruteForce() {
		for (final int[] size : OracleFixtures.SIZES) {
			final double[][] spacings = size.length == 2 ? new double[][] { { 1, 1 }, { 1, 2.5 }, { 1.0,
				1.7 } } : new double[][] { { 1, 1, 1 }, { 0.73, 0.73, 2.0 } };
			for (final double[] spacing : spacings) {
				for (final long seed : new long[] { 51, 52 }) {
					for (final NamedMask m : OracleFixtures.masks(seed, size)) {
						final ScalarImage got = SignedDistance.of(new Mask(OracleFixtures.grid(size, spacing),
							m.voxels.clone()));
						final double[] dOut = IteratedMorphology.euclideanDistance(m.voxels, size, spacing,
							false);
						final double[] dIn = IteratedMorphology.euclideanDistance(OracleFixtures.not(m.voxels),
							size, spacing, false);
						double h = Double.POSITIVE_INFINITY;
						for (final double s : spacing)
							h = Math.min(h, s);
						final int[] x = new int[size.length];
						for (int i = 0; i < dOut.length; i++) {
							final double expected = m.voxels[i] ? dIn[i] - h : -dOut[i];
							final float actual = got.get(i);
							IteratedMorphology.coordinates(i, size, x);
							final String what = m.name + " spacing " + Arrays.toString(spacing) + " at " + Arrays
								.toString(x);
							if (Double.isInfinite(expected)) assertEquals(what, expected, actual, 0);
							else assertEquals(what, expected, actual, 1e-5 * Math.max(1, Math.abs(expected)));
						}
					}
				}
			}
		}
	}

	@Test
	public void testEmptyAndFullMasks() {
		for (final int[] size : OracleFixtures.SIZES) {
			final Grid g = OracleFixtures.grid(size, OracleFixtures.anisotropic(size.length));
			final ScalarImage empty = SignedDistance.of(Mask.empty(g));
			final ScalarImage full = SignedDistance.of(Mask.empty(g).not());
			for (int i = 0; i < g.count(); i++) {
				assertEquals("empty mask " + g + " at " + g.position(i), Float.NEGATIVE_INFINITY, empty.get(
					i), 0);
				assertEquals("full mask " + g + " at " + g.position(i), Float.POSITIVE_INFINITY, full.get(i),
					0);
			}
		}
	}

	/**
	 * A 3x3 square at (2..4, 2..4) in a 7x7 image: centre 2 − 1 = 1, the
	 * square's other voxels 0, the ring touching it −1, its diagonal corners
	 * −√2, and the image corner (0, 0) −√8.
	 */
	@Test
	public void testSquareByHand() {
		final Grid g = Grid.of(7, 7);
		final boolean[] v = new boolean[49];
		for (int y = 2; y <= 4; y++)
			for (int x = 2; x <= 4; x++)
				v[x + 7 * y] = true;
		final ScalarImage d = SignedDistance.of(new Mask(g, v));
		assertEquals("centre", 1, d.get(3 + 7 * 3), 1e-6);
		for (final int[] p : new int[][] { { 2, 2 }, { 3, 2 }, { 4, 2 }, { 2, 3 }, { 4, 3 }, { 2, 4 }, {
			3, 4 }, { 4, 4 } })
			assertEquals("edge voxel " + Arrays.toString(p), 0, d.get(p[0] + 7 * p[1]), 1e-6);
		for (final int[] p : new int[][] { { 3, 1 }, { 1, 3 }, { 5, 3 }, { 3, 5 }, { 2, 1 }, { 4, 5 } })
			assertEquals("first ring outside " + Arrays.toString(p), -1, d.get(p[0] + 7 * p[1]), 1e-6);
		for (final int[] p : new int[][] { { 1, 1 }, { 5, 1 }, { 1, 5 }, { 5, 5 } })
			assertEquals("diagonal corner " + Arrays.toString(p), -Math.sqrt(2), d.get(p[0] + 7 * p[1]),
				1e-6);
		assertEquals("image corner", -Math.sqrt(8), d.get(0), 1e-6);
		assertEquals("(3, 0)", -2, d.get(3), 1e-6);
	}

	/** The same square on spacing {1, 2.5}: h = 1, distances along y scaled. */
	@Test
	public void testAnisotropicSquareByHand() {
		final Grid g = Grid.of(new long[] { 7, 7 }, new double[] { 1, 2.5 });
		final boolean[] v = new boolean[49];
		for (int y = 2; y <= 4; y++)
			for (int x = 2; x <= 4; x++)
				v[x + 7 * y] = true;
		final ScalarImage d = SignedDistance.of(new Mask(g, v));
		assertEquals("centre: nearest outside is 2 steps along x", 1, d.get(3 + 7 * 3), 1e-6);
		assertEquals("above the square", -2.5, d.get(3 + 7 * 1), 1e-6);
		assertEquals("left of the square", -1, d.get(1 + 7 * 3), 1e-6);
		assertEquals("diagonal corner", -Math.sqrt(1 + 6.25), d.get(1 + 7 * 1), 1e-6);
		assertEquals("left edge voxel: outside 1 step along x", 0, d.get(2 + 7 * 3), 1e-6);
		assertEquals("top edge voxel: outside 2.5 above, 2 along x", 1, d.get(3 + 7 * 2), 1e-6);
	}

	/** Random masks: the sign of the map is the mask (inside ≥ 0, outside ≤ −min spacing). */
	@Test
	public void testSignFollowsMask() {
		final Random rnd = new Random(53);
		for (int rep = 0; rep < 20; rep++) {
			final int[] size = { 3 + rnd.nextInt(20), 3 + rnd.nextInt(20) };
			final double[] spacing = { 0.5 + rnd.nextDouble(), 0.5 + rnd.nextDouble() };
			final boolean[] m = OracleFixtures.blobs(rnd, size, 3, 1, 5);
			if (OracleFixtures.count(m) == 0 || OracleFixtures.count(m) == m.length) continue;
			final ScalarImage d = SignedDistance.of(new Mask(OracleFixtures.grid(size, spacing), m));
			final double h = Math.min(spacing[0], spacing[1]);
			for (int i = 0; i < m.length; i++) {
				final String what = "rep " + rep + " (seed 53) size " + OracleFixtures.str(size) +
					" spacing " + Arrays.toString(spacing) + " voxel " + i;
				if (m[i]) assertEquals(what + " inside must be >= 0", true, d.get(i) >= -1e-6);
				else assertEquals(what + " outside must be <= -h", true, d.get(i) <= -h + 1e-6);
			}
		}
	}
}
