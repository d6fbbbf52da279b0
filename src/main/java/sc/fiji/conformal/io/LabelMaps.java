package sc.fiji.conformal.io;

import java.util.TreeSet;

import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The rules for label maps and per-class probabilities, whatever the format:
 * <ul>
 * <li>a <b>label map</b> holds non-negative integer values (after a NIfTI
 * file's own scaling), 0 for background;</li>
 * <li><b>per-class probabilities</b> in one file have one more axis than the
 * label maps, the last, whose index is the label value (channel 0 the
 * background), each channel made a score map by {@link ScoreScaling}; or one
 * score file per class.</li>
 * </ul>
 * Errors name the file and the value.
 */
public final class LabelMaps {

	/** How far from 1 a voxel's probabilities may sum before a warning. */
	public static final double SUM_TOLERANCE = 0.02;

	/** Voxels read at a time by the bulk reads. */
	private static final int CHUNK = 1 << 14;

	private LabelMaps() {}

	/**
	 * The label values of a stored image, flat in the grid's order.
	 *
	 * @param name the file, in errors
	 * @throws IllegalArgumentException naming the file, the value and its
	 *           position on a value that is not a non-negative integer
	 */
	public static int[] labels(final StoredImage image, final String name) {
		final Grid g = image.grid();
		final int[] out = new int[g.count()];
		final double[] run = new double[Math.min(CHUNK, out.length)];
		for (int from = 0; from < out.length; from += run.length) {
			final int n = Math.min(run.length, out.length - from);
			image.values(from, run, n);
			for (int j = 0; j < n; j++) {
				final double x = run[j];
				if (!(x >= 0 && x <= Integer.MAX_VALUE && x == Math.rint(x))) {
					throw new IllegalArgumentException(name + " is not a label map: value " + x + " at " + g
						.position(from + j) + " (expected integer labels 0, 1, 2, ...)");
				}
				out[from + j] = (int) x;
			}
		}
		return out;
	}

	/**
	 * The distinct non-zero labels of a label map (or of the labels of
	 * several, one after the other), ascending, each named {@code label<value>}.
	 *
	 * @param name what the labels are, for the error
	 * @throws IllegalArgumentException naming {@code name} if no label is non-zero
	 */
	public static LabelClasses nonZeroClasses(final int[] labels, final String name) {
		final TreeSet<Integer> found = new TreeSet<>();
		for (final int v : labels)
			if (v != 0) found.add(v);
		if (found.isEmpty()) {
			throw new IllegalArgumentException(name + " holds no non-zero label, so no classes can be " +
				"taken from it: give the classes parameter (e.g. classes=1:anterior,2:posterior)");
		}
		final int[] l = new int[found.size()];
		int k = 0;
		for (final int v : found)
			l[k++] = v;
		return LabelClasses.of(l, null);
	}

	/**
	 * Checks that every label of a truth or prediction map is 0 or a class.
	 *
	 * @throws IllegalArgumentException naming the file, the label and where it is
	 */
	public static void requireClasses(final int[] labels, final Grid grid,
		final LabelClasses classes, final String name)
	{
		for (int i = 0; i < labels.length; i++) {
			final int v = labels[i];
			if (v != 0 && classes.indexOf(v) < 0) {
				throw new IllegalArgumentException(name + " has label " + v + " (at " + grid.position(i) +
					"), which is not one of the classes " + classes);
			}
		}
	}

	/**
	 * The probability map of each class from one file whose last axis is the
	 * class (channel index = label value).
	 *
	 * @param labelGrid the label maps' grid (size and spacing the maps take)
	 * @throws IllegalArgumentException naming the file if it does not have one
	 *           more axis than the label maps with the same sizes before it,
	 *           or lacks the channel of a class (naming the class and the
	 *           channels it has)
	 */
	public static ScalarImage[] probabilities(final StoredImage image, final Grid labelGrid,
		final LabelClasses classes, final String name)
	{
		final Grid g = image.grid();
		final int d = labelGrid.numDimensions();
		boolean fits = g.numDimensions() == d + 1;
		for (int k = 0; fits && k < d; k++)
			fits = g.size(k) == labelGrid.size(k);
		if (!fits) {
			throw new IllegalArgumentException(name + " is " + g + ": per-class probabilities need the " +
				"label maps' grid " + labelGrid + " plus a last axis for the classes");
		}
		final int channels = g.size(d);
		final int n = labelGrid.count();
		final ScalarImage[] out = new ScalarImage[classes.size()];
		for (int c = 0; c < out.length; c++) {
			final int label = classes.label(c);
			if (label >= channels) {
				throw new IllegalArgumentException(name + " has " + channels + " class channels (labels 0.." +
					(channels - 1) + ") but class " + classes.name(c) + " has label " + label);
			}
			// the channel's stored values, read in bulk (the unscaled view gives them as stored)
			final double[] stored = new double[n];
			image.scaledBy(1, 0).values(label * n, stored, n);
			StoredImage channel = StoredImage.of(labelGrid, image.type(), i -> stored[i]);
			if (image.scaled()) channel = channel.scaledBy(image.slope(), image.intercept());
			out[c] = ScoreScaling.scores(channel, name + " channel " + label);
		}
		return out;
	}

	/**
	 * A warning if some voxel's probabilities over all channels do not sum to
	 * 1 within {@link #SUM_TOLERANCE}, naming the file, the first such voxel
	 * and its sum; null if they all do. Only meaningful when the file holds
	 * every class, background included.
	 */
	public static String sumWarning(final StoredImage image, final Grid labelGrid,
		final String name)
	{
		final int n = labelGrid.count();
		final int channels = image.grid().count() / n;
		final double max = image.type().isInteger() && !image.scaled() ? image.type().max() : 1;
		int bad = 0, first = -1;
		double firstSum = 0;
		final double[] sum = new double[Math.min(CHUNK, n)], run = new double[sum.length];
		for (int from = 0; from < n; from += sum.length) {
			final int len = Math.min(sum.length, n - from);
			java.util.Arrays.fill(sum, 0);
			// channel by channel, in the order each voxel's sum was always added up
			for (int c = 0; c < channels; c++) {
				image.values(c * n + from, run, len);
				for (int j = 0; j < len; j++)
					sum[j] += run[j] / max;
			}
			for (int j = 0; j < len; j++)
				if (Math.abs(sum[j] - 1) > SUM_TOLERANCE && bad++ == 0) {
					first = from + j;
					firstSum = sum[j];
				}
		}
		return bad == 0 ? null : name + ": the class probabilities of " + bad + " voxel(s) do not " +
			"sum to 1 (within " + SUM_TOLERANCE + "); first at " + labelGrid.position(first) +
			", sum " + firstSum;
	}
}
