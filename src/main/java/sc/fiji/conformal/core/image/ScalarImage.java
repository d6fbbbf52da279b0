package sc.fiji.conformal.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A real-valued image on a {@link Grid}: a model's score map, a distance map or
 * a level map. Values are held in a flat {@code float[]} shared, not copied,
 * with the ImgLib2 view returned by {@link #img()}. Level maps may hold
 * {@code +/-Infinity} (e.g. the distance to an empty mask); score maps read
 * with {@link #fromScores} never do.
 */
public final class ScalarImage {

	private final Grid grid;
	private final float[] values;

	/**
	 * Wraps an array (not copied).
	 *
	 * @throws IllegalArgumentException if the array length is not the grid's
	 *           voxel count
	 */
	public ScalarImage(final Grid grid, final float[] values) {
		if (values.length != grid.count()) {
			throw new IllegalArgumentException("image has " + values.length +
				" values but its grid " + grid + " has " + grid.count());
		}
		this.grid = grid;
		this.values = values;
	}

	/**
	 * Reads a score map (higher = more likely object): probabilities, logits or
	 * grey values already scaled by the reader.
	 *
	 * @param name names the image in error messages (e.g. its file)
	 * @throws IllegalArgumentException naming {@code name} and the position of
	 *           the first NaN or infinite value
	 */
	public static ScalarImage fromScores(final RandomAccessibleInterval<? extends RealType<?>> image,
		final double[] spacing, final String name)
	{
		final Grid grid = Grid.of(image.dimensionsAsLongArray(), spacing);
		final float[] v = new float[grid.count()];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++) {
			final double x = c.next().getRealDouble();
			if (Double.isNaN(x) || Double.isInfinite(x)) {
				throw new IllegalArgumentException(name + " has " + (Double.isNaN(x) ? "a NaN" : "an infinite") +
					" score at " + grid.position(i) + " (scores must be finite numbers)");
			}
			v[i] = (float) x;
		}
		return new ScalarImage(grid, v);
	}

	/** The grid. */
	public Grid grid() {
		return grid;
	}

	/** The backing array (shared, not copied): do not modify. */
	public float[] values() {
		return values;
	}

	/** Value at a linear index. */
	public float get(final int index) {
		return values[index];
	}

	/**
	 * The voxels with value {@code >= threshold} (Ŷ = {s ≥ t₀}). Like every
	 * comparison here it is made in single precision, as the values are stored:
	 * a threshold of 0.7 selects a voxel holding 0.7f (as numpy does with
	 * float32 data), although 0.7f &lt; 0.7 in double precision.
	 */
	public Mask atLeast(final double threshold) {
		final float t = (float) threshold;
		final boolean[] m = new boolean[values.length];
		for (int i = 0; i < m.length; i++)
			m[i] = values[i] >= t;
		return new Mask(grid, m);
	}

	/** The voxels with value {@code <= level} (an outer set of a level map), in single precision. */
	public Mask atMost(final double level) {
		final float l = (float) level;
		final boolean[] m = new boolean[values.length];
		for (int i = 0; i < m.length; i++)
			m[i] = values[i] <= l;
		return new Mask(grid, m);
	}

	/** The voxels with value {@code > level} (an inner set of a level map), in single precision. */
	public Mask above(final double level) {
		final float l = (float) level;
		final boolean[] m = new boolean[values.length];
		for (int i = 0; i < m.length; i++)
			m[i] = values[i] > l;
		return new Mask(grid, m);
	}

	/** An ImgLib2 view of the same values (no copy). */
	public ArrayImg<FloatType, FloatArray> img() {
		return ArrayImgs.floats(values, grid.dimensions());
	}
}
