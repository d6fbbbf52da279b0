package sc.fiji.conformal.core.run;

import java.io.IOException;
import java.io.Serializable;

/**
 * The work on one image: a function of its entry (a plain value such as a
 * sample held in memory or the paths of its files) and of constants fixed
 * before the run (the settings, the calibrations of a validation's splits).
 * <p>
 * A {@link Runner} calls it on worker threads, in any order and possibly
 * more than once per entry on a distributed backend, so it must be
 * <em>stateless</em>: no shared mutable state, no dependence on which entries
 * ran before, the same result for the same entry. It is {@link Serializable}
 * so that a distributed backend can ship it to its executors; that succeeds
 * only when everything it captures is serializable too.
 * <p>
 * A bad image is a result, not an exception: return an
 * {@link ImageResult#failed failed} {@link ImageResult} naming it, and the run
 * goes on. An exception thrown here stops the whole run (it is for I/O
 * failures of the run itself, such as a full disk, and for defects).
 *
 * @param <E> the entry type
 * @param <R> the per-image result type
 */
@FunctionalInterface
public interface ImageTask<E, R> extends Serializable {

	/**
	 * The result for one entry.
	 *
	 * @throws IOException if the run cannot go on (the runner stops and
	 *           rethrows it)
	 */
	R apply(E entry) throws IOException;
}
