package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileOpener;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.ImageFiles.Hashed;

/**
 * TIFF and PNG files decoded from their bytes ({@link ImageJCodec#open}) give
 * exactly the image ImageJ 1.x gives when it opens the file itself
 * ({@code Opener.openImage}, the way the plugin read files before): same type,
 * bit depth, dimensions, spacing and pixels, for files written by ImageJ and
 * by ImageIO's TIFF and PNG writers (8/16/32-bit, RGB, palettes with and
 * without transparency, grey with alpha, 1 and 2 bits per pixel, stacks,
 * LZW/Deflate/PackBits, several strips, several pages, big-endian), and a
 * JPEG named {@code .png}. Files ImageJ cannot open are errors naming them,
 * and the hash given with a read is the SHA-256 of the file.
 */
public class ImageJBytesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	public void bytesDecodeAsImageJOpensTheFile() throws IOException {
		final Map<String, Path> files = variants();
		for (final Map.Entry<String, Path> e : files.entrySet()) {
			final Path f = e.getValue();
			final ImagePlus expected = opener().openImage(f.toString());
			assertTrue(e.getKey() + ": ImageJ opens it", expected != null);
			final ImagePlus got = ImageJCodec.open(Files.readAllBytes(f), f);
			assertSame(e.getKey(), expected, got);
		}
		assertTrue(files.size() >= 30);
	}

	@Test
	public void filesImageJCannotOpenAreErrorsNamingThem() throws IOException {
		final Path dir = tmp.newFolder("bad").toPath();
		final Path tiff = tmp.getRoot().toPath().resolve("good.tif");
		assertTrue(new FileSaver(new ImagePlus("t", new ByteProcessor(40, 30, random(1200, 1))))
			.saveAsTiff(tiff.toString()));
		final byte[] t = Files.readAllBytes(tiff);
		final Map<String, byte[]> bad = new LinkedHashMap<>();
		bad.put("empty.tif", new byte[0]);
		bad.put("magic.tif", new byte[] { 'I', 'I', 42, 0 });
		bad.put("header.tif", Arrays.copyOf(t, 8));
		bad.put("ifd.tif", Arrays.copyOf(t, 20));
		bad.put("badifd.tif", badIfdOffset(t));
		bad.put("text.png", "not an image at all".getBytes("UTF-8"));
		final byte[] png = pngBytes(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY));
		bad.put("magic.png", Arrays.copyOf(png, 8));
		bad.put("half.png", Arrays.copyOf(png, png.length / 2));
		for (final Map.Entry<String, byte[]> e : bad.entrySet()) {
			final Path f = dir.resolve(e.getKey());
			Files.write(f, e.getValue());
			final ImagePlus before = opener().openImage(f.toString());
			assertTrue(e.getKey() + ": ImageJ cannot open it", before == null || before.getWidth() == 0);
			for (final boolean mask : new boolean[] { false, true }) {
				try {
					if (mask) new ImageJFiles().readMask(f);
					else new ImageJFiles().readScores(f);
					fail(e.getKey() + ": read");
				}
				catch (final IOException x) {
					assertTrue(x.getMessage(), x.getMessage().contains(f.toString()));
					assertTrue(x.getMessage(), x.getMessage().contains("cannot open it") || x.getMessage()
						.contains("truncated TIFF"));
				}
			}
		}
	}

	/**
	 * A TIFF cut short is an error naming it, never a silently shorter stack or
	 * zero pixels (which is what ImageJ's decoder makes of it).
	 */
	@Test
	public void truncatedTiffsAreErrors() throws IOException {
		final Path dir = tmp.newFolder("cut").toPath();
		int tiffs = 0;
		for (final Map.Entry<String, Path> e : variants().entrySet()) {
			final byte[] whole = Files.readAllBytes(e.getValue());
			if (whole[0] != 'I' && whole[0] != 'M') continue;
			tiffs++;
			for (final double keep : new double[] { 0.97, 0.9, 0.6, 0.3 }) {
				final Path f = dir.resolve("cut" + tiffs + "-" + keep + ".tif");
				Files.write(f, Arrays.copyOf(whole, (int) (whole.length * keep)));
				try {
					new ImageJFiles().readScores(f);
					fail(e.getKey() + " cut to " + keep + ": read");
				}
				catch (final IOException x) {
					assertTrue(x.getMessage(), x.getMessage().contains(f.toString()));
					assertTrue(x.getMessage(), x.getMessage().contains("truncated") || x.getMessage()
						.contains("cannot open it"));
				}
			}
		}
		assertTrue(tiffs >= 15);
	}

	/**
	 * A complete packed 10-bit TIFF (8x8: 80 bytes of pixels) opens as ImageJ
	 * opens it, and the same file cut inside its pixels is refused: the
	 * completeness check knows how many bytes ImageJ reads for 10 bits.
	 */
	@Test
	public void tenBitTiffsAreCheckedAsImageJReadsThem() throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(202).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
		b.putShort((short) 9); // entries: width, height, bits, compression, photometric,
		// strip offset, samples per pixel, rows per strip, strip byte count
		final int[][] entries = { { 256, 8 }, { 257, 8 }, { 258, 10 }, { 259, 1 }, { 262, 1 },
			{ 273, 122 }, { 277, 1 }, { 278, 8 }, { 279, 80 } };
		for (final int[] e : entries) {
			final boolean offsets = e[0] == 273 || e[0] == 279;
			b.putShort((short) e[0]).putShort((short) (offsets ? 4 : 3)).putInt(1);
			if (offsets) b.putInt(e[1]);
			else b.putShort((short) e[1]).putShort((short) 0);
		}
		b.putInt(0); // no next directory
		for (int i = 0; i < 80; i++)
			b.put((byte) (i * 37));
		final Path whole = tmp.getRoot().toPath().resolve("ten.tif");
		Files.write(whole, b.array());
		final ImagePlus expected = new FileOpener(new TiffDecoder(new ByteArrayInputStream(b.array()),
			"ten.tif").getTiffInfo()[0]).openImage();
		assertSame("10-bit", expected, ImageJCodec.open(b.array(), whole));
		final Path cut = tmp.getRoot().toPath().resolve("ten-cut.tif");
		Files.write(cut, Arrays.copyOf(b.array(), 160));
		try {
			new ImageJFiles().readScores(cut);
			fail("a 10-bit TIFF cut inside its pixels");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(cut.toString()) && e.getMessage().contains(
				"truncated TIFF"));
		}
	}

	@Test
	public void theHashIsTheSha256OfTheFile() throws Exception {
		final ImageJFiles reader = new ImageJFiles();
		final Path dir = tmp.newFolder("h").toPath();
		final Path png = dir.resolve("s.png");
		final Path tif = dir.resolve("s.tif");
		final Path nii = dir.resolve("m.nii.gz");
		final ImagePlus imp = new ImagePlus("s", new ByteProcessor(33, 17, random(33 * 17, 2)));
		assertTrue(new FileSaver(imp).saveAsPng(png.toString()));
		assertTrue(new FileSaver(imp).saveAsTiff(tif.toString()));
		final boolean[] v = new boolean[33 * 17];
		for (int i = 0; i < v.length; i += 3)
			v[i] = true;
		reader.writeMask(new Mask(Grid.of(33, 17), v), nii, false);
		for (final Path f : new Path[] { png, tif, nii }) {
			final String expected = String.format("%064x", new BigInteger(1, MessageDigest.getInstance(
				"SHA-256").digest(Files.readAllBytes(f))));
			final Hashed<?> scores = reader.readScoresHashed(f);
			final Hashed<?> mask = f == nii ? reader.readMaskHashed(f) : null;
			assertEquals(f.toString(), expected, scores.sha256());
			if (mask != null) assertEquals(f.toString(), expected, mask.sha256());
			assertEquals(f.toString(), expected, ImageFiles.sha256(f));
			assertEquals(f.toString(), expected, ImageFiles.readBytes(f).sha256());
		}
	}

	// -- the files --

	private Map<String, Path> variants() throws IOException {
		final Map<String, Path> out = new LinkedHashMap<>();
		final int w = 300, h = 200; // several strips in ImageIO's TIFFs
		// written by ImageJ
		final ImagePlus g8 = new ImagePlus("g8", new ByteProcessor(w, h, random(w * h, 3)));
		final short[] s = new short[w * h];
		final Random r = new Random(4);
		for (int i = 0; i < s.length; i++)
			s[i] = (short) r.nextInt(65536);
		final ImagePlus g16 = new ImagePlus("g16", new ShortProcessor(w, h, s, null));
		final float[] f = new float[w * h];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) r.nextGaussian();
		final ImagePlus g32 = new ImagePlus("g32", new FloatProcessor(w, h, f));
		g32.getCalibration().pixelWidth = 0.3;
		g32.getCalibration().pixelHeight = 0.4;
		g32.getCalibration().setUnit("mm");
		final ColorProcessor cp = new ColorProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			cp.set(i, r.nextInt());
		final ImagePlus rgb = new ImagePlus("rgb", cp);
		final ByteProcessor inverted = new ByteProcessor(w, h, random(w * h, 5));
		inverted.invertLut();
		final ByteProcessor fire = new ByteProcessor(w, h, random(w * h, 6));
		fire.setLut(LUT.createLutFromColor(java.awt.Color.ORANGE));
		for (final Object[] c : new Object[][] { { "g8", g8 }, { "g16", g16 }, { "rgb", rgb }, {
			"inverted", new ImagePlus("i", inverted) }, { "lut", new ImagePlus("l", fire) } })
		{
			out.put("ImageJ " + c[0] + ".tif", ij((ImagePlus) c[1], c[0] + ".tif"));
			out.put("ImageJ " + c[0] + ".png", ij((ImagePlus) c[1], c[0] + ".png"));
		}
		out.put("ImageJ g32.tif", ij(g32, "g32.tif"));
		for (final int bits : new int[] { 8, 16, 32 }) {
			final ImageStack stack = new ImageStack(40, 30);
			for (int z = 0; z < 5; z++) {
				final ImageProcessor p = bits == 8 ? new ByteProcessor(40, 30, random(1200, 10 + z))
					: bits == 16 ? new ShortProcessor(40, 30) : new FloatProcessor(40, 30);
				if (bits != 8) for (int i = 0; i < 1200; i++)
					p.setf(i, bits == 16 ? r.nextInt(65536) : (float) r.nextGaussian());
				stack.addSlice(p);
			}
			final ImagePlus st = new ImagePlus("stack", stack);
			st.getCalibration().pixelDepth = 2.5;
			out.put("ImageJ stack " + bits + ".tif", ij(st, "stack" + bits + ".tif"));
		}
		final ImagePlus hyper = new ImagePlus("h", ((ImagePlus) g8.clone()).getStack());
		final ImageStack two = new ImageStack(w, h);
		two.addSlice(g8.getProcessor().duplicate());
		two.addSlice(g8.getProcessor().duplicate());
		hyper.setStack(two, 2, 1, 1);
		out.put("ImageJ two channels.tif", ij(hyper, "two.tif"));

		// written by ImageIO: PNG
		out.put("PNG grey 8", png(gray(w, h, BufferedImage.TYPE_BYTE_GRAY, 20), "g8.png"));
		out.put("PNG grey 16", png(gray(w, h, BufferedImage.TYPE_USHORT_GRAY, 21), "g16.png"));
		out.put("PNG 1 bit", png(indexed(w, h, 1, false, 22), "b1.png"));
		out.put("PNG 2 bits", png(indexed(w, h, 2, false, 23), "b2.png"));
		out.put("PNG palette", png(indexed(w, h, 8, false, 24), "p.png"));
		out.put("PNG palette, transparency", png(indexed(w, h, 8, true, 25), "pt.png"));
		out.put("PNG RGB", png(rgb(w, h, BufferedImage.TYPE_3BYTE_BGR, 26), "rgb.png"));
		out.put("PNG RGBA", png(rgb(w, h, BufferedImage.TYPE_INT_ARGB, 27), "rgba.png"));
		out.put("PNG grey + alpha", png(component(w, h, ColorSpace.CS_GRAY, true,
			DataBuffer.TYPE_BYTE, 28), "ga.png"));
		out.put("PNG grey 16 + alpha", png(component(w, h, ColorSpace.CS_GRAY, true,
			DataBuffer.TYPE_USHORT, 29), "ga16.png"));
		out.put("PNG RGB 16", png(component(w, h, ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT,
			30), "rgb16.png"));
		out.put("JPEG named .png", write(gray(w, h, BufferedImage.TYPE_BYTE_GRAY, 31), "jpeg", null,
			"jpeg.png"));

		// written by ImageIO: TIFF
		final BufferedImage t8 = gray(w, h, BufferedImage.TYPE_BYTE_GRAY, 40);
		final BufferedImage t16 = gray(w, h, BufferedImage.TYPE_USHORT_GRAY, 41);
		for (final String c : new String[] { null, "LZW", "Deflate", "PackBits" }) {
			out.put("TIFF grey 8 " + c, write(t8, "tiff", c, "t8" + c + ".tif"));
			out.put("TIFF grey 16 " + c, write(t16, "tiff", c, "t16" + c + ".tif"));
		}
		out.put("TIFF RGB", write(rgb(w, h, BufferedImage.TYPE_3BYTE_BGR, 42), "tiff", null,
			"rgb.tif"));
		out.put("TIFF float", write(component(w, h, ColorSpace.CS_GRAY, false, DataBuffer.TYPE_FLOAT,
			43), "tiff", null, "f.tif"));
		out.put("TIFF palette", write(indexed(w, h, 8, false, 44), "tiff", null, "p.tif"));
		out.put("TIFF 1 bit", write(indexed(w, h, 1, false, 45), "tiff", null, "b1.tif"));
		for (final String c : new String[] { null, "LZW" }) {
			final List<BufferedImage> pages = new ArrayList<>();
			for (int z = 0; z < 4; z++)
				pages.add(gray(w, h, BufferedImage.TYPE_USHORT_GRAY, 50 + z));
			out.put("TIFF pages " + c, pages(pages, c, "pages" + c + ".tif"));
		}
		return out;
	}

	private Path ij(final ImagePlus imp, final String name) {
		final Path f = tmp.getRoot().toPath().resolve("ij-" + name);
		final FileSaver s = new FileSaver(imp);
		assertTrue(name, name.endsWith(".png") ? s.saveAsPng(f.toString()) : imp.getStackSize() > 1
			? s.saveAsTiffStack(f.toString()) : s.saveAsTiff(f.toString()));
		return f;
	}

	private Path png(final BufferedImage img, final String name) throws IOException {
		return write(img, "png", null, name);
	}

	private Path write(final BufferedImage img, final String format, final String compression,
		final String name) throws IOException
	{
		final Path f = tmp.getRoot().toPath().resolve("io-" + name);
		final ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
		final ImageWriteParam param = writer.getDefaultWriteParam();
		if (compression != null) {
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(compression);
		}
		try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(img, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return f;
	}

	private Path pages(final List<BufferedImage> pages, final String compression,
		final String name) throws IOException
	{
		final Path f = tmp.getRoot().toPath().resolve("io-" + name);
		final ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		final ImageWriteParam param = writer.getDefaultWriteParam();
		if (compression != null) {
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(compression);
		}
		try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
			writer.setOutput(out);
			writer.prepareWriteSequence(null);
			for (final BufferedImage p : pages)
				writer.writeToSequence(new IIOImage(p, null, null), param);
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
		return f;
	}

	private static byte[] pngBytes(final BufferedImage img) throws IOException {
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		assertTrue(ImageIO.write(img, "png", out));
		return out.toByteArray();
	}

	private static BufferedImage gray(final int w, final int h, final int type, final long seed) {
		final BufferedImage img = new BufferedImage(w, h, type);
		final Random r = new Random(seed);
		final WritableRaster raster = img.getRaster();
		final int max = type == BufferedImage.TYPE_USHORT_GRAY ? 65536 : 256;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				raster.setSample(x, y, 0, r.nextInt(max));
		return img;
	}

	private static BufferedImage rgb(final int w, final int h, final int type, final long seed) {
		final BufferedImage img = new BufferedImage(w, h, type);
		final Random r = new Random(seed);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				img.setRGB(x, y, r.nextInt());
		return img;
	}

	private static BufferedImage indexed(final int w, final int h, final int bits,
		final boolean alpha, final long seed)
	{
		final int n = 1 << bits;
		final byte[] red = new byte[n], green = new byte[n], blue = new byte[n], a = new byte[n];
		final Random r = new Random(seed);
		for (int i = 0; i < n; i++) {
			// a grey palette for 1 and 2 bits, colours for 8
			red[i] = (byte) (bits < 8 ? i * 255 / (n - 1) : r.nextInt(256));
			green[i] = bits < 8 ? red[i] : (byte) r.nextInt(256);
			blue[i] = bits < 8 ? red[i] : (byte) r.nextInt(256);
			a[i] = (byte) (i % 3 == 0 ? 0 : 255);
		}
		final IndexColorModel cm = alpha ? new IndexColorModel(bits, n, red, green, blue, a)
			: new IndexColorModel(bits, n, red, green, blue);
		final BufferedImage img = bits == 8 ? new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
			cm) : new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm);
		final WritableRaster raster = img.getRaster();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				raster.setSample(x, y, 0, r.nextInt(n));
		return img;
	}

	private static BufferedImage component(final int w, final int h, final int space,
		final boolean alpha, final int type, final long seed)
	{
		final ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(space), alpha,
			false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
		final WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
		final Random r = new Random(seed);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int b = 0; b < raster.getNumBands(); b++) {
					if (type == DataBuffer.TYPE_FLOAT) raster.setSample(x, y, b, (float) r.nextGaussian());
					else raster.setSample(x, y, b, r.nextInt(type == DataBuffer.TYPE_BYTE ? 256 : 65536));
				}
		return new BufferedImage(cm, raster, false, null);
	}

	/** A TIFF whose first IFD offset points past the end of the file. */
	private static byte[] badIfdOffset(final byte[] tiff) {
		final byte[] b = tiff.clone();
		b[4] = (byte) 0xff;
		b[5] = (byte) 0xff;
		b[6] = (byte) 0xff;
		b[7] = (byte) 0x0f;
		return b;
	}

	private static byte[] random(final int n, final long seed) {
		final byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		return b;
	}

	private static Opener opener() {
		final Opener o = new Opener();
		o.setSilentMode(true);
		return o;
	}

	/** Same type, bit depth, dimensions, spacing, composite mode, LUT and pixels. */
	private static void assertSame(final String what, final ImagePlus expected,
		final ImagePlus got)
	{
		assertEquals(what + " type", expected.getType(), got.getType());
		assertEquals(what + " bit depth", expected.getBitDepth(), got.getBitDepth());
		assertEquals(what + " size", Arrays.toString(expected.getDimensions()), Arrays.toString(got
			.getDimensions()));
		assertEquals(what + " composite", expected.isComposite(), got.isComposite());
		assertEquals(what + " pixel width", expected.getCalibration().pixelWidth, got
			.getCalibration().pixelWidth, 0);
		assertEquals(what + " pixel height", expected.getCalibration().pixelHeight, got
			.getCalibration().pixelHeight, 0);
		assertEquals(what + " pixel depth", expected.getCalibration().pixelDepth, got
			.getCalibration().pixelDepth, 0);
		assertEquals(what + " inverted LUT", expected.isInvertedLut(), got.isInvertedLut());
		final ImageStack a = expected.getStack(), b = got.getStack();
		for (int z = 1; z <= a.getSize(); z++) {
			final Object pa = a.getPixels(z), pb = b.getPixels(z);
			assertEquals(what + " slice " + z, pa.getClass(), pb.getClass());
			final boolean same = pa instanceof byte[] ? Arrays.equals((byte[]) pa, (byte[]) pb)
				: pa instanceof short[] ? Arrays.equals((short[]) pa, (short[]) pb)
					: pa instanceof int[] ? Arrays.equals((int[]) pa, (int[]) pb) : Arrays.equals(
						(float[]) pa, (float[]) pb);
			assertTrue(what + " slice " + z + " pixels", same);
		}
	}
}
