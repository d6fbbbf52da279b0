package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a dataset's files are found: folders listed, files checked, a
 * manifest's text read. {@link #LOCAL} is the local file system
 * ({@code java.nio}); another file system (a Spark driver's Hadoop file
 * systems) plugs in here with paths that name its files, so that
 * {@link Dataset} pairs and checks them by the same rules.
 */
public interface Storage {

	/** True if {@code path} is a folder. */
	boolean isFolder(Path path) throws IOException;

	/** True if {@code path} is a regular file. */
	boolean isFile(Path path) throws IOException;

	/** Every regular file anywhere under {@code folder}, in any order. */
	List<Path> files(Path folder) throws IOException;

	/** A text file's lines (UTF-8). */
	List<String> lines(Path file) throws IOException;

	/** The local file system, following symbolic links to files. */
	Storage LOCAL = new Storage() {

		@Override
		public boolean isFolder(final Path path) {
			return Files.isDirectory(path);
		}

		@Override
		public boolean isFile(final Path path) {
			return Files.isRegularFile(path);
		}

		@Override
		public List<Path> files(final Path folder) throws IOException {
			try (Stream<Path> files = Files.walk(folder)) {
				return files.filter(Files::isRegularFile).collect(Collectors.toList());
			}
		}

		@Override
		public List<String> lines(final Path file) throws IOException {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
	};
}
