package sc.fiji.conformal.core.distance;

import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Signed Euclidean distance to a mask's boundary, positive inside, in the
 * pixel-centre convention of Davenport's conformal confidence sets code: a
 * voxel inside the mask gets {@code d_in - h} and a voxel outside gets
 * {@code -d_out}, where {@code d_in} is the distance to the nearest voxel
 * outside the mask, {@code d_out} the distance to the nearest voxel of the
 * mask (both between voxel centres, in physical units of the grid spacing),
 * and {@code h} is the smallest voxel spacing (1 on a unit grid). So on a unit
 * grid the mask's edge voxels get 0, the first voxels outside get -1, and the
 * map takes integer-or-root steps from there.
 * <p>
 * Only voxels inside the image count (the border is not an edge). An empty
 * mask gives {@code -Infinity} everywhere and a full mask {@code +Infinity}.
 */
public final class SignedDistance {

	private SignedDistance() {}

	/** The signed distance map of {@code mask} (a new image). */
	public static ScalarImage of(final Mask mask) {
		final ScalarImage out = DistanceTransform.euclidean(mask);
		final ScalarImage in = DistanceTransform.distanceToComplement(mask, Metric.EUCLIDEAN, false);
		final Grid grid = mask.grid();
		double h = Double.POSITIVE_INFINITY;
		for (int d = 0; d < grid.numDimensions(); d++)
			h = Math.min(h, grid.spacing(d));
		final float[] v = new float[grid.count()];
		final float[] dOut = out.values();
		final float[] dIn = in.values();
		final boolean[] m = mask.voxels();
		for (int i = 0; i < v.length; i++)
			v[i] = m[i] ? (float) (dIn[i] - h) : -dOut[i];
		return new ScalarImage(grid, v);
	}
}
