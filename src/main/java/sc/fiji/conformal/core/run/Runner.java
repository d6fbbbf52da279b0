package sc.fiji.conformal.core.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Maps entries to per-image results with an {@link ImageTask} and hands the
 * results to a sink <em>in entry order</em>, whatever the number of threads
 * or the order in which images finish. A reduction that merges the results
 * in the sink therefore gives the same value, to the last bit, on any runner
 * and any number of threads. {@link LocalRunner} runs on the cores of this
 * machine; a distributed backend (e.g. Apache Spark) implements the same
 * interface by shipping the task and the entries to its executors.
 * <p>
 * Guarantees of every implementation:
 * <ul>
 * <li>the sink sees exactly one result per entry handed out, in entry order,
 * on the calling thread;</li>
 * <li>the monitor is called on the calling thread: {@code started(i)} before
 * entry i is handed out, {@code isCanceled()} before each further entry;</li>
 * <li>a cancel stops handing out entries, delivers those already handed out,
 * then throws {@link RunCanceledException};</li>
 * <li>an exception from the task or the sink stops the run; the runner waits
 * for the images still running, then rethrows the first one in entry
 * order;</li>
 * <li>the entries are iterated once, lazily, on the calling thread.</li>
 * </ul>
 */
public interface Runner {

	/** The number of threads (or, for a distributed backend, task slots) used. */
	int threads();

	/**
	 * Runs {@code task} on every entry and hands each result to {@code sink},
	 * in entry order.
	 *
	 * @throws RunCanceledException if the monitor canceled or the calling
	 *           thread was interrupted
	 * @throws IOException if the task threw one (the run stops)
	 * @throws IllegalArgumentException if an argument is null
	 */
	<E, R> void run(Iterable<? extends E> entries, ImageTask<? super E, ? extends R> task,
		RunMonitor monitor, Consumer<? super R> sink) throws IOException;

	/**
	 * The results of {@code task} on every entry, in entry order (all held in
	 * memory; use {@link #run} to merge them as they come).
	 *
	 * @throws RunCanceledException if the monitor canceled
	 * @throws IOException if the task threw one
	 */
	default <E, R> List<R> map(final Iterable<? extends E> entries,
		final ImageTask<? super E, ? extends R> task, final RunMonitor monitor) throws IOException
	{
		final List<R> out = new ArrayList<>();
		run(entries, task, monitor, out::add);
		return out;
	}
}
