package sc.fiji.conformal.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.conformal.core.run.ImageTask;

import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.Option;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * A map over a list on a Spark cluster whose results come back <em>in list
 * order</em>, as they are ready: the list is cut into contiguous partitions,
 * one Spark task each; each partition's results reach the driver when its
 * task ends, and are handed to the sink on the calling thread as soon as
 * every earlier partition's have been. So a merge in the sink sees exactly
 * the order of a sequential run, whichever executor finished first, and holds
 * only the results that arrived ahead of an unfinished partition.
 * <p>
 * Spark runs a task again when its executor is lost (or a speculative copy
 * wins); the function must therefore be pure (as every {@link ImageTask} is):
 * the same result for the same element.
 */
final class OrderedMap {

	/** Thrown when {@code canceled} said so; the job is canceled, results so far delivered. */
	static final class Canceled extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/** Number of elements delivered before the cancel. */
		final int delivered;

		Canceled(final int delivered) {
			super("canceled after " + delivered + " result(s)");
			this.delivered = delivered;
		}
	}

	private static final Object DONE = new Object();

	private OrderedMap() {}

	/**
	 * Maps {@code fn} over {@code elements} in {@code partitions} Spark tasks
	 * and hands every result to {@code sink} in element order, on this thread.
	 *
	 * @param canceled polled between results; true cancels the job
	 * @throws IOException if {@code fn} threw one on an executor (after
	 *           Spark's retries), or the job failed otherwise (the message says
	 *           why)
	 * @throws Canceled if {@code canceled} said so
	 */
	static <E, R> void run(final JavaSparkContext sc, final List<E> elements, final int partitions,
		final ImageTask<? super E, ? extends R> fn, final Consumer<? super R> sink,
		final BooleanSupplier canceled) throws IOException
	{
		if (elements.isEmpty()) return;
		final JavaRDD<E> rdd = sc.parallelize(elements, Math.max(1, Math.min(partitions, elements
			.size())));
		final int n = rdd.getNumPartitions();
		final LinkedBlockingQueue<Object[]> arrived = new LinkedBlockingQueue<>();
		final Function1<scala.collection.Iterator<E>, ArrayList<R>> task =
			(Function1<scala.collection.Iterator<E>, ArrayList<R>> & Serializable) it -> apply(fn, it);
		final Function2<Object, ArrayList<R>, BoxedUnit> handler = (i, list) -> {
			arrived.add(new Object[] { i, list });
			return BoxedUnit.UNIT;
		};
		final Function0<Object> result = () -> DONE;
		final List<Object> ids = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			ids.add(i);
		final String group = "conformal-" + UUID.randomUUID();
		sc.setJobGroup(group, "map " + elements.size() + " element(s) in " + n + " task(s)", true);
		final SimpleFutureAction<Object> job;
		try {
			job = sc.sc().submitJob(rdd.rdd(), task, scala.jdk.javaapi.CollectionConverters.asScala(ids)
				.toSeq(), handler, result);
		}
		finally {
			sc.clearJobGroup();
		}
		final Map<Integer, ArrayList<R>> early = new TreeMap<>();
		int next = 0;
		int delivered = 0;
		boolean finished = false;
		try {
			while (next < n) {
				if (canceled.getAsBoolean()) throw new Canceled(delivered);
				final Object[] a = arrived.poll(100, TimeUnit.MILLISECONDS);
				if (a == null) {
					if (job.isCompleted()) {
						failure(job, next, n);
						// a success queues every result before it completes
						if (arrived.isEmpty()) {
							throw new IllegalStateException("the Spark job succeeded without partition " +
								next + " of " + n);
						}
					}
					continue;
				}
				@SuppressWarnings("unchecked")
				final ArrayList<R> list = (ArrayList<R>) a[1];
				early.put((Integer) a[0], list);
				for (ArrayList<R> ready; (ready = early.remove(next)) != null; next++) {
					for (final R r : ready) {
						sink.accept(r);
						delivered++;
					}
				}
			}
			finished = true;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new Canceled(delivered);
		}
		finally {
			if (!finished && !job.isCompleted()) sc.cancelJobGroup(group);
		}
	}

	private static <E, R> ArrayList<R> apply(final ImageTask<? super E, ? extends R> fn, final scala.collection.Iterator<E> it) {
		final ArrayList<R> out = new ArrayList<>();
		while (it.hasNext()) {
			try {
				out.add(fn.apply(it.next()));
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return out;
	}

	/**
	 * If the job failed, rethrows why: the function's own exception when Spark
	 * kept it, else an {@link IOException} with Spark's reason.
	 */
	private static void failure(final SimpleFutureAction<Object> job, final int next, final int n)
		throws IOException
	{
		final Option<Try<Object>> v = job.value();
		if (v.isEmpty() || v.get().isSuccess()) return;
		final Throwable t = v.get().failed().get();
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof UncheckedIOException) throw ((UncheckedIOException) c).getCause();
			if (c instanceof IOException) throw (IOException) c;
			if (c instanceof RuntimeException && c != t && !c.getClass().getName().startsWith(
				"org.apache.spark")) throw (RuntimeException) c;
		}
		throw new IOException("the Spark job failed with partition " + next + " of " + n +
			" outstanding: " + t.getMessage(), t);
	}
}
