package sc.fiji.conformal.spark.testing;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * A Hadoop file system of scheme {@value #SCHEME} that keeps its files in the
 * local file system (at the URI's path), and counts the files it opens and
 * creates: a URI of it can only be read through Hadoop's {@code FileSystem}
 * API, as {@code hdfs://} or {@code s3a://} would be. Register it with
 * {@code spark.hadoop.fs.otherfs.impl}.
 */
public final class OtherFileSystem extends RawLocalFileSystem {

	/** The URI scheme. */
	public static final String SCHEME = "otherfs";

	/** Files opened for reading, in this JVM. */
	public static final AtomicInteger OPENED = new AtomicInteger();
	/** Files created, in this JVM. */
	public static final AtomicInteger CREATED = new AtomicInteger();

	private static final URI NAME = URI.create(SCHEME + ":///");

	@Override
	public URI getUri() {
		return NAME;
	}

	@Override
	public String getScheme() {
		return SCHEME;
	}

	/** Without the local file's permissions, which the local status reads through a file: URI. */
	@Override
	public FileStatus getFileStatus(final Path f) throws IOException {
		return plain(super.getFileStatus(f));
	}

	@Override
	public FileStatus[] listStatus(final Path f) throws IOException {
		final FileStatus[] all = super.listStatus(f);
		for (int i = 0; i < all.length; i++)
			all[i] = plain(all[i]);
		return all;
	}

	private static FileStatus plain(final FileStatus s) {
		return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s
			.getModificationTime(), s.getPath());
	}

	@Override
	public FSDataInputStream open(final Path f, final int bufferSize) throws IOException {
		OPENED.incrementAndGet();
		return super.open(f, bufferSize);
	}

	@Override
	public FSDataOutputStream create(final Path f, final boolean overwrite, final int bufferSize,
		final short replication, final long blockSize, final Progressable progress)
		throws IOException
	{
		CREATED.incrementAndGet();
		return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
	}
}
