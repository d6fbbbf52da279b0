package sc.fiji.conformal.core.image;

import java.util.Arrays;

/**
 * The geometry of a 2-D or 3-D (or higher) image: its size along each axis
 * and the physical spacing between voxel centres along each axis.
 * <p>
 * Pixels are stored flat, first axis fastest (the ImgLib2 {@code ArrayImg}
 * order), so the linear index of {@code (x0, x1, ...)} is
 * {@code x0 + size0 * (x1 + size1 * (...))}. Arrays are limited to
 * {@link Integer#MAX_VALUE} elements. Immutable.
 */
public final class Grid {

	private final int[] size;
	private final double[] spacing;
	private final int[] stride;
	private final int count;

	private Grid(final int[] size, final double[] spacing) {
		this.size = size;
		this.spacing = spacing;
		stride = new int[size.length];
		long c = 1;
		for (int d = 0; d < size.length; d++) {
			stride[d] = (int) c;
			c *= size[d];
		}
		count = (int) c;
	}

	/**
	 * A grid of the given size with unit spacing.
	 *
	 * @throws IllegalArgumentException if fewer than two dimensions are given,
	 *           a size is not positive, or the image has more than
	 *           {@link Integer#MAX_VALUE} voxels
	 */
	public static Grid of(final long... size) {
		final double[] unit = new double[size == null ? 0 : size.length];
		Arrays.fill(unit, 1.0);
		return of(size, unit);
	}

	/**
	 * A grid of the given size and voxel spacing (physical units per voxel,
	 * e.g. 0.73, 0.73, 2.0 mm for an anisotropic CT).
	 *
	 * @throws IllegalArgumentException on fewer than two dimensions, a
	 *           non-positive size, a spacing that is not finite and positive, a
	 *           spacing of the wrong length, or more than
	 *           {@link Integer#MAX_VALUE} voxels
	 */
	public static Grid of(final long[] size, final double[] spacing) {
		if (size == null || size.length < 2) {
			throw new IllegalArgumentException("images must have at least 2 dimensions, got " +
				(size == null ? 0 : size.length));
		}
		if (spacing == null || spacing.length != size.length) {
			throw new IllegalArgumentException("spacing must have one value per dimension (" +
				size.length + "), got " + (spacing == null ? "none" : Arrays.toString(spacing)));
		}
		final int[] s = new int[size.length];
		long total = 1;
		for (int d = 0; d < size.length; d++) {
			if (size[d] < 1) {
				throw new IllegalArgumentException("image size must be positive in every dimension, got " +
					Arrays.toString(size));
			}
			if (!(spacing[d] > 0) || Double.isInfinite(spacing[d])) {
				throw new IllegalArgumentException("voxel spacing must be finite and positive, got " +
					Arrays.toString(spacing));
			}
			total *= size[d];
			if (total > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("image " + Arrays.toString(size) +
					" has more than " + Integer.MAX_VALUE + " voxels");
			}
			s[d] = (int) size[d];
		}
		return new Grid(s, spacing.clone());
	}

	/** The same size with another spacing. */
	public Grid withSpacing(final double... newSpacing) {
		return of(dimensions(), newSpacing);
	}

	/** Number of dimensions (at least 2). */
	public int numDimensions() {
		return size.length;
	}

	/** Size along axis {@code d}. */
	public int size(final int d) {
		return size[d];
	}

	/** Distance between linear indices of neighbours along axis {@code d}. */
	public int stride(final int d) {
		return stride[d];
	}

	/** Physical spacing along axis {@code d}. */
	public double spacing(final int d) {
		return spacing[d];
	}

	/** A copy of the spacing. */
	public double[] spacing() {
		return spacing.clone();
	}

	/** A copy of the size, as ImgLib2 dimensions. */
	public long[] dimensions() {
		final long[] dims = new long[size.length];
		for (int d = 0; d < size.length; d++)
			dims[d] = size[d];
		return dims;
	}

	/** Total number of voxels. */
	public int count() {
		return count;
	}

	/** True if both grids have the same size (spacing is not compared). */
	public boolean sameSize(final Grid other) {
		return Arrays.equals(size, other.size);
	}

	/**
	 * Throws unless {@code other} has the same size; the message names both
	 * images and both sizes.
	 */
	public void requireSameSize(final Grid other, final String thisName, final String otherName) {
		if (!sameSize(other)) {
			throw new IllegalArgumentException("shape mismatch: " + thisName + " is " + this +
				" but " + otherName + " is " + other);
		}
	}

	/** The coordinates of a linear index, for error messages. */
	public String position(final int index) {
		final StringBuilder sb = new StringBuilder("(");
		int rest = index;
		for (int d = 0; d < size.length; d++) {
			if (d > 0) sb.append(", ");
			sb.append(rest % size[d]);
			rest /= size[d];
		}
		return sb.append(')').toString();
	}

	/** Size as {@code 50x50} or {@code 512x512x78}. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < size.length; d++) {
			if (d > 0) sb.append('x');
			sb.append(size[d]);
		}
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Grid && Arrays.equals(size, ((Grid) o).size) &&
			Arrays.equals(spacing, ((Grid) o).spacing);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(size) + Arrays.hashCode(spacing);
	}
}
