package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.EnumSet;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The format registry: which format and codec each file name gets (any
 * case, longest extension first), clear errors naming the file for unknown
 * extensions and for formats a registry has no codec for (before the file is
 * touched), and the same score and mask rules applied to whatever a codec
 * decodes.
 */
public class ImageFormatsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void theExtensionNamesTheFormatInAnyCase() {
		final Object[][] cases = { { "a/b.tif", ImageFormat.TIFF }, { "b.TIFF", ImageFormat.TIFF }, {
			"c.Tiff", ImageFormat.TIFF }, { "d.png", ImageFormat.PNG }, { "e.x.PNG", ImageFormat.PNG }, {
				"f.nii", ImageFormat.NIFTI }, { "g.nii.gz", ImageFormat.NIFTI }, { "H.NII.GZ",
					ImageFormat.NIFTI } };
		for (final Object[] c : cases) {
			assertSame((String) c[0], c[1], ImageFormat.of(Paths.get((String) c[0])));
			assertSame((String) c[0], c[1], ImageFormat.find(Paths.get((String) c[0])));
		}
		for (final String name : new String[] { "x.jpg", "archive.gz", "nii", ".png", "x.png.tmp",
			"x.hdr", "x.img" })
			assertNull(name, ImageFormat.find(Paths.get(name)));
		assertEquals(Arrays.asList(".tif", ".tiff"), ImageFormat.TIFF.extensions());
		assertEquals(Arrays.asList(".nii", ".nii.gz"), ImageFormat.NIFTI.extensions());
		// datasets scan for exactly these, longest first
		assertArrayEquals(new String[] { ".nii.gz", ".tiff", ".tif", ".png", ".nii" },
			ImageFiles.EXTENSIONS);
	}

	/** Bytes the caller streams decode and hash as the file does; errors name the file given. */
	@Test
	public void aStreamOfAFilesBytesReadsAsTheFile() throws IOException {
		final ImageFormats formats = ImageFormats.nifti();
		final Path file = tmp.getRoot().toPath().resolve("m.nii.gz");
		final Mask mask = new Mask(Grid.of(new long[] { 3, 2, 2 }, new double[] { 1, 1, 2 }),
			new boolean[] { true, false, false, true, true, true, false, false, true, false, false,
				false });
		Nifti.write(file, mask);
		final ImageFiles.Hashed<Mask> direct = formats.readMaskHashed(file);
		final Path name = Paths.get("/remote/m.nii.gz");
		try (InputStream in = Files.newInputStream(file)) {
			final ImageFiles.Hashed<Mask> streamed = formats.readMaskHashed(name, in);
			assertEquals(direct.sha256(), streamed.sha256());
			assertArrayEquals(direct.value().voxels(), streamed.value().voxels());
		}
		try (InputStream in = Files.newInputStream(file)) {
			final ImageFiles.Hashed<ScalarImage> scores = formats.readScoresHashed(name, in);
			assertEquals(direct.sha256(), scores.sha256());
			assertArrayEquals(formats.readScores(file).values(), scores.value().values(), 0f);
		}
		final byte[] bytes = Files.readAllBytes(file);
		try (InputStream in = new java.io.ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length /
			2)))
		{
			formats.readMaskHashed(name, in);
			fail("cut short");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(name.toString()));
		}
	}

	@Test
	public void anUnknownExtensionIsAnErrorNamingTheFile() {
		final Path jpg = Paths.get("data", "scores", "case7.jpg");
		expectIllegal(() -> ImageFormat.of(jpg), jpg.toString(), "unknown image format", ".tif",
			".tiff", ".png", ".nii", ".nii.gz");
		final ImageFormats formats = ImageFormats.nifti().with(ImageFormat.TIFF, new FixedCodec(null))
			.with(ImageFormat.PNG, new FixedCodec(null));
		expectIllegal(() -> formats.codec(jpg), jpg.toString(), "unknown image format");
		// the format is decided before the file is opened: no "no such file" here
		expectIllegal(read(() -> formats.readScores(jpg)), jpg.toString(),
			"unknown image format");
		expectIllegal(read(() -> formats.readMaskHashed(jpg)), jpg.toString(),
			"unknown image format");
	}

	@Test
	public void eachFormatGetsItsCodec() throws IOException {
		final FixedCodec tiff = new FixedCodec(null), png = new FixedCodec(null);
		final ImageFormats nifti = ImageFormats.nifti();
		final ImageFormats all = nifti.with(ImageFormat.TIFF, tiff).with(ImageFormat.PNG, png);
		assertEquals(EnumSet.of(ImageFormat.NIFTI), nifti.formats());
		assertEquals(EnumSet.allOf(ImageFormat.class), all.formats());
		assertSame(tiff, all.codec(Paths.get("x.tif")));
		assertSame(tiff, all.codec(Paths.get("x.TIFF")));
		assertSame(png, all.codec(Paths.get("x.png")));
		assertSame(nifti.codec(Paths.get("x.nii")), all.codec(Paths.get("x.nii.gz")));
		assertTrue(all.codec(Paths.get("x.nii")) instanceof NiftiCodec);
		// with() returns a new registry and leaves the old one as it was
		final FixedCodec other = new FixedCodec(null);
		assertSame(other, all.with(ImageFormat.TIFF, other).codec(Paths.get("x.tif")));
		assertSame(tiff, all.codec(Paths.get("x.tif")));
	}

	@Test
	public void aFormatWithoutCodecIsAnErrorNamingTheFile() throws IOException {
		final Path tif = tmp.getRoot().toPath().resolve("s.tif");
		final Path png = tmp.getRoot().toPath().resolve("m.png");
		final ImageFormats nifti = ImageFormats.nifti();
		expectIllegal(() -> nifti.codec(tif), tif.toString(), "no reader for TIFF files");
		expectIllegal(read(() -> nifti.readScoresHashed(tif)), tif.toString(), "TIFF");
		final Mask m = new Mask(Grid.of(2, 2), new boolean[] { true, false, false, true });
		expectIllegal(read(() -> {
			nifti.writeMask(m, png, false);
			return null;
		}), png.toString(), "no reader for PNG files");
		assertEquals("nothing written", 0, tmp.getRoot().list().length);
	}

	@Test
	public void theRegistryAppliesTheRulesToWhatACodecDecodes() throws IOException {
		final Path file = tmp.newFile("s.png").toPath();
		Files.write(file, new byte[] { 1, 2, 3 });
		final double[] stored = { 0, 51, 255, 0, 102, 0 };
		final ImageFormats formats = ImageFormats.nifti().with(ImageFormat.PNG, new FixedCodec(
			StoredImage.of(Grid.of(3, 2), VoxelType.UINT8, i -> stored[i])));
		final ImageFiles.Hashed<ScalarImage> s = formats.readScoresHashed(file);
		assertArrayEquals(new float[] { 0, 0.2f, 1, 0, 0.4f, 0 }, s.value().values(), 0);
		assertEquals("the hash of the bytes read", ImageFiles.sha256(file), s.sha256());
		expectIllegal(read(() -> formats.readMask(file)), file.toString(),
			"is not a binary mask: values 51.0 and 255.0");
		stored[4] = 51;
		stored[2] = 0;
		assertArrayEquals(new boolean[] { false, true, false, false, true, false }, formats.readMask(
			file).voxels());
		assertEquals(formats.readStored(file).value().type(), VoxelType.UINT8);
	}

	@Test
	public void niftiRoundTripsThroughTheRegistry() throws IOException {
		final ImageFormats formats = ImageFormats.nifti();
		final Grid g = Grid.of(new long[] { 5, 4, 3 }, new double[] { 0.5, 0.5, 2 });
		final boolean[] v = new boolean[g.count()];
		for (int i = 0; i < v.length; i += 3)
			v[i] = true;
		final Path file = tmp.getRoot().toPath().resolve("m.nii.gz");
		formats.writeMask(new Mask(g, v), file, false);
		assertArrayEquals(v, formats.readMask(file).voxels());
		assertEquals(g, formats.readMask(file).grid());
		// a uint8 0/1 mask read as scores is divided by 255, like an 8-bit TIFF
		final ScalarImage s = formats.readScores(file);
		for (int i = 0; i < v.length; i++)
			assertEquals(v[i] ? 1 / 255f : 0f, s.get(i), 0);
	}

	/** A codec that decodes every file to the same image and writes nothing. */
	private static final class FixedCodec implements ImageCodec {

		private final StoredImage image;

		FixedCodec(final StoredImage image) {
			this.image = image;
		}

		@Override
		public StoredImage decode(final InputStream in, final Path file) throws IOException {
			in.readAllBytes();
			return image;
		}

		@Override
		public void writeMask(final Mask mask, final Path file, final boolean overwrite,
			final Path like)
		{
			throw new UnsupportedOperationException("not written in this test");
		}
	}

	private interface Read {

		Object run() throws IOException;
	}

	private static Runnable read(final Read r) {
		return () -> {
			try {
				r.run();
			}
			catch (final IOException e) {
				throw new AssertionError("an IOException instead of an IllegalArgumentException: " + e, e);
			}
		};
	}

	private static void expectIllegal(final Runnable r, final String... parts) {
		try {
			r.run();
			fail("expected an IllegalArgumentException with " + String.join(", ", parts));
		}
		catch (final IllegalArgumentException e) {
			for (final String p : parts)
				assertTrue(e.getMessage(), e.getMessage().contains(p));
		}
	}
}
