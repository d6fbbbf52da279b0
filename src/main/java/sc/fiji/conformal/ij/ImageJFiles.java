package sc.fiji.conformal.ij;

import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.BinaryMasks;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.ImageFiles.Hashed;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.NiftiPlacement;
import sc.fiji.conformal.io.NiftiVolume;

/**
 * Image files as Fiji users have them: TIFF and PNG through ImageJ 1.x
 * (spacing from the TIFF calibration), NIfTI-1 ({@code .nii}, {@code .nii.gz})
 * through our own reader and writer. Works headless. Each file is read once:
 * its bytes are decoded and hashed together ({@link ImageFiles#read}).
 */
public final class ImageJFiles implements ImageFileReader, ImageFileWriter {

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		return readScoresHashed(file).value();
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		return readMaskHashed(file).value();
	}

	@Override
	public Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		final String name = file.toString();
		return read(file, volume -> volume.toScores(name), imp -> ImagePlusBridge.scores(imp, name));
	}

	@Override
	public Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		final String name = file.toString();
		return read(file, volume -> BinaryMasks.of(volume.grid(), volume::get, name),
			imp -> ImagePlusBridge.mask(imp, name));
	}

	/**
	 * Reads a file once (see {@link ImageFiles#read}) and converts what it
	 * decodes to: NIfTI streamed through our reader, TIFF and PNG decoded from
	 * the file's bytes by {@link #open(byte[], Path)}.
	 */
	private static <T> Hashed<T> read(final Path file, final Function<NiftiVolume, T> fromNifti,
		final Function<ImagePlus, T> fromImageJ) throws IOException
	{
		final String name = file.toString();
		if (ImageFiles.isNifti(file)) {
			return ImageFiles.read(file, in -> fromNifti.apply(Nifti.read(in, name)));
		}
		return ImageFiles.read(file, in -> fromImageJ.apply(open(in.readAllBytes(), file)));
	}

	/**
	 * A NIfTI mask computed from a NIfTI image of the same sizes gets that
	 * image's placement in the world ({@link Nifti#placement}); otherwise as
	 * {@link #writeMask(Mask, Path, boolean)}.
	 */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		if (like != null && ImageFiles.isNifti(file) && ImageFiles.isNifti(like)) {
			final NiftiPlacement placement = Nifti.placement(like);
			if (placement.fits(mask.grid())) {
				Nifti.write(file, mask, overwrite, placement);
				return;
			}
		}
		writeMask(mask, file, overwrite);
	}

	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite)
		throws IOException
	{
		if (ImageFiles.isNifti(file)) {
			Nifti.write(file, mask, overwrite);
			return;
		}
		final String ext = ImageFiles.extension(file);
		final boolean png = ext != null && ext.toLowerCase(Locale.ROOT).equals(".png");
		if (png && mask.grid().numDimensions() > 2) {
			// ImageJ would silently save the first slice only
			throw new IllegalArgumentException("cannot write the " + mask.grid() + " mask to " + file +
				": PNG holds one 2-D image; use .tif or .nii.gz for 3-D masks");
		}
		final ImagePlus imp = ImagePlusBridge.image(mask, ImageFiles.baseName(file));
		ImageFiles.writeAtomically(file, overwrite, tmp -> {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = png ? saver.saveAsPng(tmp.toString()) : imp.getStackSize() > 1 ? saver
				.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
			if (!ok || !Files.isRegularFile(tmp)) throw new IOException("could not write " + file);
		});
	}

	/** What ImageJ 1.x opens a file's content as. */
	private enum Format {
		/** With ImageJ's TIFF decoder. */
		TIFF,
		/** With ImageIO. */
		PNG,
		/** With any other reader (DICOM, JPEG, Bio-Formats for OME-TIFF, ...), or none. */
		OTHER
	}

	/**
	 * Opens a TIFF or PNG file's bytes as ImageJ 1.x opens the file
	 * ({@code Opener.openImage}, silent): the content, not the name, picks the
	 * reader, as in {@code Opener.getFileType}. TIFF goes to ImageJ's TIFF
	 * decoder and PNG to ImageIO, both from the bytes. Content that ImageJ
	 * hands to another reader (a JPEG or DICOM file named {@code .tif}, an
	 * OME-TIFF, anything under ImageJ's "open using plugins" option) is opened
	 * by ImageJ from the file, which reads it a second time.
	 *
	 * @throws IOException naming the file if it cannot be decoded
	 */
	static ImagePlus open(final byte[] bytes, final Path file) throws IOException {
		if (bytes.length == 0) {
			throw new IOException(file + ": ImageJ cannot open it (the file is empty)");
		}
		final String title = file.getFileName().toString();
		switch (format(bytes, title)) {
			case TIFF:
				return openTiff(bytes, file, title);
			case PNG:
				return openPng(bytes, file, title);
			default:
				final Opener opener = new Opener();
				opener.setSilentMode(true);
				return opened(opener.openImage(file.toAbsolutePath().toString()), file, null);
		}
	}

	/** TIFF or PNG where {@code Opener.getFileType} says so for these bytes, else OTHER. */
	private static Format format(final byte[] b, final String name) {
		if (Opener.getOpenUsingPlugins()) return Format.OTHER;
		// "DICM" at 128 makes a DICOM file, or a combined TIFF and DICOM one
		if (b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
			return Format.OTHER;
		}
		if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)) {
			// Bio-Formats, when installed, opens OME-TIFF files
			return name.contains(".ome.tif") ? Format.OTHER : Format.TIFF;
		}
		return startsWith(b, 137, 'P', 'N', 'G') ? Format.PNG : Format.OTHER;
	}

	private static boolean startsWith(final byte[] b, final int... start) {
		if (b.length < start.length) return false;
		for (int i = 0; i < start.length; i++)
			if ((b[i] & 0xff) != start[i]) return false;
		return true;
	}

	/**
	 * ImageJ's TIFF decoder on the bytes. The layout is read first on its own,
	 * so that a broken file is reported here, naming it and the problem,
	 * instead of by ImageJ's error dialog (which also ends a running macro).
	 */
	private static ImagePlus openTiff(final byte[] bytes, final Path file, final String title)
		throws IOException
	{
		final FileInfo[] layout;
		try {
			layout = new TiffDecoder(new ByteArrayInputStream(bytes), title).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException(file + ": ImageJ cannot open it as a TIFF (" + e.getMessage() + ")",
				e);
		}
		if (layout == null) {
			throw new IOException(file + ": ImageJ cannot open it as a TIFF (it holds no image)");
		}
		TiffCompleteness.check(bytes, layout, file);
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		return opened(opener.openTiff(new ByteArrayInputStream(bytes), title), file, "TIFF");
	}

	/**
	 * ImageIO on the bytes (in memory: no cache file), then what ImageJ does
	 * to an image ImageIO read ({@code Opener.openUsingImageIO}): images with
	 * transparency, and 8-bit images of no standard type (grey with alpha, 2
	 * and 4 bits per pixel), are painted onto white as RGB; 16-bit images with
	 * several channels become composite images.
	 */
	private static ImagePlus openPng(final byte[] bytes, final Path file, final String title)
		throws IOException
	{
		BufferedImage img;
		try {
			// ImageIO.read closes the stream
			img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException(file + ": ImageJ cannot open it as a PNG (" + e.getMessage() + ")",
				e);
		}
		if (img == null) return opened(null, file, "PNG");
		final boolean custom8Bit = img.getType() == BufferedImage.TYPE_CUSTOM && img.getSampleModel()
			.getDataType() == DataBuffer.TYPE_BYTE;
		if (img.getColorModel().hasAlpha() || custom8Bit) {
			final BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(),
				BufferedImage.TYPE_INT_ARGB);
			final Graphics g = rgb.getGraphics();
			g.setColor(Color.white);
			g.fillRect(0, 0, img.getWidth(), img.getHeight());
			g.drawImage(img, 0, 0, null);
			g.dispose();
			img = rgb;
		}
		final ImagePlus imp = new ImagePlus(title, img);
		return opened(imp.getBitDepth() == 16 && imp.getStackSize() > 1 ? new CompositeImage(imp,
			IJ.COMPOSITE) : imp, file, "PNG");
	}

	private static ImagePlus opened(final ImagePlus imp, final Path file, final String format)
		throws IOException
	{
		if (imp == null || imp.getWidth() == 0) {
			throw new IOException(file + ": ImageJ cannot open it (" + (format == null
				? "not a readable TIFF or PNG?" : "not a readable " + format) + ")");
		}
		return imp;
	}
}
