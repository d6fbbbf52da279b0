package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
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
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * File-name conventions, SHA-256 and the atomic writers: refusal to
 * overwrite leaves the original bytes, overwriting replaces them, no
 * temporary file survives success or a failing writer, a missing folder is
 * reported, and {@code .gz} content round-trips.
 */
public class ImageFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	// -- Names --

	@Test
	public void extensionIsTheLongestImageSuffixKeepingItsCase() {
		assertEquals(".nii.gz", ImageFiles.extension(Paths.get("a/b/vol.nii.gz")));
		assertEquals(".nii", ImageFiles.extension(Paths.get("vol.nii")));
		assertEquals(".tif", ImageFiles.extension(Paths.get("x.tif")));
		assertEquals(".tiff", ImageFiles.extension(Paths.get("x.tiff")));
		assertEquals(".PNG", ImageFiles.extension(Paths.get("x.y.PNG")));
		assertEquals(".NII.GZ", ImageFiles.extension(Paths.get("X.NII.GZ")));
		assertNull(ImageFiles.extension(Paths.get("notes.txt")));
		assertNull(ImageFiles.extension(Paths.get("archive.gz")));
		assertNull("a bare extension is no image", ImageFiles.extension(Paths.get(".png")));
		assertNull(ImageFiles.extension(Paths.get(".x.png.1f.tmp")));
		assertTrue(ImageFiles.isImage(Paths.get("a.tiff")));
		assertFalse(ImageFiles.isImage(Paths.get("a.jpg")));
	}

	@Test
	public void baseNameDropsOnlyTheImageExtension() {
		assertEquals("vol", ImageFiles.baseName(Paths.get("d/vol.nii.gz")));
		assertEquals("case.01", ImageFiles.baseName(Paths.get("case.01.tif")));
		assertEquals("x.y", ImageFiles.baseName(Paths.get("x.y.PNG")));
		assertEquals("notes.txt", ImageFiles.baseName(Paths.get("notes.txt")));
	}

	@Test
	public void isNiftiForNiiAndNiiGzInAnyCase() {
		assertTrue(ImageFiles.isNifti(Paths.get("a.nii")));
		assertTrue(ImageFiles.isNifti(Paths.get("a.nii.gz")));
		assertTrue(ImageFiles.isNifti(Paths.get("A.NII.GZ")));
		assertFalse(ImageFiles.isNifti(Paths.get("a.tif")));
		assertFalse(ImageFiles.isNifti(Paths.get("a.gz")));
		assertFalse(ImageFiles.isNifti(Paths.get("nii")));
	}

	@Test
	public void sha256MatchesMessageDigest() throws Exception {
		final byte[] bytes = new byte[200_000];
		new Random(3).nextBytes(bytes);
		final Path f = tmp.getRoot().toPath().resolve("data.bin");
		Files.write(f, bytes);
		assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(bytes)), ImageFiles.sha256(f));
		final Path empty = tmp.getRoot().toPath().resolve("empty.bin");
		Files.write(empty, new byte[0]);
		assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ImageFiles
			.sha256(empty));
	}

	@Test
	public void readHashesEveryByteWhateverTheDecoderReads() throws Exception {
		final byte[] bytes = new byte[300_000]; // more than the buffers
		new Random(4).nextBytes(bytes);
		final Path f = tmp.getRoot().toPath().resolve("data.bin");
		Files.write(f, bytes);
		final String expected = hex(MessageDigest.getInstance("SHA-256").digest(bytes));
		final ImageFiles.Hashed<byte[]> all = ImageFiles.readBytes(f);
		assertArrayEquals(bytes, all.value());
		assertEquals(expected, all.sha256());
		for (final int n : new int[] { 0, 1, 10, 70_000, 299_999 }) {
			final ImageFiles.Hashed<byte[]> head = ImageFiles.read(f, in -> in.readNBytes(n));
			assertArrayEquals("the decoder's bytes", Arrays.copyOf(bytes, n), head.value());
			assertEquals("the rest is hashed too", expected, head.sha256());
		}
		// a decoder that reads byte by byte, one that skips, one that tries to re-read
		assertEquals(expected, ImageFiles.read(f, in -> in.read() + in.read()).sha256());
		assertEquals(expected, ImageFiles.read(f, in -> in.skip(100_000) + in.read()).sha256());
		assertEquals(expected, ImageFiles.read(f, in -> {
			in.mark(100);
			in.readNBytes(50);
			try {
				in.reset();
			}
			catch (final IOException e) {
				// refused: no byte is hashed twice
			}
			return in.markSupported();
		}).sha256());
	}

	@Test
	public void readErrorsNameTheFile() throws IOException {
		final Path missing = tmp.getRoot().toPath().resolve("missing.png");
		try {
			ImageFiles.read(missing, in -> {
				throw new AssertionError("decoded a missing file");
			});
			fail();
		}
		catch (final NoSuchFileException e) {
			assertEquals(missing + ": no such file", e.getMessage());
		}
		final Path folder = tmp.newFolder("folder.png").toPath();
		try {
			ImageFiles.sha256(folder);
			fail("hashed a folder");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(folder + ": "));
		}
		final Path f = tmp.getRoot().toPath().resolve("bad.bin");
		Files.write(f, new byte[] { 1, 2, 3 });
		try {
			ImageFiles.read(f, in -> {
				throw new IOException("broken content");
			});
			fail();
		}
		catch (final IOException e) {
			assertEquals("a decoder's error without the name gets it", f + ": broken content", e
				.getMessage());
		}
		try {
			ImageFiles.read(f, in -> {
				throw new IOException(f + ": truncated");
			});
			fail();
		}
		catch (final IOException e) {
			assertEquals(f + ": truncated", e.getMessage());
		}
	}

	// -- writeAtomically --

	@Test
	public void writeAtomicallyWritesAndLeavesNoTemporaryFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		ImageFiles.writeAtomically(f, false, t -> Files.write(t, bytes("hello")));
		assertArrayEquals(bytes("hello"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(tmp.getRoot().toPath()));
	}

	@Test
	public void writeAtomicallyRefusesToOverwrite() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		Files.write(f, bytes("original"));
		final boolean[] called = { false };
		try {
			ImageFiles.writeAtomically(f, false, t -> {
				called[0] = true;
				Files.write(t, bytes("new"));
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
	public void writeAtomicallyOverwritesWhenAsked() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("out.bin");
		Files.write(f, bytes("original, longer than the new content"));
		ImageFiles.writeAtomically(f, true, t -> Files.write(t, bytes("new")));
		assertArrayEquals(bytes("new"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(tmp.getRoot().toPath()));
	}

	@Test
	public void aThrowingWriterLeavesNothingBehind() throws IOException {
		final Path dir = tmp.newFolder("d").toPath();
		final Path f = dir.resolve("out.bin");
		try {
			ImageFiles.writeAtomically(f, false, t -> {
				Files.write(t, bytes("half"));
				throw new IOException("disk full");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IOException e) {
			assertEquals("disk full", e.getMessage());
		}
		assertEquals("no target and no temporary file", Arrays.asList(), names(dir));
		try {
			ImageFiles.writeStreamAtomically(dir.resolve("x.gz"), false, out -> {
				out.write(1);
				throw new IllegalStateException("bug");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IllegalStateException e) {
			assertEquals("bug", e.getMessage());
		}
		assertEquals(Arrays.asList(), names(dir));
	}

	@Test
	public void aThrowingWriterKeepsTheOriginalWhenOverwriting() throws IOException {
		final Path dir = tmp.newFolder("d").toPath();
		final Path f = dir.resolve("out.bin");
		Files.write(f, bytes("original"));
		try {
			ImageFiles.writeAtomically(f, true, t -> {
				Files.write(t, bytes("half"));
				throw new IOException("disk full");
			});
			fail("the writer's exception was swallowed");
		}
		catch (final IOException e) {
			assertEquals("disk full", e.getMessage());
		}
		assertArrayEquals(bytes("original"), Files.readAllBytes(f));
		assertEquals(Arrays.asList("out.bin"), names(dir));
	}

	@Test
	public void aMissingFolderIsNoSuchFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("missing").resolve("out.bin");
		try {
			ImageFiles.writeAtomically(f, false, t -> Files.write(t, bytes("x")));
			fail("wrote into a missing folder");
		}
		catch (final NoSuchFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("missing"));
		}
		try {
			ImageFiles.writeStreamAtomically(f, true, out -> out.write(1));
			fail("wrote into a missing folder");
		}
		catch (final NoSuchFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("missing"));
		}
		assertFalse(Files.exists(f.getParent()));
	}

	@Test
	public void aFolderTargetIsAnError() throws IOException {
		final Path dir = tmp.newFolder("target.bin").toPath();
		try {
			ImageFiles.writeAtomically(dir, true, t -> Files.write(t, bytes("x")));
			fail("replaced a folder");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("target.bin"));
		}
		assertTrue(Files.isDirectory(dir));
	}

	// -- writeStreamAtomically --

	@Test
	public void gzContentRoundTrips() throws IOException {
		final byte[] content = new byte[100_000];
		new Random(7).nextBytes(content);
		Arrays.fill(content, 0, 50_000, (byte) 9); // compressible part
		final Path f = tmp.getRoot().toPath().resolve("vol.nii.gz");
		ImageFiles.writeStreamAtomically(f, false, out -> out.write(content));
		final byte[] raw = Files.readAllBytes(f);
		assertEquals("gzip magic", 0x1f, raw[0] & 0xff);
		assertEquals("gzip magic", 0x8b, raw[1] & 0xff);
		assertTrue("compressed", raw.length < content.length);
		assertArrayEquals(content, gunzip(f));
		assertEquals(Arrays.asList("vol.nii.gz"), names(tmp.getRoot().toPath()));
	}

	@Test
	public void plainStreamContentIsWrittenAsIs() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("vol.nii");
		ImageFiles.writeStreamAtomically(f, false, out -> out.write(bytes("plain")));
		assertArrayEquals(bytes("plain"), Files.readAllBytes(f));
	}

	@Test
	public void streamWriterRefusesToOverwriteAndOverwritesWhenAsked() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("a.gz");
		Files.write(f, bytes("original"));
		try {
			ImageFiles.writeStreamAtomically(f, false, out -> out.write(bytes("new")));
			fail("overwrote an existing file");
		}
		catch (final FileAlreadyExistsException e) {
			assertEquals(f.toString(), e.getFile());
		}
		assertArrayEquals(bytes("original"), Files.readAllBytes(f));
		ImageFiles.writeStreamAtomically(f, true, out -> out.write(bytes("new")));
		assertArrayEquals(bytes("new"), gunzip(f));
		assertEquals(Arrays.asList("a.gz"), names(tmp.getRoot().toPath()));
	}

	// -- helpers --

	private static byte[] bytes(final String s) {
		return s.getBytes(StandardCharsets.UTF_8);
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
			final byte[] buf = new byte[8192];
			for (int r; (r = in.read(buf)) > 0;)
				out.write(buf, 0, r);
			return out.toByteArray();
		}
	}

	static String hex(final byte[] digest) {
		final StringBuilder sb = new StringBuilder();
		for (final byte b : digest)
			sb.append(String.format("%02x", b & 0xff));
		return sb.toString();
	}
}
