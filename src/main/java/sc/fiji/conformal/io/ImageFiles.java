package sc.fiji.conformal.io;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
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

/**
 * File-name conventions, reading a file once with its checksum, and atomic
 * writes, shared by the readers and writers.
 */
public final class ImageFiles {

	/** Extensions of the image files datasets pair ({@link ImageFormat}'s), longest first. */
	static final String[] EXTENSIONS = ImageFormat.extensionsLongestFirst();

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
		return ImageFormat.find(file) == ImageFormat.NIFTI;
	}

	/** The file name without its image extension. */
	public static String baseName(final Path file) {
		final String name = file.getFileName().toString();
		final String e = extension(file);
		return e == null ? name : name.substring(0, name.length() - e.length());
	}

	/** A value decoded from a file, with the SHA-256 of the file's bytes. Immutable. */
	public static final class Hashed<T> {

		private final T value;
		private final String sha256;

		/**
		 * @param sha256 lower-case hex
		 * @throws IllegalArgumentException if {@code sha256} is null
		 */
		public Hashed(final T value, final String sha256) {
			if (sha256 == null) throw new IllegalArgumentException("sha256 must not be null");
			this.value = value;
			this.sha256 = sha256;
		}

		/** The decoded value. */
		public T value() {
			return value;
		}

		/** SHA-256 of the bytes the value was decoded from, lower-case hex. */
		public String sha256() {
			return sha256;
		}
	}

	/** Decodes a value from a stream of a file's bytes. */
	public interface Decoder<T> {

		/**
		 * Reads what it needs from {@code in} (it need not read to the end, nor
		 * close it) and returns the value.
		 *
		 * @throws IOException naming the file when the content is bad
		 */
		T decode(InputStream in) throws IOException;
	}

	/**
	 * Reads a file once, decoding and hashing the same bytes: the decoder reads
	 * a stream of the file's bytes, whatever it leaves unread is read after it,
	 * and every byte goes through SHA-256 on the way. Nothing is kept beyond
	 * what the decoder keeps; the file is closed before this returns.
	 *
	 * @throws NoSuchFileException {@code "<file>: no such file"}
	 * @throws IOException if the file cannot be read (the message names it), or
	 *           as thrown by the decoder
	 */
	public static <T> Hashed<T> read(final Path file, final Decoder<T> decoder)
		throws IOException
	{
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file, decoder);
		}
		catch (final NoSuchFileException e) {
			if (e.getReason() != null) throw e;
			throw new NoSuchFileException(file.toString(), null, "no such file");
		}
		catch (final IOException e) {
			final String msg = e.getMessage() == null ? e.toString() : e.getMessage();
			if (msg.contains(file.toString())) throw e;
			throw new IOException(file + ": " + msg, e);
		}
	}

	/**
	 * {@link #read(Path, Decoder)} for a file whose bytes the caller streams
	 * (from another file system, say): decodes and hashes every byte of
	 * {@code in} to its end, and leaves it open.
	 *
	 * @param file names the file in errors
	 * @throws IOException if the stream cannot be read (the message names the
	 *           file), or as thrown by the decoder
	 */
	public static <T> Hashed<T> read(final InputStream in, final Path file,
		final Decoder<T> decoder) throws IOException
	{
		if (in == null || file == null || decoder == null) {
			throw new IllegalArgumentException("stream, file and decoder must be given");
		}
		final MessageDigest md = sha256Digest();
		try {
			final InputStream hashing = new HashingStream(in, md);
			final T value = decoder.decode(hashing);
			if (hashing.read() >= 0) {
				final byte[] rest = new byte[BUFFER];
				while (hashing.read(rest) >= 0) {
					// the rest is hashed as it passes
				}
			}
			return new Hashed<>(value, hex(md.digest()));
		}
		catch (final NoSuchFileException e) {
			// kept as it is: callers tell a missing file by its type
			throw e;
		}
		catch (final IOException e) {
			final String msg = e.getMessage() == null ? e.toString() : e.getMessage();
			if (msg.contains(file.toString())) throw e;
			throw new IOException(file + ": " + msg, e);
		}
	}

	/** A file's bytes with their SHA-256, read once (see {@link #read(Path, Decoder)}). */
	public static Hashed<byte[]> readBytes(final Path file) throws IOException {
		return read(file, InputStream::readAllBytes);
	}

	/** SHA-256 of a file's bytes, lower-case hex. */
	public static String sha256(final Path file) throws IOException {
		return read(file, in -> null).sha256();
	}

	/**
	 * Passes every byte read through a digest exactly once: skipped bytes are
	 * read (DigestInputStream would let them bypass the digest), and there is
	 * no mark and reset.
	 */
	private static final class HashingStream extends FilterInputStream {

		private final MessageDigest md;

		HashingStream(final InputStream in, final MessageDigest md) {
			super(in);
			this.md = md;
		}

		@Override
		public int read() throws IOException {
			final int b = in.read();
			if (b >= 0) md.update((byte) b);
			return b;
		}

		@Override
		public int read(final byte[] b, final int off, final int len) throws IOException {
			final int n = in.read(b, off, len);
			if (n > 0) md.update(b, off, n);
			return n;
		}

		@Override
		public long skip(final long n) throws IOException {
			if (n <= 0) return 0;
			final byte[] buf = new byte[(int) Math.min(n, BUFFER)];
			long left = n;
			for (int r; left > 0 && (r = read(buf, 0, (int) Math.min(left, buf.length))) >= 0;)
				left -= r;
			return n - left;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		@Override
		public synchronized void mark(final int limit) {
			// not supported
		}

		@Override
		public synchronized void reset() throws IOException {
			throw new IOException("mark/reset not supported");
		}
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JVM lacks SHA-256", e);
		}
	}

	/** The SHA-256 of some bytes, in lower-case hex. */
	static String sha256Hex(final byte[] bytes) {
		return hex(sha256Digest().digest(bytes));
	}

	private static String hex(final byte[] bytes) {
		final char[] digits = "0123456789abcdef".toCharArray();
		final char[] out = new char[2 * bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = digits[bytes[i] & 0xf];
		}
		return new String(out);
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
