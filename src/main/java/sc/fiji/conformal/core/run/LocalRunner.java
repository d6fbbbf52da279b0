package sc.fiji.conformal.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.parallel.TaskExecutors;

/**
 * A {@link Runner} on the cores of this machine, with plain
 * {@code java.util.concurrent}: images are processed on {@code threads}
 * worker threads, and their results are handed to the sink in entry order
 * (see {@link Runner} for the guarantees).
 * <p>
 * <b>Memory.</b> At most {@link #window()} entries are handed out and not yet
 * delivered at any time (default twice the number of threads): the runner
 * takes the next entry only when the oldest result has been delivered or the
 * window has room. So no more than that many images are in memory at once,
 * whatever the number of entries, provided an entry is small (a path, or one
 * sample) and a per-image result does not hold its image.
 * <p>
 * <b>Threads inside an image.</b> Each image runs inside
 * {@link Parallelization#runWithExecutor} on the same work-stealing pool, so
 * the distance transforms of an image split their lines over the idle
 * threads: with fewer images than threads (or at the end of a run) one large
 * image still uses every thread. Their values do not depend on the number of
 * threads (the transforms are tested bit-identical).
 * <p>
 * With one thread everything runs on the calling thread, one image after
 * another. The pool is created per run and shut down before {@link #run}
 * returns, after every image it started has finished. Immutable and
 * thread-safe.
 *
 * <pre>
 * Runner runner = LocalRunner.of(0); // all cores
 * Calibration c = Calibrator.calibrate(settings, samples, runner);
 * </pre>
 */
public final class LocalRunner implements Runner {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final int threads;
	private final int window;

	/**
	 * The most threads a runner takes: each holds up to two images in memory,
	 * so more threads than this is a typo, not a machine.
	 */
	public static final int MAX_THREADS = 1024;

	private LocalRunner(final int threads, final int window) {
		this.threads = threads;
		this.window = window;
	}

	/**
	 * A runner on {@code threads} threads, or on all cores
	 * ({@link Runtime#availableProcessors()}) when {@code threads} is 0.
	 *
	 * @throws IllegalArgumentException if {@code threads} is outside [0,
	 *           {@link #MAX_THREADS}]
	 */
	public static LocalRunner of(final int threads) {
		if (threads < 0 || threads > MAX_THREADS) {
			throw new IllegalArgumentException("threads must be in [0, " + MAX_THREADS +
				"] (0 = all cores), got " + threads);
		}
		final int t = threads == 0 ? cores() : threads;
		return new LocalRunner(t, 2 * t);
	}

	/** A runner on all cores ({@link Runtime#availableProcessors()}). */
	public static LocalRunner allCores() {
		return of(0);
	}

	private static int cores() {
		return Math.max(1, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * The same runner with another window: at most {@code size} entries handed
	 * out and not yet delivered.
	 *
	 * @throws IllegalArgumentException if {@code size} is less than 1
	 */
	public LocalRunner window(final int size) {
		if (size < 1) throw new IllegalArgumentException("window must be >= 1, got " + size);
		return new LocalRunner(threads, size);
	}

	@Override
	public int threads() {
		return threads;
	}

	/** At most this many entries are handed out and not yet delivered. */
	public int window() {
		return window;
	}

	@Override
	public <E, R> void run(final Iterable<? extends E> entries,
		final ImageTask<? super E, ? extends R> task, final RunMonitor monitor,
		final Consumer<? super R> sink) throws IOException
	{
		if (entries == null || task == null || monitor == null || sink == null) {
			throw new IllegalArgumentException("entries, task, monitor and sink must be given");
		}
		if (threads == 1) {
			runHere(entries, task, monitor, sink);
			return;
		}
		final ForkJoinPool pool = newPool();
		final TaskExecutor inner = TaskExecutors.forExecutorService(pool);
		final ArrayDeque<Future<Done<R>>> pending = new ArrayDeque<>();
		int delivered = 0;
		boolean canceled = false;
		try {
			final Iterator<? extends E> it = entries.iterator();
			int next = 0;
			while (true) {
				while (!canceled && pending.size() < window && it.hasNext()) {
					if (monitor.isCanceled()) {
						canceled = true;
						break;
					}
					final E entry = it.next();
					monitor.started(next++);
					pending.add(pool.submit(() -> Done.of(inner, task, entry)));
				}
				if (pending.isEmpty()) break;
				final Future<Done<R>> head = pending.poll();
				final R result;
				try {
					result = head.get().get();
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new RunCanceledException("canceled (interrupted) after " + delivered + " image(s)",
						delivered);
				}
				catch (final ExecutionException | CancellationException e) {
					// Done catches everything the task throws: this is the pool's own failure
					throw new IllegalStateException("the runner's pool failed: " + e, e);
				}
				sink.accept(result);
				delivered++;
			}
		}
		finally {
			for (final Future<Done<R>> f : pending)
				f.cancel(false);
			shutDown(pool);
		}
		if (canceled) throw new RunCanceledException("canceled after " + delivered + " image(s)",
			delivered);
	}

	/** One thread: everything on the calling thread, single-threaded inside each image. */
	private static <E, R> void runHere(final Iterable<? extends E> entries,
		final ImageTask<? super E, ? extends R> task, final RunMonitor monitor,
		final Consumer<? super R> sink) throws IOException
	{
		final TaskExecutor inner = TaskExecutors.singleThreaded();
		int next = 0;
		for (final Iterator<? extends E> it = entries.iterator(); it.hasNext();) {
			if (monitor.isCanceled()) {
				throw new RunCanceledException("canceled after " + next + " image(s)", next);
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new RunCanceledException("canceled (interrupted) after " + next + " image(s)", next);
			}
			final E entry = it.next();
			monitor.started(next);
			sink.accept(apply(inner, task, entry));
			next++;
		}
	}

	/** The task on one entry, with {@code inner} as the executor of its distance transforms. */
	private static <E, R> R apply(final TaskExecutor inner, final ImageTask<? super E, ? extends R> task,
		final E entry) throws IOException
	{
		final Object[] out = new Object[1];
		try {
			Parallelization.runWithExecutor(inner, () -> {
				try {
					out[0] = task.apply(entry);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (final UncheckedIOException e) {
			throw e.getCause();
		}
		@SuppressWarnings("unchecked")
		final R r = (R) out[0];
		return r;
	}

	/**
	 * What a task did on a worker thread: its result, or what it threw (kept as
	 * thrown, so the caller sees the original exception and message).
	 */
	private static final class Done<R> {

		private final R value;
		private final Throwable error;

		private Done(final R value, final Throwable error) {
			this.value = value;
			this.error = error;
		}

		static <E, R> Done<R> of(final TaskExecutor inner,
			final ImageTask<? super E, ? extends R> task, final E entry)
		{
			try {
				return new Done<>(apply(inner, task, entry), null);
			}
			catch (final IOException | RuntimeException | Error e) {
				return new Done<>(null, e);
			}
		}

		R get() throws IOException {
			if (error == null) return value;
			if (error instanceof IOException) throw (IOException) error;
			if (error instanceof RuntimeException) throw (RuntimeException) error;
			throw (Error) error;
		}
	}

	/**
	 * A work-stealing pool whose daemon threads carry the caller's context
	 * class loader (plugins in Fiji load through it).
	 */
	private ForkJoinPool newPool() {
		final ClassLoader loader = Thread.currentThread().getContextClassLoader();
		final int id = POOLS.incrementAndGet();
		final AtomicInteger count = new AtomicInteger();
		return new ForkJoinPool(threads, p -> {
			final ForkJoinWorkerThread t = new ForkJoinWorkerThread(p) {};
			t.setName("conformal-runner-" + id + "-" + count.incrementAndGet());
			t.setDaemon(true);
			t.setContextClassLoader(loader);
			return t;
		}, null, false);
	}

	/** Shuts the pool down and waits for every task it started. */
	private static void shutDown(final ForkJoinPool pool) {
		pool.shutdown();
		boolean interrupted = false;
		while (true) {
			try {
				if (pool.awaitTermination(1, TimeUnit.MINUTES)) break;
			}
			catch (final InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
	}
}
