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
import sc.fiji.conformal.core.Rounding;
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

	/** The line of λ̂ as the launcher prints it: 4 significant digits. */
	private static String lambdaLine(final double lambda) {
		return "lambda = " + Rounding.of(lambda);
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
		assertTrue(a.toString(), a.out.contains("probability at least 80%"));
		assertTrue(new File(out, "volumes.csv").isFile());
	}

	/**
	 * Validate per class and group from the launcher: a summary per group and
	 * class, the table; an unknown class is bad input and exits as a binary
	 * validation's bad input does (2), a table that exists exits 1.
	 */
	@Test
	public void labelMapsValidatePerClassAndGroupFromTheLauncher() throws IOException {
		final java.nio.file.Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final File table = new File(tmp.getRoot(), "classes-validation.csv");
		final String args = "manifest=" + q(csv.toFile()) +
			",jointRule=\"max\",groupBy=\"column\",method=\"dilation\",alpha=0.2,splits=6,output=" + q(
				table);
		final Result r = run("--run", "Validate Conformal Sets", args + ",classes=\"1:front,2:back\"");
		assertEquals(r.toString(), 0, r.code);
		final String line = line(r.out, "classValidation = ");
		assertFalse(r.toString(), line.contains("@"));
		assertTrue(r.toString(), line.contains("per group, 6 split(s) of n = 24") && line.contains(
			"[siteB] front") && line.contains("joint"));
		assertTrue(table.isFile());
		final Result bad = run("--run", "Validate Conformal Sets", args.replace(table.getName(),
			"other.csv") + ",classes=\"1:front,7:ghost\"");
		final Result binaryBad = run("--run", "Validate Conformal Sets", "scores=" + q(data.scores) +
			",masks=" + q(new File(tmp.getRoot(), "no-such-masks")));
		assertEquals(bad.toString(), Headless.USAGE, bad.code);
		assertEquals(binaryBad.code, bad.code);
		assertTrue(bad.toString(), bad.err.contains("Validation failed:") && bad.err.contains(
			"not one of the classes 1:front,7:ghost"));
		final Result taken = run("--run", "Validate Conformal Sets", args + ",classes=\"auto\"");
		assertEquals(taken.toString(), Headless.FAILED, taken.code);
		assertTrue(taken.toString(), taken.err.contains(table.getPath()));
	}

	@Test
	public void calibrateAppliesAlphaAndShape() throws IOException {
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",method=\"threshold-outer\",alpha=0.3,tolerance=0.05");
		assertEquals(r.toString(), 0, r.code);
		final double expected = batchLambda(map("method", "threshold-outer", "alpha", 0.3,
			"tolerance", 0.05));
		assertTrue(r.toString(), r.out.contains(lambdaLine(expected)));
		assertTrue(r.toString(), r.out.contains("α = 0.3"));
	}

	/** A folder that does not exist is bad input: exit 2, as the README says. */
	@Test
	public void missingFolderExitsWithTheUsageCodeNamingIt() throws IOException {
		final File missing = new File(tmp.getRoot(), "no-such-masks");
		final File cal = new File(tmp.getRoot(), "cal.json");
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(missing) +
			",output=" + q(cal));
		assertEquals(r.toString(), Headless.USAGE, r.code);
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
		assertTrue(ok.toString(), ok.out.contains("inner λ̂: ") && ok.out.contains("(α = 0.1, k = "));
	}

	/** A run that fails while it works (here: it would replace a file) exits 1. */
	@Test
	public void failureWhileWorkingExitsOne() throws IOException {
		final File cal = tmp.newFile("taken.json");
		final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",output=" + q(cal));
		assertEquals(r.toString(), Headless.FAILED, r.code);
		assertTrue(r.toString(), r.err.contains("Calibration failed:"));
		assertTrue(r.toString(), r.err.contains(cal.getPath()));
		assertEquals(0, cal.length());
	}

	/** A one-sided method prints only its side; confidence sets print both and no single λ̂. */
	@Test
	public void onlyTheSidesAMethodHasArePrinted() throws IOException {
		Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",method=\"erosion\"");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains("lambdaInner = "));
		assertFalse(r.toString(), r.out.contains("lambdaOuter"));
		assertFalse(r.toString(), r.out.contains("NaN"));
		r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",method=\"confidence-sets\"");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains("lambdaInner = ") && r.out.contains("lambdaOuter = "));
		assertFalse(r.toString(), r.out.contains("lambda = "));
		assertFalse(r.toString(), r.out.contains("NaN"));
	}

	/**
	 * threshold-outer and crc show the cut-off t (natural units, positive,
	 * rounded), never the negated internal λ or a rank of -1.
	 */
	@Test
	public void thresholdOuterAndCrcShowTheCutOff() throws IOException {
		for (final String method : new String[] { "threshold-outer", "crc" }) {
			final Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(
				data.masks) + ",method=\"" + method + "\",alpha=0.2");
			assertEquals(r.toString(), 0, r.code);
			final Settings s = Settings.fromParameters(map("method", method, "alpha", 0.2));
			final Calibration c = Batch.calibrate(Dataset.fromFolders(data.scores.toPath(), null,
				data.masks.toPath(), new ImageJFiles()), s, null);
			final double t = s.method().toNatural(c.outer().lambda());
			assertTrue(method + ": t = " + t, t > 0 && t < 1);
			final String line = line(r.out, "calibration = ");
			assertTrue(r.toString(), line.contains("t = " + Rounding.of(t)));
			assertFalse(r.toString(), line.contains("= -") || line.contains("−") || line.contains("-1"));
			assertTrue(r.toString(), r.out.contains(lambdaLine(t)));
			assertTrue(r.toString(), Rounding.of(t).length() <= 6);
		}
	}

	private static String line(final String text, final String start) {
		for (final String l : text.split("\\R"))
			if (l.startsWith(start)) return l;
		fail("no line starting with '" + start + "' in\n" + text);
		return null;
	}

	/** Validate prints a summary (coverage against its target, splits, n), not an object's hash. */
	@Test
	public void validatePrintsAReadableSummary() throws IOException {
		final Result r = run("--run", "Validate Conformal Sets", "scores=" + q(data.scores) +
			",masks=" + q(data.masks) + ",alpha=0.2,splits=7");
		assertEquals(r.toString(), 0, r.code);
		final String line = line(r.out, "validation = ");
		assertFalse(r.toString(), line.contains("@"));
		assertTrue(r.toString(), line.contains("7 split(s) of n = " + PngDatasets.COUNT));
		assertTrue(r.toString(), line.matches(".*coverage [0-9.]+ \\(target ≥ 0\\.8\\).*"));
		assertTrue(r.toString(), line.contains("steps"));
	}

	/** A wrong method is reported once (not also by the log), listing the methods. */
	@Test
	public void wrongMethodIsReportedOnceWithTheMethods() throws IOException {
		final PrintStream stderr = System.err;
		final ByteArrayOutputStream console = new ByteArrayOutputStream();
		final Result r;
		try {
			System.setErr(new PrintStream(console, true, "UTF-8"));
			r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
				",method=\"dilatoin\"");
		}
		finally {
			System.setErr(stderr);
		}
		final String all = r.err + console.toString("UTF-8");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertEquals(all, 1, all.split("dilatoin", -1).length - 1);
		assertTrue(all, all.contains("[dilation, erosion, threshold-inner, threshold-outer, confidence-sets, crc]"));
	}

	/**
	 * Too few images for α: calibration and validation warn, in the report
	 * output and once more on stderr, with the n needed.
	 */
	@Test
	public void uninformativeSetsAreWarned() throws IOException {
		Result r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",alpha=0.01");
		assertEquals(r.toString(), 0, r.code);
		final String warning = "n = " + PngDatasets.COUNT +
			" calibration images are too few for α = 0.01; at least 99 are needed";
		assertTrue(r.toString(), line(r.out, "report = ").contains("Warning: The sets are trivial"));
		assertTrue(r.toString(), r.out.contains(warning));
		assertTrue(r.toString(), r.err.contains("[WARNING] The sets are trivial") && r.err.contains(
			warning));
		r = run("--run", "Validate Conformal Sets", "scores=" + q(data.scores) + ",masks=" + q(
			data.masks) + ",alpha=0.01,splits=3");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), line(r.out, "report = ").contains(
			"Warning: The sets are trivial in 3 of 3 split(s)"));
		// informative sets: no warning
		r = run("--run", CALIBRATE, "scores=" + q(data.scores) + ",masks=" + q(data.masks) +
			",alpha=0.3,method=\"erosion\",tolerance=0.1");
		assertEquals(r.toString(), 0, r.code);
		assertFalse(r.toString(), r.out.contains("Warning") || r.err.contains("WARNING"));
	}

	/** ImageJ macro syntax is answered with how to write the parameters. */
	@Test
	public void macroSyntaxIsRecognised() throws IOException {
		for (final String macro : new String[] { "scores=[" + data.scores + "] masks=[" + data.masks +
			"]", "scores=/d/s masks=/d/m" })
		{
			final Result r = run("--run", CALIBRATE, macro);
			assertEquals(r.toString(), Headless.USAGE, r.code);
			assertTrue(r.toString(), r.err.contains("this looks like ImageJ macro syntax"));
			assertTrue(r.toString(), r.err.contains("key=value"));
		}
	}

	/** --help lists the same commands as a mistyped title; each command has its own help. */
	@Test
	public void helpListsTheCommandsAndEachCommandsParameters() throws IOException {
		final Result help = run("--help");
		assertEquals(help.toString(), 0, help.code);
		final Result typo = run("--run", "Calibrat", "");
		assertEquals(typo.toString(), Headless.USAGE, typo.code);
		final String listed = typo.err.substring(typo.err.indexOf("has: ") + 5).trim();
		assertTrue(help.toString(), help.out.contains("commands: " + listed));
		assertEquals(listed, 7, listed.split(", ").length);
		for (final String[] args : new String[][] { { "calibrate", "--help" }, { "--help", CALIBRATE },
			{ "--run", CALIBRATE, "--help" } })
		{
			final Result r = run(args);
			assertEquals(r.toString(), 0, r.code);
			assertTrue(r.toString(), r.out.contains("  alpha (double, default 0.1, 0…1): Miscoverage α (0–1): the guarantee holds"));
			assertTrue(r.toString(), r.out.contains(
				"  method (String, default dilation, one of [dilation, erosion, threshold-inner, threshold-outer, confidence-sets, crc])"));
			assertTrue(r.toString(), r.out.contains("  masks (File): "));
			assertFalse(r.toString(), r.out.contains("  log ") || r.out.contains("  conformal "));
		}
		final Result ambiguous = run("apply", "--help");
		assertEquals(ambiguous.toString(), Headless.USAGE, ambiguous.code);
	}

	/** One folder as predictions and masks pairs each file with itself: refused, naming a file. */
	@Test
	public void oneFileInTwoRolesIsRefused() throws IOException {
		final Result r = run("--run", CALIBRATE, "predictions=" + q(data.masks) + ",masks=" + q(
			data.masks));
		assertTrue(r.toString(), r.code != 0);
		assertTrue(r.toString(), r.err.contains("identical source file in two roles"));
		assertTrue(r.toString(), r.err.contains(new File(data.masks, "img00.png").getPath()));
		assertFalse(r.toString(), r.out.contains("lambda"));
	}

	/** The project's manifests (id,dataset,pred,gt) are used with a column mapping. */
	@Test
	public void manifestColumnsCanBeMapped() throws IOException {
		final File csv = new File(data.root, "manifest-pred-gt.csv");
		final StringBuilder sb = new StringBuilder("id,dataset,pred,gt\n");
		for (final String name : sortedNames(data.scores))
			sb.append(name).append(",synthetic,scores/").append(name).append(",masks/").append(name)
				.append('\n');
		Files.write(csv.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
		Result r = run("--run", CALIBRATE, "manifest=" + q(csv));
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("columns=\"score:pred,mask:gt\""));
		r = run("--run", CALIBRATE, "manifest=" + q(csv) + ",columns=\"score:pred,mask:gt\"");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), r.out.contains(lambdaLine(batchLambda(map("method", "dilation")))));
		assertTrue(r.toString(), r.out.contains("n = " + PngDatasets.COUNT));
		r = run("--run", CALIBRATE, "manifest=" + q(csv) + ",columns=\"score:prd,mask:gt\"");
		assertEquals(r.toString(), Headless.USAGE, r.code);
		assertTrue(r.toString(), r.err.contains("'prd'"));
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
		assertTrue(r.toString(), r.out.contains("usage:"));
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

	/** The launcher script validates per class and group (a new JVM, as users run it). */
	@Test
	public void launcherScriptValidatesPerClass() throws Exception {
		final File basedir = new File(".").getAbsoluteFile();
		Assume.assumeTrue("mvn is not on the PATH", onPath("mvn"));
		final java.nio.file.Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final Result r = launch(basedir, "--run", "Validate Conformal Sets", "manifest=" + q(csv
			.toFile()) + ",classes=\"1:front,2:back\",jointRule=\"bonferroni\",method=\"dilation\"," +
			"alpha=0.2,splits=4");
		assertEquals(r.toString(), 0, r.code);
		assertTrue(r.toString(), line(r.out, "classValidation = ").contains(
			"(1:front,2:back, bonferroni), 4 split(s) of n = 24"));
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
		assertEquals(r.toString(), Headless.USAGE, r.code);
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
