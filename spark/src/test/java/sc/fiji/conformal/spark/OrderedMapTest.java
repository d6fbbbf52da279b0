package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@link OrderedMap} on Spark {@code local[2]}: results in element order
 * whatever order the tasks end in, on the calling thread; failures, a sink's
 * exception and a cancel stop the job.
 */
public class OrderedMapTest {

	private static JavaSparkContext sc;

	@BeforeClass
	public static void startSpark() {
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("OrderedMapTest")
			.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set(
				"spark.driver.bindAddress", "127.0.0.1"));
	}

	@AfterClass
	public static void stopSpark() {
		if (sc != null) sc.close();
	}

	@Test
	public void resultsComeInElementOrderOnTheCallingThread() throws IOException {
		final List<Integer> in = range(200);
		final List<Integer> out = new ArrayList<>();
		final Thread caller = Thread.currentThread();
		// early elements are slowest, so later partitions end first
		OrderedMap.run(sc, in, 16, i -> {
			sleep((200 - i) / 20);
			return 3 * i + 1;
		}, r -> {
			assertSame(caller, Thread.currentThread());
			out.add(r);
		}, () -> false);
		final List<Integer> expected = new ArrayList<>();
		for (final int i : in)
			expected.add(3 * i + 1);
		assertEquals(expected, out);
	}

	@Test
	public void anIOExceptionOfTheFunctionIsRethrown() {
		try {
			OrderedMap.run(sc, range(50), 5, i -> {
				if (i == 42) throw new IOException("disk gone at " + i);
				return i;
			}, r -> {}, () -> false);
			fail("no exception");
		}
		catch (final IOException e) {
			assertEquals("disk gone at 42", e.getMessage());
		}
	}

	@Test
	public void aCancelStopsTheJobAfterTheResultsDelivered() throws IOException {
		final List<Integer> out = new ArrayList<>();
		try {
			OrderedMap.run(sc, range(400), 40, i -> {
				sleep(5);
				return i;
			}, out::add, () -> out.size() >= 30);
			fail("not canceled");
		}
		catch (final OrderedMap.Canceled e) {
			assertEquals(out.size(), e.delivered);
			assertTrue(out.size() >= 30 && out.size() < 400);
			assertEquals(range(out.size()), out);
		}
		awaitNoActiveJob();
	}

	@Test
	public void anExceptionOfTheSinkStopsTheJob() throws IOException {
		try {
			OrderedMap.run(sc, range(400), 40, i -> {
				sleep(5);
				return i;
			}, r -> {
				if (r == 17) throw new IllegalStateException("sink failed at " + r);
			}, () -> false);
			fail("no exception");
		}
		catch (final IllegalStateException e) {
			assertEquals("sink failed at 17", e.getMessage());
		}
		awaitNoActiveJob();
	}

	private static void awaitNoActiveJob() {
		final long end = System.nanoTime() + 30_000_000_000L;
		while (sc.statusTracker().getActiveJobIds().length > 0) {
			if (System.nanoTime() > end) fail("a canceled job still runs");
			sleep(20);
		}
	}

	private static List<Integer> range(final int n) {
		final List<Integer> out = new ArrayList<>();
		for (int i = 0; i < n; i++)
			out.add(i);
		return out;
	}

	private static void sleep(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
