package sc.fiji.conformal.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;

/**
 * A {@link Runner} on an Apache Spark cluster: the entries and the per-image
 * task (plain serializable values) go to the executors in contiguous groups,
 * one Spark task per group, and the results come back to the sink in entry
 * order ({@link OrderedMap}), so the plugin's own merges (calibration,
 * validation, apply) give on a cluster exactly what they give on one
 * machine. Spark runs the task of a lost executor again elsewhere; a task is
 * a pure function of its entry, so that changes nothing.
 * <p>
 * Differences from {@link sc.fiji.conformal.core.run.LocalRunner}: every
 * entry is handed out when the run starts ({@code started(i)} is called for
 * all of them then), and a cancel stops the Spark job: the results that
 * arrived in order are delivered, the others are dropped, then
 * {@link RunCanceledException} is thrown. An exception of the task stops the
 * job after Spark's retries ({@code spark.task.maxFailures}) and is
 * rethrown.
 * <p>
 * The task and the entries must be serializable: a dataset's loader carries
 * its image reader, so open datasets with {@link PortableFiles}.
 */
public final class SparkRunner implements Runner {

	/** Default number of tasks per task slot (more tasks balance better, fewer cost less). */
	static final int TASKS_PER_SLOT = 16;

	private final JavaSparkContext sc;
	private final int partitions;

	/**
	 * @param partitions the number of Spark tasks a run is cut into, or 0 for
	 *          {@value #TASKS_PER_SLOT} per task slot (at most one per entry)
	 * @throws IllegalArgumentException if the context is null or partitions
	 *           negative
	 */
	public SparkRunner(final JavaSparkContext sc, final int partitions) {
		if (sc == null) throw new IllegalArgumentException("a Spark context must be given");
		if (partitions < 0) {
			throw new IllegalArgumentException("partitions must be >= 0 (0 = automatic), got " +
				partitions);
		}
		this.sc = sc;
		this.partitions = partitions;
	}

	/** The task slots Spark reports ({@code spark.default.parallelism}, else the executors' cores). */
	@Override
	public int threads() {
		return sc.defaultParallelism();
	}

	/** The number of Spark tasks a run of {@code entries} entries is cut into. */
	int partitions(final int entries) {
		final int p = partitions > 0 ? partitions : TASKS_PER_SLOT * Math.max(1, threads());
		return Math.max(1, Math.min(entries, p));
	}

	@Override
	public <E, R> void run(final Iterable<? extends E> entries,
		final ImageTask<? super E, ? extends R> task, final RunMonitor monitor,
		final Consumer<? super R> sink) throws IOException
	{
		if (entries == null || task == null || monitor == null || sink == null) {
			throw new IllegalArgumentException("entries, task, monitor and sink must be given");
		}
		final List<E> list = new ArrayList<>();
		for (final E e : entries) {
			if (monitor.isCanceled()) throw new RunCanceledException("canceled before the run", 0);
			monitor.started(list.size());
			list.add(e);
		}
		try {
			OrderedMap.run(sc, list, partitions(list.size()), task, sink, monitor::isCanceled);
		}
		catch (final OrderedMap.Canceled e) {
			throw new RunCanceledException("canceled after " + e.delivered + " image(s)", e.delivered);
		}
	}
}
