package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** File-name conventions, checksums and atomic writes shared by the readers and writers. */
public final class ImageFiles {

	/** Extensions of the image files datasets pair, longest first. */
	static final String[] EXTENSIONS = { ".nii.gz", ".tiff", ".tif", ".png", ".nii" };

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

	/** Writes a file's content; see {@link #writeAtomically}. */
	public interface Writer {

		/** Writes the whole content to {@code tmp}. */
		void write(Path tmp) throws IOException;
	}

	/**
	 * Writes {@code file} atomically: the content goes to a temporary file in
	 * the same folder, which then replaces the target in one move, so readers
	 * never see a half-written file and a failed write leaves nothing behind.
	 *
	 * @param overwrite if false and the file exists, nothing is written
	 * @throws FileAlreadyExistsException if the file exists and overwrite is
	 *           false
	 */
	public static void writeAtomically(final Path file, final boolean overwrite,
		final Writer writer) throws IOException
	{
		final Path target = file.toAbsolutePath();
		if (!overwrite && Files.exists(target)) {
			throw new FileAlreadyExistsException(target.toString(), null,
				"exists already; not overwritten (ask for overwrite to replace it)");
		}
		final Path dir = target.getParent();
		Files.createDirectories(dir);
		final String base = target.getFileName().toString();
		final Path tmp = Files.createTempFile(dir, "." + base + ".", ".part");
		boolean moved = false;
		try {
			writer.write(tmp);
			try {
				if (overwrite) Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
				else Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException e) {
				if (overwrite) Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				else Files.move(tmp, target);
			}
			moved = true;
		}
		finally {
			if (!moved) Files.deleteIfExists(tmp);
		}
	}
}
