package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * File errors that say which file and why. The JDK's own often say only one
 * of the two: an {@link AccessDeniedException} or
 * {@link NoSuchFileException} is the bare path, reading a folder is "Is a
 * directory" without the path. These keep the exception's type (so callers
 * can still tell "no such file" from "permission denied") and give it a
 * message {@code "<file>: <what>: <reason>"}.
 */
public final class FileErrors {

	private FileErrors() {}

	/**
	 * An error reading {@code file}: {@code "<file>: no such file"},
	 * {@code "<file>: permission denied"}, {@code "<file>: Is a directory"}.
	 * An exception whose message names the file and gives a reason is
	 * returned as it is.
	 */
	public static IOException reading(final Path file, final IOException e) {
		return named(file, e, null);
	}

	/**
	 * An error writing {@code file} (the target, never the temporary file):
	 * {@code "<file>: <what>: <reason>"}. A {@link FileAlreadyExistsException}
	 * is returned as it is.
	 */
	public static IOException writing(final Path file, final IOException e, final String what) {
		if (e instanceof FileAlreadyExistsException) return e;
		return named(file, e, what);
	}

	private static IOException named(final Path file, final IOException e, final String what) {
		final String f = file.toString();
		final String reason = reason(e, f);
		final boolean complete = e instanceof FileSystemException ? ((FileSystemException) e)
			.getReason() != null && f.equals(((FileSystemException) e).getFile()) : reason != null && e
				.getMessage().contains(f);
		if (what == null && complete) return e;
		final String why = (what == null ? "" : what + ": ") + (reason == null ? e.getClass()
			.getSimpleName() : reason);
		final IOException out;
		if (e instanceof AccessDeniedException) out = new AccessDeniedException(f, null, why);
		else if (e instanceof NoSuchFileException) out = new NoSuchFileException(f, null, why);
		else if (e instanceof FileSystemException) out = new FileSystemException(f, null, why);
		else return new IOException(f + ": " + why, e);
		out.initCause(e);
		return out;
	}

	/** The reason an exception gives, without the file's name; null if none. */
	private static String reason(final IOException e, final String file) {
		if (e instanceof FileSystemException) {
			final String r = ((FileSystemException) e).getReason();
			if (r != null) return r;
			if (e instanceof AccessDeniedException) return "permission denied";
			if (e instanceof NoSuchFileException) return "no such file";
			return null;
		}
		final String m = e.getMessage();
		if (m == null) return null;
		final String r = m.replace(file, "").replaceAll("^[:\\s]+", "").trim();
		return r.isEmpty() ? null : r;
	}
}
