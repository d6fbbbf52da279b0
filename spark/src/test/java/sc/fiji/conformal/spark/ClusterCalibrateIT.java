package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.StandaloneCluster;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * Calibration on a real standalone cluster on this machine (a master and two
 * one-core workers, separate JVMs on 127.0.0.1), submitted with the packaged
 * driver jar in client and in cluster mode: the calibration file equals the
 * one-machine run's apart from its creation time.
 */
public class ClusterCalibrateIT {

	private static final Duration JOB = Duration.ofMinutes(4);

	private static Path dir;
	private static StandaloneCluster cluster;
	private static Path synthetic3d;

	@BeforeClass
	public static void startCluster() throws Exception {
		dir = Folders.fresh("target/spark-it/" + ClusterCalibrateIT.class.getSimpleName());
		synthetic3d = TestData.synthetic(Folders.path("target/data/synthetic-3d-60"), 60, 5, 32, 28,
			20);
		cluster = StandaloneCluster.start(dir, 2);
	}

	@AfterClass
	public static void stopCluster() {
		if (cluster != null) cluster.close();
	}

	@Test
	public void clientModeEqualsTheLocalRun() throws Exception {
		final Path out = dir.resolve("client-dilation.json");
		final Submission.Result r = calibrate("client-dilation", "client", "--manifest", synthetic3d
			.toString(), "--method", "dilation", "--shape", "square", "--alpha", "0.1", "--output", out
				.toString());
		assertEquals(r.stderr, 0, r.exitCode);
		assertTrue(r.stdout, r.stdout.contains("lambda = "));
		assertSameCalibration(local(synthetic3d, "dilation", "shape", "square"), out);
	}

	@Test
	public void clusterModeEqualsTheLocalRun() throws Exception {
		final Path out = dir.resolve("cluster-crc.json");
		final Submission.Result r = calibrate("cluster-crc", "cluster", "--manifest", synthetic3d
			.toString(), "--method", "crc", "--alpha", "0.1", "--output", out.toString());
		assertEquals(r.stderr, "FINISHED", r.driverState);
		final String driverOut = TestData.read(cluster.driverLog(r.driverId, "stdout"));
		assertTrue(driverOut, driverOut.contains("lambda = "));
		assertSameCalibration(local(synthetic3d, "crc"), out);
	}

	@Test
	public void realPolypsEqualTheLocalRun() throws Exception {
		final Path pred = TestData.shared("polyps-pranet/pred");
		final Path gt = TestData.shared("polyps-pranet/gt");
		final Path out = dir.resolve("polyps-erosion.json");
		final Submission.Result r = calibrate("polyps-erosion", "client", "--scores", pred.toString(),
			"--masks", gt.toString(), "--method", "erosion", "--tolerance", "0.1", "--alpha", "0.1",
			"--output", out.toString());
		assertEquals(r.stderr, 0, r.exitCode);
		assertSameCalibration(TestData.localCalibration(new DatasetPaths(pred, null, gt, null),
			settings("erosion", "tolerance", "0.1")), out);
	}

	@Test
	public void realHippocampusVolumesEqualTheLocalRun() throws Exception {
		final Path manifest = TestData.shared("hippocampus-msd/manifest.csv");
		final Path out = dir.resolve("hippocampus-threshold-outer.json");
		final Submission.Result r = calibrate("hippocampus-threshold-outer", "client", "--manifest",
			manifest.toString(), "--method", "threshold-outer", "--tolerance", "0.05", "--alpha", "0.1",
			"--output", out.toString());
		assertEquals(r.stderr, 0, r.exitCode);
		assertSameCalibration(local(manifest, "threshold-outer", "tolerance", "0.05"), out);
	}

	@Test
	public void aCorruptFileIsReportedByNameAndSkipped() throws Exception {
		final Path data = TestData.withCorruptScore(Folders.fresh(dir.resolve("corrupt").toString()),
			synthetic3d, 7);
		final Path out = dir.resolve("corrupt-dilation.json");
		final Submission.Result r = calibrate("corrupt-dilation", "client", "--manifest", data
			.toString(), "--method", "dilation", "--alpha", "0.1", "--output", out.toString());
		assertEquals(r.stderr, 0, r.exitCode);
		assertTrue(r.stdout, r.stdout.contains("Skipped 1 image(s): [case0007: ") && r.stdout.contains(
			"case0007.nii.gz"));
		final String file = TestData.read(out);
		assertTrue(file, file.contains("\"skippedImages\": \"1\""));
		assertSameCalibration(local(data, "dilation"), out);
	}

	// -- helpers --

	private static Submission.Result calibrate(final String name, final String mode,
		final String... args) throws IOException, TimeoutException, InterruptedException
	{
		final String[] all = new String[args.length + 1];
		all[0] = "calibrate";
		System.arraycopy(args, 0, all, 1, args.length);
		return cluster.submit(new Submission.Spec(name).deployMode(mode).mainClass(
			ConformalSpark.class.getName()).jar(SparkHome.driverJar()).args(all), JOB);
	}

	private static String local(final Path manifest, final String method, final String... more)
		throws IOException
	{
		return TestData.localCalibration(manifest, settings(method, more));
	}

	private static Settings settings(final String method, final String... more) {
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", method);
		p.put("alpha", "0.1");
		for (int i = 0; i < more.length; i += 2)
			p.put(more[i], more[i + 1]);
		return Settings.fromParameters(p);
	}

	private static void assertSameCalibration(final String local, final Path spark)
		throws IOException
	{
		assertEquals(TestData.withoutCreated(local), TestData.withoutCreated(TestData.read(spark)));
	}
}
