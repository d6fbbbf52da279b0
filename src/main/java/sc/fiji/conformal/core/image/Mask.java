package sc.fiji.conformal.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.BooleanArray;
import net.imglib2.type.BooleanType;
import net.imglib2.type.logic.NativeBoolType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A binary image (predicted mask, ground truth, or a conformal set) on a
 * {@link Grid}. The voxels are held in a flat {@code boolean[]} that is shared,
 * not copied, with the ImgLib2 view returned by {@link #img()}.
 * <p>
 * Treat a mask as immutable once built: the engine never writes into a mask it
 * was given.
 */
public final class Mask {

	private final Grid grid;
	private final boolean[] voxels;

	/**
	 * Wraps an array (not copied).
	 *
	 * @throws IllegalArgumentException if the array length is not the grid's
	 *           voxel count
	 */
	public Mask(final Grid grid, final boolean[] voxels) {
		if (voxels.length != grid.count()) {
			throw new IllegalArgumentException("mask has " + voxels.length +
				" voxels but its grid " + grid + " has " + grid.count());
		}
		this.grid = grid;
		this.voxels = voxels;
	}

	/** An all-false mask. */
	public static Mask empty(final Grid grid) {
		return new Mask(grid, new boolean[grid.count()]);
	}

	/**
	 * Reads a binary image whose values must be exactly 0 or 1 (an 8-bit mask
	 * read as value/255 qualifies).
	 *
	 * @param name names the image in error messages (e.g. its file)
	 * @throws IllegalArgumentException naming {@code name} and the first
	 *           position whose value is neither 0 nor 1
	 */
	public static Mask fromBinary(final RandomAccessibleInterval<? extends RealType<?>> image,
		final double[] spacing, final String name)
	{
		final Grid grid = Grid.of(image.dimensionsAsLongArray(), spacing);
		final boolean[] v = new boolean[grid.count()];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++) {
			final double x = c.next().getRealDouble();
			if (x == 1) v[i] = true;
			else if (x != 0) {
				throw new IllegalArgumentException(name + " is not a binary mask: value " + x +
					" at " + grid.position(i) + " (expected 0 or 1)");
			}
		}
		return new Mask(grid, v);
	}

	/** Reads any ImgLib2 boolean image (e.g. {@code BitType}). */
	public static Mask fromBooleans(final RandomAccessibleInterval<? extends BooleanType<?>> image,
		final double[] spacing)
	{
		final Grid grid = Grid.of(image.dimensionsAsLongArray(), spacing);
		final boolean[] v = new boolean[grid.count()];
		final Cursor<? extends BooleanType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++)
			v[i] = c.next().get();
		return new Mask(grid, v);
	}

	/** The grid. */
	public Grid grid() {
		return grid;
	}

	/** The backing array (shared, not copied): do not modify. */
	public boolean[] voxels() {
		return voxels;
	}

	/** Voxel at a linear index. */
	public boolean get(final int index) {
		return voxels[index];
	}

	/** Number of true voxels. */
	public int count() {
		int n = 0;
		for (final boolean b : voxels)
			if (b) n++;
		return n;
	}

	/** True if no voxel is set. */
	public boolean isEmpty() {
		for (final boolean b : voxels)
			if (b) return false;
		return true;
	}

	/** The complement (a new mask). */
	public Mask not() {
		final boolean[] v = new boolean[voxels.length];
		for (int i = 0; i < v.length; i++)
			v[i] = !voxels[i];
		return new Mask(grid, v);
	}

	/** Voxels set here and not in {@code other} (a new mask). */
	public Mask minus(final Mask other) {
		grid.requireSameSize(other.grid, "mask", "subtracted mask");
		final boolean[] v = new boolean[voxels.length];
		for (int i = 0; i < v.length; i++)
			v[i] = voxels[i] && !other.voxels[i];
		return new Mask(grid, v);
	}

	/** Number of voxels set in both masks. */
	public int countAnd(final Mask other) {
		grid.requireSameSize(other.grid, "mask", "other mask");
		int n = 0;
		for (int i = 0; i < voxels.length; i++)
			if (voxels[i] && other.voxels[i]) n++;
		return n;
	}

	/** An ImgLib2 view of the same voxels (no copy). */
	public ArrayImg<NativeBoolType, BooleanArray> img() {
		return ArrayImgs.booleans(voxels, grid.dimensions());
	}
}
