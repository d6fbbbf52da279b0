package sc.fiji.conformal.batch;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * Issue 12's data-loss cases for Apply to Folder: a write that fails (a full
 * disk) fails that image by name and the run, after the other images are
 * written; an output folder that is (through {@code ..} or a symbolic link)
 * the scores folder is refused before anything is written, even with
 * overwrite; image names of 255 bytes are written.
 */
public class NothingLostTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ImageJFiles files = new ImageJFiles();
	private PngDatasets data;
	private Calibration calibration;

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Before
	public void setUp() throws IOException {
		data = PngDatasets.write(tmp.newFolder("data"));
		calibration = Batch.calibrate(Dataset.fromFolders(data.scores.toPath(), null, data.masks
			.toPath(), files), Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build(), null);
	}

	/** Used to stop the run at the failed image (and, for PNG, to write 0-byte files and say "wrote"). */
	@Test
	public void aFailedWriteFailsThatImageByNameAndTheRunAfterTheOthers() throws IOException {
		final Path out = tmp.getRoot().toPath().resolve("out");
		final String full = PngDatasets.name(3);
		final ImageFileWriter diskFullFor3 = (mask, file, overwrite) -> {
			if (file.getFileName().toString().startsWith(full) && file.getParent().endsWith("outer")) {
				throw new IOException(file + ": cannot be written: No space left on device");
			}
			files.writeMask(mask, file, overwrite);
		};
		try {
			Batch.apply(calibration, Dataset.fromFolders(data.scores.toPath(), null, null, files), out,
				diskFullFor3, false, LocalRunner.of(2), null);
			fail("a failed write was not reported");
		}
		catch (final WriteFailedException e) {
			final ApplyReport r = e.report();
			assertEquals(PngDatasets.COUNT - 1, r.images());
			assertEquals(1, r.writeFailures().size());
			assertEquals(full, r.writeFailures().get(0).id());
			final Path failed = out.resolve("outer/" + full + ".png");
			assertEquals(failed.toString(), r.writeFailures().get(0).file());
			assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
			assertTrue(e.getMessage(), e.getMessage().contains(failed.toString()));
			assertFalse(Files.exists(failed));
			// the image's inner set was written before its outer set failed: listed, not hidden
			assertEquals(2 * (PngDatasets.COUNT - 1) + 1, r.written().size());
		}
		for (int i = 0; i < PngDatasets.COUNT; i++) {
			if (i == 3) continue;
			assertTrue(Files.size(out.resolve("outer/" + PngDatasets.name(i) + ".png")) > 0);
		}
	}

	/** With overwrite, the score maps used to be replaced by masks without a word. */
	@Test
	public void anOutputFolderThatIsTheScoresFolderIsRefused() throws IOException {
		// data/outer is the scores folder: output data/outer/.. puts the outer sets over the scores
		final Path scores = Files.move(data.scores.toPath(), data.root.toPath().resolve("outer"));
		final Dataset d = Dataset.fromFolders(scores, null, null, files);
		final Path viaDots = scores.resolve("..");
		// and through a symbolic link: out/outer -> the scores folder
		final Path linked = tmp.getRoot().toPath().resolve("linked");
		Files.createDirectories(linked);
		Files.createSymbolicLink(linked.resolve("outer"), scores);
		final List<byte[]> before = contents(scores);
		for (final Path out : new Path[] { viaDots, linked })
			for (final boolean overwrite : new boolean[] { true, false }) {
				try {
					Batch.apply(calibration, d, out, files, overwrite);
					fail("wrote into the scores folder through " + out);
				}
				catch (final IllegalArgumentException e) {
					assertTrue(e.getMessage(), e.getMessage().startsWith(
						"refusing to write into the outer sets' folder " + out.resolve("outer")));
					assertTrue(e.getMessage(), e.getMessage().contains("input files of this run"));
				}
			}
		final List<byte[]> after = contents(scores);
		assertEquals(before.size(), after.size());
		for (int i = 0; i < before.size(); i++)
			assertArrayEquals(before.get(i), after.get(i));
		assertFalse(Files.exists(viaDots.resolve("inner")));
	}

	/** Names of 233-255 bytes used to fail: the temporary name was the name plus 23 bytes. */
	@Test
	public void imageNamesOf255BytesAreWritten() throws IOException {
		final StringBuilder name = new StringBuilder();
		while (name.length() < 251)
			name.append('n');
		final Path scores = data.scores.toPath();
		Files.move(scores.resolve(PngDatasets.name(0) + ".png"), scores.resolve(name + ".png"));
		final Path out = tmp.getRoot().toPath().resolve("out");
		final ApplyReport r = Batch.apply(calibration, Dataset.fromFolders(scores, null, null, files),
			out, files, false);
		assertTrue(r.summary(), r.failures().isEmpty());
		assertEquals(PngDatasets.COUNT, r.images());
		assertTrue(Files.size(out.resolve("outer/" + name + ".png")) > 0);
		assertTrue(Files.size(out.resolve("inner/" + name + ".png")) > 0);
	}

	private static List<byte[]> contents(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			final List<byte[]> out = new ArrayList<>();
			for (final Path p : s.sorted().collect(Collectors.toList()))
				out.add(Files.readAllBytes(p));
			return out;
		}
	}
}
