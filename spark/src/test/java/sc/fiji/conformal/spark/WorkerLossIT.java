package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.StandaloneCluster;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * A worker lost mid-job (its JVM and its executor killed at once, as when a
 * machine goes down): Spark runs the lost tasks again on the other worker and
 * the calibration file is still the one-machine run's.
 */
public class WorkerLossIT {

	private Path dir;
	private StandaloneCluster cluster;

	@Before
	public void startCluster() throws Exception {
		dir = Folders.fresh("target/spark-it/" + WorkerLossIT.class.getSimpleName());
		cluster = StandaloneCluster.start(dir, 2);
	}

	@After
	public void stopCluster() {
		if (cluster != null) cluster.close();
	}

	@Test
	public void aLostWorkerChangesNothing() throws Exception {
		final Path data = TestData.synthetic(Folders.path("target/data/synthetic-3d-120"), 120, 17, 64,
			64, 48);
		final Path out = dir.resolve("dilation.json");
		try (Submission s = cluster.start(new Submission.Spec("dilation").mainClass(
			ConformalSpark.class.getName()).jar(SparkHome.driverJar()).args("calibrate", "--manifest",
				data.toString(), "--method", "dilation", "--shape", "euclidean", "--alpha", "0.1",
				"--output", out.toString(), "--partitions", "40")))
		{
			// both executors are busy once the first task is done: kill one with its worker
			s.await(Pattern.compile("Finished task \\S+ in stage 0\\.0"), Duration.ofMinutes(3));
			cluster.killWorker(1);
			final Submission.Result r = s.finish(Duration.ofMinutes(4));
			assertEquals(r.stderr, 0, r.exitCode);
			assertTrue("a task was lost with the worker:\n" + r.stderr, Pattern.compile(
				"Lost task .*ExecutorLostFailure|Lost executor").matcher(r.stderr).find());
		}
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("shape", "euclidean");
		p.put("alpha", "0.1");
		assertEquals(TestData.withoutCreated(TestData.localCalibration(data, Settings.fromParameters(
			p))), TestData.withoutCreated(TestData.read(out)));
	}
}
