package sc.fiji.conformal.io.ij;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.LabelMaps;
import sc.fiji.conformal.io.StoredImage;

/**
 * Label-map samples from open images, by the rules of label-map files
 * ({@link LabelMaps}): a <b>label map</b> is a single-channel image of
 * non-negative integer labels (0 background); <b>per-class probabilities</b>
 * are a hyperstack whose channels are the classes, channel index = label
 * value (the first channel, index 0, the background), as File › Import ›
 * NIfTI... opens a 4-D probability file ({@link NiftiImages}). Each channel
 * becomes a score map by the rule of every format, so an image opened from a
 * file gives the scores the folder workflow reads from that file. Errors name
 * the image by its title and the value.
 */
public final class LabelImages {

	private LabelImages() {}

	/**
	 * The sample of an open image: the per-class probabilities (a hyperstack
	 * with one channel per label value) or, when {@code isScores} is false, a
	 * predicted label map; and an optional ground-truth label map.
	 *
	 * @param group the image's group ("" or null for none)
	 * @throws IllegalArgumentException naming the image if the probabilities
	 *           lack the channel of a class, a label map holds a label that is
	 *           not a class (or a value that is no label), the truth's grid
	 *           differs from the image's, or an image is colour or a time-lapse
	 */
	public static LabelSample sample(final ImagePlus image, final boolean isScores,
		final ImagePlus truth, final LabelClasses classes, final String group)
	{
		final String title = image.getTitle();
		final ScalarImage[] probs = isScores ? probabilities(image, classes) : null;
		final int[] pred = isScores ? null : labels(image, classes);
		final Grid grid = isScores ? grid(image, title) : ImagePlusBridge.grid(image, title);
		int[] y = null;
		if (truth != null) {
			final Grid t = ImagePlusBridge.grid(truth, truth.getTitle());
			if (!t.sameSize(grid)) {
				throw new IllegalArgumentException("the ground truth " + truth.getTitle() + " is " + t +
					" but the image " + title + " is " + grid + (isScores ? " (per channel)" : "") +
					": they must have the same size");
			}
			y = labels(truth, classes);
		}
		return LabelSample.of(title, group, classes, grid, y, pred, probs);
	}

	/**
	 * The probability map of each class, from the channel whose index is the
	 * class's label ({@link LabelMaps#probabilities}). Channels beyond the
	 * classes' labels are not read.
	 *
	 * @throws IllegalArgumentException naming the image if it has no channel
	 *           for a class's label (naming the class, the label and the
	 *           channels it has), is colour or a time-lapse, or holds scores
	 *           the score rule refuses
	 */
	public static ScalarImage[] probabilities(final ImagePlus image, final LabelClasses classes) {
		final String title = image.getTitle();
		final Grid spatial = grid(image, title);
		final int channels = image.getNChannels();
		int maxLabel = 0;
		for (final int l : classes.labels())
			maxLabel = Math.max(maxLabel, l);
		if (channels <= maxLabel) {
			throw new IllegalArgumentException(title + " has " + channels + " channel(s), but the " +
				"calibration's classes " + classes + " need channels 0.." + maxLabel +
				" (channel index = label value, channel 0 the background): open the per-class " +
				"probabilities as a hyperstack with one channel per label (File > Import > NIfTI... " +
				"does for a 4-D file)");
		}
		final int depth = image.getNSlices();
		final ImageStack stack = image.getStack();
		final Object[] px = new Object[channels * depth];
		for (int c = 0; c < channels; c++)
			for (int z = 0; z < depth; z++)
				px[c * depth + z] = stack.getPixels(image.getStackIndex(c + 1, z + 1, 1));
		final int n = spatial.numDimensions();
		final long[] size = new long[n + 1];
		final double[] spacing = new double[n + 1];
		for (int d = 0; d < n; d++) {
			size[d] = spatial.size(d);
			spacing[d] = spatial.spacing(d);
		}
		size[n] = channels;
		spacing[n] = 1;
		final StoredImage all = ImagePlusBridge.stored(image, Grid.of(size, spacing), px);
		return LabelMaps.probabilities(all, spatial, classes, title);
	}

	/**
	 * A label map of classes from a single-channel image.
	 *
	 * @throws IllegalArgumentException naming the image, the value and where it
	 *           is on a value that is not a label or a label that is not a class,
	 *           or if the image has several channels
	 */
	public static int[] labels(final ImagePlus image, final LabelClasses classes) {
		final String title = image.getTitle();
		if (image.getNChannels() > 1) {
			throw new IllegalArgumentException(title + " has " + image.getNChannels() +
				" channels, but a label map has one (per-class probabilities, one channel per label, " +
				"are applied with imageIs=scores)");
		}
		final StoredImage s = ImagePlusBridge.stored(image, title);
		final int[] labels = LabelMaps.labels(s, title);
		LabelMaps.requireClasses(labels, s.grid(), classes, title);
		return labels;
	}

	/**
	 * An 8-bit 0/255 image of one mask per class: a channel per class (a
	 * hyperstack of channels and slices for more than one class), each plane
	 * labelled with its class's name, with the masks' spacing. Masks of
	 * several classes may overlap; each channel keeps its own.
	 *
	 * @param names the classes' names, one per mask
	 * @throws IllegalArgumentException if there is not one name per mask, or
	 *           the masks differ in size
	 */
	public static ImagePlus image(final Mask[] masks, final List<String> names,
		final String title)
	{
		if (masks.length == 0 || masks.length != names.size()) {
			throw new IllegalArgumentException("an image per class needs one name per mask, got " +
				masks.length + " masks and names " + names);
		}
		final Grid g = masks[0].grid();
		for (final Mask m : masks)
			if (!m.grid().sameSize(g)) {
				throw new IllegalArgumentException("the masks of " + title + " differ in size: " + g +
					" and " + m.grid());
			}
		final int w = g.size(0), h = g.size(1), plane = w * h, depth = g.count() / plane;
		final ImageStack stack = new ImageStack(w, h);
		// ImageJ orders a hyperstack's planes channel fastest
		for (int z = 0; z < depth; z++)
			for (int c = 0; c < masks.length; c++) {
				final boolean[] v = masks[c].voxels();
				final byte[] b = new byte[plane];
				for (int i = 0; i < plane; i++)
					if (v[z * plane + i]) b[i] = (byte) 255;
				stack.addSlice(names.get(c), new ByteProcessor(w, h, b));
			}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(masks.length, depth, 1);
		if (masks.length > 1) imp.setOpenAsHyperStack(true);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = g.spacing(0);
		cal.pixelHeight = g.spacing(1);
		if (g.numDimensions() > 2) cal.pixelDepth = g.spacing(2);
		return imp;
	}

	/**
	 * The grid of an image's planes (any number of channels; one time point).
	 *
	 * @throws IllegalArgumentException naming the image if it is colour or a time-lapse
	 */
	private static Grid grid(final ImagePlus image, final String title) {
		if (image.getType() == ImagePlus.COLOR_RGB || image.getType() == ImagePlus.COLOR_256) {
			throw new IllegalArgumentException(title + " is a colour image: per-class probabilities " +
				"are a grey-level hyperstack with one channel per label");
		}
		if (image.getNFrames() > 1) {
			throw new IllegalArgumentException(title + " has " + image.getNFrames() +
				" time points: per-class probabilities are one time point, one channel per label");
		}
		return ImagePlusBridge.spatialGrid(image);
	}
}
