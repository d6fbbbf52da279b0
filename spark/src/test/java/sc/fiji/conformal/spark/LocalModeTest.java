package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.report.ValidationReport;

/**
 * The driver's entry point on Spark in this JVM ({@code local[2]}): for every
 * method, calibration files, validation tables and applied sets equal the one-machine run's ({@link Conformance}) on 3-D
 * synthetic volumes; bad input and chains of commands fail as documented.
 */
public class LocalModeTest {

	private static JavaSparkContext sc;
	private static Path synthetic3d;

	@Rule
	public final TemporaryFolder tmp = new TemporaryFolder(Paths.get("target").toFile());

	@BeforeClass
	public static void startSpark() throws IOException {
		Files.createDirectories(Paths.get("target"));
		synthetic3d = TestData.synthetic(Paths.get("target/data/synthetic-3d-40"), 40, 11, 24, 20,
			16);
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("LocalModeTest")
			.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set(
				"spark.driver.bindAddress", "127.0.0.1").set("spark.local.dir", Paths.get("target")
					.toAbsolutePath().toString()));
	}

	@AfterClass
	public static void stopSpark() {
		if (sc != null) sc.close();
	}

	@Test
	public void everyMethodCalibratesValidatesAndAppliesAsOneMachineIn3d() throws IOException {
		final Path spark = tmp.newFolder("spark").toPath();
		final Run r = run(Conformance.args(Conformance.Data.manifest(synthetic3d), 0.2, 30, spark));
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.contains("lambda = ") && r.out.contains("Validated ") && r.out
			.contains("applied to 40 image(s)"));
		Conformance.assertSameAsLocal(Conformance.Data.manifest(synthetic3d), 0.2, 30, spark, tmp
			.newFolder("local").toPath());
	}

	/** The report folder and the table are one machine's (the Fiji command's), byte for byte. */
	@Test
	public void validateWritesTheReportFolderOfOneMachine() throws IOException {
		final Path spark = tmp.newFolder("spark").toPath();
		final Run r = run("validate", "--manifest", synthetic3d.toString(), "--method",
			"confidence-sets", "--alpha", "0.2", "--splits", "10", "--seed", "4", "--reportFolder", spark
				.resolve("report").toString(), "--output", spark.resolve("table.csv").toString());
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.contains(" Report written to " + spark.resolve("report/index.md")
			.toAbsolutePath() + "."));
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "confidence-sets");
		p.put("alpha", "0.2");
		final Settings settings = Settings.fromParameters(p);
		final Path local = tmp.getRoot().toPath().resolve("local");
		final ValidationReport.Result here = ValidationReport.write(Dataset.fromManifest(synthetic3d,
			new ImageJFiles()), Collections.singletonList(settings), new ValidationReport.Options()
				.splits(10).calibrationFraction(0.5).seed(4).title("Validation of confidence-sets"), local,
			LocalRunner.of(2), null);
		assertTrue(here.files().toString(), here.files().stream().anyMatch(f -> f.startsWith(
			"panels")));
		Conformance.assertSameFiles("report", local, spark.resolve("report"));
		assertEquals(ValidationTable.csv(here.methods().get(0).validation()), TestData.read(spark
			.resolve("table.csv")));
	}

	@Test
	public void usageErrorsExitWith2() {
		assertEquals(ConformalSpark.USAGE, run().code);
		assertEquals(ConformalSpark.USAGE, run("calibrat", "--manifest", "x.csv").code);
		final Run unknown = run("calibrate", "--manifest", synthetic3d.toString(), "--alfa", "0.1");
		assertEquals(ConformalSpark.USAGE, unknown.code);
		assertTrue(unknown.err, unknown.err.contains("no option --alfa"));
		assertEquals(ConformalSpark.USAGE, run("calibrate", "--method", "dilation").code);
		final Run report = run("validate", "--manifest", synthetic3d.toString(), "--reportFolder",
			"hdfs://nn/r");
		assertEquals(ConformalSpark.USAGE, report.code);
		assertTrue(report.err, report.err.contains("--reportFolder must be a local folder"));
		assertEquals(ConformalSpark.USAGE, run("apply", "--scores", "s", "--output", "o").code);
	}

	@Test
	public void commandsChainedWithThenRunInOneApplicationInOrder() throws IOException {
		final Path a = tmp.getRoot().toPath().resolve("a.json");
		final Path b = tmp.getRoot().toPath().resolve("b.json");
		final Path c = tmp.getRoot().toPath().resolve("c.json");
		// a usage error anywhere: nothing runs
		assertEquals(ConformalSpark.USAGE, run("calibrate", "--manifest", synthetic3d.toString(),
			"--output", a.toString(), "then", "calibrate", "--manifest", synthetic3d.toString(),
			"--shaep", "square").code);
		assertFalse(Files.exists(a));
		// invalid settings anywhere: nothing runs
		final Run invalid = run("calibrate", "--manifest", synthetic3d.toString(), "--output", a
			.toString(), "then", "calibrate", "--manifest", synthetic3d.toString(), "--alpha", "1.5");
		assertEquals(ConformalSpark.FAILED, invalid.code);
		assertTrue(invalid.err, invalid.err.startsWith("Calibration failed: ") && invalid.err
			.contains("1.5"));
		assertFalse(Files.exists(a));
		// a failure stops the chain; the commands before it have run
		Files.write(b, new byte[0]);
		final Run stopped = run("calibrate", "--manifest", synthetic3d.toString(), "--output", a
			.toString(), "--overwrite", "then", "calibrate", "--manifest", synthetic3d.toString(),
			"--output", b.toString(), "then", "calibrate", "--manifest", synthetic3d.toString(),
			"--output", c.toString());
		assertEquals(stopped.err, ConformalSpark.FAILED, stopped.code);
		assertTrue(Files.size(a) > 0);
		assertEquals(0, Files.size(b));
		assertFalse(Files.exists(c));
		// all run
		final Run all = run("calibrate", "--manifest", synthetic3d.toString(), "--method", "erosion",
			"--output", b.toString(), "--overwrite", "true", "then", "calibrate", "--manifest",
			synthetic3d.toString(), "--method", "threshold-outer", "--output", c.toString());
		assertEquals(all.err, 0, all.code);
		for (final String[] m : new String[][] { { "erosion", b.toString() }, { "threshold-outer", c
			.toString() } })
		{
			final Map<String, Object> p = new LinkedHashMap<>();
			p.put("method", m[0]);
			assertEquals(m[0], TestData.withoutCreated(TestData.localCalibration(synthetic3d, Settings
				.fromParameters(p))), TestData.withoutCreated(TestData.read(Paths.get(m[1]))));
		}
	}

	@Test
	public void anExistingOutputIsNeverReplacedUnlessAsked() throws IOException {
		final Path out = tmp.newFile("exists.json").toPath();
		final Run r = run("calibrate", "--manifest", synthetic3d.toString(), "--output", out
			.toString());
		assertEquals(ConformalSpark.FAILED, r.code);
		assertTrue(r.err, r.err.contains(out.toString()));
		assertEquals(0, Files.size(out));
		assertEquals(0, run("calibrate", "--manifest", synthetic3d.toString(), "--output", out
			.toString(), "--overwrite").code);
		assertTrue(Files.size(out) > 0);
	}

	@Test
	public void aRunWithNoUsableImageFailsNamingEveryImage() throws IOException {
		final Path dir = tmp.newFolder("bad").toPath();
		Files.write(dir.resolve("a.nii"), "not a NIfTI file".getBytes(StandardCharsets.UTF_8));
		Files.write(dir.resolve("b.nii"), new byte[0]);
		Files.write(dir.resolve("a-mask.nii"), "not a NIfTI file".getBytes(StandardCharsets.UTF_8));
		Files.write(dir.resolve("b-mask.nii"), new byte[0]);
		Files.write(dir.resolve("manifest.csv"), Arrays.asList("id,score,mask", "a,a.nii,a-mask.nii",
			"b,b.nii,b-mask.nii"), StandardCharsets.UTF_8);
		final Run r = run("calibrate", "--manifest", dir.resolve("manifest.csv").toString());
		assertEquals(ConformalSpark.FAILED, r.code);
		assertTrue(r.err, r.err.startsWith("Calibration failed: no valid image remains"));
		assertTrue(r.err, r.err.contains("a.nii") && r.err.contains("b.nii"));
		assertFalse(r.err, r.err.contains("Exception"));
	}

	// -- helpers --

	private static final class Run {

		final int code;
		final String out;
		final String err;

		Run(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}
	}

	private static Run run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e =
			new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			code = ConformalSpark.run(sc, args, o, e);
		}
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(
			StandardCharsets.UTF_8));
	}

	private static String[] concat(final String[] a, final String[] b) {
		final String[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
