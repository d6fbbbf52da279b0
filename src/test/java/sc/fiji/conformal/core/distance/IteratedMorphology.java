package sc.fiji.conformal.core.distance;

import java.util.ArrayList;
import java.util.List;

/**
 * Brute-force reference for {@link DistanceTransform}: iterated binary
 * dilation and erosion by the cross or the square/cube, and distances
 * computed by scanning every feature voxel. Slow on purpose (no cleverness to
 * get wrong); meant for small test images only.
 * <p>
 * Images are flat {@code boolean[]} arrays of the given size, first axis
 * fastest: the linear index of {@code (x0, x1, ...)} is
 * {@code x0 + size0 * (x1 + size1 * (...))}. Any number of dimensions works.
 */
public final class IteratedMorphology {

	private IteratedMorphology() {}

	/**
	 * One dilation step: a voxel is set iff it or one of its neighbours is set.
	 * Neighbours are the cross (coordinates differ by 1 in exactly one axis) or,
	 * with {@code square}, the square/cube (every coordinate differs by at most
	 * 1). Voxels outside the image are never added.
	 */
	public static boolean[] dilate(final boolean[] m, final int[] size, final boolean square) {
		check(m, size);
		final List<int[]> offsets = offsets(size.length, square);
		final boolean[] out = new boolean[m.length];
		final int[] x = new int[size.length];
		final int[] y = new int[size.length];
		for (int i = 0; i < m.length; i++) {
			coordinates(i, size, x);
			boolean any = false;
			for (final int[] o : offsets) {
				if (shift(x, o, size, y) && m[index(y, size)]) {
					any = true;
					break;
				}
			}
			out[i] = any;
		}
		return out;
	}

	/** {@link #dilate(boolean[], int[], boolean)} applied {@code times} times. */
	public static boolean[] dilate(final boolean[] m, final int[] size, final boolean square,
		final int times)
	{
		boolean[] r = m.clone();
		for (int t = 0; t < times; t++)
			r = dilate(r, size, square);
		return r;
	}

	/**
	 * One erosion step: a voxel stays iff it and all its neighbours (cross or
	 * square/cube, as for {@link #dilate(boolean[], int[], boolean)}) are set.
	 * Neighbours outside the image count as unset when
	 * {@code outsideIsBackground}, and are ignored otherwise.
	 */
	public static boolean[] erode(final boolean[] m, final int[] size, final boolean square,
		final boolean outsideIsBackground)
	{
		check(m, size);
		final List<int[]> offsets = offsets(size.length, square);
		final boolean[] out = new boolean[m.length];
		final int[] x = new int[size.length];
		final int[] y = new int[size.length];
		for (int i = 0; i < m.length; i++) {
			coordinates(i, size, x);
			boolean all = true;
			for (final int[] o : offsets) {
				final boolean ok = shift(x, o, size, y) ? m[index(y, size)] : !outsideIsBackground;
				if (!ok) {
					all = false;
					break;
				}
			}
			out[i] = all;
		}
		return out;
	}

	/**
	 * {@link #erode(boolean[], int[], boolean, boolean)} applied {@code times}
	 * times.
	 */
	public static boolean[] erode(final boolean[] m, final int[] size, final boolean square,
		final boolean outsideIsBackground, final int times)
	{
		boolean[] r = m.clone();
		for (int t = 0; t < times; t++)
			r = erode(r, size, square, outsideIsBackground);
		return r;
	}

	/**
	 * Euclidean distance, in physical units, from every voxel to the nearest
	 * feature voxel (between voxel centres, axis {@code d} scaled by
	 * {@code spacing[d]}); {@code +Infinity} if there is none. With
	 * {@code outsideIsFeature} every voxel outside the image is a feature too.
	 */
	public static double[] euclideanDistance(final boolean[] features, final int[] size,
		final double[] spacing, final boolean outsideIsFeature)
	{
		if (spacing.length != size.length) {
			throw new IllegalArgumentException("one spacing per axis needed");
		}
		return distance(features, size, spacing, outsideIsFeature, 2);
	}

	/**
	 * City-block (L1) distance in voxel steps to the nearest feature voxel;
	 * {@code +Infinity} if there is none. {@code outsideIsFeature} as for
	 * {@link #euclideanDistance}.
	 */
	public static double[] cityBlockDistance(final boolean[] features, final int[] size,
		final boolean outsideIsFeature)
	{
		return distance(features, size, null, outsideIsFeature, 1);
	}

	/**
	 * Chessboard (L∞) distance in voxel steps to the nearest feature voxel;
	 * {@code +Infinity} if there is none. {@code outsideIsFeature} as for
	 * {@link #euclideanDistance}.
	 */
	public static double[] chessboardDistance(final boolean[] features, final int[] size,
		final boolean outsideIsFeature)
	{
		return distance(features, size, null, outsideIsFeature, 0);
	}

	/** The number of voxels of an image of this size. */
	public static int count(final int[] size) {
		int n = 1;
		for (final int s : size)
			n *= s;
		return n;
	}

	/** Fills {@code x} with the coordinates of linear index {@code i}. */
	public static void coordinates(final int i, final int[] size, final int[] x) {
		int rest = i;
		for (int d = 0; d < size.length; d++) {
			x[d] = rest % size[d];
			rest /= size[d];
		}
	}

	/** The linear index of in-image coordinates {@code x}. */
	public static int index(final int[] x, final int[] size) {
		int i = 0;
		for (int d = size.length - 1; d >= 0; d--)
			i = i * size[d] + x[d];
		return i;
	}

	/**
	 * @param norm 1 (L1), 2 (L2 with spacing) or 0 (L∞)
	 */
	private static double[] distance(final boolean[] features, final int[] size,
		final double[] spacing, final boolean outsideIsFeature, final int norm)
	{
		check(features, size);
		final int n = features.length;
		final int dims = size.length;
		final double[] out = new double[n];
		final int[] x = new int[dims];
		final int[] y = new int[dims];
		for (int i = 0; i < n; i++) {
			coordinates(i, size, x);
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < n; j++) {
				if (!features[j]) continue;
				coordinates(j, size, y);
				double acc = 0;
				for (int d = 0; d < dims; d++) {
					final double dx = Math.abs(x[d] - y[d]);
					if (norm == 1) acc += dx;
					else if (norm == 0) acc = Math.max(acc, dx);
					else acc += (dx * spacing[d]) * (dx * spacing[d]);
				}
				best = Math.min(best, norm == 2 ? Math.sqrt(acc) : acc);
			}
			if (outsideIsFeature) {
				// the nearest outside voxel lies straight along one axis
				for (int d = 0; d < dims; d++) {
					final double w = norm == 2 ? spacing[d] : 1;
					best = Math.min(best, (x[d] + 1) * w);
					best = Math.min(best, (size[d] - x[d]) * w);
				}
			}
			out[i] = best;
		}
		return out;
	}

	/** Neighbour offsets including the centre: cross or square/cube. */
	private static List<int[]> offsets(final int dims, final boolean square) {
		final List<int[]> list = new ArrayList<>();
		final int[] o = new int[dims];
		int total = 1;
		for (int d = 0; d < dims; d++)
			total *= 3;
		for (int k = 0; k < total; k++) {
			int rest = k;
			int nonZero = 0;
			for (int d = 0; d < dims; d++) {
				o[d] = rest % 3 - 1;
				rest /= 3;
				if (o[d] != 0) nonZero++;
			}
			if (square || nonZero <= 1) list.add(o.clone());
		}
		return list;
	}

	/** {@code y = x + o}; false if that lies outside the image. */
	private static boolean shift(final int[] x, final int[] o, final int[] size, final int[] y) {
		for (int d = 0; d < size.length; d++) {
			y[d] = x[d] + o[d];
			if (y[d] < 0 || y[d] >= size[d]) return false;
		}
		return true;
	}

	private static void check(final boolean[] m, final int[] size) {
		if (size.length < 2) throw new IllegalArgumentException("need at least 2 dimensions");
		if (m.length != count(size)) {
			throw new IllegalArgumentException("mask has " + m.length + " voxels, size has " + count(size));
		}
	}
}
