package sc.fiji.conformal.ij;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * Writes a small synthetic dataset as 8-bit PNGs (scores round(s·255), masks
 * 0/255) with javax.imageio, so no ImageJ class is loaded by the writer.
 */
final class PngDataset {

	private PngDataset() {}

	/**
	 * Writes {@code n} 32x32 pairs named 0000.png, ... and returns the dilation
	 * (cross, full coverage) λ̂ at {@code alpha} that the engine gives on the
	 * quantised scores.
	 */
	static double write(final File scores, final File masks, final int n, final long seed,
		final double alpha) throws IOException
	{
		scores.mkdirs();
		masks.mkdirs();
		final List<Sample> quantised = new ArrayList<>();
		for (final Sample s : new SyntheticDataset(n, seed, 32, 32)) {
			final float[] v = s.scores().values();
			final float[] q = new float[v.length];
			final BufferedImage si = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
			final BufferedImage mi = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
			final WritableRaster sr = si.getRaster();
			final WritableRaster mr = mi.getRaster();
			for (int i = 0; i < v.length; i++) {
				final int b = Math.round(v[i] * 255);
				q[i] = b / 255f;
				sr.setSample(i % 32, i / 32, 0, b);
				mr.setSample(i % 32, i / 32, 0, s.truth().get(i) ? 255 : 0);
			}
			final String name = s.id().replace("synthetic/", "") + ".png";
			ImageIO.write(si, "png", new File(scores, name));
			ImageIO.write(mi, "png", new File(masks, name));
			quantised.add(Sample.of(s.id(), new ScalarImage(s.grid(), q), null, s.truth()));
		}
		return Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(alpha).build(), quantised)
			.outer().lambda();
	}
}
