package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * File-name conventions and SHA-256 of a file read once (the writers are
 * {@link AtomicWriteTest}'s).
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

	// -- helpers --

	static String hex(final byte[] digest) {
		final StringBuilder sb = new StringBuilder();
		for (final byte b : digest)
			sb.append(String.format("%02x", b & 0xff));
		return sb.toString();
	}
}
