package sc.fiji.conformal.spark;

import static org.junit.Assert.assertArrayEquals;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.spark.testing.OtherFileSystem;

/**
 * Paths given as Hadoop file system URIs, on Spark {@code local[2]}: a file
 * system of its own scheme ({@link OtherFileSystem}, reachable only through
 * Hadoop's API, as {@code hdfs://} or {@code s3a://} would be) and
 * {@code file://}. Datasets are listed on the driver and read by the
 * executors through it, outputs written through it; every output is the
 * one-machine run's, byte for byte; existing outputs are never replaced
 * unless asked; a corrupt image is reported by name and skipped.
 */
public class HadoopUriTest {

	private static JavaSparkContext sc;
	private static Path synthetic3d;

	@Rule
	public final TemporaryFolder tmp = new TemporaryFolder(Paths.get("target").toFile());

	@BeforeClass
	public static void startSpark() throws IOException {
		Files.createDirectories(Paths.get("target"));
		synthetic3d = TestData.synthetic(Paths.get("target/data/synthetic-3d-40"), 40, 11, 24, 20,
			16).toAbsolutePath();
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("HadoopUriTest")
			.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set(
				"spark.driver.bindAddress", "127.0.0.1").set("spark.local.dir", Paths.get("target")
					.toAbsolutePath().toString()).set("spark.hadoop.fs." + OtherFileSystem.SCHEME +
						".impl", OtherFileSystem.class.getName()));
	}

	@AfterClass
	public static void stopSpark() {
		if (sc != null) sc.close();
	}

	private static String other(final Path p) {
		return OtherFileSystem.SCHEME + "://" + p.toAbsolutePath();
	}

	private static String file(final Path p) {
		return p.toAbsolutePath().toUri().toString();
	}

	@Test
	public void everyMethodOnAnotherFileSystemGivesTheLocalRunsBytes() throws IOException {
		final Conformance.Data data = Conformance.Data.folders(synthetic3d.resolveSibling("scores"),
			synthetic3d.resolveSibling("masks"));
		final Path out = tmp.newFolder("other").toPath();
		// an outer set, an inner set, both (LocalModeTest runs all six methods)
		final List<String[]> methods = Arrays.asList(Conformance.METHODS.get(0), Conformance.METHODS
			.get(1), Conformance.METHODS.get(4));
		final int opened = OtherFileSystem.OPENED.get();
		final int created = OtherFileSystem.CREATED.get();
		final Run r = run(Conformance.args(data, 0.2, 20, out, methods, HadoopUriTest::other));
		assertEquals(r.err, 0, r.code);
		assertTrue(r.out, r.out.contains(" Written to " + other(Conformance.calibration(out,
			"dilation")) + ".") && r.out.contains(" Table written to " + other(Conformance.table(out,
				"erosion")) + "."));
		// every image read through Hadoop: calibrate, validate (two passes), apply
		assertTrue("files opened", OtherFileSystem.OPENED.get() - opened >= 3 * 4 * 40);
		// a calibration, a table and 40 or 80 sets per method
		assertTrue("files created", OtherFileSystem.CREATED.get() - created >= 2 * 42 + 82);
		Conformance.assertSameAsLocal(data, 0.2, 20, out, tmp.newFolder("local").toPath(), methods);
	}

	@Test
	public void fileUrisOfAManifestGiveTheLocalRunsBytes() throws IOException {
		final Conformance.Data data = Conformance.Data.manifest(synthetic3d);
		final Path out = tmp.newFolder("file").toPath();
		final List<String[]> methods = Collections.singletonList(Conformance.METHODS.get(5));
		final Run r = run(Conformance.args(data, 0.2, 20, out, methods, HadoopUriTest::file));
		assertEquals(r.err, 0, r.code);
		Conformance.assertSameAsLocal(data, 0.2, 20, out, tmp.newFolder("local").toPath(), methods);
		try (Stream<Path> s = Files.walk(out)) {
			assertEquals("no checksum or temporary files", 0, s.filter(p -> p.getFileName().toString()
				.startsWith(".")).count());
		}
	}

	@Test
	public void outputsOnAnotherFileSystemAreNeverReplacedUnlessAsked() throws IOException {
		final Path json = tmp.newFile("exists.json").toPath();
		final Run refused = run("calibrate", "--manifest", other(synthetic3d), "--output", other(json));
		assertEquals(ConformalSpark.FAILED, refused.code);
		assertTrue(refused.err, refused.err.contains(other(json)) && refused.err.contains(
			"refusing to overwrite"));
		assertEquals(0, Files.size(json));
		assertEquals(0, run("calibrate", "--manifest", other(synthetic3d), "--output", other(json),
			"--overwrite").code);
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		assertEquals(TestData.withoutCreated(TestData.localCalibration(synthetic3d, Settings
			.fromParameters(p))), TestData.withoutCreated(TestData.read(json)));

		final Path sets = tmp.newFolder("sets").toPath();
		final Path taken = Files.createDirectories(sets.resolve("outer")).resolve("case0007.nii.gz");
		Files.write(taken, new byte[] { 7 });
		final Run apply = run("apply", "--calibrationFile", other(json), "--manifest", other(
			synthetic3d), "--output", other(sets));
		assertEquals(apply.err, ConformalSpark.FAILED, apply.code);
		assertTrue(apply.err, apply.err.contains("exist already") && apply.err.contains(taken
			.toString()));
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(taken));
		assertEquals("nothing written", Arrays.asList(taken), files(sets));
		final Run replaced = run("apply", "--calibrationFile", other(json), "--manifest", other(
			synthetic3d), "--output", other(sets), "--overwrite");
		assertEquals(replaced.err, 0, replaced.code);
		assertEquals("40 sets, nothing else", 40, files(sets).size());
		assertTrue(Files.size(taken) > 1);
	}

	@Test
	public void aCorruptImageOnAnotherFileSystemIsReportedAndSkipped() throws IOException {
		final Path manifest = TestData.withCorruptScore(tmp.newFolder("corrupt").toPath()
			.toAbsolutePath(), synthetic3d,
			5);
		final Path json = tmp.getRoot().toPath().resolve("cal.json");
		final Run r = run("calibrate", "--manifest", other(manifest), "--output", other(json));
		assertEquals(r.err, 0, r.code);
		assertTrue(r.err, r.err.contains("Skipped case0005: ") && r.err.contains("case0005.nii.gz"));
		assertTrue(r.err, r.err.contains("1 of 40 image(s) were skipped"));
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		assertEquals(TestData.withoutCreated(TestData.localCalibration(manifest, Settings
			.fromParameters(p))), TestData.withoutCreated(TestData.read(json)));
	}

	@Test
	public void aDatasetOnTwoFileSystemsIsAUsageError() {
		final Run r = run("calibrate", "--scores", other(synthetic3d.resolveSibling("scores")),
			"--masks", synthetic3d.resolveSibling("masks").toString());
		assertEquals(ConformalSpark.USAGE, r.code);
		assertTrue(r.err, r.err.contains("one file system"));
		final Run relative = run("calibrate", "--manifest", OtherFileSystem.SCHEME + "://host");
		assertEquals(ConformalSpark.USAGE, relative.code);
		final Run unknown = run("calibrate", "--manifest", "nosuchfs://host/data/manifest.csv");
		assertEquals(ConformalSpark.FAILED, unknown.code);
		assertTrue(unknown.err, unknown.err.contains("nosuchfs"));
	}

	// -- helpers --

	private static List<Path> files(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}

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
}
