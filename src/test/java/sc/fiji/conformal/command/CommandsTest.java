package sc.fiji.conformal.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.display.DisplayService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.testing.PngDatasets;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.service.ConformalService;

/**
 * The commands run headless through the {@link CommandService}, as scripts
 * run them (with SciJava's pre- and post-processing), on a small PNG dataset:
 * their results equal the batch layer's and the engine's on the same data,
 * failures cancel with the stage in the reason, and their parameters are fit
 * for scripts (no menu path, paths never remembered).
 */
public class CommandsTest {

	/** Every method with its calibration parameters as a script passes them. */
	private static final String[] METHODS = { "dilation", "erosion", "threshold-inner",
		"threshold-outer", "confidence-sets", "crc" };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private CommandService commands;
	private ConformalService conformal;
	private PngDatasets data;

	@BeforeClass
	public static void headless() throws IOException {
		System.setProperty("java.awt.headless", "true");
		// remembered values go to a throw-away folder, if this JVM has not read preferences yet
		if (System.getProperty("java.util.prefs.userRoot") == null) {
			final File prefs = Files.createTempDirectory("conformal-commands-test-prefs").toFile();
			prefs.deleteOnExit();
			System.setProperty("java.util.prefs.userRoot", prefs.getAbsolutePath());
		}
	}

	@Before
	public void setUp() throws IOException {
		context = new Context(CommandService.class, ConformalService.class, LogService.class,
			StatusService.class);
		commands = context.service(CommandService.class);
		conformal = context.service(ConformalService.class);
		forgetRememberedValues();
		data = PngDatasets.write(tmp.newFolder("data"));
	}

	@After
	public void tearDown() {
		forgetRememberedValues();
		context.dispose();
	}

	/**
	 * Runs with pre-processing remember the method parameters (SciJava's
	 * persisted inputs): clear them so that no test here sees another's, and
	 * no later test (or script) in this JVM sees ours.
	 */
	private void forgetRememberedValues() {
		final PrefService prefs = context.service(PrefService.class);
		for (final Class<?> c : Arrays.asList(CalibrateCommand.class, ValidateCommand.class,
			ApplyCommand.class, ApplyFolderCommand.class, CalibrationsCommand.class))
		{
			prefs.clear(c);
		}
	}

	private CommandModule run(final Class<? extends Command> c, final Map<String, Object> inputs)
		throws InterruptedException, ExecutionException
	{
		return commands.run(c, true, inputs).get();
	}

	private static Map<String, Object> in(final Object... kv) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	/** Every method parameter a script may pass, for one method (alphaInner/alphaOuter left unset). */
	private static Map<String, Object> method(final String id, final double alpha) {
		return in("method", id, "alpha", alpha, "tolerance", id.equals("dilation") ? 0.0 : 0.05,
			"shape", "square", "border", "background", "quantile", "paper", "threshold", 0.5, "joint",
			"bonferroni", "innerTransform", "identity", "outerTransform", "identity", "sigma", 1.0);
	}

	private Dataset dataset(final File scores, final File masks) throws IOException {
		return Dataset.fromFolders(scores.toPath(), null, masks == null ? null : masks.toPath(),
			new ImageJFiles());
	}

	private static void assertNotCanceled(final CommandModule m) {
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
	}

	private static double natural(final Method m, final Threshold t) {
		return t == null ? Double.NaN : m.toNatural(t.lambda());
	}

	@Test
	public void calibrateEqualsBatchAndTheEngineForEveryMethod() throws Exception {
		for (final String id : METHODS) {
			final Map<String, Object> p = method(id, 0.2);
			final Settings settings = Settings.fromParameters(p);
			final Calibration batch = Batch.calibrate(dataset(data.scores, data.masks), settings,
				data.root.toPath());
			final Calibration engine = Calibrator.calibrate(settings, data.samples);
			final File output = new File(tmp.getRoot(), id + ".json");
			final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks, "name",
				"cal-" + id, "output", output);
			inputs.putAll(p);
			final CommandModule m = run(CalibrateCommand.class, inputs);
			assertNotCanceled(m);
			final Method method = settings.method();
			final Calibration c = (Calibration) m.getOutput("calibration");
			assertEquals(id, 0.2, c.settings().alpha(), 0);
			assertEquals(id, settings.parameters(), c.settings().parameters());
			assertEquals(id, PngDatasets.COUNT, c.n());
			for (final Calibration expected : new Calibration[] { batch, engine }) {
				assertEquals(id, natural(method, expected.inner()), (Double) m.getOutput("lambdaInner"), 0);
				assertEquals(id, natural(method, expected.outer()), (Double) m.getOutput("lambdaOuter"), 0);
			}
			final double lambda = (Double) m.getOutput("lambda");
			if (method.hasInner() && method.hasOuter()) assertTrue(id, Double.isNaN(lambda));
			else assertEquals(id, natural(method, method.hasInner() ? batch.inner() : batch.outer()),
				lambda, 0);
			assertSame(c, conformal.get("cal-" + id));
			assertEquals("cal-" + id, m.getOutput("calibrationName"));
			final Calibration read = CalibrationFile.read(output.toPath());
			assertEquals(id, settings.parameters(), read.settings().parameters());
			assertEquals(id, natural(method, batch.inner()), natural(method, read.inner()), 0);
			assertEquals(id, natural(method, batch.outer()), natural(method, read.outer()), 0);
			final String report = (String) m.getOutput("report");
			assertTrue(report, report.contains("'cal-" + id + "'"));
			assertTrue(report, report.contains(output.getPath()));
		}
	}

	@Test
	public void calibrateWithoutANameKeepsItUnderTheMethod() throws Exception {
		final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks);
		inputs.putAll(method("threshold-outer", 0.1));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertNotCanceled(m);
		assertEquals(Collections.singletonList("threshold-outer"), conformal.names());
		assertEquals("threshold-outer", m.getOutput("calibrationName"));
		assertFalse(((String) m.getOutput("report")).contains("Written to"));
	}

	@Test
	public void calibrateFromAManifestEqualsCalibrateFromFolders() throws Exception {
		final StringBuilder csv = new StringBuilder("id,score,mask\n");
		for (final Sample s : data.samples)
			csv.append(s.id()).append(",scores/").append(s.id()).append(".png,masks/").append(s.id())
				.append(".png\n");
		final File manifest = new File(data.root, "manifest.csv");
		Files.write(manifest.toPath(), csv.toString().getBytes(StandardCharsets.UTF_8));
		final Map<String, Object> inputs = in("manifest", manifest, "name", "m");
		inputs.putAll(method("erosion", 0.2));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertNotCanceled(m);
		final Calibration batch = Batch.calibrate(dataset(data.scores, data.masks), Settings
			.fromParameters(method("erosion", 0.2)), null);
		assertEquals(natural(Method.EROSION, batch.inner()), (Double) m.getOutput("lambda"), 0);
		assertEquals(PngDatasets.COUNT, conformal.get("m").n());
	}

	@Test
	public void calibrateWithoutMasksOrManifestCancels() throws Exception {
		final Map<String, Object> inputs = in("scores", data.scores, "name", "nothing");
		inputs.putAll(method("dilation", 0.1));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Calibration failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("masks"));
		assertFalse(conformal.contains("nothing"));
	}

	@Test
	public void calibrateSkipsABadImageAndReportsIt() throws Exception {
		data.addBadImage("zz-bad");
		final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks, "name", "c");
		inputs.putAll(method("dilation", 0.1));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertNotCanceled(m);
		assertEquals(PngDatasets.COUNT, ((Calibration) m.getOutput("calibration")).n());
		final String report = (String) m.getOutput("report");
		assertTrue(report, report.contains("Skipped 1 image(s)"));
		assertTrue(report, report.contains("zz-bad"));
		assertTrue(report, report.contains("not a binary mask"));
		final Calibration batch = Batch.calibrate(dataset(data.scores, data.masks), Settings
			.fromParameters(method("dilation", 0.1)), null);
		assertEquals(natural(Method.DILATION, batch.outer()), (Double) m.getOutput("lambda"), 0);
	}

	@Test
	public void calibrateWithNoValidImageCancelsWithTheReason() throws Exception {
		final File scores = tmp.newFolder("bad", "scores");
		final File masks = tmp.newFolder("bad", "masks");
		PngDatasets.writeBadImage(scores, masks, "a");
		PngDatasets.writeBadImage(scores, masks, "b");
		final File output = new File(tmp.getRoot(), "none.json");
		final Map<String, Object> inputs = in("scores", scores, "masks", masks, "name", "none",
			"output", output);
		inputs.putAll(method("dilation", 0.1));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertTrue(m.isCanceled());
		final String reason = m.getCancelReason();
		assertTrue(reason, reason.startsWith("Calibration failed:"));
		assertTrue(reason, reason.contains("no valid image"));
		assertTrue(reason, reason.contains("a: ") && reason.contains("b: "));
		assertFalse(output.exists());
		assertFalse(conformal.contains("none"));
	}

	@Test
	public void calibrateRefusesToOverwriteItsOutput() throws Exception {
		final File output = tmp.newFile("exists.json");
		final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks, "name", "x",
			"output", output);
		inputs.putAll(method("dilation", 0.1));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Calibration failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains(output.getPath()));
		assertEquals(0, output.length());
		assertFalse(conformal.contains("x"));
	}

	@Test
	public void validateWritesOneRowPerSplitPlusMeanAndSd() throws Exception {
		final int splits = 5;
		final File csv = new File(tmp.getRoot(), "validation.csv");
		final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks, "splits",
			splits, "calibrationFraction", 0.5, "seed", 3L, "output", csv);
		inputs.putAll(method("dilation", 0.2));
		final CommandModule m = run(ValidateCommand.class, inputs);
		assertNotCanceled(m);
		final List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
		assertEquals(1 + splits + 2, lines.size());
		assertTrue(lines.get(0), lines.get(0).startsWith("split,nCalibration,nTest,lambdaOuter"));
		assertTrue(lines.get(splits + 1), lines.get(splits + 1).startsWith("mean,"));
		assertTrue(lines.get(splits + 2), lines.get(splits + 2).startsWith("sd,"));
		final ValidationResult v = (ValidationResult) m.getOutput("validation");
		assertEquals(splits, v.splits().size());
		assertEquals(0.2, v.settings().alpha(), 0);
		final ValidationResult expected = Batch.validate(dataset(data.scores, data.masks), Settings
			.fromParameters(method("dilation", 0.2)), splits, 0.5, 3);
		for (final Measure x : Measure.values())
			assertEquals(x.id(), expected.mean(x), v.mean(x), 0);
		assertEquals(expected.meanLambda(false), v.meanLambda(false), 0);
		assertTrue((String) m.getOutput("report"), ((String) m.getOutput("report")).contains(csv
			.getPath()));
	}

	/** Calibrates confidence-sets (both sides) on the dataset and keeps it as "cs". */
	private Calibration calibrateConfidenceSets(final File output) throws Exception {
		final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks, "name", "cs",
			"output", output);
		inputs.putAll(method("confidence-sets", 0.2));
		final CommandModule m = run(CalibrateCommand.class, inputs);
		assertNotCanceled(m);
		return conformal.get("cs");
	}

	@Test
	public void applyToFolderWritesInnerAndOuterSetsAndNeverOverwrites() throws Exception {
		final File calFile = new File(tmp.getRoot(), "cs.json");
		final Calibration cal = calibrateConfidenceSets(calFile);
		final File out = new File(tmp.getRoot(), "out");
		final CommandModule m = run(ApplyFolderCommand.class, in("calibration", "cs", "scores",
			data.scores, "output", out));
		assertNotCanceled(m);
		assertNotNull(m.getOutput("report"));
		final ImageJFiles files = new ImageJFiles();
		for (final Sample s : data.samples) {
			final ConformalSets expected = cal.apply(Sample.of(s.id(), s.scores(), null, null));
			final Mask inner = files.readMask(new File(out, "inner/" + s.id() + ".png").toPath());
			final Mask outer = files.readMask(new File(out, "outer/" + s.id() + ".png").toPath());
			assertArrayEquals(s.id(), expected.inner().voxels(), inner.voxels());
			assertArrayEquals(s.id(), expected.outer().voxels(), outer.voxels());
		}
		final File marker = new File(out, "inner/" + data.samples.get(0).id() + ".png");
		final byte[] before = Files.readAllBytes(marker.toPath());
		// again: every target exists, so nothing is written and the command cancels
		final CommandModule again = run(ApplyFolderCommand.class, in("calibrationFile", calFile,
			"scores", data.scores, "output", out));
		assertTrue(again.isCanceled());
		final String reason = again.getCancelReason();
		assertTrue(reason, reason.startsWith("Apply failed:"));
		assertTrue(reason, reason.contains("exist already"));
		assertTrue(reason, reason.contains(new File(out, "inner").getPath() + File.separator));
		assertArrayEquals(before, Files.readAllBytes(marker.toPath()));
		// allowed to overwrite: runs
		assertNotCanceled(run(ApplyFolderCommand.class, in("calibration", "cs", "scores",
			data.scores, "output", out, "overwrite", true)));
	}

	@Test
	public void applyToFolderWithoutACalibrationCancelsListingTheSession() throws Exception {
		final CommandModule m = run(ApplyFolderCommand.class, in("scores", data.scores, "output",
			new File(tmp.getRoot(), "out")));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Apply failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("name a calibration"));
	}

	/**
	 * How a run ended is typed: success, a failure (with its exception), a
	 * cancel while running and a cancel by pre-processing, and an unexpected
	 * exception named by its type (never "failed: null").
	 */
	/**
	 * Out-of-range parameters fail up front, naming the parameter and its range,
	 * and a moved alpha that conflicts with both Bonferroni sides is refused
	 * (issue 12, cases 7 and 11); the sides alone, with alpha at its default,
	 * still set alpha.
	 */
	@Test
	public void parameterRangesAndConflictsAreRefusedUpFront() throws Exception {
		final Map<String, Object> cs = in("scores", data.scores, "masks", data.masks, "method",
			"confidence-sets", "alphaInner", 0.1, "alphaOuter", 0.1);
		final Map<String, Object> conflict = new LinkedHashMap<>(cs);
		conflict.put("alpha", 0.05);
		assertFailed(run(CalibrateCommand.class, conflict),
			"alpha must equal alphaInner + alphaOuter (0.2) for Bonferroni, got 0.05");
		final CommandModule pair = run(CalibrateCommand.class, cs);
		assertEquals(pair.getCancelReason(), ConformalCommand.Outcome.SUCCEEDED, ConformalCommand
			.outcome(pair));
		assertEquals(0.2, ((Calibration) pair.getOutput("calibration")).settings().alpha(), 0);

		final Map<String, Object> sigma = new LinkedHashMap<>(cs);
		sigma.put("innerTransform", "gaussian");
		for (final double s : new double[] { 1e30, 1e8, Double.NaN, -1 }) {
			sigma.put("sigma", s);
			assertFailed(run(CalibrateCommand.class, sigma), "sigma must be in [0, 1000000.0]");
		}
		// within the bound in physical units, but 5000 voxels: each image says so
		sigma.put("sigma", 5000.0);
		assertFailed(run(CalibrateCommand.class, sigma), "at most 1000.0 voxels are allowed");

		final Map<String, Object> tiny = in("scores", data.scores, "masks", data.masks, "quantile",
			"consema-code", "alpha", 1e-12);
		assertFailed(run(CalibrateCommand.class, tiny), "alpha must be at least 1.0E-9");

		final Map<String, Object> threads = in("scores", data.scores, "masks", data.masks);
		threads.put("threads", 5000);
		assertFailed(run(CalibrateCommand.class, threads), "threads must be in [0, 1024]");
		final Map<String, Object> splits = in("scores", data.scores, "masks", data.masks, "splits",
			Integer.MAX_VALUE);
		assertFailed(run(ValidateCommand.class, splits), "splits must be in [1, 100000], got " +
			Integer.MAX_VALUE);
		splits.put("splits", 10);
		splits.put("calibrationFraction", 1.0);
		assertFailed(run(ValidateCommand.class, splits), "calibration fraction must be in (0, 1)");
	}

	private static void assertFailed(final CommandModule m, final String reason) {
		assertEquals(m.getCancelReason(), ConformalCommand.Outcome.FAILED, ConformalCommand.outcome(m));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains(reason));
	}

	@Test
	public void outcomesAreTyped() throws Exception {
		final Map<String, Object> ok = in("scores", data.scores, "masks", data.masks);
		ok.putAll(method("dilation", 0.2));
		CommandModule m = run(CalibrateCommand.class, ok);
		assertEquals(ConformalCommand.Outcome.SUCCEEDED, ConformalCommand.outcome(m));
		assertNull(((ConformalCommand) m.getCommand()).failure());

		final Map<String, Object> noMasks = in("scores", data.scores);
		noMasks.putAll(method("dilation", 0.2));
		m = run(CalibrateCommand.class, noMasks);
		assertEquals(ConformalCommand.Outcome.FAILED, ConformalCommand.outcome(m));
		assertTrue(((ConformalCommand) m.getCommand()).failure() instanceof IllegalArgumentException);

		// canceled before its first image (as by Esc): the run stops there and says so
		final ModuleService modules = context.service(ModuleService.class);
		final CommandModule canceled = (CommandModule) modules.createModule(commands.getCommand(
			CalibrateCommand.class));
		canceled.cancel("Esc");
		modules.run(canceled, false, ok).get(); // processing would refuse a canceled module
		assertEquals(ConformalCommand.Outcome.CANCELED, ConformalCommand.outcome(canceled));
		assertTrue(canceled.getCancelReason(), canceled.getCancelReason().startsWith(
			"Calibration canceled"));
		assertNull(canceled.getOutput("calibration"));

		// a required input left unset: pre-processing cancels before the command runs
		m = run(ApplyFolderCommand.class, in("calibration", "cs", "scores", data.scores));
		assertEquals(ConformalCommand.Outcome.CANCELED, ConformalCommand.outcome(m));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("output"));

		// an unexpected exception (no image, without pre-processing to catch it)
		conformal.put("c", Calibrator.calibrate(Settings.fromParameters(method("dilation", 0.2)),
			data.samples));
		m = commands.run(ApplyCommand.class, false, in("calibration", "c")).get();
		assertEquals(ConformalCommand.Outcome.FAILED, ConformalCommand.outcome(m));
		assertTrue(((ConformalCommand) m.getCommand()).failure() instanceof NullPointerException);
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Apply failed: "));
		assertFalse(m.getCancelReason(), m.getCancelReason().endsWith("failed: null"));

		// a file error names the file and what happened to it
		m = run(ShowCalibrationCommand.class, in("calibrationFile", new File(tmp.getRoot(),
			"x.json")));
		assertEquals(ConformalCommand.Outcome.FAILED, ConformalCommand.outcome(m));
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Show Calibration failed: ") &&
			m.getCancelReason().endsWith("x.json: no such file"));
	}

	/**
	 * Run with SciJava's display step (as Fiji and {@code --headless --run}
	 * do), the commands' own data outputs (a Calibration, a ValidationResult)
	 * are resolved, not warned about as unsupported. (Numbers and text go to a
	 * table in Fiji, whose scijava-table is not here.)
	 */
	@Test
	public void dataOutputsAreNotWarnedAboutByTheDisplayStep() throws Exception {
		try (Context withDisplays = new Context(CommandService.class, ConformalService.class,
			LogService.class, DisplayService.class))
		{
			final List<String> warnings = new ArrayList<>();
			final LogService log = withDisplays.service(LogService.class);
			final LogListener listener = msg -> {
				if (msg.level() <= LogLevel.WARN) warnings.add(msg.text());
			};
			log.addLogListener(listener);
			final Map<String, Object> inputs = in("scores", data.scores, "masks", data.masks);
			inputs.putAll(method("dilation", 0.2));
			final CommandService cs = withDisplays.service(CommandService.class);
			final CommandModule cal = cs.run(CalibrateCommand.class, true, inputs).get();
			inputs.put("splits", 3);
			final CommandModule val = cs.run(ValidateCommand.class, true, inputs).get();
			log.removeLogListener(listener);
			assertNotCanceled(cal);
			assertNotCanceled(val);
			assertTrue(cal.isOutputResolved("calibration") && val.isOutputResolved("validation"));
			assertNotNull(cal.getOutput("calibration"));
			for (final String w : warnings)
				assertFalse(w, w.contains("unsupported output") && w.contains("[sc.fiji.conformal."));
		}
	}

	private static int countOn(final ImagePlus imp) {
		final ImageProcessor ip = imp.getProcessor();
		int n = 0;
		for (int i = 0; i < ip.getPixelCount(); i++)
			if (ip.get(i) != 0) n++;
		return n;
	}

	@Test
	public void applyToAnOpenImageReturnsTheSetsAndDrawsThem() throws Exception {
		final Calibration cal = calibrateConfidenceSets(null);
		final Sample s = data.samples.get(5);
		final ImagePlus image = new Opener().openImage(new File(data.scores, s.id() + ".png")
			.getPath());
		final ImagePlus truth = new Opener().openImage(new File(data.masks, s.id() + ".png")
			.getPath());
		assertNull(image.getOverlay());
		final CommandModule m = run(ApplyCommand.class, in("image", image, "imageIs", "scores",
			"truth", truth, "calibration", "cs"));
		assertNotCanceled(m);
		final ConformalSets expected = cal.apply(s);
		final ImagePlus inner = (ImagePlus) m.getOutput("inner");
		final ImagePlus outer = (ImagePlus) m.getOutput("outer");
		assertEquals(expected.inner().count(), countOn(inner));
		assertEquals(expected.outer().count(), countOn(outer));
		assertTrue("the sets are not trivial", expected.inner().count() > 0 && expected.outer()
			.count() < expected.outer().voxels().length);
		for (int i = 0; i < expected.outer().voxels().length; i++) {
			assertEquals(expected.inner().get(i), inner.getProcessor().get(i) != 0);
			assertEquals(expected.outer().get(i), outer.getProcessor().get(i) != 0);
		}
		assertNotNull("no overlay on the image", image.getOverlay());
		assertTrue(image.getOverlay().size() > 0);
	}

	@Test
	public void applyToAnOpenImageWithAnUnknownCalibrationCancels() throws Exception {
		calibrateConfidenceSets(null);
		final ImagePlus image = new Opener().openImage(new File(data.scores, "img00.png").getPath());
		final CommandModule m = run(ApplyCommand.class, in("image", image, "imageIs", "scores",
			"calibration", "liver"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Apply failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("'liver'"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("cs"));
		assertNull(image.getOverlay());
	}

	@Test
	public void calibrationsListSaveLoadRemove() throws Exception {
		final Calibration cs = calibrateConfidenceSets(null);
		final Calibration dil = Calibrator.calibrate(Settings.fromParameters(method("dilation", 0.1)),
			data.samples);
		conformal.put("dil", dil);

		CommandModule m = run(CalibrationsCommand.class, in("action", "list"));
		assertNotCanceled(m);
		String list = (String) m.getOutput("calibrations");
		assertTrue(list, list.contains("cs: " + cs));
		assertTrue(list, list.contains("dil: " + dil));

		final File file = new File(tmp.getRoot(), "dil.json");
		m = run(CalibrationsCommand.class, in("action", "save", "name", "dil", "file", file));
		assertNotCanceled(m);
		assertEquals(dil.outer().lambda(), CalibrationFile.read(file.toPath()).outer().lambda(), 0);

		m = run(CalibrationsCommand.class, in("action", "save", "name", "cs", "file", file));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Calibrations (save) failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains(file.getPath()));
		assertEquals(Method.DILATION, CalibrationFile.read(file.toPath()).method());

		m = run(CalibrationsCommand.class, in("action", "load", "name", "copy", "file", file));
		assertNotCanceled(m);
		assertEquals(Arrays.asList("copy", "cs", "dil"), conformal.names());
		assertEquals(dil.outer().lambda(), conformal.get("copy").outer().lambda(), 0);
		list = (String) m.getOutput("calibrations");
		assertTrue(list, list.contains("copy: "));

		m = run(CalibrationsCommand.class, in("action", "remove", "name", "copy"));
		assertNotCanceled(m);
		assertEquals(Arrays.asList("cs", "dil"), conformal.names());
		m = run(CalibrationsCommand.class, in("action", "remove", "name", "copy"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith(
			"Calibrations (remove) failed:"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("'copy'"));

		m = run(CalibrationsCommand.class, in("action", "load", "name", "nofile"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("load needs a file"));
	}

	private List<CommandInfo> ours() {
		final List<CommandInfo> ours = new ArrayList<>();
		for (final CommandInfo info : commands.getCommands())
			if (info.getClassName().startsWith("sc.fiji.conformal.")) ours.add(info);
		return ours;
	}

	/**
	 * The commands and ops are not offered in Fiji's menus or search bar (no
	 * menu path, not visible): each action's one entry is its ImageJ 1.x menu
	 * item, which runs the command.
	 */
	@Test
	public void noCommandOrOpIsOfferedInMenusOrTheSearchBar() {
		final TreeSet<String> titles = new TreeSet<>();
		int ops = 0;
		for (final CommandInfo info : ours()) {
			assertTrue(info.getClassName() + " has the menu path " + info.getMenuPath(), info
				.getMenuPath() == null || info.getMenuPath().isEmpty());
			assertFalse(info.getClassName() + " is visible", info.isVisible());
			if (info.getClassName().startsWith("sc.fiji.conformal.command.")) titles.add(info
				.getTitle());
			if (info.getClassName().startsWith("sc.fiji.conformal.ops.")) ops++;
		}
		assertEquals(new TreeSet<>(Arrays.asList("Apply Conformal Sets",
			"Apply Conformal Sets to Folder", "Calibrate Conformal Sets", "Calibrations",
			"Conformal Sets Live Alpha", "Show Calibration", "Validate Conformal Sets")), titles);
		assertEquals("ops", conformal.ops().size(), ops);
	}

	@Test
	public void pathLikeInputsAreNeverRemembered() {
		int checked = 0;
		for (final CommandInfo info : ours()) {
			if (!info.getClassName().startsWith("sc.fiji.conformal.command.")) continue;
			for (final ModuleItem<?> item : info.inputs()) {
				final String n = item.getName();
				final boolean pathLike = File.class.isAssignableFrom(item.getType()) || n.equals("name") ||
					n.equals("output") || n.equals("calibration") || n.equals("file") || n.equals(
						"overwrite");
				if (!pathLike) continue;
				checked++;
				assertFalse(info.getTitle() + ": input " + n + " is persisted", item.isPersisted());
			}
		}
		assertTrue("too few path inputs found: " + checked, checked >= 20);
	}
}
