package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The one writer of output files: refusal to overwrite leaves the original
 * bytes and is race-free (concurrent writers of a new file: exactly one
 * wins), overwriting replaces, a failing write (a full disk) leaves neither a
 * target nor a temporary file and names the target, a name of 255 bytes
 * works, stale temporary files of a killed process are removed, and the up
 * front check fails before any work.
 */
public class AtomicWriteTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void writesAndLeavesNoTemporaryFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		AtomicWrite.write(f, false, out -> out.write(bytes("hello")));
		assertArrayEquals(bytes("hello"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(tmp.getRoot().toPath()));
	}

	@Test
	public void refusesToOverwrite() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		Files.write(f, bytes("original"));
		final boolean[] called = { false };
		try {
			AtomicWrite.write(f, false, out -> {
				called[0] = true;
				out.write(bytes("new"));
			});
			fail("overwrote an existing file");
		}
		catch (final FileAlreadyExistsException e) {
			assertEquals(f.toString(), e.getFile());
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
		}
		assertFalse("the writer ran although the target exists", called[0]);
		assertArrayEquals(bytes("original"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(tmp.getRoot().toPath()));
	}

	@Test
	public void overwritesWhenAsked() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		Files.write(f, bytes("original, longer than the new content"));
		AtomicWrite.write(f, true, out -> out.write(bytes("new")));
		assertArrayEquals(bytes("new"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(tmp.getRoot().toPath()));
	}

	/**
	 * Two writers of one new file, started together by a barrier, 500 times:
	 * exactly one succeeds, the other is told the file exists, and the file
	 * holds the winner's bytes. (The old check-then-rename let both "succeed"
	 * in 7 of 500 trials here, and in 2,790 of 20,000 in issue 12.)
	 */
	@Test
	public void racingWritersOfANewFileHaveExactlyOneWinner() throws Exception {
		final Path dir = tmp.newFolder("race").toPath();
		final int writers = 2;
		final CyclicBarrier barrier = new CyclicBarrier(writers);
		final ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			for (int trial = 0; trial < 500; trial++) {
				final Path f = dir.resolve("t" + trial + ".bin");
				final List<Future<Boolean>> results = new ArrayList<>();
				for (int w = 0; w < writers; w++) {
					final byte[] content = bytes("writer " + w);
					results.add(pool.submit(() -> {
						barrier.await();
						try {
							AtomicWrite.write(f, false, out -> out.write(content));
							return true;
						}
						catch (final FileAlreadyExistsException e) {
							return false;
						}
					}));
				}
				int won = -1, wins = 0;
				for (int w = 0; w < writers; w++)
					if (results.get(w).get()) {
						wins++;
						won = w;
					}
				assertEquals("trial " + trial + ": writers that succeeded", 1, wins);
				assertArrayEquals(bytes("writer " + won), Files.readAllBytes(f));
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertTrue("no temporary file left", names(dir).stream().noneMatch(n -> n.startsWith(".")));
	}

	/** A write that fails part-way (a full disk) leaves nothing, names the target and why. */
	@Test
	public void aFailingWriteLeavesNothingAndNamesTheTarget() throws IOException {
		final Path dir = tmp.newFolder("d").toPath();
		final Path f = dir.resolve("out.bin");
		try {
			AtomicWrite.write(f, false, out -> {
				out.write(new byte[100_000]);
				throw new IOException("No space left on device");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IOException e) {
			assertEquals(f + ": cannot be written: No space left on device", e.getMessage());
		}
		assertEquals("no target and no temporary file", Collections.emptyList(), names(dir));
		try {
			AtomicWrite.write(dir.resolve("x.gz"), false, out -> {
				out.write(1);
				throw new IllegalStateException("bug");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IllegalStateException e) {
			assertEquals("bug", e.getMessage());
		}
		assertEquals(Collections.emptyList(), names(dir));
	}

	@Test
	public void aFailingWriteKeepsTheOriginalWhenOverwriting() throws IOException {
		final Path dir = tmp.newFolder("d").toPath();
		final Path f = dir.resolve("out.bin");
		Files.write(f, bytes("original"));
		try {
			AtomicWrite.write(f, true, out -> {
				out.write(bytes("half"));
				throw new IOException("disk full");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("disk full"));
		}
		assertArrayEquals(bytes("original"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(dir));
	}

	@Test
	public void aMissingFolderIsNoSuchFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("missing").resolve("out.bin");
		for (final boolean overwrite : new boolean[] { false, true }) {
			try {
				AtomicWrite.write(f, overwrite, out -> out.write(1));
				fail("wrote into a missing folder");
			}
			catch (final NoSuchFileException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("missing"));
			}
		}
		assertFalse(Files.exists(f.getParent()));
	}

	@Test
	public void aFolderTargetIsAnError() throws IOException {
		final Path dir = tmp.newFolder("target.bin").toPath();
		try {
			AtomicWrite.write(dir, true, out -> out.write(1));
			fail("replaced a folder");
		}
		catch (final IOException e) {
			assertEquals(dir + ": is a folder, not a file", e.getMessage());
		}
		assertTrue(Files.isDirectory(dir));
	}

	@Test
	public void gzContentRoundTrips() throws IOException {
		final byte[] content = new byte[100_000];
		new Random(7).nextBytes(content);
		Arrays.fill(content, 0, 50_000, (byte) 9); // compressible part
		final Path f = tmp.getRoot().toPath().resolve("vol.nii.gz");
		AtomicWrite.write(f, false, out -> out.write(content));
		final byte[] raw = Files.readAllBytes(f);
		assertEquals("gzip magic", 0x1f, raw[0] & 0xff);
		assertEquals("gzip magic", 0x8b, raw[1] & 0xff);
		assertTrue("compressed", raw.length < content.length);
		assertArrayEquals(content, gunzip(f));
		final Path plain = tmp.getRoot().toPath().resolve("vol.nii");
		AtomicWrite.write(plain, false, out -> out.write(bytes("plain")));
		assertArrayEquals(bytes("plain"), Files.readAllBytes(plain));
	}

	/** Names of 233-255 bytes failed when the temporary name was the name plus 23 bytes. */
	@Test
	public void namesOfUpTo255BytesWork() throws IOException {
		final Path dir = tmp.newFolder("long").toPath();
		final String ascii = repeat("a", 251) + ".png";
		// 2-byte characters: 127 of them and ".tif" is 258 bytes, so 125 (254 bytes)
		final String wide = repeat("\u00e9", 125) + ".tif";
		for (final String name : new String[] { ascii, wide }) {
			assertTrue(name.getBytes(StandardCharsets.UTF_8).length >= 254);
			final Path f = dir.resolve(name);
			AtomicWrite.check(f, false);
			AtomicWrite.write(f, false, out -> out.write(bytes(name)));
			assertArrayEquals(bytes(name), Files.readAllBytes(f));
			AtomicWrite.write(f, true, out -> out.write(bytes("again")));
			assertArrayEquals(bytes("again"), Files.readAllBytes(f));
		}
		final String temp = AtomicWrite.tempName(ascii);
		assertTrue(temp, temp.getBytes(StandardCharsets.UTF_8).length <= 100);
		assertTrue(temp, temp.startsWith(".aaaa") && temp.endsWith(AtomicWrite.TEMP_SUFFIX));
		assertEquals(Arrays.asList(ascii, wide).stream().sorted().collect(Collectors.toList()),
			names(dir));
	}

	/**
	 * A temporary file of a process that is gone (as kill -9 leaves it) is
	 * removed when its target is checked; one of a live process, or of another
	 * target, stays; any older than a day goes.
	 */
	@Test
	public void staleTemporaryFilesOfTheTargetAreRemoved() throws Exception {
		final Path dir = tmp.newFolder("stale").toPath();
		final Process p = new ProcessBuilder("true").start();
		p.waitFor();
		final long dead = p.pid();
		final String ours = AtomicWrite.tempName("cal.json");
		final String host = ours.replaceAll(".*\\.[0-9a-f]{8}\\.([0-9a-f]{4})[0-9]+\\.[0-9a-f]{8}" +
			"\\.conformal-tmp$", "$1");
		final String key = ours.replaceAll("^\\.cal\\.json\\.([0-9a-f]{8})\\..*", "$1");
		final Path deadTemp = dir.resolve(".cal.json." + key + "." + host + dead + ".0000abcd" +
			AtomicWrite.TEMP_SUFFIX);
		final Path liveTemp = dir.resolve(ours);
		final Path otherTarget = dir.resolve(AtomicWrite.tempName("other.json").replaceAll(
			"\\.[0-9a-f]{4}[0-9]+\\.([0-9a-f]{8})\\.conformal-tmp$", "." + host + dead + ".$1" +
				AtomicWrite.TEMP_SUFFIX));
		final Path oldOfLive = dir.resolve(AtomicWrite.tempName("cal.json"));
		for (final Path t : new Path[] { deadTemp, liveTemp, otherTarget, oldOfLive })
			Files.write(t, bytes("partial"));
		Files.setLastModifiedTime(oldOfLive, FileTime.fromMillis(System.currentTimeMillis() -
			AtomicWrite.STALE_MILLIS - 60_000));
		final Path deadFolder = dir.resolve(".cal.json." + key + "." + host + dead + ".00001234" +
			AtomicWrite.TEMP_SUFFIX);
		Files.createDirectories(deadFolder.resolve("panels"));
		Files.write(deadFolder.resolve("panels/a.png"), bytes("x"));

		AtomicWrite.check(dir.resolve("cal.json"), false);
		assertFalse("a dead process's temporary file", Files.exists(deadTemp));
		assertFalse("a dead process's temporary folder", Files.exists(deadFolder));
		assertFalse("older than a day", Files.exists(oldOfLive));
		assertTrue("a live process's temporary file", Files.exists(liveTemp));
		assertTrue("another target's", Files.exists(otherTarget));
		assertEquals(1, AtomicWrite.removeStale(dir));
		assertFalse(Files.exists(otherTarget));
		assertTrue(Files.exists(liveTemp));
	}

	@Test
	public void checkRefusesAnExistingFileOrFolderBeforeAnyWork() throws IOException {
		final Path dir = tmp.newFolder("c").toPath();
		final Path f = dir.resolve("t.csv");
		AtomicWrite.check(f, false);
		assertEquals("the check leaves nothing behind", Collections.emptyList(), names(dir));
		Files.write(f, bytes("x"));
		try {
			AtomicWrite.check(f, false);
			fail("accepted an existing file");
		}
		catch (final FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(f.toString()));
		}
		AtomicWrite.check(f, true);
		try {
			AtomicWrite.check(dir.resolve("no/t.csv"), true);
			fail("accepted a missing folder");
		}
		catch (final NoSuchFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("does not exist"));
		}
		final Path report = dir.resolve("report");
		AtomicWrite.checkFolder(report, false);
		Files.createDirectory(report);
		try {
			AtomicWrite.checkFolder(report, false);
			fail("accepted an existing folder");
		}
		catch (final FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(report.toString()));
		}
		AtomicWrite.checkFolder(report, true);
		try {
			AtomicWrite.checkFolder(f, true);
			fail("accepted a file as a folder");
		}
		catch (final IOException e) {
			assertEquals(f + ": exists and is not a folder", e.getMessage());
		}
	}

	/** A folder replaces an existing one only when asked; else it is refused, nothing replaced. */
	@Test
	public void foldersAreCommittedWithoutReplacingUnlessAsked() throws IOException {
		final Path dir = tmp.newFolder("f").toPath();
		final Path target = dir.resolve("report");
		final Path t1 = AtomicWrite.newTempFolder(target);
		Files.write(t1.resolve("index.md"), bytes("one"));
		AtomicWrite.commitFolder(t1, target, false);
		assertArrayEquals(bytes("one"), Files.readAllBytes(target.resolve("index.md")));
		final Path t2 = AtomicWrite.newTempFolder(target);
		Files.write(t2.resolve("index.md"), bytes("two"));
		try {
			AtomicWrite.commitFolder(t2, target, false);
			fail("replaced a folder");
		}
		catch (final FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(target.toString()));
		}
		assertArrayEquals(bytes("one"), Files.readAllBytes(target.resolve("index.md")));
		AtomicWrite.commitFolder(t2, target, true);
		assertArrayEquals(bytes("two"), Files.readAllBytes(target.resolve("index.md")));
		assertEquals(Arrays.asList("report"), names(dir));
	}

	// -- helpers --

	private static byte[] bytes(final String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String repeat(final String s, final int n) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < n; i++)
			sb.append(s);
		return sb.toString();
	}

	/** All names in a folder, hidden ones included, sorted. */
	private static List<String> names(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static byte[] gunzip(final Path f) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
	}
}
