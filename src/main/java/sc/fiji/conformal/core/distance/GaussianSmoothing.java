package sc.fiji.conformal.core.distance;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Separable Gaussian smoothing with the standard deviation given in physical
 * units (so anisotropic voxels are smoothed isotropically in space). The
 * kernel is sampled at voxel centres, truncated at 4 standard deviations and
 * normalised to sum 1; the image is extended beyond its border by mirroring
 * with the edge voxel repeated ({@code ... c b a | a b c ...}, MATLAB's
 * "symmetric"). Cost O(|V| σ) per axis.
 */
public final class GaussianSmoothing {

	/**
	 * The largest σ in voxels along any axis: the kernel then has 8001 taps per
	 * voxel and axis (about 4000 times the work of σ = 1), and a Gaussian wider
	 * than that is flat over any image this plugin reads in memory along one
	 * axis, so a larger σ is a mistake in units rather than a wish.
	 */
	public static final double MAX_SIGMA_VOXELS = 1000;

	/** Standard deviations per full width at half maximum: 1 / (2 sqrt(2 ln 2)). */
	public static final double SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.log(2)));

	private GaussianSmoothing() {}

	/** The standard deviation of a Gaussian with the given full width at half maximum. */
	public static double sigmaFromFwhm(final double fwhm) {
		if (!(fwhm >= 0) || Double.isInfinite(fwhm)) {
			throw new IllegalArgumentException("FWHM must be finite and >= 0, got " + fwhm);
		}
		return fwhm * SIGMA_PER_FWHM;
	}

	/**
	 * Smooths {@code image} with an isotropic Gaussian of standard deviation
	 * {@code sigma} (physical units). {@code sigma = 0} returns a copy.
	 *
	 * @throws IllegalArgumentException if sigma is negative, NaN or infinite,
	 *           or more than {@link #MAX_SIGMA_VOXELS} voxels along an axis
	 */
	public static ScalarImage smooth(final ScalarImage image, final double sigma) {
		if (!(sigma >= 0) || Double.isInfinite(sigma)) {
			throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
		}
		final Grid grid = image.grid();
		for (int d = 0; d < grid.numDimensions(); d++) {
			if (sigma / grid.spacing(d) > MAX_SIGMA_VOXELS) {
				throw new IllegalArgumentException("sigma " + sigma + " is " + sigma / grid.spacing(d) +
					" voxels along axis " + d + " (spacing " + grid.spacing(d) + "); at most " +
					MAX_SIGMA_VOXELS + " voxels are allowed: give sigma in the image's physical units");
			}
		}
		final float[] v = image.values().clone();
		for (int d = 0; d < grid.numDimensions(); d++) {
			final double[] kernel = kernel(sigma / grid.spacing(d));
			if (kernel.length == 1) continue;
			LineRunner.forEachLine(grid, d, (start, stride, n, s) -> convolve(v, start, stride, n, kernel,
				s));
		}
		return new ScalarImage(grid, v);
	}

	/** Half kernel: weights for offsets 0..r, normalised so the full kernel sums to 1. */
	static double[] kernel(final double sigmaVoxels) {
		final int r = (int) Math.ceil(4 * sigmaVoxels);
		if (r == 0) return new double[] { 1 };
		final double[] k = new double[r + 1];
		double sum = 0;
		for (int i = 0; i <= r; i++) {
			k[i] = Math.exp(-0.5 * (i / sigmaVoxels) * (i / sigmaVoxels));
			sum += i == 0 ? k[i] : 2 * k[i];
		}
		for (int i = 0; i <= r; i++)
			k[i] /= sum;
		return k;
	}

	private static void convolve(final float[] v, final int start, final int stride, final int n,
		final double[] k, final LineRunner.Scratch s)
	{
		final float[] line = s.in;
		for (int x = 0, i = start; x < n; x++, i += stride)
			line[x] = v[i];
		final int r = k.length - 1;
		for (int x = 0, i = start; x < n; x++, i += stride) {
			double acc = k[0] * line[x];
			for (int j = 1; j <= r; j++)
				acc += k[j] * (line[mirror(x - j, n)] + line[mirror(x + j, n)]);
			v[i] = (float) acc;
		}
	}

	/** Index into [0, n) of the symmetric extension with the edge repeated. */
	static int mirror(final int x, final int n) {
		final int period = 2 * n;
		int m = x % period;
		if (m < 0) m += period;
		return m < n ? m : period - 1 - m;
	}
}
