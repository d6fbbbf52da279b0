package sc.fiji.conformal.io.ij;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;

/**
 * Encodes an image as PNG or TIFF to a stream, with the bytes ImageJ 1.x's
 * {@link FileSaver} writes to a file, but with every failed write an
 * {@link IOException}: {@code FileSaver.saveAsPng} returns true even when the
 * write failed (on a full disk it leaves an empty file), and its TIFF writer
 * reports a failure only as a dialog and {@code false}. Writing through a
 * stream lets {@link sc.fiji.conformal.io.AtomicWrite} check and place the
 * file.
 */
public final class ImageJEncoder {

	private ImageJEncoder() {}

	/**
	 * An 8-bit grey or RGB image (one plane) as PNG, as ImageJ's PNG writer
	 * encodes it (ImageIO's PNG writer, default settings, with ImageJ's
	 * {@code BufferedImage} of the image).
	 *
	 * @throws IllegalArgumentException for a stack
	 * @throws IOException if writing to {@code out} fails
	 */
	public static void png(final ImagePlus imp, final OutputStream out) throws IOException {
		if (imp.getStackSize() > 1) {
			throw new IllegalArgumentException("PNG holds one 2-D image; " + imp.getTitle() + " has " +
				imp.getStackSize() + " slices");
		}
		final Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
		if (!writers.hasNext()) throw new IOException("this Java has no PNG writer");
		final ImageWriter writer = writers.next();
		try {
			// in memory, not ImageIO's default cache file in the temp folder
			final ImageOutputStream ios = new MemoryCacheImageOutputStream(out);
			writer.setOutput(ios);
			writer.write(imp.getBufferedImage());
			ios.close(); // flushes the cache to out: a failed write throws here
		}
		catch (final IIOException e) {
			// "I/O error writing PNG file!": the cause says what happened
			if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
			throw e;
		}
		finally {
			writer.dispose();
		}
		out.flush();
	}

	/**
	 * An image or a stack as TIFF, as {@code FileSaver.saveAsTiff} (or
	 * {@code saveAsTiffStack}) encodes it: ImageJ's description (with the
	 * slices and the voxel spacing, which ImageJ reads back), slice labels and
	 * properties.
	 *
	 * @throws IOException if writing to {@code out} fails
	 */
	public static void tiff(final ImagePlus imp, final OutputStream out) throws IOException {
		final FileSaver saver = new FileSaver(imp);
		final FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = saver.getDescriptionString();
		if (fi.nImages > 1) fi.sliceLabels = imp.getStack().getSliceLabels();
		else {
			final String label = imp.hasImageStack() ? imp.getStack().getSliceLabel(1) : null;
			if (label != null) fi.sliceLabels = new String[] { label };
		}
		fi.properties = imp.getPropertiesAsArray();
		new TiffEncoder(fi).write(out);
		out.flush();
	}
}
