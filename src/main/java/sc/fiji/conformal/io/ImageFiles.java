package sc.fiji.conformal.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * File-name conventions and reading a file once with its checksum, shared by
 * the readers ({@link AtomicWrite} writes).
 */
public final class ImageFiles {

	/** Extensions of the image files datasets pair ({@link ImageFormat}'s), longest first. */
	static final String[] EXTENSIONS = ImageFormat.extensionsLongestFirst();

	private static final int BUFFER = 1 << 16;

	/** The system property that sets {@link #maxVoxels()}. */
	public static final String MAX_VOXELS_PROPERTY = "sc.fiji.conformal.maxVoxels";

	/** {@link #maxVoxels()} unless the property sets it: 2^30, a 1024³ volume. */
	public static final long DEFAULT_MAX_VOXELS = 1L << 30;

	private ImageFiles() {}

	/**
	 * The most voxels one image may have: the system property
	 * {@value #MAX_VOXELS_PROPERTY} (a whole number from 1 to 2^31 − 1), else
	 * {@link #DEFAULT_MAX_VOXELS}. A score map of 2^30 float voxels takes 4 GB
	 * and its level maps as much again, so a larger image is more likely a
	 * broken header than data; raise it with
	 * {@code -Dsc.fiji.conformal.maxVoxels=N} on a machine with the memory.
	 *
	 * @throws IllegalArgumentException if the property is not such a number
	 */
	public static long maxVoxels() {
		final String p = System.getProperty(MAX_VOXELS_PROPERTY);
		if (p == null || p.trim().isEmpty()) return DEFAULT_MAX_VOXELS;
		try {
			final long v = Long.parseLong(p.trim());
			if (v >= 1 && v <= Integer.MAX_VALUE) return v;
		}
		catch (final NumberFormatException e) {
			// refused below
		}
		throw new IllegalArgumentException("the system property " + MAX_VOXELS_PROPERTY +
			" must be a whole number from 1 to " + Integer.MAX_VALUE + ", got '" + p + "'");
	}

	/**
	 * Checks an image's size, as a header claims it, against
	 * {@link #maxVoxels()} before anything is allocated for it.
	 *
	 * @param name names the file in the message
	 * @param size the size along each axis (positive)
	 * @throws IllegalArgumentException naming the file, its size, the limit
	 *           and how to raise it
	 */
	public static void checkVoxels(final String name, final long... size) {
		final long max = maxVoxels();
		long count = 1;
		for (final long s : size) {
			count = s > 0 && count <= Long.MAX_VALUE / s ? count * s : Long.MAX_VALUE;
		}
		if (count > max) {
			final StringBuilder dims = new StringBuilder();
			for (final long s : size)
				dims.append(dims.length() == 0 ? "" : "x").append(s);
			throw new IllegalArgumentException(name + ": " + dims + " is " + (count == Long.MAX_VALUE
				? "too many" : String.valueOf(count)) + " voxels, more than the " + max +
				" one image may have (raise the limit with -D" + MAX_VOXELS_PROPERTY + "=N, up to " +
				Integer.MAX_VALUE + ")");
		}
	}

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
			throw FileErrors.reading(file, e);
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

	static MessageDigest sha256Digest() {
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

	static String hex(final byte[] bytes) {
		final char[] digits = "0123456789abcdef".toCharArray();
		final char[] out = new char[2 * bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = digits[bytes[i] & 0xf];
		}
		return new String(out);
	}
}
