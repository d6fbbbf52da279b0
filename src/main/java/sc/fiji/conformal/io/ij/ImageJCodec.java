package sc.fiji.conformal.io.ij;

import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.GreyPng;
import sc.fiji.conformal.io.ImageCodec;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.ImageFormat;
import sc.fiji.conformal.io.StoredImage;
import sc.fiji.conformal.io.VoxelType;

/**
 * TIFF and PNG through ImageJ 1.x, the codec {@link ImageJFiles} plugs into
 * the io registry for both formats. Decodes a file's bytes as ImageJ opens
 * the file, into the voxel type ImageJ holds ({@link ImagePlusBridge#stored}):
 * 8-bit uint8, 16-bit uint16 (int16 for a signed TIFF, without ImageJ's
 * offset of 32768), 32-bit float32, except that a 32-bit <em>integer</em>
 * TIFF, which ImageJ converts to float, is int32 (exact up to 2^24, where
 * ImageJ's float conversion rounds; ImageJ 1.54 reads unsigned 32-bit TIFFs
 * as signed). Writes masks as 8-bit 0/255 TIFF or PNG as ImageJ's
 * {@code FileSaver} does ({@link ImageJEncoder}), through
 * {@link AtomicWrite}.
 */
final class ImageJCodec implements ImageCodec {

	@Override
	public StoredImage decode(final InputStream in, final Path file) throws IOException {
		final byte[] bytes = in.readAllBytes();
		if (startsWith(bytes, 137, 'P', 'N', 'G')) {
			checkPngSize(bytes, file);
			// the common grey PNGs without ImageIO and without starting ImageJ: the same values
			// (ImageJ's "open using plugins" option would hand them to a plugin that reads them
			// alike), a fraction of the cost
			final StoredImage grey = GreyPng.decode(bytes);
			if (grey != null) return grey;
		}
		final ImagePlus imp = open(bytes, file);
		asShown(imp, file);
		final StoredImage stored = ImagePlusBridge.stored(imp, file.toString());
		final FileInfo info = imp.getOriginalFileInfo();
		if (imp.getBitDepth() == 32 && info != null) {
			// ImageJ holds 32-bit integer TIFFs as float: the file's type decides the score rule
			if (info.fileType == FileInfo.GRAY32_INT) {
				return StoredImage.of(stored.grid(), VoxelType.INT32, stored::stored);
			}
			if (info.fileType == FileInfo.GRAY32_UNSIGNED) {
				return StoredImage.of(stored.grid(), VoxelType.UINT32, stored::stored);
			}
		}
		return stored;
	}

	/**
	 * Makes an opened image's values those the file shows where ImageJ keeps
	 * other ones (issue 12): a PNG's palette indices become the palette's
	 * greys when the palette is grey and increasing over the indices used (1-,
	 * 2- and 4-bit greyscale PNGs are such palettes: 4-bit v becomes 17 v), and
	 * any other palette (inverted, coloured) is refused, as what it shows and
	 * what it stores disagree; a WhiteIsZero TIFF (photometric 0) not written
	 * by ImageJ is inverted (8-bit 255 − v, 16-bit 65535 − v; 32-bit refused).
	 * ImageJ writes an image with an inverting LUT as WhiteIsZero and means
	 * its stored values (its binary masks: 255 is object, shown black), so
	 * its own files are read as ImageJ reads them.
	 *
	 * @throws IllegalArgumentException naming the file and the palette or
	 *           photometric interpretation it cannot read
	 */
	private static void asShown(final ImagePlus imp, final Path file) {
		final FileInfo info = imp.getOriginalFileInfo();
		if (ImageFormat.find(file) == ImageFormat.PNG && imp.getBitDepth() == 8 && imp
			.getStackSize() == 1 && imp.getProcessor().getColorModel() instanceof IndexColorModel)
		{
			throughPalette(imp, file);
		}
		else if (info != null && info.whiteIsZero && (info.description == null || !info.description
			.startsWith("ImageJ")))
		{
			invert(imp, file);
		}
	}

	private static void throughPalette(final ImagePlus imp, final Path file) {
		final IndexColorModel cm = (IndexColorModel) imp.getProcessor().getColorModel();
		final byte[] p = (byte[]) imp.getProcessor().getPixels();
		final boolean[] used = new boolean[256];
		for (final byte v : p)
			used[v & 0xff] = true;
		int last = -1, lastIndex = -1;
		boolean identity = true;
		for (int i = 0; i < 256; i++) {
			if (!used[i]) continue;
			final int r = cm.getRed(i), g = cm.getGreen(i), b = cm.getBlue(i);
			if (r != g || g != b || r < last) {
				throw new IllegalArgumentException(file + ": its palette " + (r != g || g != b
					? "has colours (index " + i + " shows red " + r + ", green " + g + ", blue " + b + ")"
					: "is not increasing (index " + lastIndex + " shows grey " + last + ", index " + i +
						" grey " + r + ": inverted?)") + ", so what it shows and the numbers it stores " +
					"disagree; save it as greyscale without a palette (in ImageJ: Image > Lookup Tables > " +
					"Grays, after Edit > Invert if it showed inverted)");
			}
			identity &= r == i;
			last = r;
			lastIndex = i;
		}
		if (identity) return;
		for (int i = 0; i < p.length; i++)
			p[i] = (byte) cm.getRed(p[i] & 0xff);
	}

	private static void invert(final ImagePlus imp, final Path file) {
		final int bits = imp.getBitDepth();
		if (bits != 8 && bits != 16) {
			throw new IllegalArgumentException(file + ": a " + bits + "-bit WhiteIsZero TIFF " +
				"(photometric 0) has no maximum to read it against; save it as BlackIsZero");
		}
		final ImageStack stack = imp.getStack();
		for (int z = 1; z <= stack.getSize(); z++) {
			final Object pixels = stack.getPixels(z);
			if (pixels instanceof byte[]) {
				final byte[] p = (byte[]) pixels;
				for (int i = 0; i < p.length; i++)
					p[i] = (byte) (255 - (p[i] & 0xff));
			}
			else {
				final short[] p = (short[]) pixels;
				for (int i = 0; i < p.length; i++)
					p[i] = (short) (65535 - (p[i] & 0xffff));
			}
		}
	}

	/** Ignores {@code like}: TIFF and PNG hold no placement in the world. */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		final boolean png = ImageFormat.find(file) == ImageFormat.PNG;
		if (png && mask.grid().numDimensions() > 2) {
			// ImageJ would silently save the first slice only
			throw new IllegalArgumentException("cannot write the " + mask.grid() + " mask to " + file +
				": PNG holds one 2-D image; use .tif or .nii.gz for 3-D masks");
		}
		final ImagePlus imp = ImagePlusBridge.image(mask, ImageFiles.baseName(file));
		AtomicWrite.write(file, overwrite, out -> {
			if (png) ImageJEncoder.png(imp, out);
			else ImageJEncoder.tiff(imp, out);
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
		ImageFiles.checkVoxels(file.toString(), layout[0].width, layout[0].height, layout.length > 1
			? layout.length : Math.max(1, layout[0].nImages));
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
		checkPngSize(bytes, file);
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

	/**
	 * Refuses, before ImageIO allocates the image, a PNG whose header claims
	 * more voxels than one image may have ({@link ImageFiles#checkVoxels}) or
	 * more bytes of rows than its compressed data can hold at deflate's
	 * largest ratio (1032:1). A broken header is left to ImageIO to report.
	 */
	private static void checkPngSize(final byte[] b, final Path file) {
		if (b.length < 26 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') return;
		final long w = readInt(b, 16), h = readInt(b, 20);
		if (w < 1 || h < 1) return;
		ImageFiles.checkVoxels(file.toString(), w, h);
		final int bits = b[24] & 0xff;
		final int channels = new int[] { 1, 0, 3, 1, 2, 0, 4 }[Math.min(6, b[25] & 0xff)];
		final long rowBytes = (w * Math.max(1, channels) * bits + 7) / 8 + 1;
		if (rowBytes * h > 1032L * b.length) {
			throw new IllegalArgumentException(file + ": truncated: its header claims " + w + "x" + h +
				" pixels (" + rowBytes * h + " bytes of rows), more than its " + b.length +
				" bytes can hold compressed");
		}
	}

	private static long readInt(final byte[] b, final int at) {
		return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) |
			(b[at + 3] & 0xff);
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
