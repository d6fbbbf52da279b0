package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Test folders under the build folder. */
final class Folders {

	private Folders() {}

	/** The absolute path of {@code p} (relative to the project folder). */
	static Path path(final String p) {
		return Paths.get(p).toAbsolutePath();
	}

	/** An empty folder at {@code p}: what an earlier run left there is deleted. */
	static Path fresh(final String p) throws IOException {
		final Path dir = path(p);
		if (Files.exists(dir)) {
			try (Stream<Path> s = Files.walk(dir)) {
				for (final Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator)
					Files.delete(f);
			}
		}
		Files.createDirectories(dir);
		return dir;
	}
}
