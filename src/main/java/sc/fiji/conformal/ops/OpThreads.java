package sc.fiji.conformal.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;

import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;

/**
 * The {@code threads} parameter of the ops that work on one image: the work
 * runs as one image of a {@link LocalRunner} of that many threads (0 = all
 * cores), so its distance transforms split over them. The values do not
 * depend on the number of threads.
 */
final class OpThreads {

	/** The description of every op's {@code threads} parameter. */
	static final String DESCRIPTION = "Threads for the image's distance transforms (0 = all cores); the result does not depend on it";

	private OpThreads() {}

	/**
	 * {@code work} on {@code input} with {@code threads} threads.
	 *
	 * @throws IllegalArgumentException if {@code threads} is negative, or as
	 *           the work throws
	 */
	static <T, R> R apply(final int threads, final T input, final ImageTask<T, R> work) {
		try {
			return LocalRunner.of(threads).map(Collections.singletonList(input), work, RunMonitor.NONE)
				.get(0);
		}
		catch (final IOException e) {
			// ops compute on images in memory and read no file
			throw new UncheckedIOException(e);
		}
	}
}
