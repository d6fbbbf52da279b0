package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.testing.HandMadeFiles;

/**
 * PNG and TIFF files whose stored numbers are not what they show (issue 12,
 * case 10): 4-bit greys, palettes and WhiteIsZero TIFFs are read as
 * displayed, or refused by name; never as stored. The files are written byte
 * by byte here, so the test does not depend on what a writer chooses.
 */
public class DisplayedValuesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ImageJFiles files = new ImageJFiles();

	/** Greys 0..15 in a 4-bit greyscale PNG score as v / 15. */
	@Test
	public void fourBitGreyScoresByItsOwnMaximum() throws IOException {
		final int w = 16, h = 2;
		final byte[] rows = new byte[h * (1 + w / 2)];
		for (int y = 0; y < h; y++) {
			rows[y * (1 + w / 2)] = 0; // filter: none
			for (int x = 0; x < w; x += 2)
				rows[y * (1 + w / 2) + 1 + x / 2] = (byte) ((x << 4) | (x + 1));
		}
		final Path f = png("grey4.png", w, h, 4, 0, null, rows);
		final float[] v = files.readScores(f).values();
		for (int i = 0; i < w * h; i++)
			assertEquals("voxel " + i, (i % w) / 15.0, v[i], 1e-6);
	}

	/** An inverted grey palette: index i shows grey 255 - i, and that is the score. */
	@Test
	public void greyPaletteIsMappedThroughThePalette() throws IOException {
		final byte[] palette = new byte[256 * 3];
		for (int i = 0; i < 256; i++)
			palette[3 * i] = palette[3 * i + 1] = palette[3 * i + 2] = (byte) (255 - i);
		final Path f = png("inverted.png", 4, 1, 8, 3, palette, new byte[] { 0, 0, 1, (byte) 128,
			(byte) 255 });
		final float[] v = files.readScores(f).values();
		assertArrayEquals(new float[] { 1, 254 / 255f, 127 / 255f, 0 }, v, 1e-6f);
		// as a mask: index 255 shows black (background), index 0 shows white (object)
		final Path m = png("inverted-mask.png", 4, 1, 8, 3, palette, new byte[] { 0, (byte) 255, 0, 0,
			(byte) 255 });
		final Mask mask = files.readMask(m);
		assertArrayEquals(new boolean[] { false, true, true, false }, mask.voxels());
	}

	/** A colour palette has no grey to read: refused, naming the file. */
	@Test
	public void colourPaletteIsRefusedByName() throws IOException {
		final byte[] palette = { 0, 0, 0, (byte) 255, 0, 0 };
		final Path f = png("colour.png", 2, 1, 8, 3, palette, new byte[] { 0, 0, 1 });
		try {
			files.readScores(f);
			fail("a colour palette was read");
		}
		catch (final IllegalArgumentException | IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()) && e.getMessage().contains(
				"palette"));
		}
	}

	/** WhiteIsZero (photometric 0): the displayed value is max - stored, in 8 and 16 bits. */
	@Test
	public void whiteIsZeroTiffIsInverted() throws IOException {
		final Path t8 = tiff("wiz8.tif", 8, new int[] { 0, 255, 51, 255 });
		assertArrayEquals(new float[] { 1, 0, 204 / 255f, 0 }, files.readScores(t8).values(), 1e-6f);
		assertArrayEquals(new boolean[] { true, false, true, false }, files.readMask(tiff("wiz8m.tif",
			8, new int[] { 0, 255, 0, 255 })).voxels());
		final Path t16 = tiff("wiz16.tif", 16, new int[] { 0, 65535, 13107, 65535 });
		final ScalarImage s16 = files.readScores(t16);
		assertArrayEquals(new float[] { 1, 0, 52428 / 65535f, 0 }, s16.values(), 1e-6f);
	}

	private Path png(final String name, final int w, final int h, final int depth,
		final int colourType, final byte[] palette, final byte[] rows) throws IOException
	{
		return HandMadeFiles.png(tmp.getRoot().toPath().resolve(name), w, h, depth, colourType,
			palette, rows);
	}

	private Path tiff(final String name, final int bits, final int[] values) throws IOException {
		return HandMadeFiles.whiteIsZeroTiff(tmp.getRoot().toPath().resolve(name), bits, values);
	}
}
