package sc.fiji.conformal.core.run;

import java.io.Serializable;
import java.util.Objects;

/**
 * An image that could not be used, and why: its id, the file that failed
 * (null when the problem is not in one file, such as two files of different
 * sizes or a score the method cannot compute), and the problem, which names
 * the file. Immutable and serializable.
 */
public final class ImageFailure implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String id;
	private final String file;
	private final String problem;

	/**
	 * @param id the image id
	 * @param file the file that failed, or null
	 * @param problem what went wrong (it should name the file)
	 * @throws IllegalArgumentException if id or problem is null
	 */
	public ImageFailure(final String id, final String file, final String problem) {
		if (id == null || problem == null) {
			throw new IllegalArgumentException("an image failure needs an id and a problem, got " + id +
				" and " + problem);
		}
		this.id = id;
		this.file = file;
		this.problem = problem;
	}

	/**
	 * The failure an exception describes: its message (or, without one, its
	 * type).
	 */
	public static ImageFailure of(final String id, final String file, final Exception e) {
		final String m = e.getMessage();
		return new ImageFailure(id, file, m == null || m.isEmpty() ? e.toString() : m);
	}

	/**
	 * The failure of one image that ran out of memory or stack: the image (or
	 * a file of it) is too large for this Java, which the message says with
	 * the heap's size and what to do. The other images go on; the memory the
	 * failed allocation would have taken was never held.
	 */
	public static ImageFailure of(final String id, final String file, final VirtualMachineError e) {
		final String where = file == null ? "image '" + id + "'" : file;
		if (e instanceof StackOverflowError) {
			return new ImageFailure(id, file, where + ": ran out of stack (" + e +
				"); raise it with -Xss, or report the file if it is ordinary");
		}
		return new ImageFailure(id, file, where + ": ran out of memory (" + e.getMessage() +
			", heap at most " + Runtime.getRuntime().maxMemory() / (1 << 20) +
			" MB): too large for this Java; give it more memory (-Xmx) or run on fewer threads");
	}

	/** The image id. */
	public String id() {
		return id;
	}

	/** The file that failed, or null if the problem is not in one file. */
	public String file() {
		return file;
	}

	/** What went wrong, naming the file. */
	public String message() {
		return problem;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ImageFailure)) return false;
		final ImageFailure f = (ImageFailure) o;
		return id.equals(f.id) && Objects.equals(file, f.file) && problem.equals(f.problem);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, file, problem);
	}

	/** {@code "id: problem"}. */
	@Override
	public String toString() {
		return id + ": " + problem;
	}
}
