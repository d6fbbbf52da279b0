package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The bulk reads of {@link LabelMaps} against a voxel-by-voxel oracle over
 * {@link StoredImage#value(int)}, on images of several planes and of more
 * voxels than one read takes at a time (so every boundary between runs and
 * planes is crossed), seeded random data.
 */
public class LabelMapsTest {

	private static final int X = 97, Y = 89, Z = 5, CHANNELS = 4;

	/** A 4-D uint8 stack of CHANNELS × Z planes, scaled by 1/255, each voxel's channels summing to 255 or not. */
	private static StoredImage probabilities(final Random r) {
		final byte[][] planes = new byte[CHANNELS * Z][X * Y];
		for (int z = 0; z < Z; z++)
			for (int i = 0; i < X * Y; i++) {
				int left = 255;
				for (int c = 0; c < CHANNELS; c++) {
					final int v = c == CHANNELS - 1 ? left : r.nextInt(left + 1);
					planes[c * Z + z][i] = (byte) (r.nextInt(50) == 0 ? r.nextInt(256) : v);
					left -= v;
				}
			}
		return StoredImage.ofPlanes(Grid.of(X, Y, Z, CHANNELS), VoxelType.UINT8, (Object[]) planes)
			.scaledBy(1 / 255.0, 0);
	}

	@Test
	public void labelsAreEveryVoxelsValue() {
		final Random r = new Random(3);
		final short[][] planes = new short[Z][X * Y];
		for (final short[] p : planes)
			for (int i = 0; i < p.length; i++)
				p[i] = (short) r.nextInt(6);
		final StoredImage image = StoredImage.ofPlanes(Grid.of(X, Y, Z), VoxelType.UINT16,
			(Object[]) planes);
		final int[] oracle = new int[X * Y * Z];
		for (int i = 0; i < oracle.length; i++)
			oracle[i] = (int) image.value(i);
		assertArrayEquals(oracle, LabelMaps.labels(image, "l.nii"));
		// uint16 65535 (the last voxel of the last plane) is an integer label too
		planes[Z - 1][X * Y - 1] = -1;
		assertEquals(65535, LabelMaps.labels(image, "l.nii")[X * Y * Z - 1]);
		try {
			LabelMaps.labels(image.scaledBy(0.5, 0), "l.nii");
			fail("odd values halved are not labels");
		}
		catch (final IllegalArgumentException e) {
			int first = 0;
			while (oracle[first] % 2 == 0)
				first++;
			assertTrue(e.getMessage(), e.getMessage().contains("l.nii") && e.getMessage().contains(
				"value " + oracle[first] * 0.5 + " at " + Grid.of(X, Y, Z).position(first)));
		}
	}

	@Test
	public void channelsAreTheStoredValuesOfEachLabel() {
		final StoredImage image = probabilities(new Random(5));
		final Grid grid = Grid.of(X, Y, Z);
		final LabelClasses classes = LabelClasses.parse("1,3");
		final ScalarImage[] channels = LabelMaps.probabilities(image, grid, classes, "p.nii");
		final int n = grid.count();
		for (int c = 0; c < classes.size(); c++) {
			final float[] v = channels[c].values();
			for (int i = 0; i < n; i++)
				assertEquals(c + "," + i, (float) image.value(classes.label(c) * n + i), v[i], 1e-7f);
		}
	}

	@Test
	public void theSumWarningCountsEveryBadVoxelAndNamesTheFirst() {
		final StoredImage image = probabilities(new Random(7));
		final Grid grid = Grid.of(X, Y, Z);
		final int n = grid.count();
		int bad = 0, first = -1;
		double firstSum = 0;
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int c = 0; c < CHANNELS; c++)
				s += image.value(c * n + i);
			if (Math.abs(s - 1) > LabelMaps.SUM_TOLERANCE && bad++ == 0) {
				first = i;
				firstSum = s;
			}
		}
		assertTrue("the data should have bad voxels", bad > 100);
		assertEquals("p.nii: the class probabilities of " + bad + " voxel(s) do not sum to 1 (within " +
			LabelMaps.SUM_TOLERANCE + "); first at " + grid.position(first) + ", sum " + firstSum,
			LabelMaps.sumWarning(image, grid, "p.nii"));
		// stored values summing to 255 everywhere: no warning
		final byte[] ok = new byte[n * 2];
		for (int i = 0; i < n; i++) {
			ok[i] = (byte) (i % 256);
			ok[n + i] = (byte) (255 - i % 256);
		}
		assertNull(LabelMaps.sumWarning(StoredImage.ofPlanes(Grid.of(X, Y, Z, 2), VoxelType.UINT8,
			ok).scaledBy(1 / 255.0, 0), grid, "q.nii"));
	}
}
