package sc.fiji.conformal.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Writes output files so that nothing is lost and nothing is silently wrong.
 * Every file the suite writes goes through here.
 * <ul>
 * <li><b>Checked</b>: the content goes through our own stream into a
 * temporary file, so every failed write (a full disk, a quota, an I/O error)
 * is an {@link IOException}, and the temporary file is forced to disk, which
 * reports errors the file system deferred, before it becomes the target.</li>
 * <li><b>Atomic</b>: the temporary file is in the target's folder and becomes
 * the target in one step, so a reader (or a run killed with {@code kill -9})
 * never sees half a file.</li>
 * <li><b>Never replaced unless asked, race-free</b>: without
 * {@code overwrite} the temporary file is hard-linked to the target name, an
 * atomic step that fails if the name exists, so of two writers racing for a
 * new file exactly one wins and the other gets
 * {@link FileAlreadyExistsException}. Only where the file system has no hard
 * links (FAT, some network shares) is it a check followed by a rename, which
 * a writer racing in between can slip through. With {@code overwrite} the
 * temporary file is renamed over the target (atomic on POSIX file
 * systems).</li>
 * <li><b>Temporary names</b> are {@code .<start of the name>.<hash of the
 * name>.<host><pid>.<random>.conformal-tmp}: hidden, at most about 80 bytes
 * (so a target name of 255 bytes still works), and recognisable: before a
 * target is written, its stale temporary files (left by a process killed
 * with {@code kill -9}) are removed: those of a process of this host that is
 * gone, and any older than a day.</li>
 * </ul>
 */
public final class AtomicWrite {

	/** The suffix of every temporary file and folder. */
	public static final String TEMP_SUFFIX = ".conformal-tmp";

	/** Temporary files of another host (or a live process) older than this are stale. */
	static final long STALE_MILLIS = 24L * 60 * 60 * 1000;

	/** Bytes of the target name kept at the start of a temporary name. */
	private static final int NAME_BYTES = 32;

	private static final int BUFFER = 1 << 16;

	private static final Pattern TEMP = Pattern.compile(
		"\\.([0-9a-f]{8})\\.([0-9a-f]{4})([0-9]+)\\.[0-9a-f]{8}" + Pattern.quote(TEMP_SUFFIX) + "$");

	private static final String HOST = host();

	private static final long PID = ProcessHandle.current().pid();

	private AtomicWrite() {}

	/** Writes a file's whole content to a stream. */
	public interface StreamWriter {

		/**
		 * Writes everything to {@code out} (buffered; gzip-compressed for
		 * {@code .gz} names). Need not close it.
		 */
		void write(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code file}: checked, atomic, never replacing a file unless
	 * {@code overwrite} (see the class comment). Content goes gzip-compressed
	 * to names ending {@code .gz}. A failure leaves no temporary file and
	 * leaves the target as it was.
	 *
	 * @throws FileAlreadyExistsException naming the file if it exists (or
	 *           appears while it is written) and overwrite is false
	 * @throws IOException naming the file and the reason if it cannot be
	 *           written (see {@link #check})
	 */
	public static void write(final Path file, final boolean overwrite, final StreamWriter writer)
		throws IOException
	{
		if (file == null) throw new IllegalArgumentException("file must not be null");
		final Path target = file.toAbsolutePath();
		refuse(file, target, overwrite);
		final Path tmp = target.resolveSibling(tempName(target.getFileName().toString()));
		try {
			writeNew(tmp, writer, gzip(file), file);
			try {
				commit(tmp, target, file, overwrite);
			}
			catch (final IOException e) {
				throw FileErrors.writing(file, e, "cannot be put in place");
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
	 * Writes a new file that no one else can see yet (inside a temporary
	 * folder of {@link #newTempFolder}): created (failing if it exists),
	 * written through a checked stream and forced to disk.
	 *
	 * @throws IOException naming the file if it cannot be written
	 */
	public static void writeNew(final Path file, final StreamWriter writer) throws IOException {
		writeNew(file, writer, gzip(file), file);
	}

	/**
	 * Checks, before any work, that {@code file} can be written: it is not a
	 * folder, it does not exist unless {@code overwrite}, its folder exists,
	 * and a file can be created there (a temporary file is created and
	 * removed, which checks permissions, a read-only file system and the
	 * name's length). Removes the target's stale temporary files.
	 *
	 * @throws FileAlreadyExistsException naming the file if it exists and
	 *           overwrite is false
	 * @throws IOException naming the file and the reason otherwise
	 */
	public static void check(final Path file, final boolean overwrite) throws IOException {
		if (file == null) throw new IllegalArgumentException("file must not be null");
		final Path target = file.toAbsolutePath();
		refuse(file, target, overwrite);
		probe(file, target, false);
	}

	/**
	 * Checks, before any work, that a folder can be made at {@code folder}:
	 * it does not exist unless {@code overwrite} (and then it is a folder),
	 * and the folder it goes into exists and can be written (a temporary
	 * folder is created and removed there). Removes its stale temporary
	 * folders.
	 *
	 * @throws FileAlreadyExistsException naming the folder if it exists and
	 *           overwrite is false
	 * @throws IOException naming the folder and the reason otherwise
	 */
	public static void checkFolder(final Path folder, final boolean overwrite) throws IOException {
		if (folder == null) throw new IllegalArgumentException("the folder to write must be given");
		final Path target = folder.toAbsolutePath();
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			if (!overwrite) {
				throw new FileAlreadyExistsException(folder.toString(), null,
					"the folder exists (choose a new one or ask for overwrite to replace it)");
			}
			if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileSystemException(folder.toString(), null, "exists and is not a folder");
			}
		}
		probe(folder, target, true);
	}

	/**
	 * Creates a hidden temporary folder next to {@code target} (named as the
	 * class comment says), to be filled and then moved into place with
	 * {@link #commitFolder}.
	 *
	 * @throws IOException naming the folder if it cannot be created
	 */
	public static Path newTempFolder(final Path target) throws IOException {
		final Path t = target.toAbsolutePath();
		final Path tmp = t.resolveSibling(tempName(t.getFileName().toString()));
		try {
			return Files.createDirectory(tmp);
		}
		catch (final IOException e) {
			throw FileErrors.writing(target, e, "cannot create a temporary folder next to it");
		}
	}

	/**
	 * Moves a complete temporary folder to {@code target}. Without
	 * {@code overwrite} the target name is first claimed by creating it
	 * (atomic; fails if it exists) and the temporary folder renamed over the
	 * empty claim. With {@code overwrite} an existing target is first renamed
	 * aside, then removed once the new folder is in place, so a failure keeps
	 * it.
	 *
	 * @throws FileAlreadyExistsException naming the folder if it exists and
	 *           overwrite is false
	 */
	public static void commitFolder(final Path tmp, final Path target, final boolean overwrite)
		throws IOException
	{
		final Path t = target.toAbsolutePath();
		Path old = null;
		if (overwrite && Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
			if (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileSystemException(target.toString(), null, "exists and is not a folder");
			}
			old = t.resolveSibling(tempName(t.getFileName().toString()));
			Files.move(t, old, StandardCopyOption.ATOMIC_MOVE);
		}
		try {
			Files.createDirectory(t);
		}
		catch (final FileAlreadyExistsException e) {
			restore(old, t, e);
			throw new FileAlreadyExistsException(target.toString(), null,
				"the folder appeared while it was written; nothing was replaced");
		}
		try {
			// rename(2) replaces an empty folder: our own claim
			Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final IOException e) {
			try {
				Files.deleteIfExists(t);
			}
			catch (final IOException d) {
				e.addSuppressed(d);
			}
			restore(old, t, e);
			throw FileErrors.writing(target, e, "cannot move the finished folder into place");
		}
		if (old != null) deleteTree(old);
	}

	/**
	 * Removes the stale temporary files and folders in {@code folder} (see the
	 * class comment), of any target; none of a live process of this host
	 * younger than a day.
	 *
	 * @return how many were removed
	 */
	public static int removeStale(final Path folder) throws IOException {
		return removeStale(folder, null);
	}

	/** Deletes a file or a folder with everything in it (symbolic links are not followed). */
	public static void deleteTree(final Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
		Files.walkFileTree(path, new SimpleFileVisitor<Path>() {

			@Override
			public FileVisitResult visitFile(final Path f, final BasicFileAttributes a)
				throws IOException
			{
				Files.delete(f);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(final Path d, final IOException e)
				throws IOException
			{
				if (e != null) throw e;
				Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/**
	 * The temporary name for a target name: at most {@value #NAME_BYTES} bytes
	 * of the name (whole characters), a hash of the whole name, this host and
	 * process, and a random part.
	 */
	static String tempName(final String targetName) {
		return "." + head(targetName) + "." + key(targetName) + "." + HOST + PID + "." + String
			.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt()) + TEMP_SUFFIX;
	}

	// -- helpers --

	/** The cheap checks of every write: not a folder, not existing unless asked, its folder exists. */
	private static void refuse(final Path file, final Path target, final boolean overwrite)
		throws IOException
	{
		if (Files.isDirectory(target)) {
			throw new FileSystemException(file.toString(), null, "is a folder, not a file");
		}
		if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			throw new FileAlreadyExistsException(file.toString(), null,
				"refusing to overwrite an existing file (ask for overwrite to replace it)");
		}
		final Path parent = target.getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new NoSuchFileException(String.valueOf(parent), null, "the folder to write " + file +
				" into does not exist");
		}
	}

	/** Writes {@code file}; errors name {@code shown} (the target of a temporary file). */
	private static void writeNew(final Path file, final StreamWriter writer, final boolean gzip,
		final Path shown) throws IOException
	{
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
			StandardOpenOption.WRITE))
		{
			final OutputStream raw = new ChannelStream(channel);
			final OutputStream out = gzip ? new GZIPOutputStream(raw, BUFFER)
				: new BufferedOutputStream(raw, BUFFER);
			writer.write(out);
			out.close(); // finishes gzip and flushes: a failed write throws here at the latest
			channel.force(true); // and errors the file system deferred, here
		}
		catch (final IOException e) {
			throw FileErrors.writing(shown, e, "cannot be written");
		}
	}

	/** Makes the finished temporary file the target (see the class comment). */
	private static void commit(final Path tmp, final Path target, final Path shown,
		final boolean overwrite) throws IOException
	{
		if (overwrite) {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
			return;
		}
		try {
			Files.createLink(target, tmp);
		}
		catch (final FileAlreadyExistsException e) {
			throw new FileAlreadyExistsException(shown.toString(), null,
				"refusing to overwrite a file that appeared while it was written (ask for overwrite to replace it)");
		}
		catch (final UnsupportedOperationException | FileSystemException e) {
			if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) throw e;
			// no hard links here: check, then rename (documented as not race-free)
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileAlreadyExistsException(shown.toString(), null,
					"refusing to overwrite a file that appeared while it was written (ask for overwrite to replace it)");
			}
			Files.move(tmp, target);
			return;
		}
		Files.delete(tmp);
	}

	/** Creates and removes a temporary file (or folder) next to the target. */
	private static void probe(final Path shown, final Path target, final boolean folder)
		throws IOException
	{
		final Path parent = target.getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new NoSuchFileException(String.valueOf(parent), null, "the folder to write " + shown +
				" into does not exist");
		}
		removeStale(parent, target.getFileName().toString());
		final Path tmp = parent.resolve(tempName(target.getFileName().toString()));
		try {
			if (folder) Files.createDirectory(tmp);
			else Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
				.close();
			Files.delete(tmp);
		}
		catch (final IOException e) {
			throw FileErrors.writing(shown, e, "cannot be written");
		}
	}

	/**
	 * Removes stale temporaries in a folder: all, or those of one target name.
	 * Best effort: one that cannot be removed is left, and does not fail the
	 * write that looked.
	 */
	private static int removeStale(final Path folder, final String targetName) throws IOException {
		final String key = targetName == null ? null : key(targetName);
		int removed = 0;
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, ".*" + TEMP_SUFFIX)) {
			for (final Path p : ds) {
				final Matcher m = TEMP.matcher(p.getFileName().toString());
				if (!m.find() || key != null && !key.equals(m.group(1))) continue;
				try {
					if (!stale(p, m.group(2), Long.parseLong(m.group(3)))) continue;
					deleteTree(p);
					removed++;
				}
				catch (final IOException | NumberFormatException e) {
					// gone meanwhile, not ours to remove, or a pid beyond a long: leave it
				}
			}
		}
		return removed;
	}

	private static boolean stale(final Path p, final String host, final long pid)
		throws IOException
	{
		if (HOST.equals(host) && (pid != PID && !ProcessHandle.of(pid).map(ProcessHandle::isAlive)
			.orElse(false))) return true;
		return System.currentTimeMillis() - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
			.toMillis() > STALE_MILLIS;
	}

	private static void restore(final Path old, final Path target, final IOException e) {
		if (old == null) return;
		try {
			Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final IOException r) {
			e.addSuppressed(r);
		}
	}

	private static boolean gzip(final Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
	}

	/** At most NAME_BYTES bytes of UTF-8, whole code points. */
	private static String head(final String name) {
		final StringBuilder sb = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < name.length();) {
			final int cp = name.codePointAt(i);
			final int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + n > NAME_BYTES) break;
			sb.appendCodePoint(cp);
			bytes += n;
			i += Character.charCount(cp);
		}
		return sb.toString();
	}

	private static String key(final String name) {
		return ImageFiles.sha256Hex(name.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
	}

	private static String host() {
		String h;
		try {
			h = InetAddress.getLocalHost().getHostName();
		}
		catch (final IOException | RuntimeException e) {
			h = "unknown";
		}
		return ImageFiles.sha256Hex(h.getBytes(StandardCharsets.UTF_8)).substring(0, 4);
	}

	/** Writes to a channel, every byte or an exception; close does not close the channel. */
	private static final class ChannelStream extends OutputStream {

		private final FileChannel channel;

		ChannelStream(final FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public void write(final int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			final ByteBuffer buf = ByteBuffer.wrap(b, off, len);
			while (buf.hasRemaining())
				channel.write(buf);
		}

		@Override
		public void close() {
			// the channel is closed by its owner, after force
		}
	}
}
