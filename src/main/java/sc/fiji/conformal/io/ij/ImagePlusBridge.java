package sc.fiji.conformal.io.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.BinaryMasks;
import sc.fiji.conformal.io.ScoreScaling;
import sc.fiji.conformal.io.StoredImage;
import sc.fiji.conformal.io.VoxelType;

/**
 * Converts between ImageJ 1.x images and the engine's images, keeping the
 * voxel spacing (pixel width, height and depth of the ImagePlus calibration),
 * with the same score and mask rules as image files ({@link ScoreScaling},
 * {@link BinaryMasks}). A single-plane 32-bit image is wrapped without
 * copying its pixels; scores of other images are copied once into a flat
 * array.
 */
public final class ImagePlusBridge {

	private ImagePlusBridge() {}

	/**
	 * The voxels of a grey-level image as ImageJ holds them, in the terms of
	 * the io rules: 8-bit as uint8, 16-bit as uint16, or as int16 when the
	 * image has ImageJ's signed 16-bit calibration (a signed TIFF: the values
	 * without ImageJ's offset of 32768, i.e. what ImageJ displays), 32-bit as
	 * float32. A stack is a 3-D image. A single-plane 32-bit image is wrapped,
	 * not copied; other images are read in place through their stack.
	 *
	 * @param name names the image in errors (its title or file)
	 * @throws IllegalArgumentException for RGB, multi-channel or time-lapse
	 *           images
	 */
	public static StoredImage stored(final ImagePlus imp, final String name) {
		final Grid grid = grid(imp, name);
		final ImageStack stack = imp.getStack();
		if (stack.getSize() == 1 && imp.getBitDepth() == 32) {
			return StoredImage.ofFloats(grid, (float[]) imp.getProcessor().getPixels());
		}
		final Object[] px = new Object[stack.getSize()];
		for (int z = 0; z < px.length; z++)
			px[z] = stack.getPixels(z + 1);
		return stored(imp, grid, px);
	}

	/**
	 * Planes of an image's stack as stored voxels of a grid, in the terms of
	 * {@link #stored(ImagePlus, String)}: the planes in flat order, each one
	 * plane of the image.
	 */
	static StoredImage stored(final ImagePlus imp, final Grid grid, final Object[] px) {
		final int plane = imp.getWidth() * imp.getHeight();
		switch (imp.getBitDepth()) {
			case 8:
				return StoredImage.ofPlanes(grid, VoxelType.UINT8, px);
			case 16:
				if (imp.getCalibration().isSigned16Bit()) {
					return StoredImage.of(grid, VoxelType.INT16, i -> (((short[]) px[i / plane])[i %
						plane] & 0xffff) - 32768);
				}
				return StoredImage.ofPlanes(grid, VoxelType.UINT16, px);
			default:
				return StoredImage.ofPlanes(grid, VoxelType.FLOAT32, px);
		}
	}

	/**
	 * A score map from a grey-level image, by the rule of every format
	 * ({@link ScoreScaling}) on its {@linkplain #stored stored voxels}: 8-bit
	 * values as value/255, 16-bit as value/65535 (signed 16-bit as
	 * value/32767, negative values refused), 32-bit as is. A stack becomes a
	 * 3-D image.
	 *
	 * @param name names the image in errors (its title or file)
	 * @throws IllegalArgumentException for RGB, multi-channel or time-lapse
	 *           images, or scores the rule refuses (position named)
	 */
	public static ScalarImage scores(final ImagePlus imp, final String name) {
		return ScoreScaling.scores(stored(imp, name), name);
	}

	/**
	 * A binary mask by the rule of every format ({@link BinaryMasks}): pixels
	 * with a non-zero value are set, and the image may hold at most one
	 * distinct non-zero value (0/1, 0/255, 0/65535 all qualify; signed 16-bit
	 * values are read as ImageJ displays them).
	 *
	 * @throws IllegalArgumentException if the image has two or more distinct
	 *           non-zero values (the first two are named) or is RGB,
	 *           multi-channel or a time-lapse
	 */
	public static Mask mask(final ImagePlus imp, final String name) {
		return BinaryMasks.of(stored(imp, name), name);
	}

	/**
	 * A sample from open images: the model's output (a score map, or a binary
	 * prediction when {@code isScores} is false) and an optional ground truth.
	 *
	 * @throws IllegalArgumentException as {@link #scores}, {@link #mask} and
	 *           {@link Sample#of} (images named by their titles)
	 */
	public static Sample sample(final ImagePlus image, final boolean isScores,
		final ImagePlus truth)
	{
		final String title = image.getTitle();
		final ScalarImage s = isScores ? scores(image, title) : null;
		final Mask p = isScores ? null : mask(image, title);
		final Mask y = truth == null ? null : mask(truth, truth.getTitle());
		return Sample.of(title, s, p, y);
	}

	/** An 8-bit 0/255 image of a mask (a stack for 3-D), with its spacing. */
	public static ImagePlus image(final Mask mask, final String title) {
		final Grid g = mask.grid();
		final int w = g.size(0), h = g.size(1), plane = w * h;
		final int depth = g.count() / plane;
		final ImageStack stack = new ImageStack(w, h);
		final boolean[] v = mask.voxels();
		for (int z = 0; z < depth; z++) {
			final byte[] b = new byte[plane];
			for (int i = 0; i < plane; i++)
				if (v[z * plane + i]) b[i] = (byte) 255;
			stack.addSlice(new ByteProcessor(w, h, b));
		}
		return calibrated(new ImagePlus(title, stack), g);
	}

	/** A 32-bit image of a scalar image (a stack for 3-D), with its spacing. */
	public static ImagePlus image(final ScalarImage img, final String title) {
		final Grid g = img.grid();
		final int w = g.size(0), h = g.size(1), plane = w * h;
		final int depth = g.count() / plane;
		final ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < depth; z++) {
			final float[] f = new float[plane];
			System.arraycopy(img.values(), z * plane, f, 0, plane);
			stack.addSlice(new FloatProcessor(w, h, f));
		}
		return calibrated(new ImagePlus(title, stack), g);
	}

	/** The grid of an ImagePlus: width x height (x depth), spacing from its calibration. */
	public static Grid grid(final ImagePlus imp, final String name) {
		if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256) {
			throw new IllegalArgumentException(name + " is a colour image: convert it to 8-bit, 16-bit or 32-bit grey first");
		}
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			throw new IllegalArgumentException(name + " has " + imp.getNChannels() + " channels and " + imp
				.getNFrames() + " frames: split it into single-channel, single-time-point images first");
		}
		return spatialGrid(imp);
	}

	/**
	 * The grid of an image's planes, whatever its channels: width x height (x
	 * slices, for more than one), spacing from its calibration.
	 */
	static Grid spatialGrid(final ImagePlus imp) {
		final Calibration c = imp.getCalibration();
		final int depth = imp.getNSlices();
		final double sx = spacing(c.pixelWidth), sy = spacing(c.pixelHeight), sz = spacing(c.pixelDepth);
		return depth == 1 ? Grid.of(new long[] { imp.getWidth(), imp.getHeight() }, new double[] { sx,
			sy }) : Grid.of(new long[] { imp.getWidth(), imp.getHeight(), depth }, new double[] { sx, sy,
				sz });
	}

	private static double spacing(final double s) {
		return s > 0 && !Double.isInfinite(s) ? s : 1;
	}

	private static ImagePlus calibrated(final ImagePlus imp, final Grid g) {
		final Calibration c = imp.getCalibration();
		c.pixelWidth = g.spacing(0);
		c.pixelHeight = g.spacing(1);
		if (g.numDimensions() > 2) c.pixelDepth = g.spacing(2);
		return imp;
	}
}
