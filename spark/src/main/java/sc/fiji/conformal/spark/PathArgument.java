package sc.fiji.conformal.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;

import sc.fiji.conformal.spark.Arguments.UsageException;

/**
 * A path on the command line: a local path, made absolute on the driver (so
 * that executors, which run in folders of their own, name the same files), or
 * the URI of a file on a Hadoop file system ({@code hdfs://nn:8020/data},
 * {@code s3a://bucket/data}, {@code file:///data}), whose path part names the
 * file as the plugin's datasets see it ({@link HadoopFiles}). Immutable.
 */
final class PathArgument {

	/** A scheme of two or more letters then {@code :/} ({@code C:/} stays a local path). */
	private static final Pattern URI_LIKE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

	private final String text;
	private final URI uri;
	private final Path path;

	private PathArgument(final String text, final URI uri, final Path path) {
		this.text = text;
		this.uri = uri;
		this.path = path;
	}

	/**
	 * The argument of option {@code name}, or null if {@code value} is null.
	 *
	 * @throws UsageException if a URI is malformed or its path is not absolute
	 */
	static PathArgument of(final String name, final String value) {
		if (value == null) return null;
		if (!URI_LIKE.matcher(value).matches()) {
			return new PathArgument(value, null, Paths.get(value).toAbsolutePath());
		}
		final URI uri;
		try {
			uri = new URI(value);
		}
		catch (final URISyntaxException e) {
			throw new UsageException("--" + name + ": not a valid URI: " + e.getMessage());
		}
		if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
			throw new UsageException("--" + name + " " + value +
				": a file system URI needs an absolute path (scheme://authority/path)");
		}
		return new PathArgument(value, uri, HadoopFiles.path(uri));
	}

	/** True for a local path, false for a Hadoop file system URI. */
	boolean local() {
		return uri == null;
	}

	/** The path that names the file: absolute; for a URI, its path part. */
	Path path() {
		return path;
	}

	/** True if both name files on the same file system (both local, or the same scheme and authority). */
	boolean sameFileSystem(final PathArgument o) {
		if (local() || o.local()) return local() == o.local();
		return uri.getScheme().equalsIgnoreCase(o.uri.getScheme()) && Objects.equals(uri
			.getAuthority(), o.uri.getAuthority());
	}

	/**
	 * The files of its file system, through the driver's Hadoop configuration.
	 *
	 * @throws IllegalStateException for a local path
	 * @throws IOException if Hadoop has no file system for the scheme
	 */
	HadoopFiles files(final Configuration conf) throws IOException {
		if (local()) throw new IllegalStateException(text + " is a local path");
		return HadoopFiles.of(uri, conf);
	}

	/** As given on the command line. */
	@Override
	public String toString() {
		return text;
	}
}
