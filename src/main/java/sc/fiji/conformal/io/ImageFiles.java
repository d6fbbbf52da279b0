package sc.fiji.conformal.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/** File-name conventions, checksums and atomic writes shared by the readers and writers. */
public final class ImageFiles {

	/** Extensions of the image files datasets pair, longest first. */
	static final String[] EXTENSIONS = { ".nii.gz", ".tiff", ".tif", ".png", ".nii" };

	private static final int BUFFER = 1 << 16;

	private ImageFiles() {}

	/** True if the file name ends with an image extension we read. */
	public static boolean isImage(final Path file) {
		return extension(file) != null;
	}

	/** The image extension of a file name ({@code .nii.gz}, {@code .tif}, ...), or null. */
	public static String extension(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		for (final String e : EXTENSIONS)
			if (name.endsWith(e) && name.length() > e.length()) return file.getFileName().toString()
				.substring(name.length() - e.length());
		return null;
	}

	/** True for NIfTI-1 files ({@code .nii}, {@code .nii.gz}). */
	public static boolean isNifti(final Path file) {
		final String e = extension(file);
		return e != null && e.toLowerCase(Locale.ROOT).startsWith(".nii");
	}

	/** The file name without its image extension. */
	public static String baseName(final Path file) {
		final String name = file.getFileName().toString();
		final String e = extension(file);
		return e == null ? name : name.substring(0, name.length() - e.length());
	}

	/** SHA-256 of a file's bytes, lower-case hex. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JVM lacks SHA-256", e);
		}
		final byte[] buf = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int r; (r = in.read(buf)) > 0;)
				md.update(buf, 0, r);
		}
		final StringBuilder sb = new StringBuilder(64);
		for (final byte b : md.digest())
			sb.append(String.format("%02x", b & 0xff));
		return sb.toString();
	}

	/** Writes a file's whole content to a given (temporary) path. */
	public interface PathWriter {

		/** Writes everything to {@code tmp}, which exists and is empty. */
		void write(Path tmp) throws IOException;
	}

	/** Writes a file's whole content to a stream. */
	public interface StreamWriter {

		/** Writes everything to {@code out} (buffered; gzip-compressed for .gz names). */
		void write(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code file} atomically: the content goes to a hidden temporary
	 * file in the same folder (with normal permissions), is forced to disk, and
	 * then replaces the target in one move, so readers never see a half-written
	 * file and a failed write leaves nothing behind.
	 *
	 * @param overwrite if false and the file exists, nothing is written
	 * @throws FileAlreadyExistsException naming the file if it exists and
	 *           overwrite is false (checked before writing and again by the
	 *           final move)
	 * @throws NoSuchFileException if the folder does not exist
	 * @throws IOException if the target is a folder or writing fails
	 */
	public static void writeAtomically(final Path file, final boolean overwrite,
		final PathWriter writer) throws IOException
	{
		if (file == null) throw new IllegalArgumentException("file must not be null");
		final Path target = file.toAbsolutePath();
		if (!overwrite) refuseExisting(file, target);
		if (Files.isDirectory(target)) throw new IOException(file + ": is a folder");
		final Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder)) {
			throw new NoSuchFileException(String.valueOf(folder), null, "the folder to write " + file +
				" into does not exist");
		}
		final Path tmp = folder.resolve("." + target.getFileName() + "." + Long.toHexString(
			ThreadLocalRandom.current().nextLong()) + ".tmp");
		try {
			Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
			writer.write(tmp);
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			if (overwrite) {
				try {
					Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (final AtomicMoveNotSupportedException e) {
					Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			else {
				// a rename that fails rather than replace a file created meanwhile
				Files.move(tmp, target);
			}
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(tmp);
			}
			catch (final IOException d) {
				e.addSuppressed(d);
			}
			throw e;
		}
	}

	/**
	 * {@link #writeAtomically(Path, boolean, PathWriter)} for content written
	 * as a stream, gzip-compressed when the name ends with {@code .gz}.
	 */
	public static void writeStreamAtomically(final Path file, final boolean overwrite,
		final StreamWriter writer) throws IOException
	{
		final boolean gzip = file != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
			.endsWith(".gz");
		writeAtomically(file, overwrite, tmp -> {
			try (OutputStream raw = Files.newOutputStream(tmp); OutputStream out = gzip
				? new GZIPOutputStream(raw, BUFFER) : new BufferedOutputStream(raw, BUFFER))
			{
				writer.write(out);
			}
		});
	}

	private static void refuseExisting(final Path file, final Path target)
		throws FileAlreadyExistsException
	{
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			throw new FileAlreadyExistsException(file.toString(), null,
				"refusing to overwrite an existing file (ask for overwrite to replace it)");
		}
	}
}
