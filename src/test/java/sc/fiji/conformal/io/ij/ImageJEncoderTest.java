package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * The stream encoders write the bytes ImageJ's FileSaver writes (PNG, TIFF,
 * TIFF stacks with spacing), and a failed write is an error: on a full device
 * ({@code /dev/full}) FileSaver.saveAsPng returns true (issue 12: 0-byte PNGs
 * on a full disk), the encoder throws.
 */
public class ImageJEncoderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void pngBytesAreFileSaversBytes() throws IOException {
		final ImagePlus imp = ImagePlusBridge.image(mask(Grid.of(new long[] { 37, 21 }, new double[] {
			1, 1 }), 1), "m");
		final Path f = tmp.getRoot().toPath().resolve("m.png");
		assertTrue(new FileSaver(imp).saveAsPng(f.toString()));
		assertArrayEquals(Files.readAllBytes(f), encode(imp, true));
	}

	@Test
	public void tiffBytesAreFileSaversBytes() throws IOException {
		final ImagePlus flat = ImagePlusBridge.image(mask(Grid.of(new long[] { 19, 23 },
			new double[] { 0.5, 0.25 }), 2), "flat");
		final Path f = tmp.getRoot().toPath().resolve("flat.tif");
		assertTrue(new FileSaver(flat).saveAsTiff(f.toString()));
		assertArrayEquals(Files.readAllBytes(f), encode(flat, false));
		final ImagePlus stack = ImagePlusBridge.image(mask(Grid.of(new long[] { 11, 9, 5 },
			new double[] { 0.7, 0.7, 5 }), 3), "stack");
		final Path g = tmp.getRoot().toPath().resolve("stack.tif");
		assertTrue(new FileSaver(stack).saveAsTiffStack(g.toString()));
		assertArrayEquals(Files.readAllBytes(g), encode(stack, false));
	}

	/** Fails on the FileSaver route, which reported success and left an empty file. */
	@Test
	public void aFullDeviceIsAnError() throws IOException {
		Assume.assumeTrue("needs /dev/full", Files.isWritable(Paths.get("/dev/full")));
		final ImagePlus imp = ImagePlusBridge.image(mask(Grid.of(new long[] { 64, 64 }, new double[] {
			1, 1 }), 4), "m");
		for (final boolean png : new boolean[] { true, false }) {
			try (OutputStream out = new FileOutputStream("/dev/full")) {
				if (png) ImageJEncoder.png(imp, out);
				else ImageJEncoder.tiff(imp, out);
				fail((png ? "PNG" : "TIFF") + ": a write to a full device succeeded");
			}
			catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("No space left"));
			}
		}
	}

	private static byte[] encode(final ImagePlus imp, final boolean png) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (png) ImageJEncoder.png(imp, out);
		else ImageJEncoder.tiff(imp, out);
		return out.toByteArray();
	}

	private static Mask mask(final Grid g, final long seed) {
		final boolean[] v = new boolean[g.count()];
		final Random r = new Random(seed);
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextBoolean();
		return new Mask(g, v);
	}
}
