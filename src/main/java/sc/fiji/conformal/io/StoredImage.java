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
	private final IntToDoubleFunction stored;
	/** The FLOAT32 values themselves when they are one array, else null. */
	private final float[] floats;
	private final double slope;
	private final double inter;

	private StoredImage(final Grid grid, final VoxelType type, final IntToDoubleFunction stored,
		final float[] floats, final double slope, final double inter)
	{
		this.grid = grid;
		this.type = type;
		this.stored = stored;
		this.floats = floats;
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
		if (grid == null || values == null) {
			throw new IllegalArgumentException("grid and values must not be null");
		}
		if (values.length != grid.count()) {
			throw new IllegalArgumentException("the grid " + grid + " has " + grid.count() +
				" voxels, got " + values.length + " values");
		}
		return new StoredImage(grid, VoxelType.FLOAT32, i -> values[i], values, 1, 0);
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
		return new StoredImage(grid, type, stored, floats, newSlope, newInter);
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
		return stored.applyAsDouble(index);
	}

	/**
	 * The value the file means at a linear index: {@code stored * slope + inter}
	 * if it {@linkplain #scaled() scales} its values, else the stored value
	 * (exactly, -0.0 included).
	 */
	public double value(final int index) {
		final double v = stored.applyAsDouble(index);
		return scaled() ? v * slope + inter : v;
	}

	/** The FLOAT32 array itself if the values are one, else null (no copy). */
	float[] floats() {
		return floats;
	}

	/** E.g. {@code 512x512x78 uint8, scaled by 0.0039215689 + 0.0}. */
	@Override
	public String toString() {
		return grid + " " + type + (scaled() ? ", scaled by " + slope + " + " + inter : "");
	}
}
