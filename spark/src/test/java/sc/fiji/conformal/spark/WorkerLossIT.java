package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.StandaloneCluster;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * Workers lost mid-job (a worker's JVM and its executor killed at once, as
 * when a machine goes down), one while calibrating, one while applying: Spark
 * runs the lost tasks again on the workers left, and the calibration file,
 * the validation table and every set file are still the one-machine run's.
 */
public class WorkerLossIT {

	private static final Pattern STARTED = Pattern.compile(
		"Starting task (\\S+) in stage (\\S+) \\(TID \\d+\\) \\(127\\.0\\.0\\.1, executor (\\d+),");

	private Path dir;
	private StandaloneCluster cluster;

	@Before
	public void startCluster() throws Exception {
		dir = Folders.fresh("target/spark-it/" + WorkerLossIT.class.getSimpleName());
		cluster = StandaloneCluster.start(dir, 3);
	}

	@After
	public void stopCluster() {
		if (cluster != null) cluster.close();
	}

	/**
	 * Waits until the second task of {@code stage} has started (its executor
	 * is then busy with it for seconds) and names that executor.
	 */
	private static String runningExecutor(final Submission s, final String stage) throws Exception {
		final long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (System.nanoTime() < end) {
			final Matcher m = STARTED.matcher(new String(Files.readAllBytes(s.jvm().stderr()),
				StandardCharsets.UTF_8));
			int started = 0;
			while (m.find())
				if (m.group(2).equals(stage) && ++started == 2) return m.group(3);
			if (!s.jvm().isAlive()) break;
			Thread.sleep(50);
		}
		throw new IllegalStateException("no second task of stage " + stage + " started\n" + s.tail());
	}

	@Test
	public void lostWorkersChangeNothing() throws Exception {
		final Path data = TestData.synthetic(Folders.path("target/data/synthetic-3d-120"), 120, 17, 64,
			64, 48);
		// 12 tasks of 10 volumes: a task runs for seconds, so a worker dies in the middle of one
		final List<String[]> method = Collections.singletonList(new String[] { "dilation", "--shape",
			"euclidean", "--partitions", "12" });
		final Path out = Folders.fresh(dir.resolve("out").toString());
		try (Submission s = cluster.start(new Submission.Spec("lost-workers").mainClass(
			ConformalSpark.class.getName()).jar(SparkHome.driverJar()).args(Conformance.args(
				Conformance.Data.manifest(data), 0.1, 20, out, method))))
		{
			// stage 0 scores for the calibration, stages 1-2 validate, stage 3 applies
			cluster.killWorker(cluster.workerOf(s, runningExecutor(s, "0.0")));
			cluster.killWorker(cluster.workerOf(s, runningExecutor(s, "3.0")));
			final Submission.Result r = s.finish(Duration.ofMinutes(8));
			assertEquals(r.stderr, 0, r.exitCode);
			// a task of each stage ran again: attempt 1 or later
			for (final String stage : new String[] { "0.0", "3.0" })
				assertTrue("no task of stage " + stage + " was run again:\n" + r.stderr, Pattern.compile(
					"Starting task \\d+\\.[1-9]\\d* in stage " + Pattern.quote(stage) + " ").matcher(
						r.stderr).find());
		}
		Conformance.assertSameAsLocal(Conformance.Data.manifest(data), 0.1, 20, out, Folders.fresh(dir
			.resolve("local").toString()), Collections.singletonList(new String[] { "dilation",
				"--shape", "euclidean" }));
	}
}
