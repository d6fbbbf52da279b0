package sc.fiji.conformal.io;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * The rule every mask file follows, whatever its format (TIFF, PNG, NIfTI-1,
 * or an image open in ImageJ): a voxel is set where its value is not zero,
 * and the image may hold at most one distinct non-zero value (0/1, 0/255 and
 * 0/65535 masks all qualify; an all-zero mask is empty). The values are those
 * the file means ({@link StoredImage#value}: after a NIfTI file's own
 * scaling, after ImageJ's offset for signed 16-bit TIFFs); dividing by a
 * type's maximum, as scores are ({@link ScoreScaling}), would not change
 * which voxels are set.
 */
public final class BinaryMasks {

	private BinaryMasks() {}

	/**
	 * A mask from a file's voxels, by the rule (see the class description).
	 *
	 * @param name names the image in errors (its file or title)
	 * @throws IllegalArgumentException naming the image and the position on a
	 *           NaN or infinite value, or on a second distinct non-zero value
	 *           (both values named)
	 */
	public static Mask of(final StoredImage image, final String name) {
		final Grid grid = image.grid();
		final boolean[] v = new boolean[grid.count()];
		final Object[] unsigned = image.unsignedPlanes();
		// unsigned 8/16-bit values hold no NaN: one short loop, unless a second value needs naming
		if (unsigned != null && unsigned(unsigned, v)) return new Mask(grid, v);
		final double[] run = new double[Math.min(ScoreScaling.RUN, v.length)];
		double on = Double.NaN;
		for (int from = 0; from < v.length; from += run.length) {
			final int n = Math.min(run.length, v.length - from);
			image.values(from, run, n);
			for (int j = 0; j < n; j++) {
				final double x = run[j];
				if (x == 0) continue;
				if (Double.isNaN(x) || Double.isInfinite(x)) {
					throw new IllegalArgumentException(name + " is not a binary mask: value " + x + " at " +
						grid.position(from + j));
				}
				if (Double.isNaN(on)) on = x;
				else if (x != on) {
					throw new IllegalArgumentException(name + " is not a binary mask: values " + on + " and " +
						x + " (at " + grid.position(from + j) + ") are both non-zero (for a label image " +
						"whose every non-zero value is object, use maskRule=nonzero)");
				}
				v[from + j] = true;
			}
		}
		return new Mask(grid, v);
	}

	/**
	 * Sets {@code v} where unsigned 8- or 16-bit planes are not zero; false
	 * (and {@code v} partly set) if they hold two distinct non-zero values.
	 */
	private static boolean unsigned(final Object[] planes, final boolean[] v) {
		int on = 0, at = 0;
		for (final Object plane : planes) {
			if (plane instanceof byte[]) {
				final byte[] b = (byte[]) plane;
				for (int i = 0; i < b.length; i++) {
					final int x = b[i] & 0xff;
					if (x == 0) continue;
					if (on == 0) on = x;
					else if (x != on) return false;
					v[at + i] = true;
				}
				at += b.length;
			}
			else {
				final short[] b = (short[]) plane;
				for (int i = 0; i < b.length; i++) {
					final int x = b[i] & 0xffff;
					if (x == 0) continue;
					if (on == 0) on = x;
					else if (x != on) return false;
					v[at + i] = true;
				}
				at += b.length;
			}
		}
		return true;
	}

	/**
	 * The mask of every non-zero voxel ({@link MaskRule#NONZERO}): an instance
	 * label image as the mask of all its objects.
	 *
	 * @param name names the image in errors
	 * @throws IllegalArgumentException naming the image and the position of a
	 *           NaN or infinite value
	 */
	public static Mask nonZero(final StoredImage image, final String name) {
		final Grid grid = image.grid();
		final boolean[] v = new boolean[grid.count()];
		final double[] run = new double[Math.min(ScoreScaling.RUN, v.length)];
		for (int from = 0; from < v.length; from += run.length) {
			final int n = Math.min(run.length, v.length - from);
			image.values(from, run, n);
			for (int j = 0; j < n; j++) {
				final double x = run[j];
				if (!Double.isFinite(x)) {
					throw new IllegalArgumentException(name + " is not a mask: value " + x + " at " + grid
						.position(from + j));
				}
				v[from + j] = x != 0;
			}
		}
		return new Mask(grid, v);
	}
}
