package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.StandaloneCluster;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * The driver on a real standalone cluster on this machine (a master and two
 * one-core workers, separate JVMs on 127.0.0.1), submitted with the packaged
 * driver jar: for every method, calibrate, validate and apply on the real
 * shared data (PraNet polyps in 2-D, hippocampus-msd in 3-D; skipped with a
 * message when absent) and on synthetic 3-D volumes in cluster mode, each as
 * one application, give exactly the one-machine outputs
 * ({@link Conformance}); a corrupt file is reported by name and skipped.
 */
public class ClusterIT {

	private static final Duration JOB = Duration.ofMinutes(10);

	private static Path dir;
	private static StandaloneCluster cluster;

	@BeforeClass
	public static void startCluster() throws Exception {
		dir = Folders.fresh("target/spark-it/" + ClusterIT.class.getSimpleName());
		cluster = StandaloneCluster.start(dir, 2);
	}

	@AfterClass
	public static void stopCluster() {
		if (cluster != null) cluster.close();
	}

	@Test
	public void realPolypsEveryMethodAsOneMachine() throws Exception {
		final Conformance.Data data = Conformance.Data.folders(TestData.shared("polyps-pranet/pred"),
			TestData.shared("polyps-pranet/gt"));
		conformance("polyps", "client", data);
	}

	@Test
	public void realHippocampusVolumesEveryMethodAsOneMachine() throws Exception {
		conformance("hippocampus", "client", Conformance.Data.manifest(TestData.shared(
			"hippocampus-msd/manifest.csv")));
	}

	@Test
	public void clusterModeEveryMethodAsOneMachine() throws Exception {
		final Path data = TestData.synthetic(Folders.path("target/data/synthetic-3d-60"), 60, 5, 32,
			28, 20);
		conformance("synthetic-cluster-mode", "cluster", Conformance.Data.manifest(data));
	}

	@Test
	public void aCorruptFileIsReportedByNameAndSkipped() throws Exception {
		final Path clean = TestData.synthetic(Folders.path("target/data/synthetic-3d-60"), 60, 5, 32,
			28, 20);
		final Path data = TestData.withCorruptScore(Folders.fresh(dir.resolve("corrupt-data")
			.toString()), clean, 7);
		final List<String[]> method = Collections.singletonList(Conformance.METHODS.get(0));
		final Path out = Folders.fresh(dir.resolve("corrupt").toString());
		final Submission.Result r = submit("corrupt", "client", Conformance.args(Conformance.Data
			.manifest(data), 0.1, 50, out, method));
		assertEquals(r.stderr, 0, r.exitCode);
		final String corrupt = dir.resolve("corrupt-data/case0007.nii.gz").toString();
		// calibrate, validate and apply each report it
		int reported = 0;
		for (final String line : r.stderr.split("\n"))
			if (line.startsWith("Skipped case0007: ") && line.contains(corrupt)) reported++;
		assertEquals(r.stderr, 3, reported);
		assertTrue(r.stdout, r.stdout.contains("applied to 59 image(s)"));
		final String file = TestData.read(Conformance.calibration(out, "dilation"));
		assertTrue(file, file.contains("\"skippedImages\": \"1\""));
		Conformance.assertSameAsLocal(Conformance.Data.manifest(data), 0.1, 50, out, Folders.fresh(dir
			.resolve("corrupt-local").toString()), method);
	}

	@Test
	public void aFailedRunExitsNonZeroInClientModeAndEndsFailedInClusterMode() throws Exception {
		final Path bad = Folders.fresh(dir.resolve("unusable").toString());
		Files.write(bad.resolve("x.nii.gz"), new byte[] { 31, -117, 8, 0 });
		Files.write(bad.resolve("x-mask.nii.gz"), new byte[] { 31, -117, 8, 0 });
		Files.write(bad.resolve("manifest.csv"), Arrays.asList(
			"id,score,mask", "x,x.nii.gz,x-mask.nii.gz"), StandardCharsets.UTF_8);
		final String[] args = { "calibrate", "--manifest", bad.resolve("manifest.csv").toString() };
		final Submission.Result client = submit("unusable-client", "client", args);
		assertEquals(client.stderr, ConformalSpark.FAILED, client.exitCode);
		assertTrue(client.stderr, client.stderr.contains(
			"Calibration failed: no valid image remains for calibration (0 of 1 usable)"));
		// standalone cluster mode: spark-submit itself exits 0 whatever the driver did (Spark
		// 3.5's client, even with spark.standalone.submit.waitAppCompletion=true); the driver's
		// exit code makes its state FAILED, which the client logs and the master reports
		final Submission.Result cluster = submit("unusable-cluster", "cluster", args);
		assertEquals(cluster.stderr, 0, cluster.exitCode);
		assertEquals(cluster.stderr, "FAILED", cluster.driverState);
		assertEquals("FAILED", ClusterIT.cluster.driverState(cluster.driverId));
		final String driverErr = TestData.read(ClusterIT.cluster.driverLog(cluster.driverId,
			"stderr"));
		assertTrue(driverErr, driverErr.contains("Calibration failed: no valid image remains"));
	}

	private static void conformance(final String name, final String mode,
		final Conformance.Data data) throws Exception
	{
		final Path out = Folders.fresh(dir.resolve(name).toString());
		final Submission.Result r = submit(name, mode, Conformance.args(data, 0.1, 100, out));
		if (mode.equals("cluster")) {
			assertEquals(r.stderr, "FINISHED", r.driverState);
			final String driverOut = TestData.read(cluster.driverLog(r.driverId, "stdout"));
			assertTrue(driverOut, driverOut.contains("lambda = ") && driverOut.contains("applied to"));
		}
		else assertEquals(r.stderr, 0, r.exitCode);
		Conformance.assertSameAsLocal(data, 0.1, 100, out, Folders.fresh(dir.resolve(name + "-local")
			.toString()));
	}

	private static Submission.Result submit(final String name, final String mode,
		final String... args) throws IOException, TimeoutException, InterruptedException
	{
		return cluster.submit(new Submission.Spec(name).deployMode(mode).mainClass(
			ConformalSpark.class.getName()).jar(SparkHome.driverJar()).args(args), JOB);
	}
}
