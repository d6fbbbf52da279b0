package sc.fiji.conformal.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.util.SerializableConfiguration;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.ImageFormat;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.Storage;
import sc.fiji.conformal.io.ij.ImageJFiles;

/**
 * The files of one Hadoop file system ({@code hdfs://namenode:8020},
 * {@code s3a://bucket}, {@code file:///}, whatever the cluster's Hadoop
 * configuration provides), for the plugin's datasets, readers and writers: a
 * file is named by the path part of its URI ({@code /data/ct/a.nii.gz} for
 * {@code hdfs://nn/data/ct/a.nii.gz}), so that datasets pair, record and
 * report files exactly as they do local paths. A serializable value: the
 * driver lists folders and reads manifests with it, executors read images
 * and write sets with it, each opening the file system from the shipped
 * Hadoop configuration.
 * <p>
 * Images are decoded from Hadoop's input stream by the plugin's format
 * registry ({@link ImageJFiles#formats()}), the bytes hashed as they pass.
 * Every file is written as locally (the plugin's own writers, into a local
 * temporary folder), then copied to a hidden temporary file beside its
 * target and renamed onto it: readers never see a partial file. Without
 * overwrite, an existing target is refused ({@link FileAlreadyExistsException})
 * — checked before the rename, and by the rename itself on file systems
 * whose rename never replaces a file (HDFS); on others (the local one, S3)
 * a file created between the check and the rename could be replaced. As
 * with {@link PortableFiles}, a mask write finding a file that holds exactly
 * its bytes (a task Spark ran again) succeeds.
 * <p>
 * For a NIfTI set written beside a NIfTI image ({@code like}), only the
 * image's header is read again (its first 64 KiB), for the placement.
 */
public final class HadoopFiles implements ImageFileReader, ImageFileWriter, Storage,
	Serializable
{

	private static final long serialVersionUID = 1L;

	/** Enough of a NIfTI file (even gzip-compressed) for its 348-byte header. */
	private static final int HEADER_PREFIX = 1 << 16;

	private final URI root;
	private final SerializableConfiguration conf;
	private transient FileSystem fs;

	private HadoopFiles(final URI root, final Configuration conf) {
		this.root = root;
		this.conf = new SerializableConfiguration(conf);
	}

	/**
	 * The file system of {@code uri} (its scheme and authority), opened with
	 * {@code conf}.
	 *
	 * @throws IllegalArgumentException if the URI has no scheme
	 * @throws IOException if Hadoop has no file system for the scheme (the
	 *           message names it)
	 */
	public static HadoopFiles of(final URI uri, final Configuration conf) throws IOException {
		if (uri.getScheme() == null) throw new IllegalArgumentException(uri + " names no file system");
		final HadoopFiles files = new HadoopFiles(URI.create(uri.getScheme() + "://" + (uri
			.getRawAuthority() == null ? "" : uri.getRawAuthority()) + "/"), conf);
		files.fs();
		return files;
	}

	/** The file system's URI, e.g. {@code hdfs://nn:8020/}. */
	public URI root() {
		return root;
	}

	/** The path that names the file of {@code uri} (its path part). */
	public static Path path(final URI uri) {
		final String p = uri.getPath();
		return Paths.get(p == null || p.isEmpty() ? "/" : p);
	}

	/** The Hadoop path of the file {@code file} names on this file system. */
	org.apache.hadoop.fs.Path hadoop(final Path file) {
		return new org.apache.hadoop.fs.Path(root.getScheme(), root.getAuthority(), file
			.toAbsolutePath().toString());
	}

	private FileSystem fs() throws IOException {
		if (fs == null) {
			// ImageJ 1.x decodes TIFF and PNG; no executor has a display
			System.setProperty("java.awt.headless", "true");
			final FileSystem f = FileSystem.get(root, conf.value());
			// file:// is Hadoop's checksummed local file system: no ".name.crc" files beside outputs
			fs = f instanceof ChecksumFileSystem ? ((ChecksumFileSystem) f).getRawFileSystem() : f;
		}
		return fs;
	}

	// -- Storage: listing on the driver --

	@Override
	public boolean isFolder(final Path path) throws IOException {
		final FileStatus s = status(path);
		return s != null && s.isDirectory();
	}

	@Override
	public boolean isFile(final Path path) throws IOException {
		final FileStatus s = status(path);
		return s != null && s.isFile();
	}

	@Override
	public List<Path> files(final Path folder) throws IOException {
		final List<Path> out = new ArrayList<>();
		final RemoteIterator<LocatedFileStatus> it = fs().listFiles(hadoop(folder), true);
		while (it.hasNext())
			out.add(Paths.get(it.next().getPath().toUri().getPath()));
		return out;
	}

	@Override
	public List<String> lines(final Path file) throws IOException {
		try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file),
			StandardCharsets.UTF_8)))
		{
			return r.lines().collect(Collectors.toList());
		}
	}

	private FileStatus status(final Path path) throws IOException {
		try {
			return fs().getFileStatus(hadoop(path));
		}
		catch (final FileNotFoundException e) {
			return null;
		}
	}

	/**
	 * A file's bytes.
	 *
	 * @throws NoSuchFileException naming the file if it does not exist
	 */
	public byte[] readAllBytes(final Path file) throws IOException {
		try (InputStream in = open(file)) {
			return in.readAllBytes();
		}
	}

	private InputStream open(final Path file) throws IOException {
		try {
			return fs().open(hadoop(file));
		}
		catch (final FileNotFoundException e) {
			throw new NoSuchFileException(file.toString(), null, "no such file");
		}
	}

	// -- ImageFileReader: reading on the executors --

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		return readScoresHashed(file).value();
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		return readMaskHashed(file).value();
	}

	@Override
	public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		final ImageFormats formats = ImageJFiles.formats();
		formats.codec(file); // an unknown extension fails before the file is opened
		try (InputStream in = open(file)) {
			return formats.readScoresHashed(file, in);
		}
	}

	@Override
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		final ImageFormats formats = ImageJFiles.formats();
		formats.codec(file);
		try (InputStream in = open(file)) {
			return formats.readMaskHashed(file, in);
		}
	}

	// -- ImageFileWriter: writing sets on the executors, outputs on the driver --

	@Override
	public boolean exists(final Path path) throws IOException {
		return status(path) != null;
	}

	@Override
	public void createFolders(final Path folder) throws IOException {
		final FileStatus s = status(folder);
		if (s != null && s.isDirectory()) return;
		if (!fs().mkdirs(hadoop(folder))) throw new IOException(hadoop(folder) +
			": could not create the folder");
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
		if (mask == null) throw new IllegalArgumentException("mask must not be null");
		ImageJFiles.formats().codec(file);
		final Path tmp = Files.createTempDirectory("conformal-spark-");
		try {
			Path localLike = null;
			if (like != null && ImageFormat.find(like) == ImageFormat.NIFTI && ImageFormat.find(
				file) == ImageFormat.NIFTI)
			{
				localLike = tmp.resolve("like-" + like.getFileName());
				Files.write(localLike, prefix(like, HEADER_PREFIX));
			}
			final Path local = tmp.resolve(file.getFileName().toString());
			ImageJFiles.formats().writeMask(mask, local, false, localLike);
			try {
				publish(local, file, overwrite);
			}
			catch (final FileAlreadyExistsException e) {
				// a retried task finds what its earlier attempt wrote
				if (!Arrays.equals(Files.readAllBytes(local), readAllBytes(file))) throw e;
			}
		}
		finally {
			deleteTree(tmp);
		}
	}

	/** A writer of a whole file to a local path (the plugin's writers). */
	public interface LocalWriter {

		/** Writes the whole file at {@code file}, which does not exist. */
		void write(Path file) throws IOException;
	}

	/**
	 * Writes {@code file} with a local writer (into a local temporary folder,
	 * under the same name), then puts it in place as described in the class
	 * description.
	 *
	 * @throws FileAlreadyExistsException naming the file if it exists and
	 *           overwrite is false
	 */
	public void write(final Path file, final boolean overwrite, final LocalWriter writer)
		throws IOException
	{
		if (!overwrite && exists(file)) throw refused(file);
		final Path tmp = Files.createTempDirectory("conformal-spark-");
		try {
			final Path local = tmp.resolve(file.getFileName().toString());
			writer.write(local);
			publish(local, file, overwrite);
		}
		finally {
			deleteTree(tmp);
		}
	}

	/** Copies a local file to a hidden temporary file beside {@code file}, then renames it there. */
	private void publish(final Path local, final Path file, final boolean overwrite)
		throws IOException
	{
		final org.apache.hadoop.fs.Path target = hadoop(file);
		final FileStatus folder = status(file.toAbsolutePath().getParent());
		if (folder == null || !folder.isDirectory()) {
			throw new NoSuchFileException(target.getParent().toString(), null,
				"the folder to write " + target + " into does not exist");
		}
		if (!overwrite && exists(file)) throw refused(file);
		final org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(target.getParent(), "." +
			target.getName() + "." + UUID.randomUUID() + ".tmp");
		try {
			try (OutputStream out = fs().create(part, false)) {
				Files.copy(local, out);
			}
			if (overwrite) {
				final FileStatus s = status(file);
				if (s != null && s.isDirectory()) throw new IOException(target + ": is a folder");
				if (s != null) fs().delete(target, false);
			}
			else if (exists(file)) throw refused(file);
			if (!fs().rename(part, target)) {
				if (exists(file)) throw refused(file);
				throw new IOException(target + ": could not rename " + part.getName() + " to it");
			}
		}
		finally {
			try {
				fs().delete(part, false);
			}
			catch (final IOException e) {
				// the temporary file is hidden; a failed clean-up must not hide the real outcome
			}
		}
	}

	private FileAlreadyExistsException refused(final Path file) {
		return new FileAlreadyExistsException(hadoop(file).toString(), null,
			"refusing to overwrite an existing file (give --overwrite to replace it)");
	}

	/** Up to {@code n} first bytes of a file. */
	private byte[] prefix(final Path file, final int n) throws IOException {
		try (InputStream in = open(file)) {
			return in.readNBytes(n);
		}
	}

	private static void deleteTree(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator)
				Files.deleteIfExists(p);
		}
	}

	@Override
	public String toString() {
		return "HadoopFiles[" + root + "]";
	}
}
