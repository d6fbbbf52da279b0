package sc.fiji.conformal.headless;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.testing.PngDatasets;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.testing.LabelMapDatasets;
import sc.fiji.conformal.io.Dataset;

/**
 * The headless launcher: {@link Headless#run} in-process (exit codes, outputs
 * on stdout, reasons on stderr, parameters checked and never remembered),
 * {@link Parameters#parse}, scripts through the adapted script languages, and
 * the real {@code bin/conformal-headless} script in a separate process.
 */
public class HeadlessTest {

	private static final String CALIBRATE = "Calibrate Conformal Sets";

	@ClassRule
	public static TemporaryFolder shared = new TemporaryFolder();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static PngDatasets data;

	@BeforeClass
	public static void writeDataset() throws IOException {
		data = PngDatasets.write(shared.newFolder("data"));
	}

	/** Exit code and the two streams of one run. */
	private static final class Result {

		final int code;
		final String out;
		final String err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
		}
	}

	private static Result run(final String... args) throws UnsupportedEncodingException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code = Headless.run(args, new PrintStream(out, true, "UTF-8"), new PrintStream(err,
			true, "UTF-8"));
		return new Result(code, new String(out.toByteArray(), StandardCharsets.UTF_8), new String(err
			.toByteArray(), StandardCharsets.UTF_8));
	}

	private static String q(final File f) {
		return "\"" + f.getAbsolutePath().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** λ̂ (natural units) that the batch layer gives on the dataset. */
	private static double batchLambda(final Map<String, Object> parameters) throws IOException {
		final Settings s = Settings.fromParameters(parameters);
		final Calibration c = Batch.calibrate(Dataset.fromFolders(data.scores.toPath(), null,
			data.masks.toPath(), new ImageJFiles()), s, null);
		return s.method().toNatural(c.outer().lambda());
	}

	private static Map<String, Object> map(final Object... kv) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	private static String lambdaLine(final double lambda) {
		return "lambda = " + lambda;
	}

	@Test
	public void calibratePrintsLambdaAndWritesTheFile() throws IOException {
		final File cal = new File(tmp.getRoot(), "cal.json");
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",method=\"dilation\",alpha=0.1,tolerance=0.0,shape=\"cross\",output=" + q(
				cal));
		assertEquals(r.toString(), 0, r.code);
		final double expected = batchLambda(map("method", "dilation", "alpha", 0.1, "shape",
			"cross"));
		assertTrue(r.toString(), r.out.contains(lambdaLine(expected) + "\n") || r.out.contains(
			lambdaLine(expected) + System.lineSeparator()));
		assertTrue(cal.isFile());
		final Calibration read = CalibrationFile.read(cal.toPath());
		assertEquals(expected, read.outer().lambda(), 0);
		assertEquals(PngDatasets.COUNT, read.n());
	}

	/** The method's parameters are applied as given (not replaced by defaults or earlier values). */
	@Test
	public void labelMapsCalibrateAndApplyPerClassFromTheLauncher() throws IOException {
		final java.nio.file.Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final File cal = new File(tmp.getRoot(), "classes.json");
		final Result r = run("--run", CALIBRATE, "manifest=" + q(csv.toFile()) +
			",classes=\"1:front,2:back\",jointRule=\"max\",method=\"confidence-sets\",alpha=0.2,output=" +
			q(cal));
		assertEquals(r.toString(), 0, r.code);
		assertEquals(2, CalibrationFile.readClasses(cal.toPath()).classes().size());
		final File out = tmp.newFolder("applied");
		final Result a = run("--run", "Apply Conformal Sets to Folder", "calibrationFile=" + q(cal) +
			",manifest=" + q(csv.toFile()) + ",output=" + q(out));
		assertEquals(a.toString(), 0, a.code);
		assertTrue(a.toString(), a.out.contains("probability >= 0.8"));
		assertTrue(new File(out, "volumes.csv").isFile());
	}

	@Test
	public void calibrateAppliesAlphaAndShape() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",method=\"threshold-outer\",alpha=0.3,tolerance=0.05");
		assertEquals(r.toString(), 0, r.code);
		final double expected = batchLambda(map("method", "threshold-outer", "alpha", 0.3,
			"tolerance", 0.05));
		assertTrue(r.toString(), r.out.contains(lambdaLine(expected)));
		assertTrue(r.toString(), r.out.contains("α=0.3"));
	}

	@Test
	public void failingCommandExitsNonZeroWithTheReason() throws IOException {
		final File missing = new File(tmp.getRoot(), "no-such-masks");
		final File cal = new File(tmp.getRoot(), "cal.json");
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(missing) +
			",output=" + q(cal));
		assertEquals(r.toString(), Headless.FAILED, r.code);
		assertTrue(r.toString(), r.err.contains("Calibration failed:"));
		assertTrue(r.toString(), r.err.contains(missing.getPath()));
		assertFalse(r.toString(), r.out.contains("lambda"));
		assertFalse(cal.exists());
	}

	/**
	 * A typed alpha that is not alphaInner + alphaOuter is a conflict, even when
	 * it is alpha's default (issue 12, case 11); the pair alone sets alpha.
	 */
	@Test
	public void typedAlphaConflictingWithTheSidesIsRefused() throws IOException {
		final String base = "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",method=\"confidence-sets\",alphaInner=0.1,alphaOuter=0.1";
		for (final String alpha : new String[] { "0.05", "0.1" }) {
			final Result r = run("--run", CALIBRATE, base + ",alpha=" + alpha);
			assertEquals(r.toString(), Headless.USAGE, r.code);
			assertTrue(r.toString(), r.err.contains("alpha must equal alphaInner + alphaOuter (0.2)"));
		}
		final Result ok = run("--run", CALIBRATE, base);
		assertEquals(ok.toString(), 0, ok.code);
		assertTrue(ok.toString(), ok.out.contains("inner λ̂=") && ok.out.contains("(α=0.1, n="));
	}

	@Test
	public void unknownParameterIsAUsageErrorNamingIt() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",radius=3");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("'radius'"));
		assertTrue(r.toString(), r.err.contains("masks"));
	}

	@Test
	public void missingRequiredFileIsAUsageErrorNamingIt() throws IOException {
		final Result r = run("--run", "Apply Conformal Sets to Folder", "scores=" + q(data.scores) +
			",calibrationFile=" + q(new File(tmp.getRoot(), "cal.json")));
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("[output]"));
	}

	/** Masks may come from a manifest instead, so without either the command itself names them. */
	@Test
	public void calibrateWithoutMasksOrManifestNamesThem() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",method=\"dilation\"");
		assertTrue(r.toString(), r.code != 0);
		assertTrue(r.toString(), r.err.contains("masks"));
		assertFalse(r.toString(), r.out.contains("lambda"));
	}

	@Test
	public void unconvertibleValueIsAUsageErrorNamingIt() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",alpha=\"lots\"");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("'alpha'"));
		assertTrue(r.toString(), r.err.contains("lots"));
	}

	@Test
	public void unknownTitleListsOurCommands() throws IOException {
		final Result r = run("--run", "Calibrate", "scores=" + q(data.scores));
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("'Calibrate'"));
		for (final String title : new String[] { CALIBRATE, "Apply Conformal Sets to Folder",
			"Validate Conformal Sets", "Calibrations" })
		{
			assertTrue(r.toString(), r.err.contains(title));
		}
	}

	@Test
	public void badQuotingIsAUsageError() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=\"" + data.masks);
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("unterminated quote"));
		assertTrue(r.toString(), r.err.contains("'masks'"));
	}

	@Test
	public void argumentMistakesAreUsageErrors() throws IOException {
		Result r = run();
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("usage:"));
		r = run("--help");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.err.contains("usage:"));
		r = run("--run");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		r = run("--run", CALIBRATE, "masks=\"/a\"", "scores=\"/b\"");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("too many arguments"));
		r = run(new File(tmp.getRoot(), "missing.groovy").getPath());
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("no such script"));
	}

	/**
	 * Two runs in one process: the second gets neither the first's output path
	 * nor its method parameters, so it writes its own file with the defaults.
	 */
	@Test
	public void rememberedValuesAreNeverReused() throws IOException {
		final File first = new File(tmp.getRoot(), "first.json");
		final File second = new File(tmp.getRoot(), "second.json");
		Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",method=\"dilation\",alpha=0.3,tolerance=0.02,shape=\"square\",quantile=\"cls-clipped\",output=" +
			q(first));
		assertEquals(r.toString(), 0, r.code);
		final byte[] firstBytes = Files.readAllBytes(first.toPath());
		final long firstModified = first.lastModified();
		r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",output=" + q(second));
		assertEquals(r.toString(), 0, r.code);
		assertTrue(second.isFile());
		assertArrayEquals(firstBytes, Files.readAllBytes(first.toPath()));
		assertEquals(firstModified, first.lastModified());
		final Calibration c = CalibrationFile.read(second.toPath());
		final Settings defaults = Settings.builder(Method.DILATION).build();
		assertEquals(defaults.parameters(), c.settings().parameters());
		assertEquals(batchLambda(defaults.parameters()), c.outer().lambda(), 0);
		// and a third run without any output writes nothing new
		r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks));
		assertEquals(r.toString(), 0, r.code);
		assertFalse(r.toString(), r.out.contains("Written to"));
		assertEquals(Arrays.asList("first.json", "second.json"), sortedNames(tmp.getRoot()));
	}

	private static java.util.List<String> sortedNames(final File dir) {
		final String[] names = dir.list();
		Arrays.sort(names);
		return Arrays.asList(names);
	}

	@Test
	public void scriptsRunWithTheirOutputsAndFailuresExitNonZero() throws IOException {
		final File groovy = tmp.newFile("hello.groovy");
		Files.write(groovy.toPath(), ("#@ String name\n#@ int times\n#@output String greeting\n" +
			"greeting = ('hi ' + name + ' ') * times\n").getBytes(StandardCharsets.UTF_8));
		Result r = run(groovy.getPath(), "name=\"you\",times=2");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains("greeting = hi you hi you"));

		final File python = tmp.newFile("hello.py");
		Files.write(python.toPath(), ("#@ String name\n#@output String greeting\n" +
			"greeting = 'hi ' + name\n").getBytes(StandardCharsets.UTF_8));
		r = run(python.getPath(), "name=\"py\"");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains("greeting = hi py"));

		final File boom = tmp.newFile("boom.groovy");
		Files.write(boom.toPath(), ("#@ String name\n" +
			"throw new IllegalArgumentException('boom for ' + name)\n").getBytes(
				StandardCharsets.UTF_8));
		r = run(boom.getPath(), "name=\"z\"");
		assertEquals(r.toString(), Headless.FAILED, r.code);
		assertTrue(r.toString(), r.err.contains("boom for z"));

		// an unset required number without a default: SciJava cancels before the script runs
		r = run(groovy.getPath(), "name=\"you\"");
		assertTrue(r.toString(), r.code != 0);
		assertTrue(r.toString(), r.err.contains("times"));
		assertFalse(r.toString(), r.out.contains("greeting"));

		// with a declared default, the default
		final File withDefault = tmp.newFile("default.groovy");
		Files.write(withDefault.toPath(), ("#@ String name\n#@ int (value = 3) times\n" +
			"#@output String greeting\ngreeting = ('hi ' + name + ' ') * times\n").getBytes(
				StandardCharsets.UTF_8));
		r = run(withDefault.getPath(), "name=\"you\"");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains("greeting = hi you hi you hi you"));
	}

	// -- Parameters --

	@Test
	public void parseQuotedAndBareValues() {
		final Map<String, Object> p = Parameters.parse(
			"scores=\"/d/scores\",alpha=0.1, method = dilation ,n=3");
		assertEquals(Arrays.asList("scores", "alpha", "method", "n"), Arrays.asList(p.keySet()
			.toArray()));
		assertEquals("/d/scores", p.get("scores"));
		assertEquals("0.1", p.get("alpha"));
		assertEquals("dilation", p.get("method"));
		assertEquals("3", p.get("n"));
		assertTrue(Parameters.parse("").isEmpty());
		assertTrue(Parameters.parse(" , ,").isEmpty());
		assertEquals("", Parameters.parse("a=").get("a"));
		assertEquals("", Parameters.parse("a=\"\"").get("a"));
	}

	@Test
	public void parseEscapesAndCommasInsideQuotes() {
		final Map<String, Object> p = Parameters.parse(
			"a=\"say \\\"hi\\\"\",b=\"C:\\\\data\\\\x\",c=\"x,y=z, w\",d=1");
		assertEquals("say \"hi\"", p.get("a"));
		assertEquals("C:\\data\\x", p.get("b"));
		assertEquals("x,y=z, w", p.get("c"));
		assertEquals("1", p.get("d"));
		assertEquals(4, p.size());
	}

	@Test
	public void parseKeepsQuotedBlanksAndAllowsBlanksBeforeTheQuote() {
		final Map<String, Object> p = Parameters.parse("a=\"  padded  \",b= \"/x y\"");
		assertEquals("  padded  ", p.get("a"));
		assertEquals("/x y", p.get("b"));
	}

	@Test
	public void parseRejectsDuplicatesAndMalformedText() {
		for (final String bad : new String[] { "a=1,a=2", "a=1,b=\"x\",a=\"y\"", "a=\"open",
			"a=\"x\\\"", "novalue", "=3", "1a=2", "a b=1", "a=1,\"b\"=2" })
		{
			try {
				Parameters.parse(bad);
				fail("parsed " + bad);
			}
			catch (final IllegalArgumentException e) {
				assertTrue(bad + ": " + e.getMessage(), e.getMessage() != null && !e.getMessage()
					.isEmpty());
			}
		}
		try {
			Parameters.parse("alpha=1,alpha=2");
			fail("duplicate parsed");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'alpha'"));
			assertTrue(e.getMessage(), e.getMessage().contains("twice"));
		}
	}

	// -- the real launcher script --

	private static boolean onPath(final String program) {
		final String path = System.getenv("PATH");
		if (path == null) return false;
		for (final String dir : path.split(File.pathSeparator))
			if (new File(dir, program).canExecute()) return true;
		return false;
	}

	private Result launch(final File basedir, final String... args) throws IOException,
		InterruptedException
	{
		final String[] command = new String[args.length + 2];
		command[0] = "bash";
		command[1] = new File(basedir, "bin/conformal-headless").getPath();
		System.arraycopy(args, 0, command, 2, args.length);
		final File out = tmp.newFile();
		final File err = tmp.newFile();
		final Process p = new ProcessBuilder(command).directory(basedir).redirectOutput(out)
			.redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		if (!p.waitFor(10, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			fail("bin/conformal-headless did not finish in 10 minutes");
		}
		return new Result(p.exitValue(), new String(Files.readAllBytes(out.toPath()),
			StandardCharsets.UTF_8), new String(Files.readAllBytes(err.toPath()),
				StandardCharsets.UTF_8));
	}

	/**
	 * The launcher script as users call it, from the project folder: it builds
	 * its jar and class paths under target/headless with Maven when missing,
	 * then runs the command in a new JVM.
	 */
	@Test
	public void launcherScriptExitsZeroOnSuccessAndNonZeroOnFailure() throws Exception {
		final File basedir = new File(".").getAbsoluteFile();
		assertTrue("no bin/conformal-headless under " + basedir, new File(basedir,
			"bin/conformal-headless").isFile());
		if (!onPath("mvn")) {
			System.out.println("HeadlessTest: skipping the launcher script test: mvn is not on the PATH");
			Assume.assumeTrue("mvn is not on the PATH", false);
		}
		final File cal = new File(tmp.getRoot(), "script-cal.json");
		Result r = launch(basedir, "--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",method=\"dilation\",alpha=0.1,tolerance=0.0,shape=\"cross\",output=" + q(
				cal));
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), cal.isFile());
		final double expected = batchLambda(map("method", "dilation", "alpha", 0.1, "shape",
			"cross"));
		assertTrue(r.toString(), r.out.contains(lambdaLine(expected)));
		assertEquals(expected, CalibrationFile.read(cal.toPath()).outer().lambda(), 0);

		final File missing = new File(tmp.getRoot(), "no-such-masks");
		final File cal2 = new File(tmp.getRoot(), "script-cal2.json");
		r = launch(basedir, "--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(missing) +
			",output=" + q(cal2));
		assertTrue(r.toString(), r.code != 0);
		assertTrue(r.toString(), r.err.contains("Calibration failed:"));
		assertTrue(r.toString(), r.err.contains(missing.getPath()));
		assertFalse(cal2.exists());
	}

	/**
	 * The launcher's class-data sharing archive (Java 13+): a failed run writes
	 * none; the first successful command run writes one as it exits, with
	 * nothing of the JVM's on stdout; the next run maps it and prints the same.
	 */
	@Test
	public void launcherWritesItsArchiveOnASuccessfulRunAndUsesIt() throws Exception {
		final File basedir = new File(".").getAbsoluteFile();
		if (!onPath("mvn")) {
			System.out.println("HeadlessTest: skipping the launcher archive test: mvn is not on the PATH");
			Assume.assumeTrue("mvn is not on the PATH", false);
		}
		final String params = "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",method=\"dilation\",alpha=0.1,tolerance=0.0,shape=\"cross\"";
		// builds target/headless if needed
		assertEquals(0, launch(basedir, "--help").code);
		final File dir = new File(basedir, "target/headless");
		for (final File f : archives(dir))
			assertTrue(f + " not deleted", f.delete());

		Result r = launch(basedir, "--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			new File(tmp.getRoot(), "no-such-masks")));
		assertEquals(r.toString(), Headless.FAILED, r.code);
		assertEquals(r.toString(), 0, archives(dir).length);

		final Result first = launch(basedir, "--run", CALIBRATE, params);
		assertEquals(first.toString(), 0, first.code);
		assertTrue(first.toString(), first.out.contains(lambdaLine(batchLambda(map("method",
			"dilation", "alpha", 0.1, "shape", "cross")))));
		assertFalse(first.toString(), first.out.contains("[warning]"));
		if (Runtime.version().feature() >= 13) {
			assertEquals(first.toString(), 1, archives(dir).length);
		}
		final Result second = launch(basedir, "--run", CALIBRATE, params);
		assertEquals(second.toString(), 0, second.code);
		assertEquals(first.out, second.out);
	}

	private static File[] archives(final File dir) {
		final File[] files = dir.listFiles((d, name) -> name.startsWith("command-") && name.endsWith(
			".jsa"));
		return files == null ? new File[0] : files;
	}
}
