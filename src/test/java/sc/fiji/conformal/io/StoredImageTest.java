package sc.fiji.conformal.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;

/**
 * Stored voxels held as primitive arrays ({@link StoredImage#ofPlanes}) read
 * the same, one by one and in bulk, as the same values read through a
 * function: every voxel type (unsigned types from their bits, the largest
 * uint64 included), one array or one per plane, runs that cross planes,
 * with and without a file's scaling; and the scores and masks made from them
 * are identical.
 */
public class StoredImageTest {

	private static final Grid GRID = Grid.of(7, 5, 3);

	@Test
	public void planesReadAsTheirFunctionForEveryTypeInBulkAndOneByOne() {
		final Random random = new Random(42);
		for (final VoxelType type : VoxelType.values()) {
			for (final int nPlanes : new int[] { 1, 3 }) {
				final Object[] planes = randomPlanes(type, nPlanes, random);
				final int plane = GRID.count() / nPlanes;
				final IntToDoubleFunction oracle = i -> unsigned(type, planes[i / plane], i % plane);
				for (final double[] scaling : new double[][] { { 1, 0 }, { 0.5, -3 } }) {
					StoredImage planar = StoredImage.ofPlanes(GRID, type, planes);
					StoredImage function = StoredImage.of(GRID, type, oracle);
					if (scaling[0] != 1) {
						planar = planar.scaledBy(scaling[0], scaling[1]);
						function = function.scaledBy(scaling[0], scaling[1]);
					}
					final String what = type + ", " + nPlanes + " plane(s), scaling " + scaling[0];
					final double[] expected = new double[GRID.count()];
					for (int i = 0; i < expected.length; i++) {
						expected[i] = function.value(i);
						assertEquals(what + " stored " + i, Double.doubleToLongBits(function.stored(i)), Double
							.doubleToLongBits(planar.stored(i)));
						assertEquals(what + " value " + i, Double.doubleToLongBits(expected[i]), Double
							.doubleToLongBits(planar.value(i)));
					}
					for (int k = 0; k < 50; k++) {
						final int from = random.nextInt(GRID.count());
						final int n = random.nextInt(GRID.count() - from + 1);
						final double[] got = new double[n + 2];
						planar.values(from, got, n);
						for (int j = 0; j < n; j++)
							assertEquals(what + " bulk " + (from + j), Double.doubleToLongBits(expected[from + j]),
								Double.doubleToLongBits(got[j]));
					}
					assertEquals(what + ": scores (or the same refusal)", scores(function), scores(planar));
				}
			}
		}
	}

	@Test
	public void masksFromPlanesAreTheMasksFromTheFunction() {
		final byte[][] planes = new byte[3][35];
		planes[1][4] = (byte) 255;
		planes[2][34] = (byte) 255;
		final StoredImage planar = StoredImage.ofPlanes(GRID, VoxelType.UINT8, (Object[]) planes);
		final boolean[] voxels = BinaryMasks.of(planar, "m").voxels();
		for (int i = 0; i < voxels.length; i++)
			assertEquals("voxel " + i, i == 39 || i == 104, voxels[i]);
		planes[0][0] = 1;
		try {
			BinaryMasks.of(planar, "two.tif");
			fail("two non-zero values");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("two.tif is not a binary mask: values " +
				"1.0 and 255.0 (at "));
		}
	}

	@Test
	public void arraysThatDoNotFitTheTypeOrTheGridAreRefused() {
		expectIllegal(() -> StoredImage.ofPlanes(GRID, VoxelType.UINT16, new byte[105]),
			"uint16 values must be a short[], got byte[]");
		expectIllegal(() -> StoredImage.ofPlanes(GRID, VoxelType.UINT8, new byte[104]),
			"has 105 voxels, got 1 plane(s) of 104 values");
		expectIllegal(() -> StoredImage.ofPlanes(GRID, VoxelType.UINT8, new byte[50], new byte[55]),
			"planes of one size cannot hold");
		expectIllegal(() -> StoredImage.ofPlanes(GRID, VoxelType.FLOAT32, new float[35], null,
			new float[35]), "got null");
	}

	@Test(expected = IndexOutOfBoundsException.class)
	public void bulkReadsOutsideTheImageAreRefused() {
		StoredImage.ofPlanes(GRID, VoxelType.UINT8, new byte[105]).values(100, new double[10], 10);
	}

	/** The scores as text, or the refusal's message. */
	private static String scores(final StoredImage image) {
		try {
			return java.util.Arrays.toString(ScoreScaling.scores(image, "image").values());
		}
		catch (final IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	private static Object[] randomPlanes(final VoxelType type, final int n, final Random random) {
		final Object[] planes = new Object[n];
		final int size = GRID.count() / n;
		for (int p = 0; p < n; p++) {
			switch (type) {
				case UINT8:
				case INT8: {
					final byte[] a = new byte[size];
					random.nextBytes(a);
					a[0] = (byte) 0xff;
					planes[p] = a;
					break;
				}
				case UINT16:
				case INT16: {
					final short[] a = new short[size];
					for (int i = 0; i < size; i++)
						a[i] = (short) random.nextInt();
					a[0] = (short) 0xffff;
					planes[p] = a;
					break;
				}
				case UINT32:
				case INT32: {
					final int[] a = new int[size];
					for (int i = 0; i < size; i++)
						a[i] = random.nextInt();
					a[0] = -1;
					planes[p] = a;
					break;
				}
				case UINT64:
				case INT64: {
					final long[] a = new long[size];
					for (int i = 0; i < size; i++)
						a[i] = random.nextLong();
					a[0] = -1;
					planes[p] = a;
					break;
				}
				case FLOAT32: {
					final float[] a = new float[size];
					for (int i = 0; i < size; i++)
						a[i] = (float) random.nextGaussian();
					a[0] = -0f;
					planes[p] = a;
					break;
				}
				default: {
					final double[] a = new double[size];
					for (int i = 0; i < size; i++)
						a[i] = random.nextGaussian();
					a[0] = -0.0;
					planes[p] = a;
				}
			}
		}
		return planes;
	}

	/** The value of a stored element, independently of {@link StoredImage}. */
	private static double unsigned(final VoxelType type, final Object array, final int i) {
		switch (type) {
			case UINT8:
				return Byte.toUnsignedInt(((byte[]) array)[i]);
			case INT8:
				return ((byte[]) array)[i];
			case UINT16:
				return Short.toUnsignedInt(((short[]) array)[i]);
			case INT16:
				return ((short[]) array)[i];
			case UINT32:
				return Integer.toUnsignedLong(((int[]) array)[i]);
			case INT32:
				return ((int[]) array)[i];
			case UINT64: {
				// the NIfTI reader's rule: the top 63 bits, doubled, plus the last bit
				final long v = ((long[]) array)[i];
				return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
			}
			case INT64:
				return ((long[]) array)[i];
			case FLOAT32:
				return ((float[]) array)[i];
			default:
				return ((double[]) array)[i];
		}
	}

	private static void expectIllegal(final Runnable r, final String part) {
		try {
			r.run();
			fail("expected an IllegalArgumentException containing: " + part);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(part));
		}
	}
}
