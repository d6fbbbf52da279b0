package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * The packaged driver jar through spark-submit with {@code --master local[2]}
 * (no cluster): the same entry point, the same calibration file, and a
 * non-zero exit code when the run fails.
 */
public class LocalSubmitIT {

	private static Path dir;
	private static SparkHome home;
	private static Path synthetic2d;

	@BeforeClass
	public static void prepare() throws Exception {
		dir = Folders.fresh("target/spark-it/" + LocalSubmitIT.class.getSimpleName());
		home = SparkHome.at(dir.getParent().resolve("spark-home"));
		synthetic2d = TestData.synthetic(Folders.path("target/data/synthetic-2d-80"), 80, 3, 48, 40);
	}

	@Test
	public void localModeEqualsTheLocalRun() throws Exception {
		final Path out = dir.resolve("erosion.json");
		final Submission.Result r = submit("erosion", "calibrate", "--manifest", synthetic2d
			.toString(), "--method", "erosion", "--tolerance", "0.05", "--border", "ignore", "--alpha",
			"0.15", "--output", out.toString());
		assertEquals(r.stderr, 0, r.exitCode);
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "erosion");
		p.put("tolerance", "0.05");
		p.put("border", "ignore");
		p.put("alpha", "0.15");
		assertEquals(TestData.withoutCreated(TestData.localCalibration(synthetic2d, Settings
			.fromParameters(p))), TestData.withoutCreated(TestData.read(out)));
	}

	@Test
	public void aFailedRunExitsNonZeroWithTheReason() throws Exception {
		final Path bad = Files.createDirectories(dir.resolve("bad"));
		Files.write(bad.resolve("x.nii.gz"), "truncated".getBytes(StandardCharsets.UTF_8));
		Files.write(bad.resolve("x-mask.nii.gz"), "truncated".getBytes(StandardCharsets.UTF_8));
		Files.write(bad.resolve("manifest.csv"), Arrays.asList("id,score,mask",
			"x,x.nii.gz,x-mask.nii.gz"), StandardCharsets.UTF_8);
		final Submission.Result r = submit("fails", "calibrate", "--manifest", bad.resolve(
			"manifest.csv").toString());
		assertEquals(r.stderr, ConformalSpark.FAILED, r.exitCode);
		assertTrue(r.stderr, r.stderr.contains("Calibration failed: no valid image remains") && r.stderr
			.contains("x.nii.gz"));
		final Submission.Result usage = submit("usage", "calibrate", "--manifest", bad.resolve(
			"manifest.csv").toString(), "--alpah", "0.1");
		assertEquals(usage.stderr, ConformalSpark.USAGE, usage.exitCode);
	}

	private static Submission.Result submit(final String name, final String... args)
		throws Exception
	{
		try (Submission s = Submission.start(home, dir, new Submission.Spec(name).master("local[2]")
			.mainClass(ConformalSpark.class.getName()).jar(SparkHome.driverJar()).args(args)))
		{
			return s.finish(Duration.ofMinutes(3));
		}
	}
}
