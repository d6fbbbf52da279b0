package sc.fiji.conformal.io.ij;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.NiftiVolume;

/**
 * A NIfTI-1 file as an ImageJ 1.x image, read by {@link Nifti}: 2-D, 3-D (a
 * stack) or 4-D (a hyperstack whose channels are the fourth axis, e.g. the
 * classes of a probability map), with the voxel spacing and its unit in the
 * calibration. Values keep what the score and mask rules read from the file
 * ({@link sc.fiji.conformal.io.ScoreScaling}), so a score map gives the same
 * scores opened here as read from its file: unscaled uint8 stays 8-bit,
 * unscaled uint16 16-bit, unscaled int16 16-bit with ImageJ's signed
 * calibration; everything else (a file with {@code scl_slope}, floating
 * point, other integer types) becomes 32-bit with the scaling applied.
 */
public final class NiftiImages {

	private NiftiImages() {}

	/**
	 * Opens a {@code .nii} or {@code .nii.gz} file, titled with its name.
	 *
	 * @throws IOException naming the file and the problem (as
	 *           {@link Nifti#read(Path)}), or if it has more than 4 dimensions
	 */
	public static ImagePlus open(final Path file) throws IOException {
		final NiftiVolume v = Nifti.read(file);
		final ImagePlus imp = image(v, file.getFileName().toString(), file.toString());
		final String unit = Nifti.placement(file).spatialUnit();
		imp.getCalibration().setUnit(unit.isEmpty() ? "pixel" : unit);
		return imp;
	}

	/** The image of a volume; {@code name} names it in errors. */
	static ImagePlus image(final NiftiVolume v, final String title, final String name)
		throws IOException
	{
		final Grid g = v.grid();
		final int n = g.numDimensions();
		if (n > 4) {
			throw new IOException(name + " has " + n +
				" dimensions: ImageJ opens NIfTI images of 2 to 4 dimensions (the fourth as channels)");
		}
		final int w = g.size(0), h = g.size(1), plane = w * h;
		final int depth = n > 2 ? g.size(2) : 1;
		final int channels = n > 3 ? g.size(3) : 1;
		final boolean scaled = v.slope() != 1 || v.intercept() != 0;
		final NiftiVolume.Datatype t = v.datatype();
		final boolean bytes = !scaled && t == NiftiVolume.Datatype.UINT8;
		final boolean shorts = !scaled && (t == NiftiVolume.Datatype.UINT16 ||
			t == NiftiVolume.Datatype.INT16);
		final boolean signed = t == NiftiVolume.Datatype.INT16;
		final ImageStack stack = new ImageStack(w, h, depth * channels);
		for (int c = 0; c < channels; c++)
			for (int z = 0; z < depth; z++) {
				final int offset = (c * depth + z) * plane;
				final ImageProcessor pixels;
				if (bytes) {
					final byte[] b = new byte[plane];
					for (int i = 0; i < plane; i++)
						b[i] = (byte) v.get(offset + i);
					pixels = new ByteProcessor(w, h, b);
				}
				else if (shorts) {
					final short[] s = new short[plane];
					for (int i = 0; i < plane; i++)
						s[i] = (short) ((int) v.get(offset + i) + (signed ? 32768 : 0));
					pixels = new ShortProcessor(w, h, s, null);
				}
				else {
					final float[] f = new float[plane];
					for (int i = 0; i < plane; i++)
						f[i] = (float) v.get(offset + i);
					pixels = new FloatProcessor(w, h, f);
				}
				// ImageJ orders a hyperstack's planes channel fastest
				stack.setProcessor(pixels, 1 + c + z * channels);
			}
		final ImagePlus imp = new ImagePlus(title, stack);
		if (channels > 1) {
			imp.setDimensions(channels, depth, 1);
			imp.setOpenAsHyperStack(true);
		}
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = g.spacing(0);
		cal.pixelHeight = g.spacing(1);
		if (n > 2) cal.pixelDepth = g.spacing(2);
		if (shorts && signed) cal.setSigned16BitCalibration();
		imp.resetDisplayRange();
		return imp;
	}
}
