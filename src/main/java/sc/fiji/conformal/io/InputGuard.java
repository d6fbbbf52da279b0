package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a run from writing over its own inputs: an output file that is one of
 * the dataset's files, or an output folder that is or holds one (the masks
 * written into the scores folder with {@code overwrite}, a report folder
 * replaced over the data), is refused by name before any work. Paths are
 * compared as the file system resolves them: symbolic links, {@code ..} and
 * relative paths are followed (for a path that does not exist yet, its
 * longest existing ancestor). Immutable.
 */
public final class InputGuard {

	private final Set<Path> inputs = new HashSet<>();

	private InputGuard(final Iterable<Path> files) {
		for (final Path f : files)
			if (f != null) inputs.add(real(f));
	}

	/** A guard of every file of the dataset's entries. */
	public static InputGuard of(final Dataset data) {
		final List<Path> files = new ArrayList<>();
		for (final Dataset.Entry e : data.entries()) {
			files.add(e.score());
			files.add(e.prediction());
			files.add(e.mask());
		}
		return new InputGuard(files);
	}

	/** A guard of the given input files (nulls ignored). */
	public static InputGuard of(final Iterable<Path> files) {
		return new InputGuard(files);
	}

	/**
	 * Refuses an output file that is an input file.
	 *
	 * @param what names the output ("the calibration file")
	 * @throws IllegalArgumentException naming the output and what it is
	 */
	public void refuseFile(final Path output, final String what) {
		if (output != null && inputs.contains(real(output))) {
			throw new IllegalArgumentException("refusing to write " + what + " " + output +
				": it is an input file of this run (" + real(output) +
				"); choose an output apart from the inputs. Nothing was written");
		}
	}

	/**
	 * Refuses an output folder that is, or holds, an input file.
	 *
	 * @param what names the folder ("the report folder")
	 * @throws IllegalArgumentException naming the folder and an input in it
	 */
	public void refuseFolder(final Path output, final String what) {
		if (output == null) return;
		final Path r = real(output);
		for (final Path in : inputs)
			if (in.startsWith(r)) {
				throw new IllegalArgumentException("refusing to write into " + what + " " + output +
					": it is, or holds, input files of this run (" + in +
					"); choose a folder apart from the inputs. Nothing was written");
			}
	}

	/**
	 * A path as the file system resolves it: the real path of its longest
	 * existing ancestor (links followed), with the rest appended and
	 * normalised.
	 */
	public static Path real(final Path p) {
		final Path abs = p.toAbsolutePath();
		try {
			return abs.toRealPath();
		}
		catch (final IOException e) {
			final Path parent = abs.getParent();
			if (parent == null || abs.getFileName() == null) return abs.normalize();
			return real(parent).resolve(abs.getFileName()).normalize();
		}
	}
}
