package sc.fiji.conformal.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;

/**
 * The plugin's image files at local paths ({@link ImageJFiles}: TIFF and PNG
 * through ImageJ 1.x, NIfTI-1), as the value a dataset's loader and the apply
 * task carry to the executors. Every call goes to {@link ImageJFiles} (made
 * where it is used, in headless mode: no executor has a display).
 * <p>
 * One difference, for Spark's retries: a write that must not replace a file
 * succeeds when the file holds exactly the bytes it would write. A task Spark
 * runs again (its executor was lost, or a speculative copy) finds the sets
 * its earlier attempt wrote, atomically and complete; writing them again
 * changes nothing, so it is no conflict. Any other existing file still fails
 * the write ({@link FileAlreadyExistsException}).
 */
public final class PortableFiles implements ImageFileReader, ImageFileWriter, Serializable {

	private static final long serialVersionUID = 1L;

	private transient ImageJFiles files;

	/** Reads and writes with {@link ImageJFiles}. */
	public PortableFiles() {
		// the files are made where they are used (headless), after deserialization too
	}

	private ImageJFiles files() {
		if (files == null) {
			// ImageJ 1.x decodes TIFF and PNG; no executor has a display
			System.setProperty("java.awt.headless", "true");
			files = new ImageJFiles();
		}
		return files;
	}

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		return files().readScores(file);
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		return files().readMask(file);
	}

	@Override
	public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		return files().readScoresHashed(file);
	}

	@Override
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		return files().readMaskHashed(file);
	}

	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite)
		throws IOException
	{
		writeMask(mask, file, overwrite, null);
	}

	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		try {
			files().writeMask(mask, file, overwrite, like);
		}
		catch (final FileAlreadyExistsException e) {
			if (!holds(file, mask, like)) throw e;
		}
	}

	/** True if {@code file} holds the bytes that writing {@code mask} there would give. */
	private boolean holds(final Path file, final Mask mask, final Path like) throws IOException {
		// the same name after a prefix: the extension picks the same format
		final Path again = file.toAbsolutePath().resolveSibling("." + UUID.randomUUID() + "-" + file
			.getFileName());
		try {
			files().writeMask(mask, again, false, like);
			return sameBytes(file, again);
		}
		finally {
			Files.deleteIfExists(again);
		}
	}

	private static boolean sameBytes(final Path a, final Path b) throws IOException {
		if (Files.size(a) != Files.size(b)) return false;
		try (InputStream x = new BufferedInputStream(Files.newInputStream(a)); InputStream y =
			new BufferedInputStream(Files.newInputStream(b)))
		{
			for (int c; (c = x.read()) >= 0;)
				if (c != y.read()) return false;
			return y.read() < 0;
		}
	}
}
