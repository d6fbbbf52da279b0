package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;

import org.junit.Test;

/** Hand-computed checks that the brute-force reference itself is right. */
public class IteratedMorphologyTest {

	private static final int[] S5 = { 5, 5 };

	/** A mask of the given size with the listed positions set. */
	private static boolean[] mask(final int[] size, final int[]... positions) {
		final boolean[] m = new boolean[IteratedMorphology.count(size)];
		for (final int[] p : positions)
			m[IteratedMorphology.index(p, size)] = true;
		return m;
	}

	/** Parses rows of '#' and '.' (first string = row y = 0) into a 2-D mask. */
	private static boolean[] picture(final String... rows) {
		final int w = rows[0].length();
		final boolean[] m = new boolean[w * rows.length];
		for (int y = 0; y < rows.length; y++)
			for (int x = 0; x < w; x++)
				m[x + w * y] = rows[y].charAt(x) == '#';
		return m;
	}

	private static boolean[] full(final int n) {
		final boolean[] m = new boolean[n];
		Arrays.fill(m, true);
		return m;
	}

	private static int count(final boolean[] m) {
		int n = 0;
		for (final boolean b : m)
			if (b) n++;
		return n;
	}

	@Test
	public void testIndexOrderIsFirstAxisFastest() {
		final int[] size = { 3, 4, 2 };
		assertEquals(0, IteratedMorphology.index(new int[] { 0, 0, 0 }, size));
		assertEquals(1, IteratedMorphology.index(new int[] { 1, 0, 0 }, size));
		assertEquals(3, IteratedMorphology.index(new int[] { 0, 1, 0 }, size));
		assertEquals(12, IteratedMorphology.index(new int[] { 0, 0, 1 }, size));
		assertEquals(2 + 3 * (3 + 4 * 1), IteratedMorphology.index(new int[] { 2, 3, 1 }, size));
		final int[] x = new int[3];
		for (int i = 0; i < 24; i++) {
			IteratedMorphology.coordinates(i, size, x);
			assertEquals(i, IteratedMorphology.index(x, size));
		}
	}

	@Test
	public void testDilateSinglePixel() {
		final boolean[] m = mask(S5, new int[] { 2, 2 });
		final boolean[] cross = IteratedMorphology.dilate(m, S5, false);
		assertArrayEquals(picture(
			".....",
			"..#..",
			".###.",
			"..#..",
			"....."), cross);
		final boolean[] square = IteratedMorphology.dilate(m, S5, true);
		assertArrayEquals(picture(
			".....",
			".###.",
			".###.",
			".###.",
			"....."), square);
		assertEquals(5, count(cross));
		assertEquals(9, count(square));
		// twice: the diamond |dx| + |dy| <= 2 and the whole 5x5
		assertArrayEquals(picture(
			"..#..",
			".###.",
			"#####",
			".###.",
			"..#.."), IteratedMorphology.dilate(m, S5, false, 2));
		assertArrayEquals(full(25), IteratedMorphology.dilate(m, S5, true, 2));
		// zero times: a copy of the input
		assertArrayEquals(m, IteratedMorphology.dilate(m, S5, true, 0));
	}

	@Test
	public void testDilateStaysInsideImage() {
		final boolean[] corner = mask(S5, new int[] { 0, 0 });
		assertArrayEquals(picture(
			"##...",
			"#....",
			".....",
			".....",
			"....."), IteratedMorphology.dilate(corner, S5, false));
		assertArrayEquals(picture(
			"##...",
			"##...",
			".....",
			".....",
			"....."), IteratedMorphology.dilate(corner, S5, true));
		// an empty mask stays empty
		assertEquals(0, count(IteratedMorphology.dilate(new boolean[25], S5, true, 3)));
	}

	@Test
	public void testErodeFullImage() {
		final int[] s4 = { 4, 4 };
		final boolean[] all = full(16);
		final boolean[] inner = picture(
			"....",
			".##.",
			".##.",
			"....");
		assertArrayEquals(inner, IteratedMorphology.erode(all, s4, false, true));
		assertArrayEquals(inner, IteratedMorphology.erode(all, s4, true, true));
		assertEquals(0, count(IteratedMorphology.erode(all, s4, false, true, 2)));
		// outside ignored: nothing to remove
		assertArrayEquals(all, IteratedMorphology.erode(all, s4, false, false));
		assertArrayEquals(all, IteratedMorphology.erode(all, s4, true, false, 5));
	}

	@Test
	public void testErodeAroundHole() {
		final boolean[] holed = picture(
			"#####",
			"#####",
			"##.##",
			"#####",
			"#####");
		assertArrayEquals(picture(
			"#####",
			"##.##",
			"#...#",
			"##.##",
			"#####"), IteratedMorphology.erode(holed, S5, false, false));
		assertArrayEquals(picture(
			"#####",
			"#...#",
			"#...#",
			"#...#",
			"#####"), IteratedMorphology.erode(holed, S5, true, false));
		// a one-voxel-thick ring: every voxel touches background, nothing stays
		assertEquals(0, count(IteratedMorphology.erode(picture(
			".....",
			".###.",
			".#.#.",
			".###.",
			"....."), S5, false, false)));
	}

	@Test
	public void testErodeIsDualOfDilateWhenOutsideIgnored() {
		// with the border outside ignored, erosion of m is the complement of the
		// dilation of the complement
		final boolean[] m = picture(
			"##.##",
			"#####",
			"###.#",
			"#####",
			".####");
		for (final boolean square : new boolean[] { false, true }) {
			final boolean[] not = new boolean[25];
			for (int i = 0; i < 25; i++)
				not[i] = !m[i];
			final boolean[] dil = IteratedMorphology.dilate(not, S5, square);
			final boolean[] ero = IteratedMorphology.erode(m, S5, square, false);
			for (int i = 0; i < 25; i++)
				assertEquals("voxel " + i, !dil[i], ero[i]);
		}
	}

	@Test
	public void testThreeDimensions() {
		final int[] s3 = { 3, 3, 3 };
		final boolean[] centre = mask(s3, new int[] { 1, 1, 1 });
		final boolean[] cross = IteratedMorphology.dilate(centre, s3, false);
		assertEquals(7, count(cross));
		assertEquals(true, cross[IteratedMorphology.index(new int[] { 1, 1, 0 }, s3)]);
		assertEquals(false, cross[IteratedMorphology.index(new int[] { 1, 0, 0 }, s3)]);
		assertEquals(27, count(IteratedMorphology.dilate(centre, s3, true)));
		// the cross twice reaches the edge midpoints but not the corners
		final boolean[] cross2 = IteratedMorphology.dilate(centre, s3, false, 2);
		assertEquals(19, count(cross2));
		assertEquals(false, cross2[IteratedMorphology.index(new int[] { 0, 0, 0 }, s3)]);
		// erosion of the full cube with outside background leaves the centre
		assertArrayEquals(centre, IteratedMorphology.erode(full(27), s3, false, true));
		assertArrayEquals(centre, IteratedMorphology.erode(full(27), s3, true, true));
		// a 4x3x3 block: the two central voxels along x survive
		final int[] s4 = { 4, 3, 3 };
		assertArrayEquals(mask(s4, new int[] { 1, 1, 1 }, new int[] { 2, 1, 1 }),
			IteratedMorphology.erode(full(36), s4, true, true));
	}

	@Test
	public void testDistancesOnALine() {
		final int[] s = { 5, 1 };
		final boolean[] m = mask(s, new int[] { 1, 0 });
		assertArrayEquals(new double[] { 1, 0, 1, 2, 3 }, IteratedMorphology.cityBlockDistance(m, s,
			false), 0);
		// outside at x = -1 and x = 5; along the 1-voxel axis it is at distance 1
		assertArrayEquals(new double[] { 1, 0, 1, 1, 1 }, IteratedMorphology.cityBlockDistance(m, s,
			true), 0);
		assertArrayEquals(new double[] { 0.5, 0, 0.5, 1, 0.5 }, IteratedMorphology.euclideanDistance(m,
			s, new double[] { 0.5, 1 }, true), 0);
		assertArrayEquals(new double[] { 0.5, 0, 0.5, 1, 1.5 }, IteratedMorphology.euclideanDistance(
			m, s, new double[] { 0.5, 1 }, false), 0);
		assertArrayEquals(new double[] { 0.5, 0, 0.5, 0.5, 0.5 }, IteratedMorphology
			.euclideanDistance(m, s, new double[] { 0.5, 0.5 }, true), 0);
	}

	@Test
	public void testDistancesIn2D() {
		final int[] s = { 3, 3 };
		final boolean[] m = mask(s, new int[] { 0, 0 });
		final double[] spacing = { 1, 2 };
		final double inf = Double.POSITIVE_INFINITY;
		assertArrayEquals(new double[] { 0, 1, 2, 1, 2, 3, 2, 3, 4 }, IteratedMorphology
			.cityBlockDistance(m, s, false), 0);
		assertArrayEquals(new double[] { 0, 1, 2, 1, 1, 2, 2, 2, 2 }, IteratedMorphology
			.chessboardDistance(m, s, false), 0);
		final double[] e = IteratedMorphology.euclideanDistance(m, s, spacing, false);
		assertEquals(Math.sqrt(4 + 16), e[8], 1e-12);
		assertEquals(Math.sqrt(1 + 4), e[4], 1e-12);
		assertEquals(4, e[6], 1e-12);
		// no feature: infinity; with the outside as feature: nearest border
		final boolean[] none = new boolean[9];
		for (final double v : IteratedMorphology.cityBlockDistance(none, s, false))
			assertEquals(inf, v, 0);
		for (final double v : IteratedMorphology.euclideanDistance(none, s, spacing, false))
			assertEquals(inf, v, 0);
		assertArrayEquals(new double[] { 1, 1, 1, 1, 2, 1, 1, 1, 1 }, IteratedMorphology
			.chessboardDistance(none, s, true), 0);
		// along y the border is 2 units away per step, along x 1
		assertArrayEquals(new double[] { 1, 2, 1, 1, 2, 1, 1, 2, 1 }, IteratedMorphology
			.euclideanDistance(none, s, spacing, true), 0);
	}

	@Test
	public void testDistancesIn3D() {
		final int[] s = { 3, 2, 2 };
		final boolean[] m = mask(s, new int[] { 2, 1, 1 });
		final double[] cb = IteratedMorphology.cityBlockDistance(m, s, false);
		final double[] ch = IteratedMorphology.chessboardDistance(m, s, false);
		final double[] eu = IteratedMorphology.euclideanDistance(m, s, new double[] { 1, 2, 3 }, false);
		final int origin = IteratedMorphology.index(new int[] { 0, 0, 0 }, s);
		assertEquals(4, cb[origin], 0);
		assertEquals(2, ch[origin], 0);
		assertEquals(Math.sqrt(4 + 4 + 9), eu[origin], 1e-12);
		assertEquals(0, eu[IteratedMorphology.index(new int[] { 2, 1, 1 }, s)], 0);
	}
}
