package sc.fiji.conformal.core.run;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import net.imglib2.parallel.Parallelization;
import sc.fiji.conformal.core.distance.DistanceTransform;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The local runner: results in entry order whatever the threads and the
 * per-task delays, a typed cancel, bad images as named results while the run
 * goes on, defects rethrown as thrown, a bounded window of images in memory,
 * and the idle threads used inside one large image.
 */
public class LocalRunnerTest {

	private static final int[] THREADS = { 1, 2, 3, 8 };

	private static List<Integer> range(final int n) {
		final List<Integer> l = new ArrayList<>();
		for (int i = 0; i < n; i++)
			l.add(i);
		return l;
	}

	/** Sleeps a seeded random 0–3 ms, so tasks finish out of order. */
	private static void jitter(final int entry) {
		try {
			Thread.sleep(new Random(entry * 7919L).nextInt(4));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	public void resultsComeInEntryOrderUnderRandomDelaysOnAnyNumberOfThreads() throws IOException {
		final List<Integer> entries = range(120);
		final List<Long> expected = new ArrayList<>();
		for (final int e : entries)
			expected.add(e * 1_000_003L);
		for (final int t : THREADS) {
			for (final int window : new int[] { 1, 3, 64 }) {
				final Set<String> threads = ConcurrentHashMap.newKeySet();
				final List<Long> got = new ArrayList<>();
				final List<Integer> started = new ArrayList<>();
				LocalRunner.of(t).window(window).run(entries, e -> {
					threads.add(Thread.currentThread().getName());
					jitter(e);
					return e * 1_000_003L;
				}, new RunMonitor() {

					@Override
					public void started(final int index) {
						started.add(index);
					}

					@Override
					public boolean isCanceled() {
						return false;
					}
				}, got::add);
				assertEquals(t + " threads, window " + window, expected, got);
				assertEquals(entries, started);
				if (t > 1 && window > 1) assertTrue(t + " threads used " + threads, threads.size() > 1);
			}
		}
	}

	@Test
	public void aMergeInTheSinkGivesTheSameBitsOnAnyNumberOfThreads() throws IOException {
		// a floating-point sum depends on its order: the sink sees the entry order
		final List<Integer> entries = range(500);
		double reference = Double.NaN;
		for (final int t : THREADS) {
			final double[] sum = { 0 };
			LocalRunner.of(t).run(entries, e -> {
				jitter(e % 17);
				return Math.sin(e) * Math.pow(10, e % 13);
			}, RunMonitor.NONE, v -> sum[0] += v);
			if (t == 1) reference = sum[0];
			assertEquals(t + " threads", Double.doubleToLongBits(reference), Double.doubleToLongBits(
				sum[0]));
		}
	}

	@Test
	public void cancelIsATypedOutcomeAfterTheImagesAlreadyHandedOut() throws IOException {
		for (final int t : THREADS) {
			final AtomicInteger ran = new AtomicInteger();
			final List<Integer> got = new ArrayList<>();
			final int[] seen = { 0 };
			final RunMonitor cancelAfter5 = new RunMonitor() {

				@Override
				public void started(final int index) {
					seen[0]++;
				}

				@Override
				public boolean isCanceled() {
					return seen[0] >= 5;
				}
			};
			try {
				LocalRunner.of(t).run(range(100), e -> {
					ran.incrementAndGet();
					jitter(e);
					return e;
				}, cancelAfter5, got::add);
				fail("a canceled run returned");
			}
			catch (final RunCanceledException e) {
				assertEquals(5, e.completed());
				assertTrue(e.getMessage(), e.getMessage().contains("5 image(s)"));
			}
			assertEquals("the images handed out are delivered, in order", range(5), got);
			assertEquals("no image after the cancel runs", 5, ran.get());
		}
	}

	@Test
	public void anInterruptedCallerCancels() throws Exception {
		for (final int t : THREADS) {
			final Thread caller = Thread.currentThread();
			try {
				LocalRunner.of(t).run(range(50), e -> {
					if (e == 3) caller.interrupt();
					jitter(e);
					return e;
				}, RunMonitor.NONE, x -> {});
				fail("an interrupted run returned");
			}
			catch (final RunCanceledException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("interrupted"));
			}
			catch (final IOException e) {
				throw e;
			}
			finally {
				Thread.interrupted();
			}
		}
	}

	@Test
	public void aBadImageInTheMiddleIsReportedByNameAndTheRestKept() throws IOException {
		for (final int t : THREADS) {
			final List<ImageResult<Integer>> got = LocalRunner.of(t).map(range(40), e -> ImageResult
				.attempt("img" + e, () -> {
					jitter(e);
					if (e == 17) throw new IOException("/data/img17.png: not a PNG");
					if (e == 23) throw new IllegalArgumentException("/data/img23.png: not binary (0, 3, 255)");
					return e;
				}), RunMonitor.NONE);
			assertEquals(40, got.size());
			final List<String> failed = new ArrayList<>();
			for (int i = 0; i < got.size(); i++) {
				final ImageResult<Integer> r = got.get(i);
				assertEquals("img" + i, r.id());
				if (r.ok()) assertEquals(Integer.valueOf(i), r.value());
				else failed.add(r.failure().toString());
			}
			assertEquals(t + " threads", java.util.Arrays.asList("img17: /data/img17.png: not a PNG",
				"img23: /data/img23.png: not binary (0, 3, 255)"), failed);
		}
	}

	@Test
	public void aDefectStopsTheRunAndIsRethrownAsThrown() {
		for (final int t : THREADS) {
			final AtomicInteger ran = new AtomicInteger();
			final IllegalArgumentException thrown = new IllegalArgumentException(
				"score of image 'x' has no inner value");
			final List<Integer> got = new ArrayList<>();
			try {
				LocalRunner.of(t).run(range(1000), e -> {
					ran.incrementAndGet();
					jitter(e);
					if (e == 9 || e == 12) throw thrown;
					return e;
				}, RunMonitor.NONE, got::add);
				fail("a failing run returned");
			}
			catch (final IllegalArgumentException e) {
				assertSame("the original exception, not a wrapper", thrown, e);
			}
			catch (final IOException e) {
				fail(e.toString());
			}
			assertEquals("results before the first failure in entry order", range(9), got);
			assertTrue(t + " threads ran " + ran.get(), ran.get() <= 9 + 1 + 2 * t);
			assertNoRunnerThreadAlive();
		}
	}

	@Test
	public void anIOExceptionOfTheRunPropagates() {
		for (final int t : THREADS) {
			try {
				LocalRunner.of(t).run(range(10), e -> {
					if (e == 4) throw new IOException("disk full writing /out/4.png");
					return e;
				}, RunMonitor.NONE, x -> {});
				fail("returned");
			}
			catch (final IOException e) {
				assertEquals("disk full writing /out/4.png", e.getMessage());
			}
		}
	}

	@Test
	public void aFailingSinkStopsTheRun() throws IOException {
		for (final int t : THREADS) {
			try {
				LocalRunner.of(t).run(range(100), e -> e, RunMonitor.NONE, e -> {
					if (e == 30) throw new IllegalArgumentException("the images changed between passes");
				});
				fail("returned");
			}
			catch (final IllegalArgumentException e) {
				assertEquals("the images changed between passes", e.getMessage());
			}
			assertNoRunnerThreadAlive();
		}
	}

	/**
	 * Entries made lazily (as images loaded by an iterator) stay within the
	 * window: never more than {@code window} handed out and not yet delivered.
	 */
	@Test
	public void imagesInMemoryStayWithinTheWindow() throws IOException {
		for (final int t : THREADS) {
			for (final int window : new int[] { 1, 2, 5 }) {
				final AtomicInteger live = new AtomicInteger();
				final AtomicInteger peak = new AtomicInteger();
				final Iterable<int[]> images = () -> new Iterator<int[]>() {

					private int next;

					@Override
					public boolean hasNext() {
						return next < 200;
					}

					@Override
					public int[] next() {
						peak.accumulateAndGet(live.incrementAndGet(), Math::max);
						return new int[] { next++ };
					}
				};
				final List<Integer> got = new ArrayList<>();
				LocalRunner.of(t).window(window).run(images, im -> {
					jitter(im[0]);
					return im[0];
				}, RunMonitor.NONE, v -> {
					live.decrementAndGet();
					got.add(v);
				});
				assertEquals(range(200), got);
				assertTrue(t + " threads, window " + window + ": peak " + peak.get(), peak
					.get() <= window);
			}
		}
		assertEquals("default window", 6, LocalRunner.of(3).window());
	}

	/**
	 * With fewer images than threads, an image's distance transforms split
	 * over the idle threads, and their values are those of one thread.
	 */
	@Test
	public void oneLargeImageUsesEveryThread() throws IOException {
		final Random r = new Random(5);
		final boolean[] v = new boolean[160 * 150];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextDouble() < 0.002;
		final Mask mask = new Mask(Grid.of(160, 150), v);
		final float[] single = Parallelization.runSingleThreaded(() -> DistanceTransform.euclidean(
			mask).values());
		for (final int t : THREADS) {
			final int[] parallelism = new int[1];
			final List<ScalarImage> got = LocalRunner.of(t).map(Collections.singletonList(mask), m -> {
				parallelism[0] = Parallelization.getTaskExecutor().getParallelism();
				return DistanceTransform.euclidean(m);
			}, RunMonitor.NONE);
			assertEquals(t, parallelism[0]);
			assertArrayEquals(single, got.get(0).values(), 0f);
		}
	}

	@Test
	public void badArgumentsAreNamed() {
		try {
			LocalRunner.of(-1);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("threads must be in [0, 1024] (0 = all cores), got -1", e.getMessage());
		}
		try {
			LocalRunner.of(2).window(0);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertEquals("window must be >= 1, got 0", e.getMessage());
		}
		assertEquals(Runtime.getRuntime().availableProcessors(), LocalRunner.of(0).threads());
		assertEquals(Runtime.getRuntime().availableProcessors(), LocalRunner.allCores().threads());
	}

	@Test
	public void imageResultsMapAndFail() {
		final ImageResult<String> ok = ImageResult.of("a", "7");
		assertEquals(Integer.valueOf(7), ok.map(Integer::valueOf).value());
		final ImageResult<Integer> bad = ok.map(s -> {
			throw new IllegalArgumentException("a.png: NaN at (3, 4)");
		});
		assertFalse(bad.ok());
		assertEquals("a: a.png: NaN at (3, 4)", bad.failure().toString());
		assertNotNull(bad.map(x -> x + 1).failure());
		try {
			bad.value();
			fail();
		}
		catch (final IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("a.png: NaN at (3, 4)"));
		}
	}

	/** The pool's threads end once it has terminated (they may take a moment to exit). */
	private static void assertNoRunnerThreadAlive() {
		for (final Thread th : Thread.getAllStackTraces().keySet()) {
			if (!th.getName().startsWith("conformal-runner-")) continue;
			try {
				th.join(10_000);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			assertFalse(th.getName() + " still runs", th.isAlive());
		}
	}
}
