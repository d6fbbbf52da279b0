package sc.fiji.conformal.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * Issue 12, case 14: pairing problems do not abort a run, they skip the
 * image with the reason (a name stored NFD pairs with its NFC twin, a
 * symbolic link to a subfolder is followed, a link that loops is reported, a
 * broken link named like an image and a file without a partner are skipped
 * by name); and file errors say the file and why.
 */
public class PairingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	public void pairingProblemsSkipTheImageWithTheReasonAndTheRestGoesOn() throws IOException {
		final Path root = tmp.getRoot().toPath();
		final Path scores = Files.createDirectories(root.resolve("scores"));
		final Path masks = Files.createDirectories(root.resolve("masks"));
		final String nfc = "caf\u00e9", nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
		// usable: a; café (NFD in scores, NFC in masks); sub/c through a linked subfolder
		image(scores.resolve("a.png"), 1);
		image(masks.resolve("a.png"), 0);
		image(scores.resolve(nfd + ".png"), 2);
		image(masks.resolve(nfc + ".png"), 0);
		final Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
		image(elsewhere.resolve("c.png"), 3);
		Files.createSymbolicLink(scores.resolve("sub"), elsewhere);
		image(Files.createDirectories(masks.resolve("sub")).resolve("c.png"), 0);
		// unusable: a broken link named like an image, a file without partner, a loop
		Files.createSymbolicLink(scores.resolve("d.png"), root.resolve("gone.png"));
		image(masks.resolve("d.png"), 0);
		image(scores.resolve("e.png"), 4);
		Files.createSymbolicLink(scores.resolve("loop"), scores);

		final Dataset d = Dataset.fromFolders(scores, null, masks, new ImageJFiles());
		final Map<String, String> outcome = new LinkedHashMap<>();
		for (final Dataset.Entry e : d.entries()) {
			final ImageResult<Dataset.Loaded> r = d.load(e);
			outcome.put(e.id(), r.ok() ? null : r.failure().message());
		}
		assertEquals("[a, caf\u00e9, d, e, loop, sub/c]", outcome.keySet().toString());
		assertNull(outcome.get("a"));
		assertNull("NFD and NFC names pair", outcome.get(nfc));
		assertNull("a linked subfolder is followed", outcome.get("sub/c"));
		assertEquals(scores.resolve("d.png") + ": a broken symbolic link (its target does not exist)",
			outcome.get("d"));
		assertEquals(scores.resolve("e.png") + ": no partner: no image named 'e' (any extension) in the masks folder " +
			masks, outcome.get("e"));
		assertEquals(scores.resolve("loop") +
			": a symbolic link to a folder that contains it; not followed", outcome.get("loop"));
	}

	@Test
	public void fileErrorsSayTheFileAndWhy() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("x.png");
		final IOException denied = FileErrors.reading(f, new AccessDeniedException(f.toString()));
		assertTrue(denied instanceof AccessDeniedException);
		assertEquals(f + ": permission denied", denied.getMessage());
		final IOException missing = FileErrors.reading(f, new NoSuchFileException(f.toString()));
		assertTrue(missing instanceof NoSuchFileException);
		assertEquals(f + ": no such file", missing.getMessage());
		assertEquals(f + ": cannot be written: permission denied", FileErrors.writing(f,
			new AccessDeniedException(f + ".12ab.conformal-tmp"), "cannot be written").getMessage());
		// a folder given as the calibration file: "Is a directory" used to come without the path
		final File folder = tmp.newFolder("cal.json");
		try {
			CalibrationFile.read(folder.toPath());
			fail("read a folder");
		}
		catch (final IOException e) {
			assertEquals(folder + ": Is a directory", e.getMessage());
		}
	}

	private static void image(final Path file, final long seed) throws IOException {
		final byte[] px = new byte[PngDatasets.SIZE * PngDatasets.SIZE];
		final Random r = new Random(seed);
		for (int i = 0; i < px.length; i++)
			px[i] = seed == 0 ? (byte) (r.nextBoolean() ? 255 : 0) : (byte) r.nextInt(256);
		PngDatasets.savePng(px, file.toFile());
	}
}
