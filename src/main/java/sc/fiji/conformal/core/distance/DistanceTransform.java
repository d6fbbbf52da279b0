package sc.fiji.conformal.core.distance;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Exact distance transforms of binary images in any number of dimensions: for
 * every voxel, the distance to the nearest voxel of a feature set.
 * <ul>
 * <li>{@link Metric#CITY_BLOCK}: L1 distance in voxel steps. The distance is
 * {@code <= k} exactly where the features dilated {@code k} times by the cross
 * (4-/6-connectivity) reach.</li>
 * <li>{@link Metric#CHESSBOARD}: L∞ distance in voxel steps; the same for the
 * square/cube (8-/26-connectivity).</li>
 * <li>{@link Metric#EUCLIDEAN}: Euclidean distance between voxel centres in
 * physical units, using the grid's (possibly anisotropic) spacing.</li>
 * </ul>
 * All three are separable: one pass per axis, O(|V|) in total and
 * independent of the distances involved. Axis 0 counts the steps to the
 * nearest feature on each line, fused with the read of the mask. Later axes:
 * city-block by two running scans, chessboard by two scans that take the 3^d
 * neighbourhood minimum of the previous hyperplane (both on whole hyperplanes
 * at once, in single precision, where whole steps are exact — see
 * {@code StepDistance}), Euclidean by the lower envelope of the per-line cost
 * functions (Felzenszwalb &amp; Huttenlocher, "Distance Transforms of Sampled
 * Functions", Theory of Computing 8, 2012; Meijster, Roerdink &amp; Hesselink,
 * "A general algorithm for computing distance transforms in linear time",
 * 2000) in double precision on blocks of adjacent lines, or exactly in whole
 * numbers on axes with whole-number spacings (see {@code EuclideanDistance}).
 * Work is split over the caller's ImgLib2 {@code Parallelization} executor;
 * results do not depend on the number of threads.
 * <p>
 * Voxels with no feature anywhere get {@code +Infinity}. With
 * {@code outsideIsFeature}, every voxel outside the image counts as a feature
 * (the image is padded with features), which is the rule "outside counts as
 * background" when the features are a mask's complement.
 */
public final class DistanceTransform {

	/** The distance used between voxels. */
	public enum Metric {
		/** L1, in voxel steps (spacing ignored); dilation by a cross. */
		CITY_BLOCK,
		/** L∞, in voxel steps (spacing ignored); dilation by a square/cube. */
		CHESSBOARD,
		/** L2 between voxel centres, in physical units of the grid spacing. */
		EUCLIDEAN
	}

	private DistanceTransform() {}

	/** L1 distance (voxel steps) to the nearest true voxel of {@code features}. */
	public static ScalarImage cityBlock(final Mask features) {
		return distanceTo(features, Metric.CITY_BLOCK, false);
	}

	/** L∞ distance (voxel steps) to the nearest true voxel of {@code features}. */
	public static ScalarImage chessboard(final Mask features) {
		return distanceTo(features, Metric.CHESSBOARD, false);
	}

	/**
	 * Euclidean distance (physical units of the mask's grid spacing) to the
	 * nearest true voxel of {@code features}.
	 */
	public static ScalarImage euclidean(final Mask features) {
		return distanceTo(features, Metric.EUCLIDEAN, false);
	}

	/**
	 * The distance from every voxel to the nearest feature voxel.
	 *
	 * @param features the feature set (true voxels have distance 0)
	 * @param metric which distance
	 * @param outsideIsFeature if true, voxels beyond the image border count as
	 *          features too
	 * @return a new image of distances; {@code +Infinity} where there is no
	 *         feature
	 */
	public static ScalarImage distanceTo(final Mask features, final Metric metric,
		final boolean outsideIsFeature)
	{
		if (features == null || metric == null) {
			throw new IllegalArgumentException("features and metric must be given");
		}
		return new ScalarImage(features.grid(), compute(features, false, metric, outsideIsFeature));
	}

	/**
	 * The distance from every voxel to the nearest voxel <em>outside</em>
	 * {@code mask}: the same as {@code distanceTo(mask.not(), ...)} without
	 * building the complement. Voxels outside the mask get 0.
	 *
	 * @param outsideIsFeature if true, voxels beyond the image border count as
	 *          outside the mask
	 */
	public static ScalarImage distanceToComplement(final Mask mask, final Metric metric,
		final boolean outsideIsFeature)
	{
		if (mask == null || metric == null) {
			throw new IllegalArgumentException("mask and metric must be given");
		}
		return new ScalarImage(mask.grid(), compute(mask, true, metric, outsideIsFeature));
	}

	/** Features are the voxels whose value differs from {@code invert}. */
	private static float[] compute(final Mask mask, final boolean invert, final Metric metric,
		final boolean outsideIsFeature)
	{
		final Grid grid = mask.grid();
		if (metric == Metric.EUCLIDEAN) {
			return EuclideanDistance.transform(grid, mask.voxels(), invert, outsideIsFeature);
		}
		if (StepDistance.exact(grid)) {
			return StepDistance.transform(grid, mask.voxels(), invert, metric == Metric.CHESSBOARD,
				outsideIsFeature);
		}
		// lines so long that whole steps are not exact in a float: double precision
		return linewise(invert ? mask.not() : mask, metric, outsideIsFeature);
	}

	/**
	 * The textbook transform: one line at a time along each axis, in a
	 * {@code double[]}, rounded to float at the end. Used for city-block and
	 * chessboard when whole steps are not exact in single precision; its
	 * Euclidean branch is reached only from the tests and benchmarks, as the
	 * reference the faster paths are measured and checked against.
	 */
	static float[] linewise(final Mask features, final Metric metric,
		final boolean outsideIsFeature)
	{
		final Grid grid = features.grid();
		// double precision throughout, rounded to float once at the end, so the
		// result does not depend on the order of the axes
		final double[] work = new double[grid.count()];
		final boolean[] f = features.voxels();
		final double step0 = metric == Metric.EUCLIDEAN ? grid.spacing(0) : 1;
		LineRunner.forEachLine(grid, 0, (start, stride, n, s) -> firstPass(f, work, start, n,
			outsideIsFeature, metric == Metric.EUCLIDEAN, step0));
		for (int d = 1; d < grid.numDimensions(); d++) {
			final double w = grid.spacing(d);
			final LineRunner.LineOp op;
			switch (metric) {
				case CITY_BLOCK:
					op = (start, stride, n, s) -> cityBlockPass(work, start, stride, n, outsideIsFeature);
					break;
				case CHESSBOARD:
					op = (start, stride, n, s) -> envelopePass(work, start, stride, n, outsideIsFeature,
						false, 1, s);
					break;
				default:
					op = (start, stride, n, s) -> envelopePass(work, start, stride, n, outsideIsFeature,
						true, w * w, s);
			}
			LineRunner.forEachLine(grid, d, op);
		}
		final float[] out = new float[work.length];
		final boolean sqrt = metric == Metric.EUCLIDEAN;
		for (int i = 0; i < work.length; i++)
			out[i] = (float) (sqrt ? Math.sqrt(work[i]) : work[i]);
		return out;
	}

	/**
	 * Distance along the first axis to the nearest feature on the line (in
	 * steps, or squared physical units for Euclidean).
	 */
	private static void firstPass(final boolean[] f, final double[] out, final int start,
		final int n, final boolean outsideIsFeature, final boolean squared, final double step)
	{
		final double inf = Double.POSITIVE_INFINITY;
		// forward: steps since the last feature
		double since = outsideIsFeature ? 1 : inf;
		for (int x = 0; x < n; x++) {
			if (f[start + x]) since = 0;
			out[start + x] = since;
			since += 1;
		}
		// backward: steps to the next feature
		double until = outsideIsFeature ? 1 : inf;
		for (int x = n - 1; x >= 0; x--) {
			if (f[start + x]) until = 0;
			final double k = Math.min(out[start + x], until);
			if (squared) {
				final double dist = k * step;
				out[start + x] = dist * dist;
			}
			else {
				out[start + x] = k;
			}
			until += 1;
		}
	}

	/** L1: min over q of |x - q| + g(q), by a forward and a backward scan. */
	private static void cityBlockPass(final double[] g, final int start, final int stride,
		final int n, final boolean outsideIsFeature)
	{
		double prev = outsideIsFeature ? 0 : Double.POSITIVE_INFINITY;
		for (int x = 0, i = start; x < n; x++, i += stride) {
			final double v = Math.min(g[i], prev + 1);
			g[i] = v;
			prev = v;
		}
		prev = outsideIsFeature ? 0 : Double.POSITIVE_INFINITY;
		for (int x = n - 1, i = start + (n - 1) * stride; x >= 0; x--, i -= stride) {
			final double v = Math.min(g[i], prev + 1);
			g[i] = v;
			prev = v;
		}
	}

	/**
	 * Lower envelope along one line of the cost functions of its sites: for
	 * Euclidean {@code f_q(x) = w2 (x - q)^2 + g(q)} (squared distances), for
	 * chessboard {@code f_q(x) = max(|x - q|, g(q))}. Sites are the voxels with
	 * finite g, plus virtual sites at -1 and n with g = 0 when outside voxels are
	 * features.
	 */
	private static void envelopePass(final double[] g, final int start, final int stride, final int n,
		final boolean outsideIsFeature, final boolean euclidean, final double w2,
		final LineRunner.Scratch s)
	{
		// gather the sites: positions in s.ints, values in s.values
		int m = 0;
		if (outsideIsFeature) {
			s.ints[m] = -1;
			s.values[m++] = 0;
		}
		for (int x = 0, i = start; x < n; x++, i += stride) {
			final double v = g[i];
			if (v != Double.POSITIVE_INFINITY) {
				s.ints[m] = x;
				s.values[m++] = v;
			}
		}
		if (outsideIsFeature) {
			s.ints[m] = n;
			s.values[m++] = 0;
		}
		if (m == 0) return; // no site: the line stays at +Infinity
		// build the envelope: s.site holds site numbers, s.bound the first x of each region
		final int[] pos = s.ints;
		final double[] val = s.values;
		final int[] env = s.site;
		final double[] from = s.bound;
		int q = 0;
		env[0] = 0;
		from[0] = 0;
		for (int u = 1; u < m; u++) {
			while (q >= 0 && cost(from[q], pos[env[q]], val[env[q]], euclidean, w2) > cost(from[q], pos[u],
				val[u], euclidean, w2))
			{
				q--;
			}
			if (q < 0) {
				q = 0;
				env[0] = u;
				from[0] = 0;
			}
			else {
				final double w = Math.max(takeover(pos[env[q]], val[env[q]], pos[u], val[u], euclidean, w2),
					from[q] + 1);
				if (w < n) {
					q++;
					env[q] = u;
					from[q] = w;
				}
			}
		}
		// read the envelope back to front
		for (int x = n - 1, i = start + (n - 1) * stride; x >= 0; x--, i -= stride) {
			final int site = env[q];
			g[i] = cost(x, pos[site], val[site], euclidean, w2);
			if (x == from[q]) q--;
		}
	}

	private static double cost(final double x, final int p, final double v, final boolean euclidean,
		final double w2)
	{
		final double dx = x - p;
		return euclidean ? w2 * dx * dx + v : Math.max(Math.abs(dx), v);
	}

	/**
	 * The first integer x from which site b (right of site a) costs no more than
	 * site a.
	 */
	private static double takeover(final int a, final double ga, final int b, final double gb,
		final boolean euclidean, final double w2)
	{
		if (euclidean) {
			// w2((x-b)^2 - (x-a)^2) <= ga - gb  <=>  x >= ((a+b) - (ga-gb)/(w2(b-a))) / 2
			return Math.ceil(((a + b) - (ga - gb) / (w2 * (b - a))) / 2);
		}
		if (ga <= gb) {
			return Math.max(a + gb, Math.floorDiv(a + b, 2)) + 1;
		}
		return Math.min(b - ga, -Math.floorDiv(-(a + b), 2));
	}
}
