package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFiles;

/**
 * Reads through another reader and remembers the SHA-256 of every file read,
 * so an executor reports the checksums of the very bytes it decoded. One
 * instance per task (not thread-safe).
 */
final class HashingReader implements ImageFileReader {

	private final ImageFileReader reader;
	private final Map<Path, String> hashes = new HashMap<>();

	HashingReader(final ImageFileReader reader) {
		this.reader = reader;
	}

	/** The SHA-256 of the file's latest read, or null. */
	String sha256(final Path file) {
		return file == null ? null : hashes.get(file);
	}

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
		final ImageFiles.Hashed<ScalarImage> h = reader.readScoresHashed(file);
		hashes.put(file, h.sha256());
		return h;
	}

	@Override
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		final ImageFiles.Hashed<Mask> h = reader.readMaskHashed(file);
		hashes.put(file, h.sha256());
		return h;
	}
}
