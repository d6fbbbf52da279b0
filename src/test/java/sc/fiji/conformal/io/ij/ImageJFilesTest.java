package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.ImageFormat;

/**
 * ImageJ 1.x files, headless: score maps and masks written by ImageJ's own
 * {@link FileSaver} (8-, 16- and 32-bit TIFF, 8- and 16-bit PNG, a calibrated
 * 3-D stack) read back with the right scaling and spacing; signed 16-bit and
 * 32-bit integer TIFFs (written byte by byte) scaled as int16 and int32, like
 * NIfTI; other extensions refused by name; binary masks in
 * every usual encoding; colour and non-binary images rejected by name; masks
 * written as TIFF, PNG and NIfTI read back bit-exactly; the no-copy bridge;
 * and overlay ROIs whose areas equal the masks' voxel counts.
 */
public class ImageJFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ImageJFiles files = new ImageJFiles();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	// -- Score maps --

	@Test
	public void eightBitScoresAreValueOver255() throws IOException {
		final byte[] px = randomBytes(13 * 7, 1);
		for (final String ext : new String[] { ".tif", ".png" }) {
			final Path f = save(new ImagePlus("s", new ByteProcessor(13, 7, px.clone())), "s8" + ext);
			final ScalarImage s = files.readScores(f);
			assertEquals(ext, Grid.of(13, 7), s.grid());
			for (int i = 0; i < px.length; i++)
				assertEquals(ext + " voxel " + i, (px[i] & 0xff) / 255.0, s.get(i), 1e-7);
		}
	}

	@Test
	public void sixteenBitScoresAreValueOver65535() throws IOException {
		final short[] px = new short[11 * 9];
		final Random r = new Random(2);
		for (int i = 0; i < px.length; i++)
			px[i] = (short) r.nextInt(65536);
		px[0] = (short) 65535;
		px[1] = 0;
		for (final String ext : new String[] { ".tif", ".png" }) {
			final Path f = save(new ImagePlus("s", new ShortProcessor(11, 9, px.clone(), null)), "s16" +
				ext);
			final ScalarImage s = files.readScores(f);
			assertEquals(ext, Grid.of(11, 9), s.grid());
			for (int i = 0; i < px.length; i++)
				assertEquals(ext + " voxel " + i, (px[i] & 0xffff) / 65535.0, s.get(i), 1e-7);
			assertEquals(1f, s.get(0), 0f);
			assertEquals(0f, s.get(1), 0f);
		}
	}

	@Test
	public void floatScoresAreReadAsIs() throws IOException {
		final float[] px = new float[10 * 6];
		final Random r = new Random(3);
		for (int i = 0; i < px.length; i++)
			px[i] = (float) (r.nextGaussian() * 5);
		final Path f = save(new ImagePlus("s", new FloatProcessor(10, 6, px.clone())), "s32.tif");
		assertArrayEquals(px, files.readScores(f).values(), 0f);
	}

	/**
	 * A signed 16-bit TIFF (SampleFormat 2) is int16: value/32767, as a NIfTI
	 * int16 file is. (ImageJ adds 32768 to such pixels and calibrates them back;
	 * reading the raw pixels as value/65535 used to shift every score by
	 * about 0.5.) A negative value is refused by name; a 0/1 mask is a mask.
	 */
	@Test
	public void signed16BitTiffScoresAreValueOver32767() throws IOException {
		final long[] v = { 0, 1, 16384, 32767, 1000, 0 };
		final Path f = tmp.getRoot().toPath().resolve("signed.tif");
		Files.write(f, tiff(16, 2, 3, 2, v));
		final ScalarImage s = files.readScores(f);
		for (int i = 0; i < v.length; i++)
			assertEquals("voxel " + i, (float) (v[i] / 32767.0), s.get(i), 0);
		assertEquals("0 is score 0, not 32768/65535", 0f, s.get(0), 0);
		final Path nii = tmp.getRoot().toPath().resolve("signed.nii");
		Files.write(nii, niftiInt16(3, 2, v));
		assertArrayEquals("the same as int16 NIfTI", files.readScores(nii).values(), s.values(), 0);

		final Path neg = tmp.getRoot().toPath().resolve("negative.tif");
		Files.write(neg, tiff(16, 2, 3, 2, new long[] { 0, 5, -3, 0, 0, 0 }));
		try {
			files.readScores(neg);
			fail("read a negative int16 score");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(neg + " has a negative score -3 at (2, 0)"));
		}

		final Path mask = tmp.getRoot().toPath().resolve("mask.tif");
		Files.write(mask, tiff(16, 2, 3, 2, new long[] { 0, 1, 1, 0, 0, 1 }));
		assertArrayEquals(new boolean[] { false, true, true, false, false, true }, files.readMask(mask)
			.voxels());
	}

	/** An open signed 16-bit image follows the same rule as the file. */
	@Test
	public void anOpenSigned16BitImageIsInt16() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("signed.tif");
		Files.write(f, tiff(16, 2, 3, 2, new long[] { 0, 1, 16384, 32767, 1000, 0 }));
		final ImagePlus imp = new Opener().openImage(f.toString());
		assertTrue("ImageJ calibrates it as signed", imp.getCalibration().isSigned16Bit());
		assertArrayEquals(files.readScores(f).values(), ImagePlusBridge.scores(imp, "signed").values(),
			0);
		assertEquals(sc.fiji.conformal.io.VoxelType.INT16, ImagePlusBridge.stored(imp, "signed").type());
	}

	/**
	 * A 32-bit integer TIFF, which ImageJ opens as 32-bit float, is int32:
	 * value/2147483647, as a NIfTI int32 file is; a float TIFF stays as stored.
	 */
	@Test
	public void thirtyTwoBitIntegerTiffScoresAreValueOver2147483647() throws IOException {
		final long[] v = { 0, 1, 1 << 20, 1 << 24, 1000, 7 };
		final Path f = tmp.getRoot().toPath().resolve("int32.tif");
		Files.write(f, tiff(32, 2, 3, 2, v));
		final ScalarImage s = files.readScores(f);
		for (int i = 0; i < v.length; i++)
			assertEquals("voxel " + i, (float) (v[i] / 2147483647.0), s.get(i), 0);
		final Path g = tmp.getRoot().toPath().resolve("float.tif");
		Files.write(g, tiff(32, 3, 3, 2, v));
		for (int i = 0; i < v.length; i++)
			assertEquals("float voxel " + i, v[i], files.readScores(g).get(i), 0);
	}

	@Test
	public void everyFormatIsReadByTheRegistryAndOthersAreRefusedByName() throws IOException {
		assertEquals(java.util.EnumSet.allOf(ImageFormat.class), ImageJFiles.formats().formats());
		final Path jpg = tmp.getRoot().toPath().resolve("photo.jpg");
		assertTrue(new FileSaver(new ImagePlus("j", new ByteProcessor(4, 4))).saveAsJpeg(jpg
			.toString()));
		for (final boolean mask : new boolean[] { false, true }) {
			try {
				if (mask) files.readMask(jpg);
				else files.readScores(jpg);
				fail("read a JPEG");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(jpg + ": unknown image format"));
			}
		}
	}

	@Test
	public void spacingComesFromTheTiffCalibration() throws IOException {
		final ImagePlus imp = new ImagePlus("s", new FloatProcessor(8, 5));
		imp.getCalibration().setUnit("mm");
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.25;
		final Path f = save(imp, "cal.tif");
		final Grid g = files.readScores(f).grid();
		assertEquals(2, g.numDimensions());
		assertArrayEquals(new double[] { 0.5, 0.25 }, g.spacing(), 1e-9);
	}

	@Test
	public void aCalibratedStackIsA3DImage() throws IOException {
		final int w = 6, h = 5, d = 4;
		final ImageStack stack = new ImageStack(w, h);
		final float[][] planes = new float[d][];
		final Random r = new Random(4);
		for (int z = 0; z < d; z++) {
			planes[z] = new float[w * h];
			for (int i = 0; i < w * h; i++)
				planes[z][i] = r.nextFloat();
			stack.addSlice(new FloatProcessor(w, h, planes[z].clone()));
		}
		final ImagePlus imp = new ImagePlus("stack", stack);
		imp.getCalibration().setUnit("mm");
		imp.getCalibration().pixelWidth = 0.7;
		imp.getCalibration().pixelHeight = 0.8;
		imp.getCalibration().pixelDepth = 2.5;
		final Path f = tmp.getRoot().toPath().resolve("stack.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(f.toString()));
		final ScalarImage s = files.readScores(f);
		assertEquals(Grid.of(new long[] { w, h, d }, new double[] { 0.7, 0.8, 2.5 }).toString(), s
			.grid().toString());
		assertArrayEquals("TIFF stores spacing as a rational", new double[] { 0.7, 0.8, 2.5 }, s
			.grid().spacing(), 1e-6);
		for (int z = 0; z < d; z++)
			for (int i = 0; i < w * h; i++)
				assertEquals(planes[z][i], s.get(z * w * h + i), 0f);
	}

	@Test
	public void nanScoresAreRejectedWithTheirPosition() throws IOException {
		final float[] px = new float[4 * 3];
		px[4 + 2] = Float.NaN; // (2, 1)
		final Path f = save(new ImagePlus("s", new FloatProcessor(4, 3, px)), "nan.tif");
		try {
			files.readScores(f);
			fail("read a NaN score");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains("NaN"));
			assertTrue(e.getMessage(), e.getMessage().contains("(2, 1)"));
		}
	}

	@Test
	public void colourImagesAreRejectedByName() throws IOException {
		final Path f = save(new ImagePlus("rgb", new ColorProcessor(5, 5)), "rgb.png");
		for (final boolean mask : new boolean[] { false, true }) {
			try {
				if (mask) files.readMask(f);
				else files.readScores(f);
				fail("read a colour image");
			}
			catch (final IOException | IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
				assertTrue(e.getMessage(), e.getMessage().contains("colour"));
			}
		}
	}

	@Test
	public void anUnreadableFileIsAnIOExceptionNamingIt() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("text.png");
		Files.write(f, "not an image".getBytes("UTF-8"));
		try {
			files.readScores(f);
			fail("read a text file as an image");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
		}
		try {
			files.readMask(tmp.getRoot().toPath().resolve("absent.tif"));
			fail("read a missing file");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("absent.tif"));
		}
	}

	// -- Masks --

	@Test
	public void masksInEveryUsualEncodingAreBinary() throws IOException {
		final boolean[] truth = randomMask(9 * 8, 5);
		final Map<String, ImageProcessor> encodings = new HashMap<>();
		encodings.put("m255.tif", bytes(9, 8, truth, 255));
		encodings.put("m255.png", bytes(9, 8, truth, 255));
		encodings.put("m1.png", bytes(9, 8, truth, 1));
		encodings.put("m1.tif", bytes(9, 8, truth, 1));
		encodings.put("m65535.tif", shorts(9, 8, truth, 65535));
		encodings.put("m65535.png", shorts(9, 8, truth, 65535));
		for (final Map.Entry<String, ImageProcessor> e : encodings.entrySet()) {
			final Path f = save(new ImagePlus("m", e.getValue()), e.getKey());
			final Mask m = files.readMask(f);
			assertEquals(e.getKey(), Grid.of(9, 8), m.grid());
			assertArrayEquals(e.getKey(), truth, m.voxels());
		}
	}

	@Test
	public void twoNonZeroValuesAreNotAMask() throws IOException {
		final byte[] px = new byte[6 * 4];
		px[3] = (byte) 255;
		px[10] = (byte) 128;
		final Path f = save(new ImagePlus("m", new ByteProcessor(6, 4, px)), "two.png");
		try {
			files.readMask(f);
			fail("accepted a mask with values 255 and 128");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains("255"));
			assertTrue(e.getMessage(), e.getMessage().contains("128"));
		}
	}

	@Test
	public void writtenMasksRoundTripBitExactlyWithSpacing() throws IOException {
		final Grid g2 = Grid.of(new long[] { 17, 11 }, new double[] { 0.5, 0.75 });
		final Grid g3 = Grid.of(new long[] { 9, 7, 5 }, new double[] { 0.7, 0.7, 2.0 });
		final Object[][] cases = { { g2, "m2.tif" }, { g3, "m3.tif" }, { g2, "m2.png" }, { g2,
			"m2.nii.gz" }, { g3, "m3.nii.gz" }, { g3, "m3.nii" } };
		int seed = 10;
		for (final Object[] c : cases) {
			final Grid g = (Grid) c[0];
			final String name = (String) c[1];
			final Mask m = new Mask(g, randomMask(g.count(), seed++));
			final Path f = tmp.getRoot().toPath().resolve(name);
			files.writeMask(m, f, false);
			final Mask back = files.readMask(f);
			assertEquals(name, g.toString(), back.grid().toString());
			assertArrayEquals(name, m.voxels(), back.voxels());
			if (!name.endsWith(".png")) assertArrayEquals(name, g.spacing(), back.grid().spacing(),
				1e-6);
		}
		assertEquals("no temporary files left", cases.length, tmp.getRoot().list().length);
	}

	@Test
	public void a3DMaskIsNotWrittenAsPng() throws IOException {
		final Grid g = Grid.of(4, 4, 3);
		final boolean[] v = new boolean[g.count()];
		Arrays.fill(v, 16, 48, true); // the first slice is empty
		final Path f = tmp.getRoot().toPath().resolve("m3.png");
		try {
			files.writeMask(new Mask(g, v), f, false);
			fail("wrote a 3-D mask as a PNG (ImageJ keeps one slice)");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains("4x4x3"));
		}
		assertEquals("nothing written", 0, tmp.getRoot().list().length);
	}

	@Test
	public void writtenMaskIsZeroOr255InImageJ() throws IOException {
		final boolean[] v = randomMask(6 * 6, 6);
		final Path f = tmp.getRoot().toPath().resolve("m.tif");
		files.writeMask(new Mask(Grid.of(6, 6), v), f, false);
		final ImagePlus imp = new Opener().openImage(f.toString());
		assertEquals(8, imp.getBitDepth());
		for (int i = 0; i < v.length; i++)
			assertEquals(v[i] ? 255 : 0, imp.getProcessor().get(i));
	}

	@Test
	public void writeMaskRefusesToOverwriteAndOverwritesWhenAsked() throws IOException {
		final Grid g = Grid.of(8, 8);
		final Mask first = new Mask(g, randomMask(64, 7));
		final Mask second = first.not();
		for (final String name : new String[] { "o.tif", "o.png", "o.nii.gz" }) {
			final Path f = tmp.getRoot().toPath().resolve(name);
			files.writeMask(first, f, false);
			final byte[] before = Files.readAllBytes(f);
			try {
				files.writeMask(second, f, false);
				fail(name + ": overwrote an existing file");
			}
			catch (final FileAlreadyExistsException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(name));
			}
			assertArrayEquals(name, before, Files.readAllBytes(f));
			files.writeMask(second, f, true);
			assertArrayEquals(name, second.voxels(), files.readMask(f).voxels());
		}
		assertEquals("no temporary files left", 3, tmp.getRoot().list().length);
	}

	// -- Bridge --

	@Test
	public void aSinglePlaneFloatImageIsWrappedWithoutCopying() {
		final float[] px = new float[5 * 4];
		Arrays.fill(px, 0.25f);
		final ImagePlus imp = new ImagePlus("f", new FloatProcessor(5, 4, px));
		assertSame(px, ImagePlusBridge.scores(imp, "f").values());
	}

	@Test
	public void otherImagesAreCopied() {
		final byte[] b = new byte[5 * 4];
		b[3] = (byte) 255;
		final ScalarImage s8 = ImagePlusBridge.scores(new ImagePlus("b", new ByteProcessor(5, 4, b)),
			"b");
		b[3] = 0;
		assertEquals("an 8-bit image is copied", 1f, s8.get(3), 0f);
		final ImageStack stack = new ImageStack(3, 2);
		final float[] p1 = { 1, 2, 3, 4, 5, 6 };
		final float[] p2 = { 7, 8, 9, 10, 11, 12 };
		stack.addSlice(new FloatProcessor(3, 2, p1));
		stack.addSlice(new FloatProcessor(3, 2, p2));
		final ScalarImage s = ImagePlusBridge.scores(new ImagePlus("stack", stack), "stack");
		assertNotSame(p1, s.values());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, s.values(), 0f);
		p1[0] = 99;
		assertEquals("a stack is copied", 1f, s.get(0), 0f);
	}

	// -- helpers --

	private Path save(final ImagePlus imp, final String name) {
		final Path f = tmp.getRoot().toPath().resolve(name);
		final FileSaver saver = new FileSaver(imp);
		final boolean ok = name.endsWith(".png") ? saver.saveAsPng(f.toString()) : saver.saveAsTiff(f
			.toString());
		assertTrue("ImageJ saved " + name, ok);
		return f;
	}

	/**
	 * A one-strip little-endian grey TIFF written byte by byte (as tifffile or
	 * libtiff write them), independent of ImageJ's writer.
	 *
	 * @param sampleFormat 1 unsigned, 2 signed, 3 float
	 */
	static byte[] tiff(final int bits, final int sampleFormat, final int w, final int h,
		final long[] values)
	{
		final int entries = 10, data = 8 + 2 + 12 * entries + 4, bytes = bits / 8;
		final ByteBuffer b = ByteBuffer.allocate(data + w * h * bytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
		// width, height, bits, no compression, black is zero, strip offset, samples per pixel,
		// rows per strip, strip bytes, sample format
		final int[][] tags = { { 256, w }, { 257, h }, { 258, bits }, { 259, 1 }, { 262, 1 }, { 273,
			data }, { 277, 1 }, { 278, h }, { 279, w * h * bytes }, { 339, sampleFormat } };
		for (final int[] t : tags) {
			final boolean isLong = t[0] == 273 || t[0] == 279;
			b.putShort((short) t[0]).putShort((short) (isLong ? 4 : 3)).putInt(1);
			if (isLong) b.putInt(t[1]);
			else b.putShort((short) t[1]).putShort((short) 0);
		}
		b.putInt(0); // no next directory
		for (final long v : values) {
			if (bits == 8) b.put((byte) v);
			else if (bits == 16) b.putShort((short) v);
			else if (sampleFormat == 3) b.putFloat(v);
			else b.putInt((int) v);
		}
		return b.array();
	}

	/** A 2-D int16 NIfTI-1 file without scaling, written byte by byte. */
	private static byte[] niftiInt16(final int w, final int h, final long[] values) {
		final ByteBuffer b = ByteBuffer.allocate(352 + 2 * w * h).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348);
		b.putShort(40, (short) 2).putShort(42, (short) w).putShort(44, (short) h);
		b.putShort(70, (short) 4).putShort(72, (short) 16);
		b.putFloat(76, 1).putFloat(80, 1).putFloat(84, 1);
		b.putFloat(108, 352);
		b.position(344);
		b.put(new byte[] { 'n', '+', '1', 0 });
		b.position(352);
		for (final long v : values)
			b.putShort((short) v);
		return b.array();
	}

	private static byte[] randomBytes(final int n, final long seed) {
		final byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		b[0] = 0;
		b[1] = (byte) 255;
		return b;
	}

	private static boolean[] randomMask(final int n, final long seed) {
		final Random r = new Random(seed);
		final boolean[] v = new boolean[n];
		for (int i = 0; i < n; i++)
			v[i] = r.nextBoolean();
		v[0] = true;
		v[1] = false;
		return v;
	}

	private static ByteProcessor bytes(final int w, final int h, final boolean[] v, final int on) {
		final byte[] b = new byte[w * h];
		for (int i = 0; i < b.length; i++)
			if (v[i]) b[i] = (byte) on;
		return new ByteProcessor(w, h, b);
	}

	private static ShortProcessor shorts(final int w, final int h, final boolean[] v, final int on) {
		final short[] s = new short[w * h];
		for (int i = 0; i < s.length; i++)
			if (v[i]) s[i] = (short) on;
		return new ShortProcessor(w, h, s, null);
	}
}
