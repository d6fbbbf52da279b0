package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.NiftiVolume.Datatype;

/**
 * NIfTI-1 reading and writing: round trips, files built byte by byte in both
 * byte orders (an oracle independent of the writer), scaling, dropped
 * singleton dimensions, every error path, refusal to overwrite, and the real
 * CHAOS CT liver volume when {@code ../shared/data} is present.
 */
public class NiftiTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	// -- Round trips --

	@Test
	public void mask2DRoundTripsThroughNii() throws IOException {
		final Mask mask = randomMask(Grid.of(new long[] { 37, 23 }, new double[] { 0.5, 0.25 }), 1);
		final Path file = tmp.getRoot().toPath().resolve("mask.nii");
		Nifti.write(file, mask);
		final NiftiVolume v = Nifti.read(file);
		assertEquals(Datatype.UINT8, v.datatype());
		assertEquals(mask.grid(), v.grid());
		assertArrayEquals(mask.voxels(), v.toMask().voxels());
		assertEquals(352 + 37 * 23, Files.size(file));
	}

	@Test
	public void anisotropicMask3DRoundTripsThroughNiiGz() throws IOException {
		final Mask mask = randomMask(Grid.of(new long[] { 31, 17, 9 }, new double[] { 0.7265625,
			0.7265625, 2.0 }), 2);
		final Path file = tmp.getRoot().toPath().resolve("mask.nii.gz");
		Nifti.write(file, mask);
		final byte[] bytes = Files.readAllBytes(file);
		assertEquals("gzip magic", 0x1f, bytes[0] & 0xff);
		assertEquals("gzip magic", 0x8b, bytes[1] & 0xff);
		final NiftiVolume v = Nifti.read(file);
		assertEquals(mask.grid(), v.grid());
		assertArrayEquals(mask.voxels(), v.toMask("mask").voxels());
	}

	@Test
	public void scoresRoundTripExactlyIn2DTo4D() throws IOException {
		final Grid[] grids = { //
			Grid.of(new long[] { 19, 11 }, new double[] { 0.8, 1.25 }),
			Grid.of(new long[] { 13, 7, 5 }, new double[] { 0.3, 0.3, 3.3 }),
			Grid.of(new long[] { 5, 4, 3, 2 }, new double[] { 1, 2, 3, 0.1 }) };
		final Random random = new Random(3);
		for (final Grid grid : grids) {
			for (final String name : new String[] { "s.nii", "s.nii.gz" }) {
				final float[] values = new float[grid.count()];
				for (int i = 0; i < values.length; i++)
					values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
				values[0] = -0f;
				values[1] = Float.MIN_VALUE;
				final ScalarImage image = new ScalarImage(grid, values);
				final Path file = tmp.newFolder().toPath().resolve(name);
				Nifti.write(file, image);
				final NiftiVolume v = Nifti.read(file);
				assertEquals(Datatype.FLOAT32, v.datatype());
				// spacing comes back as the decimal that was written (0.8, not 0.800000011920929)
				assertEquals(grid, v.grid());
				assertArrayEquals(values, v.values(), 0);
				assertArrayEquals(values, v.toScores().values(), 0);
				assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(v.values()[0]));
			}
		}
	}

	@Test
	public void nonFiniteValuesAreWrittenAsTheyAre() throws IOException {
		final float[] values = { 1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
		final Path file = tmp.getRoot().toPath().resolve("levels.nii");
		Nifti.write(file, new ScalarImage(Grid.of(2, 2), values));
		assertArrayEquals(values, Nifti.read(file).values(), 0);
	}

	@Test
	public void writtenHeaderFollowsTheSpecification() throws IOException {
		final Grid grid = Grid.of(new long[] { 6, 5, 4 }, new double[] { 0.5, 0.75, 2.5 });
		final Path maskFile = tmp.getRoot().toPath().resolve("m.nii");
		final Path floatFile = tmp.getRoot().toPath().resolve("f.nii");
		Nifti.write(maskFile, randomMask(grid, 4));
		Nifti.write(floatFile, new ScalarImage(grid, new float[grid.count()]));
		for (final Path file : new Path[] { maskFile, floatFile }) {
			final boolean isMask = file == maskFile;
			final byte[] bytes = Files.readAllBytes(file);
			final ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
			assertEquals(352 + grid.count() * (isMask ? 1 : 4), bytes.length);
			assertEquals(348, h.getInt(0));
			assertEquals(3, h.getShort(40));
			assertEquals(6, h.getShort(42));
			assertEquals(5, h.getShort(44));
			assertEquals(4, h.getShort(46));
			assertEquals(1, h.getShort(48));
			assertEquals(isMask ? 2 : 16, h.getShort(70));
			assertEquals(isMask ? 8 : 32, h.getShort(72));
			assertEquals(0.5f, h.getFloat(80), 0);
			assertEquals(0.75f, h.getFloat(84), 0);
			assertEquals(2.5f, h.getFloat(88), 0);
			assertEquals(352f, h.getFloat(108), 0);
			assertEquals(1f, h.getFloat(112), 0);
			assertEquals(0f, h.getFloat(116), 0);
			assertEquals("qform_code", 0, h.getShort(252));
			assertEquals("sform_code", 0, h.getShort(254));
			assertEquals("n+1\0", new String(bytes, 344, 4, StandardCharsets.US_ASCII));
			assertEquals("no extensions", 0, h.getInt(348));
		}
		final byte[] mask = Files.readAllBytes(maskFile);
		final boolean[] expected = randomMask(grid, 4).voxels();
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i] ? 1 : 0, mask[352 + i]);
	}

	/**
	 * A placement read from a header in either byte order is written back
	 * field for field (little-endian), and only onto a mask of its sizes.
	 */
	@Test
	public void placementIsCarriedOverToWrittenMasks() throws IOException {
		for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			for (final String name : new String[] { "placed.nii", "placed.nii.gz" }) {
				final FileBuilder b = new FileBuilder();
				b.order = order;
				final byte[] raw = b.bytes();
				final ByteBuffer h = ByteBuffer.wrap(raw).order(order);
				h.putFloat(76, -1); // qfac
				for (int k = 0; k < 18; k++)
					h.putFloat(256 + 4 * k, k * 1.25f - 7);
				h.putShort(252, (short) 2);
				h.putShort(254, (short) 3);
				h.put(123, (byte) 2); // millimetres
				final Path in = tmp.newFolder().toPath().resolve(name);
				Files.write(in, name.endsWith(".gz") ? gzip(raw) : raw);
				final NiftiPlacement p = Nifti.placement(in);
				assertEquals(2, p.qformCode());
				assertEquals(3, p.sformCode());
				final Mask mask = Nifti.read(in).toMask();
				final Path out = in.resolveSibling("out-" + name);
				Nifti.write(out, mask, false, p);
				assertEquals(order + " " + name, p, Nifti.placement(out));
				final Path plain = in.resolveSibling("plain.nii");
				Nifti.write(plain, mask, false, p);
				final ByteBuffer w = ByteBuffer.wrap(Files.readAllBytes(plain)).order(
					ByteOrder.LITTLE_ENDIAN);
				assertEquals(-1, w.getFloat(76), 0);
				assertEquals(18 * 1.25f - 8.25f, w.getFloat(256 + 4 * 17), 0);
				assertEquals(2, w.get(123));
				try {
					Nifti.write(in.resolveSibling("other.nii"), new Mask(Grid.of(3, 3), new boolean[9]),
						false, p);
					fail("a placement of other sizes");
				}
				catch (final IllegalArgumentException e) {
					assertTrue(e.getMessage(), e.getMessage().contains("other.nii"));
				}
				assertFalse(Files.exists(in.resolveSibling("other.nii")));
			}
		}
	}

	@Test
	public void gzipIsDetectedByContentNotByName() throws IOException {
		final Mask mask = randomMask(Grid.of(9, 8), 5);
		final Path gz = tmp.getRoot().toPath().resolve("a.nii.gz");
		final Path plain = tmp.getRoot().toPath().resolve("b.nii");
		Nifti.write(gz, mask);
		Nifti.write(plain, mask);
		final Path gzNamedNii = Files.copy(gz, tmp.getRoot().toPath().resolve("gz-content.nii"));
		final Path plainNamedGz = Files.copy(plain, tmp.getRoot().toPath().resolve("plain.nii.gz"));
		assertArrayEquals(mask.voxels(), Nifti.read(gzNamedNii).toMask().voxels());
		assertArrayEquals(mask.voxels(), Nifti.read(plainNamedGz).toMask().voxels());
	}

	// -- Files built byte by byte --

	@Test
	public void everyDatatypeInBothByteOrders() throws IOException {
		checkType(Datatype.UINT8, new long[] { 0, 1, 127, 128, 255, 42 }, //
			0, 1, 127, 128, 255, 42);
		checkType(Datatype.INT8, new long[] { -128, -1, 0, 1, 127, 42 }, //
			-128, -1, 0, 1, 127, 42);
		checkType(Datatype.INT16, new long[] { -32768, -1, 0, 1, 32767, 1234 }, //
			-32768, -1, 0, 1, 32767, 1234);
		checkType(Datatype.UINT16, new long[] { 0, 1, 32768, 65535, 40000, 7 }, //
			0, 1, 32768, 65535, 40000, 7);
		checkType(Datatype.INT32, new long[] { Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 123456 },
			-2147483648.0, -1, 0, 1, 2147483647.0, 123456);
		checkType(Datatype.UINT32, new long[] { 0, 1, 0x80000000L, 0xffffffffL, 3000000000L, 7 }, //
			0, 1, 2147483648.0, 4294967295.0, 3e9, 7);
		checkType(Datatype.INT64, new long[] { Long.MIN_VALUE, -1, 0, 1, 1L << 53, 42 }, //
			-9223372036854775808.0, -1, 0, 1, 9007199254740992.0, 42);
		checkType(Datatype.UINT64, new long[] { -1, Long.MIN_VALUE, 0, 1, 1L << 53, 42 }, //
			18446744073709551616.0, 9223372036854775808.0, 0, 1, 9007199254740992.0, 42);
		checkType(Datatype.FLOAT32, floatBits(-1.5f, -0f, 3.25f, 1e30f, Float.MIN_VALUE, Float.NaN), //
			-1.5, -0.0, 3.25, 1e30f, Float.MIN_VALUE, Double.NaN);
		checkType(Datatype.FLOAT64, doubleBits(-1.5, Math.PI, 1e300, Double.MIN_VALUE, 0, 1), //
			-1.5, Math.PI, 1e300, Double.MIN_VALUE, 0, 1);
	}

	/** 3x2 images of each type, both byte orders, plain and gzip. */
	private void checkType(final Datatype type, final long[] raw, final double... expected)
		throws IOException
	{
		for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			for (final boolean gzip : new boolean[] { false, true }) {
				final FileBuilder b = new FileBuilder();
				b.order = order;
				b.datatype = type.code();
				b.dim = new int[] { 3, 3, 2, 1 };
				b.pixdim = new float[] { 1, 0.5f, 1.5f, 9 };
				b.data = encode(order, type.bytesPerVoxel(), raw);
				final String what = type + " " + order + (gzip ? " gzip" : "");
				final NiftiVolume v = Nifti.read(b.write(gzip ? "t.nii.gz" : "t.nii"));
				assertEquals(what, type, v.datatype());
				assertEquals(what, Grid.of(new long[] { 3, 2 }, new double[] { 0.5, 1.5 }), v.grid());
				for (int i = 0; i < expected.length; i++) {
					assertEquals(what + " voxel " + i, expected[i], v.get(i), 0);
					assertEquals(what + " voxel " + i, (float) expected[i], v.values()[i], 0);
				}
			}
		}
	}

	@Test
	public void sclSlopeAndInterAreApplied() throws IOException {
		final long[] raw = { -1000, 0, 24, 1000, 32767, -32768 };
		checkScaling(1, -1024, 1, -1024, raw);
		checkScaling(0.5f, 10, 0.5, 10, raw);
		checkScaling(-2, 0, -2, 0, raw);
		// slope 0 or non-finite means "no scaling", whatever the intercept
		checkScaling(0, 99, 1, 0, raw);
		checkScaling(Float.NaN, 99, 1, 0, raw);
		checkScaling(Float.POSITIVE_INFINITY, 99, 1, 0, raw);
	}

	private void checkScaling(final float sclSlope, final float sclInter, final double slope,
		final double inter, final long[] raw) throws IOException
	{
		final FileBuilder b = new FileBuilder();
		b.datatype = 4;
		b.dim = new int[] { 2, 3, 2 };
		b.data = encode(b.order, 2, raw);
		b.slope = sclSlope;
		b.inter = sclInter;
		final NiftiVolume v = Nifti.read(b.write("scaled.nii"));
		assertEquals(slope, v.slope(), 0);
		assertEquals(inter, v.intercept(), 0);
		for (int i = 0; i < raw.length; i++)
			assertEquals("slope " + sclSlope + ", voxel " + i, raw[i] * slope + inter, v.get(i), 0);
	}

	@Test
	public void aScaledIntegerMaskIsStillAMaskOnlyIfItsValuesAreZeroOrOne() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = new int[] { 2, 2, 2 };
		b.data = new byte[] { 0, 2, 2, 0 };
		b.slope = 0.5f;
		assertArrayEquals(new boolean[] { false, true, true, false }, Nifti.read(b.write("half.nii"))
			.toMask().voxels());
		b.data = new byte[] { 0, (byte) 255, (byte) 255, 0 };
		b.slope = 1 / 255f;
		final Path file = b.write("255.nii");
		expectIllegal(() -> Nifti.read(file).toMask(), file.toString(), "not a binary mask",
			"at (1, 0)");
	}

	// -- Scores: the rule of every format (ScoreScaling) --

	@Test
	public void integerScoresAreDividedByTheirTypesMaximum() throws IOException {
		checkScores(Datatype.UINT8, 255, 0, 1, 128, 255, 42, 7);
		checkScores(Datatype.INT8, 127, 0, 1, 64, 127, 42, 7);
		checkScores(Datatype.UINT16, 65535, 0, 1, 32768, 65535, 40000, 7);
		checkScores(Datatype.INT16, 32767, 0, 1, 16384, 32767, 1234, 7);
		checkScores(Datatype.UINT32, 4294967295.0, 0, 1, 0x80000000L, 0xffffffffL, 3000000000L, 7);
		checkScores(Datatype.INT32, 2147483647.0, 0, 1, 1 << 30, Integer.MAX_VALUE, 123456, 7);
	}

	/**
	 * 3x2 images of an integer type in both byte orders, without scaling
	 * ({@code scl_slope} 0 or NaN) and with the identity (slope 1, intercept
	 * 0, as ITK, nibabel and our writer store it), all read as raw/max; and
	 * with a real scaling, read as raw * slope + inter and not divided.
	 */
	private void checkScores(final Datatype type, final double max, final long... raw)
		throws IOException
	{
		final ImageFormats formats = ImageFormats.nifti();
		for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			for (final float slope : new float[] { 0, Float.NaN, 1, 2 }) {
				final FileBuilder b = new FileBuilder();
				b.order = order;
				b.datatype = type.code();
				b.data = encode(order, type.bytesPerVoxel(), raw);
				b.slope = slope;
				b.inter = slope == 2 ? -1 : 0;
				final Path file = b.write("s.nii.gz");
				final String what = type + " " + order + " scl_slope " + slope;
				final ScalarImage viaRegistry = formats.readScores(file);
				final ScalarImage viaVolume = Nifti.read(file).toScores();
				for (int i = 0; i < raw.length; i++) {
					final double stored = type == Datatype.UINT32 ? raw[i] & 0xffffffffL : raw[i];
					final float expected = (float) (slope == 2 ? stored * 2 - 1 : stored / max);
					assertEquals(what + " voxel " + i, expected, viaRegistry.get(i), 0);
					assertEquals(what + " voxel " + i, expected, viaVolume.get(i), 0);
				}
			}
		}
	}

	@Test
	public void negativeAnd64BitIntegerScoresAreRefusedUnlessScaled() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.datatype = Datatype.INT16.code();
		b.data = encode(b.order, 2, new long[] { 0, 100, 5, 0, -7, 1 });
		final Path signed = b.write("ct.nii.gz");
		expectIllegal(() -> ImageFormats.nifti().readScores(signed), signed.toString(),
			"negative score -7 at (1, 1) in its int16 voxels", "32767");
		b.slope = 1;
		b.inter = -1024; // Hounsfield units: scaled, so read as stored * 1 - 1024
		assertEquals(-1024 - 7, ImageFormats.nifti().readScores(b.write("hu.nii.gz")).get(4), 0);

		final FileBuilder l = new FileBuilder();
		l.datatype = Datatype.INT64.code();
		l.data = encode(l.order, 8, new long[] { 0, 1, 2, 0, 1, 2 });
		final Path labels = l.write("labels.nii.gz");
		expectIllegal(() -> ImageFormats.nifti().readScores(labels), labels.toString(),
			"stores its scores as int64");
		expectIllegal(() -> ImageFormats.nifti().readMask(labels), labels.toString(),
			"not a binary mask: values 1.0 and 2.0");
		l.slope = 0.5f;
		assertEquals(1, ImageFormats.nifti().readScores(l.write("labels.nii.gz")).get(2), 0);
	}

	@Test
	public void floatScoresAreReadAsStoredWithOrWithoutTheIdentityScaling() throws IOException {
		final long[] bits = floatBits(-1.5f, -0f, 3.25f, 1e30f, Float.MIN_VALUE, 0.5f);
		final float[] expected = { -1.5f, -0f, 3.25f, 1e30f, Float.MIN_VALUE, 0.5f };
		for (final float slope : new float[] { 0, 1 }) {
			final FileBuilder b = new FileBuilder();
			b.datatype = Datatype.FLOAT32.code();
			b.data = encode(b.order, 4, bits);
			b.slope = slope;
			final ScalarImage s = ImageFormats.nifti().readScores(b.write("f.nii"));
			assertArrayEquals("scl_slope " + slope, expected, s.values(), 0);
			assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(s.get(1)));
		}
	}

	@Test
	public void trailingSingletonDimensionsAreDroppedDownToTwo() throws IOException {
		checkShape(new int[] { 3, 4, 3, 1 }, Grid.of(new long[] { 4, 3 }, new double[] { 0.5, 0.25 }));
		checkShape(new int[] { 3, 4, 1, 1 }, Grid.of(new long[] { 4, 1 }, new double[] { 0.5, 0.25 }));
		checkShape(new int[] { 7, 4, 3, 1, 1, 1, 1, 1 }, Grid.of(new long[] { 4, 3 }, new double[] {
			0.5, 0.25 }));
		checkShape(new int[] { 5, 2, 3, 1, 1, 2 }, Grid.of(new long[] { 2, 3, 1, 1, 2 }, new double[] {
			0.5, 0.25, 2, 3, 4 }));
		// dims past dim[0] are ignored, garbage or not
		checkShape(new int[] { 2, 4, 3, -7, 0, 99 }, Grid.of(new long[] { 4, 3 }, new double[] { 0.5,
			0.25 }));
	}

	private void checkShape(final int[] dim, final Grid expected) throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = dim;
		b.pixdim = new float[] { 1, 0.5f, 0.25f, 2, 3, 4, 5, 6 };
		b.data = new byte[expected.count()];
		for (int i = 0; i < b.data.length; i++)
			b.data[i] = (byte) i;
		final NiftiVolume v = Nifti.read(b.write("shape.nii"));
		assertEquals(Arrays.toString(dim), expected, v.grid());
		for (int i = 0; i < b.data.length; i++)
			assertEquals(i, v.get(i), 0);
	}

	/**
	 * A used axis's pixdim that is 0 (while another is not), NaN or infinite is
	 * refused by name (issue 12, case 12); all zero means no spacing recorded,
	 * read as 1; a negative pixdim is its absolute value; unused axes do not
	 * matter.
	 */
	@Test
	public void badPixdimIsRefusedAndNegativePixdimIsItsAbsoluteValue() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = new int[] { 3, 2, 2, 2, 1 };
		b.data = new byte[8];
		b.pixdim = new float[] { 1, -2.5f, 0.8f, 3, Float.NaN };
		assertArrayEquals(new double[] { 2.5, 0.8, 3 }, Nifti.read(b.write("pix.nii")).grid()
			.spacing(), 0);
		b.pixdim = new float[] { 1, 0, 0, 0, 7 };
		assertArrayEquals(new double[] { 1, 1, 1 }, Nifti.read(b.write("none.nii")).grid().spacing(),
			0);
		for (final float bad : new float[] { 0, Float.NaN, Float.POSITIVE_INFINITY }) {
			b.pixdim = new float[] { 1, 1, bad, 1 };
			final Path f = b.write("bad.nii");
			expectIo(f, "pixdim[2] is " + bad + ": a voxel spacing must be finite and non-zero");
		}
	}

	/**
	 * A header that claims more voxels than the file holds is refused before
	 * anything is allocated for them (issue 12, case 5): a plain file by its
	 * size, a gzip file by the most its size can hold, a stream of unknown
	 * size when its data ends. Each claim here would take 1.6 GB, more than
	 * the test's heap.
	 */
	@Test
	public void claimsBeyondTheDataAllocateNothing() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = new int[] { 2, 20000, 20000 };
		b.datatype = 16; // float32
		b.data = new byte[12000];
		expectIo(b.write("big.nii"), "truncated: the voxel data ends after 12000 of 1600000000 bytes");
		expectIo(b.write("big.nii.gz"), "truncated: dimensions 20000x20000 of float32 need " +
			"1600000000 bytes of voxel data, but a gzip file of ", " bytes holds at most ");
		// 2 MB that do not compress: 1.6 GB is within what the gzip file could hold, so only the
		// data can tell, and the array grows with it
		b.data = new byte[2_000_000];
		new Random(3).nextBytes(b.data);
		expectIo(b.write("plausible.nii.gz"),
			"truncated: the voxel data ends after 2000000 of 1600000000 bytes");
		b.data = new byte[12000];
		try {
			Nifti.read(new ByteArrayInputStream(gzip(b.bytes())), "stream");
			fail("read a truncated stream");
		}
		catch (final IOException e) {
			assertEquals("stream: truncated: the voxel data ends after 12000 of 1600000000 bytes", e
				.getMessage());
		}
	}

	/**
	 * More voxels than one image may have (30000x30000x2 float64 in 12 KB) are
	 * refused by the size limit, which names the system property that raises
	 * it; a lowered limit applies to every format.
	 */
	@Test
	public void imagesOverTheVoxelLimitAreRefusedByName() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = new int[] { 3, 30000, 30000, 2 };
		b.datatype = 64;
		b.data = new byte[12000];
		final Path f = b.write("huge.nii.gz");
		try {
			Nifti.read(f);
			fail("read " + f);
		}
		catch (final IllegalArgumentException e) {
			assertEquals(f + ": 30000x30000x2 is 1800000000 voxels, more than the 1073741824 one " +
				"image may have (raise the limit with -Dsc.fiji.conformal.maxVoxels=N, up to 2147483647)",
				e.getMessage());
		}
		System.setProperty(ImageFiles.MAX_VOXELS_PROPERTY, "5");
		try {
			final Path small = new FileBuilder().write("six.nii");
			Nifti.read(small);
			fail("read 6 voxels over a limit of 5");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("3x2 is 6 voxels, more than the 5"));
		}
		finally {
			System.clearProperty(ImageFiles.MAX_VOXELS_PROPERTY);
		}
	}

	@Test
	public void headerExtensionsAreSkipped() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.voxOffset = 368;
		b.extension = new byte[20];
		b.extension[0] = 1; // "extensions follow"
		Arrays.fill(b.extension, 4, 20, (byte) 77);
		b.data = new byte[] { 1, 0, 1, 1, 0, 0 };
		assertArrayEquals(new boolean[] { true, false, true, true, false, false }, Nifti.read(b.write(
			"ext.nii.gz")).toMask().voxels());
	}

	// -- Conversion errors --

	@Test
	public void nonFiniteScoresAreRefusedWithTheirPosition() throws IOException {
		final float[] values = new float[12];
		values[1 + 3 * 2] = Float.NaN;
		final Path nan = tmp.getRoot().toPath().resolve("nan.nii");
		Nifti.write(nan, new ScalarImage(Grid.of(3, 4), values));
		expectIllegal(() -> Nifti.read(nan).toScores(), nan.toString(), "NaN score at (1, 2)");
		expectIllegal(() -> Nifti.read(nan).toScores("scores/7"), "scores/7", "NaN score at (1, 2)");

		values[1 + 3 * 2] = 0;
		values[2] = Float.NEGATIVE_INFINITY;
		final Path inf = tmp.getRoot().toPath().resolve("inf.nii");
		Nifti.write(inf, new ScalarImage(Grid.of(3, 4), values));
		expectIllegal(() -> Nifti.read(inf).toScores(), inf.toString(), "infinite score at (2, 0)");

		final FileBuilder b = new FileBuilder();
		b.datatype = 64;
		b.data = encode(b.order, 8, doubleBits(0, 0, 0, 0, 1e300, 0));
		final Path big = b.write("big.nii");
		expectIllegal(() -> Nifti.read(big).toScores(), big.toString(), "1.0E300 at (1, 1)",
			"float range");
	}

	@Test
	public void nonBinaryMasksAreRefusedWithValueAndPosition() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.data = new byte[] { 0, 1, 0, 1, 0, 2 };
		final Path file = b.write("labels.nii.gz");
		expectIllegal(() -> Nifti.read(file).toMask(), file.toString(), "not a binary mask",
			"value 2.0 at (2, 1)", "expected 0 or 1");
		assertEquals(2, Nifti.read(file).get(5), 0);
	}

	// -- Read errors: each names the file and the problem --

	@Test
	public void truncatedFilesAreRefused() throws IOException {
		final Path empty = tmp.getRoot().toPath().resolve("empty.nii");
		Files.write(empty, new byte[0]);
		expectIo(empty, "truncated", "0 of 348");

		final FileBuilder b = new FileBuilder();
		final byte[] full = b.bytes();
		final Path header = tmp.getRoot().toPath().resolve("header.nii");
		Files.write(header, Arrays.copyOf(full, 100));
		expectIo(header, "truncated", "100 of 348");

		b.data = new byte[4]; // 6 expected
		expectIo(b.write("data.nii"), "truncated", "ends after 4 of 6 bytes");
		expectIo(b.write("data.nii.gz"), "truncated", "ends after 4 of 6 bytes");

		b.dim = new int[] { 2, 300, 200 };
		b.datatype = 16;
		b.data = new byte[300 * 200 * 4 - 2];
		expectIo(b.write("float.nii"), "truncated", "ends after 239998 of 240000 bytes");

		b.voxOffset = 1000;
		b.data = new byte[0];
		expectIo(b.write("ext.nii"), "truncated", "before vox_offset 1000");

		// a gzip stream cut in the middle
		final byte[] gz = gzip(new FileBuilder().bytes());
		final Path cut = tmp.getRoot().toPath().resolve("cut.nii.gz");
		Files.write(cut, Arrays.copyOf(gz, gz.length - 12));
		expectIo(cut, "truncated");

		// intact deflate data whose checksum in the gzip trailer does not match
		final byte[] badCrc = gz.clone();
		badCrc[badCrc.length - 8] ^= 0x5a;
		final Path crc = tmp.getRoot().toPath().resolve("crc.nii.gz");
		Files.write(crc, badCrc);
		expectIo(crc, "corrupt gzip data");

		final Path corrupt = tmp.getRoot().toPath().resolve("corrupt.nii.gz");
		Files.write(corrupt, new byte[] { 0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
		expectIo(corrupt, "corrupt gzip data");
	}

	@Test
	public void badSizeofHdrIsRefusedInBothByteOrders() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.sizeofHdr = 349;
		expectIo(b.write("349.nii"), "not a NIfTI-1 file", "sizeof_hdr is 349 read little-endian");
		b.order = ByteOrder.BIG_ENDIAN;
		expectIo(b.write("349be.nii"), "not a NIfTI-1 file", "349 read big-endian");
		b.sizeofHdr = 540;
		expectIo(b.write("nifti2.nii"), "NIfTI-2");
		final Path png = tmp.getRoot().toPath().resolve("image.png");
		final byte[] bytes = new byte[400];
		System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, 0, bytes, 0, 4);
		Files.write(png, bytes);
		expectIo(png, "not a NIfTI-1 file");
	}

	@Test
	public void unsupportedDatatypesAreNamed() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.datatype = 128;
		final Path rgb = b.write("liver.nii.gz");
		expectIo(rgb, "unsupported NIfTI datatype 128 (RGB24)");
		b.datatype = 32;
		expectIo(b.write("complex.nii"), "unsupported NIfTI datatype 32 (COMPLEX64)");
		b.datatype = 1;
		expectIo(b.write("bits.nii"), "unsupported NIfTI datatype 1 (1-bit binary)");
		b.datatype = 3;
		expectIo(b.write("three.nii"), "unsupported NIfTI datatype 3 (not a NIfTI-1 datatype code)");
		try {
			Nifti.read(rgb);
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(rgb + ": unsupported NIfTI datatype 128 (RGB24)"));
		}
	}

	@Test
	public void unknownMagicIsRefused() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.magic = "ni1\0";
		expectIo(b.write("pair.hdr"), ".hdr/.img pair");
		b.magic = "\0\0\0\0";
		expectIo(b.write("analyze.nii"), "unknown magic \"\\x00\\x00\\x00\\x00\"");
		b.magic = "n+2\0";
		expectIo(b.write("n2.nii"), "unknown magic \"n+2\\x00\"");
	}

	@Test
	public void badDimensionsAreRefused() throws IOException {
		final FileBuilder b = new FileBuilder();
		b.dim = new int[] { 3, 4, -3, 2 };
		expectIo(b.write("negative.nii"), "dim[2] is -3");
		b.dim = new int[] { 3, 4, 3, 0 };
		expectIo(b.write("zero.nii"), "dim[3] is 0");
		b.dim = new int[] { 1, 6 };
		expectIo(b.write("1d.nii"), "dim[0] is 1", "2 to 7");
		b.dim = new int[] { 0 };
		expectIo(b.write("0d.nii"), "dim[0] is 0");
		b.dim = new int[] { 8, 1, 1, 1, 1, 1, 1, 1 };
		expectIo(b.write("8d.nii"), "dim[0] is 8");
		b.dim = new int[] { 3, 32767, 32767, 3 };
		expectIo(b.write("huge.nii"), "32767x32767x3", "more than 2147483647 voxels");
	}

	@Test
	public void badVoxOffsetAndInterceptAreRefused() throws IOException {
		final FileBuilder b = new FileBuilder();
		for (final float offset : new float[] { 0, 100, 352.5f, Float.NaN, 1e12f }) {
			b.voxOffset = offset;
			expectIo(b.write("offset.nii"), "vox_offset is " + offset);
		}
		b.voxOffset = 352;
		b.slope = 2;
		b.inter = Float.NaN;
		expectIo(b.write("inter.nii"), "scl_inter is NaN while scl_slope is 2.0");
	}

	@Test
	public void aMissingFileIsNamed() {
		final Path missing = tmp.getRoot().toPath().resolve("missing.nii.gz");
		try {
			Nifti.read(missing);
			fail();
		}
		catch (final NoSuchFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(missing.toString()));
		}
		catch (final IOException e) {
			throw new AssertionError(e);
		}
	}

	// -- Writing: overwrite protection and validation --

	@Test
	public void existingFilesAreNotOverwrittenUnlessAsked() throws Exception {
		final Path dir = tmp.newFolder().toPath();
		final Path file = dir.resolve("pred.nii.gz");
		final Mask first = randomMask(Grid.of(20, 10), 6);
		final Mask second = randomMask(Grid.of(20, 10), 7);
		Nifti.write(file, first);
		final byte[] before = Files.readAllBytes(file);
		for (final ThrowingRunnable write : new ThrowingRunnable[] { //
			() -> Nifti.write(file, second), () -> Nifti.write(file, second, false),
			() -> Nifti.write(file, new ScalarImage(Grid.of(2, 2), new float[4])) })
		{
			try {
				write.run();
				fail("overwrote " + file);
			}
			catch (final FileAlreadyExistsException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
				assertTrue(e.getMessage(), e.getMessage().contains("overwrite"));
			}
		}
		assertArrayEquals(before, Files.readAllBytes(file));
		Nifti.write(file, second, true);
		assertArrayEquals(second.voxels(), Nifti.read(file).toMask().voxels());
		final ScalarImage s = new ScalarImage(Grid.of(3, 2), new float[] { 1, 2, 3, 4, 5, 6 });
		Nifti.write(file, s, true);
		assertArrayEquals(s.values(), Nifti.read(file).values(), 0);
		assertEquals("no temporary files left", Arrays.asList("pred.nii.gz"), list(dir));
	}

	@Test
	public void unwritableImagesAreRefusedBeforeAnyFileIsCreated() throws IOException {
		final Path dir = tmp.newFolder().toPath();
		final Path file = dir.resolve("x.nii");
		expectIllegal(() -> Nifti.write(file, Mask.empty(Grid.of(2, 2, 2, 2, 2, 2, 2, 2))),
			"at most 7 dimensions");
		expectIllegal(() -> Nifti.write(file, Mask.empty(Grid.of(40000, 2))), "at most 32767",
			"40000 along axis 0");
		expectIllegal(() -> Nifti.write(file, new ScalarImage(Grid.of(new long[] { 2, 2 },
			new double[] { 1, 1e300 }), new float[4])), "spacing 1.0E300 along axis 1");
		expectIllegal(() -> Nifti.write(file, (Mask) null), "mask must not be null");
		expectIllegal(() -> Nifti.write(file, (ScalarImage) null), "image must not be null");
		expectIllegal(() -> Nifti.write(null, Mask.empty(Grid.of(2, 2))), "file must not be null");
		expectIllegal(() -> Nifti.read(null), "file must not be null");
		assertEquals(new ArrayList<String>(), list(dir));
	}

	@Test
	public void writingIntoAMissingFolderFailsAndLeavesNothing() throws IOException {
		final Path file = tmp.getRoot().toPath().resolve("absent").resolve("x.nii");
		try {
			Nifti.write(file, Mask.empty(Grid.of(2, 2)));
			fail();
		}
		catch (final NoSuchFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
		}
		assertFalse(Files.exists(file.getParent()));
		final Path folder = tmp.newFolder("folder.nii").toPath();
		try {
			Nifti.write(folder, Mask.empty(Grid.of(2, 2)), true);
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(folder + ": is a folder"));
		}
		assertEquals(Arrays.asList("folder.nii"), list(tmp.getRoot().toPath()));
	}

	@Test
	public void ioImportsNoFramework() throws IOException {
		final Pattern forbidden = Pattern.compile(
			"^\\s*import\\s+(static\\s+)?(org\\.scijava|net\\.imagej|ij)\\.", Pattern.MULTILINE);
		final Path io = Paths.get("src/main/java/sc/fiji/conformal/io");
		assertTrue("io sources not found at " + io.toAbsolutePath(), Files.isDirectory(io));
		final List<String> offenders = new ArrayList<>();
		try (Stream<Path> paths = Files.list(io)) {
			for (final Path p : (Iterable<Path>) paths::iterator) {
				// the io package itself; io.ij (a folder here) is the ImageJ 1.x part, see LayeringTest
				if (!Files.isRegularFile(p)) continue;
				final String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
				if (forbidden.matcher(text).find()) offenders.add(p.toString());
			}
		}
		assertTrue("io imports a framework: " + offenders, offenders.isEmpty());
	}

	// -- The real CHAOS CT volume --

	@Test
	public void chaosLiverMatchesItsReadme() throws IOException {
		final File dir = new File(System.getProperty("conformal.sharedData", "../shared/data"),
			"chaos-ct-liver-sample");
		if (!dir.isDirectory()) System.err.println("SKIPPED: real data folder " + dir + " is absent");
		assumeTrue("real data folder " + dir + " is absent", dir.isDirectory());

		final NiftiVolume gtFile = timedRead(new File(dir, "gt.nii.gz").toPath());
		final NiftiVolume predFile = timedRead(new File(dir, "pred.nii.gz").toPath());
		final NiftiVolume ctFile = timedRead(new File(dir, "image.nii.gz").toPath());
		final Grid expected = Grid.of(new long[] { 512, 512, 78 }, new double[] { 0.7265625,
			0.7265625, 2.0 });
		for (final NiftiVolume v : new NiftiVolume[] { gtFile, predFile, ctFile })
			assertEquals(v.toString(), expected, v.grid());
		assertSame(Datatype.UINT8, gtFile.datatype());
		assertSame(Datatype.UINT8, predFile.datatype());
		assertSame(Datatype.INT16, ctFile.datatype());

		final Mask gt = gtFile.toMask();
		final Mask pred = predFile.toMask();
		assertEquals(1342595, gt.count());
		assertEquals(1333673, pred.count());
		final double dice = 2.0 * pred.countAnd(gt) / (pred.count() + gt.count());
		assertEquals("Dice (data README: 0.9784)", 0.9784, dice, 5e-5);

		double sum = 0;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < gt.voxels().length; i++) {
			final double hu = ctFile.get(i);
			min = Math.min(min, hu);
			max = Math.max(max, hu);
			if (gt.get(i)) sum += hu;
		}
		final double meanHu = sum / gt.count();
		System.out.printf(Locale.ROOT,
			"CHAOS CT: Dice %.5f, mean HU in liver %.2f, CT range [%.0f, %.0f]%n", dice, meanHu, min, max);
		assertEquals("mean HU inside the liver (data README: 141)", 141, meanHu, 1);
	}

	/**
	 * The real hippocampus volumes read as before the format registry:
	 * {@code probabilities/} (4-D uint8 with {@code scl_slope} = 1/255) give
	 * p = v * scl_slope, which is v/255 to the float rounding of the stored
	 * slope, and whose three classes sum to 1 within 3/255 (their README);
	 * {@code scores/} (float32, slope 1) give the stored floats bit for bit;
	 * {@code masks/} are binary with the README's voxel counts. Each file is
	 * also decoded here independently of the reader.
	 */
	@Test
	public void hippocampusReadsAsItsReadmeSays() throws IOException {
		final File dir = new File(System.getProperty("conformal.sharedData", "../shared/data"),
			"hippocampus-msd");
		if (!dir.isDirectory()) System.err.println("SKIPPED: real data folder " + dir + " is absent");
		assumeTrue("real data folder " + dir + " is absent", dir.isDirectory());
		final ImageFormats formats = ImageFormats.nifti();
		final long start = System.nanoTime();
		final List<Path> probabilities = niftiFiles(new File(dir, "probabilities").toPath());
		assertEquals(257, probabilities.size());
		double worst = 0, worstSum = 0;
		for (final Path f : probabilities) {
			final ByteBuffer raw = rawNifti(f);
			assertEquals(f + ": uint8", 2, raw.getShort(70));
			final float slope = raw.getFloat(112);
			assertEquals(f + ": scl_slope", 1 / 255f, slope, 0);
			assertEquals(f + ": scl_inter", 0, raw.getFloat(116), 0);
			final int offset = (int) raw.getFloat(108);
			final ScalarImage p = formats.readScores(f);
			assertEquals(f + ": 4-D, 3 classes", 4, p.grid().numDimensions());
			assertEquals(3, p.grid().size(3));
			for (int i = 0; i < p.grid().count(); i++) {
				final int v = raw.get(offset + i) & 0xff;
				if ((float) (v * (double) slope) != p.get(i)) fail(f + " voxel " + i + ": " + p.get(i) +
					", expected " + v + " * " + slope);
				worst = Math.max(worst, Math.abs(p.get(i) - v / 255.0));
			}
			final int voxels = p.grid().count() / 3;
			for (int i = 0; i < voxels; i++)
				worstSum = Math.max(worstSum, Math.abs(p.get(i) + p.get(voxels + i) + p.get(2 * voxels +
					i) - 1));
		}
		assertTrue("p = v/255 up to one float rounding: " + worst, worst <= 1.2e-7);
		assertTrue("classes sum to 1 within 3/255: " + worstSum, worstSum <= 3 / 255.0 + 1e-6);

		final List<Path> scores = niftiFiles(new File(dir, "scores").toPath());
		assertEquals(257, scores.size());
		for (final Path f : scores) {
			final ByteBuffer raw = rawNifti(f);
			assertEquals(f + ": float32", 16, raw.getShort(70));
			final int offset = (int) raw.getFloat(108);
			final ScalarImage s = formats.readScores(f);
			for (int i = 0; i < s.grid().count(); i++) {
				final float stored = raw.getFloat(offset + 4 * i);
				if (Float.floatToRawIntBits(stored) != Float.floatToRawIntBits(s.get(i))) fail(f +
					" voxel " + i + ": " + s.get(i) + ", stored " + stored);
			}
		}

		int min = Integer.MAX_VALUE, max = 0;
		for (final Path f : niftiFiles(new File(dir, "masks").toPath())) {
			final int count = formats.readMask(f).count();
			min = Math.min(min, count);
			max = Math.max(max, count);
		}
		assertEquals("hippocampus voxels (README: 2,382-4,401)", 2382, min);
		assertEquals("hippocampus voxels (README: 2,382-4,401)", 4401, max);
		final Path labels = niftiFiles(new File(dir, "predictions").toPath()).get(0);
		expectIllegal(() -> formats.readMask(labels), labels.toString(), "not a binary mask",
			"values 1.0 and 2.0");
		System.out.printf(Locale.ROOT, "hippocampus: 514 score maps and 257 masks checked in %.1f s, " +
			"|p - v/255| <= %.2g%n", (System.nanoTime() - start) / 1e9, worst);
	}

	private static List<Path> niftiFiles(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			final List<Path> files = new ArrayList<>();
			s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().forEach(files::add);
			return files;
		}
	}

	/** A gzip-compressed little-endian NIfTI-1 file's bytes, decoded here. */
	private static ByteBuffer rawNifti(final Path file) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
			assertEquals(file + ": little-endian NIfTI-1", 348, b.getInt(0));
			return b;
		}
	}

	private static NiftiVolume timedRead(final Path file) throws IOException {
		final long start = System.nanoTime();
		final NiftiVolume v = Nifti.read(file);
		System.out.printf(Locale.ROOT, "read %s (%s) in %.0f ms%n", file.getFileName(), v.datatype(),
			(System.nanoTime() - start) / 1e6);
		return v;
	}

	// -- Helpers --

	/** A NIfTI-1 file built byte by byte, independently of the writer under test. */
	private final class FileBuilder {

		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		int sizeofHdr = 348;
		int datatype = 2;
		int[] dim = { 2, 3, 2 };
		float[] pixdim = { 1, 1, 1 };
		float voxOffset = 352;
		float slope = 0;
		float inter = 0;
		String magic = "n+1\0";
		byte[] extension = new byte[4];
		byte[] data = new byte[6];

		byte[] bytes() {
			final ByteBuffer h = ByteBuffer.allocate(348).order(order);
			h.putInt(0, sizeofHdr);
			for (int i = 0; i < dim.length; i++)
				h.putShort(40 + 2 * i, (short) dim[i]);
			h.putShort(70, (short) datatype);
			final Datatype t = Datatype.fromCode(datatype);
			h.putShort(72, (short) (t == null ? 0 : t.bitsPerVoxel()));
			for (int i = 0; i < pixdim.length; i++)
				h.putFloat(76 + 4 * i, pixdim[i]);
			h.putFloat(108, voxOffset);
			h.putFloat(112, slope);
			h.putFloat(116, inter);
			h.position(344);
			h.put(magic.getBytes(StandardCharsets.ISO_8859_1));
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(h.array(), 0, 348);
			out.write(extension, 0, extension.length);
			out.write(data, 0, data.length);
			return out.toByteArray();
		}

		/** Writes the file (gzip-compressed if the name ends with .gz) into a new folder. */
		Path write(final String name) throws IOException {
			final Path file = tmp.newFolder().toPath().resolve(name);
			Files.write(file, name.endsWith(".gz") ? gzip(bytes()) : bytes());
			return file;
		}
	}

	private static byte[] gzip(final byte[] bytes) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(bytes);
		}
		return out.toByteArray();
	}

	/** Raw values (bit patterns for floats) truncated to {@code width} bytes each. */
	private static byte[] encode(final ByteOrder order, final int width, final long[] raw) {
		final ByteBuffer b = ByteBuffer.allocate(width * raw.length).order(order);
		for (final long r : raw) {
			if (width == 1) b.put((byte) r);
			else if (width == 2) b.putShort((short) r);
			else if (width == 4) b.putInt((int) r);
			else b.putLong(r);
		}
		return b.array();
	}

	private static long[] floatBits(final float... values) {
		final long[] bits = new long[values.length];
		for (int i = 0; i < values.length; i++)
			bits[i] = Float.floatToRawIntBits(values[i]);
		return bits;
	}

	private static long[] doubleBits(final double... values) {
		final long[] bits = new long[values.length];
		for (int i = 0; i < values.length; i++)
			bits[i] = Double.doubleToRawLongBits(values[i]);
		return bits;
	}

	private static Mask randomMask(final Grid grid, final long seed) {
		final Random random = new Random(seed);
		final boolean[] v = new boolean[grid.count()];
		for (int i = 0; i < v.length; i++)
			v[i] = random.nextInt(3) == 0;
		return new Mask(grid, v);
	}

	private static List<String> list(final Path dir) throws IOException {
		final List<String> names = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.forEach(p -> names.add(p.getFileName().toString()));
		}
		names.sort(null);
		return names;
	}

	private interface ThrowingRunnable {

		void run() throws Exception;
	}

	private static void expectIo(final Path file, final String... fragments) {
		try {
			final NiftiVolume v = Nifti.read(file);
			fail("read " + v + ", expected an error containing " + Arrays.toString(fragments));
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": "));
			for (final String f : fragments)
				assertTrue("expected \"" + f + "\" in: " + e.getMessage(), e.getMessage().contains(f));
		}
	}

	private static void expectIllegal(final ThrowingRunnable r, final String... fragments) {
		try {
			r.run();
			fail("expected an IllegalArgumentException containing " + Arrays.toString(fragments));
		}
		catch (final IllegalArgumentException e) {
			for (final String f : fragments)
				assertTrue("expected \"" + f + "\" in: " + e.getMessage(), e.getMessage().contains(f));
		}
		catch (final Exception e) {
			throw new AssertionError("expected an IllegalArgumentException, got " + e, e);
		}
	}
}
