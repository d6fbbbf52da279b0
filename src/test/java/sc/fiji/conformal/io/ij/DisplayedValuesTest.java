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

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.testing.HandMadeFiles;

/**
 * PNG and TIFF files whose stored numbers are not what they show (issue 12,
 * case 10): 4-bit greys, palettes and WhiteIsZero TIFFs are read as
 * displayed, or refused by name; never silently as stored. The files are written byte
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

	/** An increasing grey palette is read through: index i scores as the grey it shows. */
	@Test
	public void increasingGreyPaletteIsMappedThroughThePalette() throws IOException {
		final byte[] palette = { 0, 0, 0, 85, 85, 85, (byte) 170, (byte) 170, (byte) 170, (byte) 255,
			(byte) 255, (byte) 255 };
		final Path f = png("ramp.png", 4, 1, 8, 3, palette, new byte[] { 0, 0, 1, 2, 3 });
		assertArrayEquals(new float[] { 0, 1 / 3f, 2 / 3f, 1 }, files.readScores(f).values(), 1e-6f);
		final Path m = png("ramp-mask.png", 4, 1, 8, 3, palette, new byte[] { 0, 3, 0, 0, 3 });
		assertArrayEquals(new boolean[] { true, false, false, true }, files.readMask(m).voxels());
	}

	/**
	 * An inverted palette shows one thing and stores another (ImageJ writes its
	 * inverting-LUT masks so, meaning the stored values; other programs mean
	 * the shown ones): refused by name, as is a palette with colours.
	 */
	@Test
	public void invertedAndColourPalettesAreRefusedByName() throws IOException {
		final byte[] inverted = new byte[256 * 3];
		for (int i = 0; i < 256; i++)
			inverted[3 * i] = inverted[3 * i + 1] = inverted[3 * i + 2] = (byte) (255 - i);
		expectRefused(png("inverted.png", 4, 1, 8, 3, inverted, new byte[] { 0, 0, 1, (byte) 128,
			(byte) 255 }), "is not increasing (index 0 shows grey 255, index 1 grey 254: inverted?)");
		expectRefused(png("colour.png", 2, 1, 8, 3, new byte[] { 0, 0, 0, (byte) 255, 0, 0 },
			new byte[] { 0, 0, 1 }), "has colours (index 1 shows red 255, green 0, blue 0)");
	}

	private void expectRefused(final Path f, final String problem) throws IOException {
		for (final boolean mask : new boolean[] { false, true }) {
			try {
				if (mask) files.readMask(f);
				else files.readScores(f);
				fail(f + " was read");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(f + ": its palette " + problem));
				assertTrue(e.getMessage(), e.getMessage().contains("save it as greyscale"));
			}
		}
	}

	/**
	 * ImageJ writes an image with an inverting LUT (its binary masks without
	 * "black background": 255 is object, shown black) as a WhiteIsZero TIFF and
	 * means the stored values: its files are read as ImageJ reads them.
	 */
	@Test
	public void imageJsOwnWhiteIsZeroTiffKeepsItsValues() throws IOException {
		final ByteProcessor p = new ByteProcessor(4, 1, new byte[] { 0, (byte) 255, (byte) 255, 0 });
		p.invertLut();
		final Path f = tmp.getRoot().toPath().resolve("imagej-mask.tif");
		assertTrue(new FileSaver(new ImagePlus("m", p)).saveAsTiff(f.toString()));
		assertArrayEquals(new boolean[] { false, true, true, false }, files.readMask(f).voxels());
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
