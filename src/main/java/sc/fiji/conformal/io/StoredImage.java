package sc.fiji.conformal.io;

import java.util.function.IntToDoubleFunction;

import sc.fiji.conformal.core.image.Grid;

/**
 * An image's voxels as its file stores them, before they become scores
 * ({@link ScoreScaling}) or a mask ({@link BinaryMasks}): the grid, the
 * {@link VoxelType}, the stored values in flat order (first axis fastest),
 * and the file's own scaling if it has one (NIfTI {@code scl_slope},
 * {@code scl_inter}). What a codec ({@link ImageCodec#decode}) gives;
 * immutable as long as the values it reads do not change.
 */
public final class StoredImage {

	private final Grid grid;
	private final VoxelType type;
	/** The stored values through a function, or null when they are {@link #planes}. */
	private final IntToDoubleFunction stored;
	/** The stored values as primitive arrays of {@link #planeSize} each, or null. */
	private final Object[] planes;
	private final int planeSize;
	private final double slope;
	private final double inter;

	private StoredImage(final Grid grid, final VoxelType type, final IntToDoubleFunction stored,
		final Object[] planes, final double slope, final double inter)
	{
		this.grid = grid;
		this.type = type;
		this.stored = stored;
		this.planes = planes;
		planeSize = planes == null ? 0 : grid.count() / planes.length;
		this.slope = slope;
		this.inter = inter;
	}

	/**
	 * Stored values read through a function, without scaling.
	 *
	 * @param stored the value at each linear index in {@code [0, grid.count())}:
	 *          an integer of the type's range for integer types (unsigned
	 *          values as their non-negative value)
	 * @throws IllegalArgumentException if an argument is null
	 */
	public static StoredImage of(final Grid grid, final VoxelType type,
		final IntToDoubleFunction stored)
	{
		if (grid == null || type == null || stored == null) {
			throw new IllegalArgumentException("grid, type and values must not be null");
		}
		return new StoredImage(grid, type, stored, null, 1, 0);
	}

	/**
	 * 32-bit float values, wrapped without copying (scores made from them
	 * share the array).
	 *
	 * @throws IllegalArgumentException if an argument is null or the array's
	 *           length is not the grid's voxel count
	 */
	public static StoredImage ofFloats(final Grid grid, final float[] values) {
		return ofPlanes(grid, VoxelType.FLOAT32, values);
	}

	/**
	 * Stored values as the primitive arrays a decoder holds, wrapped without
	 * copying: one array for the whole image, or one per plane (an ImageJ
	 * stack), in flat order, each of {@code grid.count() / planes.length}
	 * values. The array type follows the voxel type: {@code byte[]} for
	 * (u)int8, {@code short[]} for (u)int16, {@code int[]} for (u)int32,
	 * {@code long[]} for (u)int64 (unsigned types as their bits), and
	 * {@code float[]}, {@code double[]}. Reading such an image in bulk
	 * ({@link #values(int, double[], int)}) costs one type test per run of
	 * voxels, not per voxel.
	 *
	 * @throws IllegalArgumentException if an argument is null, an array does not
	 *           match the type, or the arrays do not hold the grid's voxels in
	 *           planes of one size
	 */
	public static StoredImage ofPlanes(final Grid grid, final VoxelType type,
		final Object... planes)
	{
		if (grid == null || type == null || planes == null || planes.length == 0) {
			throw new IllegalArgumentException("grid, type and values must not be null or empty");
		}
		final int count = grid.count();
		if (count % planes.length != 0) {
			throw new IllegalArgumentException("the grid " + grid + " has " + count + " voxels, which " +
				planes.length + " planes of one size cannot hold");
		}
		final Class<?> array = arrayType(type);
		for (final Object plane : planes) {
			if (plane == null || plane.getClass() != array) {
				throw new IllegalArgumentException(type + " values must be a " + array.getSimpleName() +
					", got " + (plane == null ? "null" : plane.getClass().getSimpleName()));
			}
			if (java.lang.reflect.Array.getLength(plane) != count / planes.length) {
				throw new IllegalArgumentException("the grid " + grid + " has " + count + " voxels, got " +
					planes.length + " plane(s) of " + java.lang.reflect.Array.getLength(plane) + " values");
			}
		}
		return new StoredImage(grid, type, null, planes.clone(), 1, 0);
	}

	private static Class<?> arrayType(final VoxelType type) {
		switch (type) {
			case UINT8:
			case INT8:
				return byte[].class;
			case UINT16:
			case INT16:
				return short[].class;
			case UINT32:
			case INT32:
				return int[].class;
			case UINT64:
			case INT64:
				return long[].class;
			case FLOAT32:
				return float[].class;
			default:
				return double[].class;
		}
	}

	/**
	 * The same voxels with the file's own scaling: each value is
	 * {@code stored * slope + inter}. The identity (slope 1, intercept 0) is
	 * no scaling: writers (ITK, nibabel, this plugin) put it into files whose
	 * values are meant as stored.
	 *
	 * @throws IllegalArgumentException unless the slope is finite and non-zero
	 *           and the intercept finite
	 */
	public StoredImage scaledBy(final double newSlope, final double newInter) {
		if (newSlope == 0 || !Double.isFinite(newSlope) || !Double.isFinite(newInter)) {
			throw new IllegalArgumentException("a file's scaling needs a finite non-zero slope and a " +
				"finite intercept, got slope " + newSlope + " and intercept " + newInter);
		}
		return new StoredImage(grid, type, stored, planes, newSlope, newInter);
	}

	/** The size and voxel spacing. */
	public Grid grid() {
		return grid;
	}

	/** The type the voxels are stored in. */
	public VoxelType type() {
		return type;
	}

	/**
	 * True if the file scales its values itself ({@link #scaledBy}, other than
	 * the identity): its values are then the scores, and integer values are
	 * not divided by their type's maximum.
	 */
	public boolean scaled() {
		return slope != 1 || inter != 0;
	}

	/** The file's slope, 1 without scaling. */
	public double slope() {
		return slope;
	}

	/** The file's intercept, 0 without scaling. */
	public double intercept() {
		return inter;
	}

	/** The stored value at a linear index (first axis fastest), before any scaling. */
	public double stored(final int index) {
		if (planes == null) return stored.applyAsDouble(index);
		final double[] one = new double[1];
		copyStored(planes[index / planeSize], index % planeSize, one, 0, 1);
		return one[0];
	}

	/**
	 * The value the file means at a linear index: {@code stored * slope + inter}
	 * if it {@linkplain #scaled() scales} its values, else the stored value
	 * (exactly, -0.0 included).
	 */
	public double value(final int index) {
		final double v = stored(index);
		return scaled() ? v * slope + inter : v;
	}

	/**
	 * The {@linkplain #value(int) values} of the voxels
	 * {@code [from, from + n)} into {@code dst[0, n)}: what a loop over
	 * {@link #value(int)} gives, in bulk.
	 *
	 * @throws IndexOutOfBoundsException if the range is outside the image or
	 *           {@code dst}
	 */
	public void values(final int from, final double[] dst, final int n) {
		if (from < 0 || n < 0 || from > grid.count() - n || n > dst.length) {
			throw new IndexOutOfBoundsException("voxels [" + from + ", " + from + " + " + n + ") of " +
				grid.count() + " into " + dst.length);
		}
		if (planes == null) {
			for (int j = 0; j < n; j++)
				dst[j] = stored.applyAsDouble(from + j);
		}
		else {
			for (int done = 0; done < n;) {
				final int at = from + done;
				final int len = Math.min(n - done, planeSize - at % planeSize);
				copyStored(planes[at / planeSize], at % planeSize, dst, done, len);
				done += len;
			}
		}
		if (scaled()) {
			for (int j = 0; j < n; j++)
				dst[j] = dst[j] * slope + inter;
		}
	}

	/** One run of stored values of one plane as doubles, unsigned types as their value. */
	private void copyStored(final Object plane, final int from, final double[] dst, final int at,
		final int n)
	{
		switch (type) {
			case UINT8: {
				final byte[] a = (byte[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j] & 0xff;
				break;
			}
			case INT8: {
				final byte[] a = (byte[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j];
				break;
			}
			case UINT16: {
				final short[] a = (short[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j] & 0xffff;
				break;
			}
			case INT16: {
				final short[] a = (short[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j];
				break;
			}
			case UINT32: {
				final int[] a = (int[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j] & 0xffffffffL;
				break;
			}
			case INT32: {
				final int[] a = (int[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j];
				break;
			}
			case UINT64: {
				final long[] a = (long[]) plane;
				for (int j = 0; j < n; j++) {
					final long v = a[from + j];
					dst[at + j] = v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
				}
				break;
			}
			case INT64: {
				final long[] a = (long[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j];
				break;
			}
			case FLOAT32: {
				final float[] a = (float[]) plane;
				for (int j = 0; j < n; j++)
					dst[at + j] = a[from + j];
				break;
			}
			default: {
				final double[] a = (double[]) plane;
				System.arraycopy(a, from, dst, at, n);
			}
		}
	}

	/**
	 * The unsigned 8- or 16-bit planes themselves (no copy) when the values are
	 * held as such planes without scaling, else null: for conversions that
	 * need no per-voxel checks ({@link ScoreScaling}, {@link BinaryMasks}).
	 */
	Object[] unsignedPlanes() {
		return planes != null && !scaled() && (type == VoxelType.UINT8 || type == VoxelType.UINT16)
			? planes : null;
	}

	/** The FLOAT32 array itself if the values are one, else null (no copy). */
	float[] floats() {
		return planes != null && planes.length == 1 && type == VoxelType.FLOAT32 ? (float[]) planes[0]
			: null;
	}

	/** E.g. {@code 512x512x78 uint8, scaled by 0.0039215689 + 0.0}. */
	@Override
	public String toString() {
		return grid + " " + type + (scaled() ? ", scaled by " + slope + " + " + inter : "");
	}
}
