package sc.fiji.conformal.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFiles;

/** Reads with {@link ImageJFiles} and counts the reads of each file; thread-safe. */
public final class CountingReader implements ImageFileReader {

	private final ImageJFiles files = new ImageJFiles();
	private final Map<Path, Integer> reads = new ConcurrentHashMap<>();

	/** Reads of {@code file} so far. */
	public int reads(final Path file) {
		return reads.getOrDefault(file, 0);
	}

	/** Reads of every file so far. */
	public Map<Path, Integer> all() {
		return new java.util.TreeMap<>(reads);
	}

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		reads.merge(file, 1, Integer::sum);
		return files.readScores(file);
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		reads.merge(file, 1, Integer::sum);
		return files.readMask(file);
	}

	@Override
	public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		reads.merge(file, 1, Integer::sum);
		return files.readScoresHashed(file);
	}

	@Override
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		reads.merge(file, 1, Integer::sum);
		return files.readMaskHashed(file);
	}
}
