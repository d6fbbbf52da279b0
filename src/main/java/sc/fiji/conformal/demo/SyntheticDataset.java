package sc.fiji.conformal.demo;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.distance.GaussianSmoothing;
import sc.fiji.conformal.core.distance.SignedDistance;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * A deterministic synthetic segmentation dataset from a known model, for the
 * demo and for validity tests. Each image holds one elliptical (2-D) or
 * ellipsoidal (3-D) object Y at a random place; the "model" sees a perturbed
 * copy of it (shifted, rescaled) and, sometimes, a spurious blob, and outputs
 * the score map s = sigmoid(signed distance to what it sees / width + smooth
 * noise). So s is continuous, Ŷ = {s ≥ 0.5} misses parts of Y and adds false
 * positives, like a real model. A small share of images have an empty truth.
 * <p>
 * Images are generated on demand (one at a time) from {@code seed} and their
 * index, so iterating twice yields the same images.
 */
public final class SyntheticDataset implements Iterable<Sample> {

	private final int count;
	private final long seed;
	private final long[] size;
	private final double[] spacing;

	/**
	 * @param count number of images
	 * @param seed the seed: the same seed gives the same images
	 * @param size image size, 2-D or 3-D (e.g. 48, 48)
	 */
	public SyntheticDataset(final int count, final long seed, final long... size) {
		if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
		if (size.length < 2 || size.length > 3) {
			throw new IllegalArgumentException("synthetic images are 2-D or 3-D, got " + size.length +
				" dimensions");
		}
		this.count = count;
		this.seed = seed;
		this.size = size.clone();
		spacing = new double[size.length];
		java.util.Arrays.fill(spacing, 1.0);
	}

	/** The same dataset on voxels of the given spacing (shapes are in voxel units). */
	public SyntheticDataset withSpacing(final double... newSpacing) {
		final SyntheticDataset d = new SyntheticDataset(count, seed, size);
		System.arraycopy(Grid.of(size, newSpacing).spacing(), 0, d.spacing, 0, size.length);
		return d;
	}

	/** Number of images. */
	public int size() {
		return count;
	}

	/** Image {@code i} (0-based), with id {@code synthetic/NNNN}. */
	public Sample get(final int i) {
		if (i < 0 || i >= count) {
			throw new IndexOutOfBoundsException("image " + i + " of " + count);
		}
		final Random r = new Random(seed * 1_000_003L + i);
		final Grid grid = Grid.of(size, spacing);
		final int nd = size.length;
		final double[] centre = new double[nd];
		final double[] radius = new double[nd];
		final double minSize = minSize();
		for (int d = 0; d < nd; d++) {
			radius[d] = minSize * (0.12 + 0.14 * r.nextDouble());
			centre[d] = radius[d] + 1 + r.nextDouble() * Math.max(0, size[d] - 2 * radius[d] - 2);
		}
		final boolean emptyTruth = r.nextDouble() < 0.04;
		final Mask truth = emptyTruth ? Mask.empty(grid) : ellipsoid(grid, centre, radius);
		// what the model sees: a shifted, rescaled object, sometimes with a spurious blob
		final double[] seenCentre = new double[nd];
		final double[] seenRadius = new double[nd];
		for (int d = 0; d < nd; d++) {
			seenCentre[d] = centre[d] + r.nextGaussian() * 1.2;
			seenRadius[d] = radius[d] * (1 + 0.12 * r.nextGaussian());
		}
		Mask seen = emptyTruth && r.nextBoolean() ? Mask.empty(grid) : ellipsoid(grid, seenCentre,
			seenRadius);
		if (r.nextDouble() < 0.3) {
			final double[] c = new double[nd];
			final double[] rad = new double[nd];
			for (int d = 0; d < nd; d++) {
				c[d] = r.nextDouble() * size[d];
				rad[d] = minSize * (0.04 + 0.05 * r.nextDouble());
			}
			seen = union(seen, ellipsoid(grid, c, rad));
		}
		final ScalarImage sd = SignedDistance.of(seen);
		final float[] noise = new float[grid.count()];
		for (int v = 0; v < noise.length; v++)
			noise[v] = (float) r.nextGaussian();
		final float[] smooth = GaussianSmoothing.smooth(new ScalarImage(grid, noise), 2 * minSpacing())
			.values();
		final float[] s = new float[grid.count()];
		final float[] dist = sd.values();
		final double width = 1.5 * minSpacing();
		for (int v = 0; v < s.length; v++) {
			final double d = Double.isInfinite(dist[v]) ? Math.signum(dist[v]) * 1e3 : dist[v] + 0.5 *
				minSpacing();
			s[v] = (float) (1 / (1 + Math.exp(-(d / width + 3 * smooth[v]))));
		}
		return Sample.of(String.format("synthetic/%04d", i), new ScalarImage(grid, s), null, truth);
	}

	private double minSize() {
		long m = Long.MAX_VALUE;
		for (final long s : size)
			m = Math.min(m, s);
		return m;
	}

	private double minSpacing() {
		double m = Double.POSITIVE_INFINITY;
		for (final double s : spacing)
			m = Math.min(m, s);
		return m;
	}

	private static Mask ellipsoid(final Grid grid, final double[] centre, final double[] radius) {
		final boolean[] v = new boolean[grid.count()];
		final int nd = grid.numDimensions();
		final int[] pos = new int[nd];
		for (int i = 0; i < v.length; i++) {
			double q = 0;
			for (int d = 0; d < nd; d++) {
				final double t = (pos[d] - centre[d]) / radius[d];
				q += t * t;
			}
			v[i] = q <= 1;
			for (int d = 0; d < nd && ++pos[d] == grid.size(d); d++)
				pos[d] = 0;
		}
		return new Mask(grid, v);
	}

	private static Mask union(final Mask a, final Mask b) {
		final boolean[] v = a.voxels().clone();
		final boolean[] w = b.voxels();
		for (int i = 0; i < v.length; i++)
			v[i] |= w[i];
		return new Mask(a.grid(), v);
	}

	@Override
	public Iterator<Sample> iterator() {
		return new Iterator<Sample>() {

			private int next;

			@Override
			public boolean hasNext() {
				return next < count;
			}

			@Override
			public Sample next() {
				if (!hasNext()) throw new NoSuchElementException();
				return get(next++);
			}
		};
	}
}
