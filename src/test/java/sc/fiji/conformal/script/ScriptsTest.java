package sc.fiji.conformal.script;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.script.ScriptLanguage;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.testing.LabelMapDatasets;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * Every script the plugin ships (as Script Editor templates, in the jar under
 * {@code script_templates/Conformal_Segmentation/}) runs headless, from the
 * class path, through the ScriptService (Groovy and Jython, through the
 * fallback languages) on a small dataset, with the results the engine gives.
 */
public class ScriptsTest {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static final String TEMPLATES = "/script_templates/Conformal_Segmentation/";
	private static File scores;
	private static File masks;
	private static double expectedLambda;

	private Context context;
	private ScriptService scripts;

	@BeforeClass
	public static void writeDataset() throws IOException {
		System.setProperty("java.awt.headless", "true");
		final PngDatasets data = PngDatasets.write(TMP.newFolder("data"));
		scores = data.scores;
		masks = data.masks;
		expectedLambda = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.2).build(),
			data.samples).outer().lambda();
	}

	@Before
	public void setUp() {
		context = new Context(ScriptService.class, CommandService.class, ConformalService.class);
		scripts = context.service(ScriptService.class);
		assertEquals("Groovy and Jython added", 2, FallbackLanguages.addMissing(context).size());
	}

	@After
	public void tearDown() {
		context.dispose();
	}

	/**
	 * The fallback languages are not plugins (inside Fiji only Fiji's own
	 * languages exist) and are added only where no language handles the
	 * files, once.
	 */
	@Test
	public void fallbackLanguagesAreAddedOnlyWhereMissing() {
		for (final PluginInfo<ScriptLanguage> info : context.service(PluginService.class)
			.getPluginsOfType(ScriptLanguage.class))
		{
			assertFalse(info.getClassName(), info.getClassName().startsWith("sc.fiji.conformal."));
		}
		assertEquals("Groovy", scripts.getLanguageByExtension("groovy").getLanguageName());
		assertEquals("Python (Jython)", scripts.getLanguageByExtension("py").getLanguageName());
		assertTrue("added twice", FallbackLanguages.addMissing(context).isEmpty());
		assertEquals(2, scripts.getLanguages().size());
	}

	@Test
	public void calibrateGroovy() throws Exception {
		calibrate("Calibrate_Folder.groovy", "lambda");
	}

	@Test
	public void calibrateJython() throws Exception {
		calibrate("Calibrate_Folder.py", "lam");
	}

	@Test
	public void applyGroovyAndJython() throws Exception {
		final File cal = calibrate("Calibrate_Folder.groovy", "lambda");
		for (final String script : new String[] { "Apply_Folder.groovy", "Apply_Folder.py" }) {
			final File out = TMP.newFolder();
			final Map<String, Object> in = new HashMap<>();
			in.put("calibrationFile", cal);
			in.put("scores", scores);
			in.put("output", out);
			in.put("overwrite", false);
			final ScriptModule m = run(script, in);
			final String report = (String) m.getOutput("report");
			assertTrue(script + ": " + report, report.contains("applied to 24 image(s), wrote 24 file(s)"));
			assertEquals(script, 24, new File(out, "outer").listFiles().length);
		}
	}

	@Test
	public void labelMapsGroovy() throws Exception {
		labelMaps("groovy");
	}

	/**
	 * The Jython label-map templates give what the Groovy ones give: the same
	 * calibration file (apart from its creation time and the checksum over it)
	 * and the same masks and volumes table.
	 */
	@Test
	public void labelMapsJythonWritesWhatGroovyWrites() throws Exception {
		final File[] groovy = labelMaps("groovy");
		final File[] jython = labelMaps("py");
		final com.google.gson.JsonObject g = withoutCreation(groovy[0]), j = withoutCreation(
			jython[0]);
		assertTrue("no per-class scores written", g.getAsJsonArray("scores").size() > 0);
		assertEquals(g, j);
		assertEquals(new String(java.nio.file.Files.readAllBytes(new File(groovy[1], "volumes.csv")
			.toPath()), "UTF-8"), new String(java.nio.file.Files.readAllBytes(new File(jython[1],
				"volumes.csv").toPath()), "UTF-8"));
		for (final String side : new String[] { "front/outer", "back/outer" }) {
			final File[] a = new File(groovy[1], side).listFiles(), b = new File(jython[1], side)
				.listFiles();
			assertEquals(side, 24, a.length);
			assertEquals(side, 24, b.length);
			for (final File f : a)
				assertTrue(side + "/" + f.getName(), java.util.Arrays.equals(java.nio.file.Files
					.readAllBytes(f.toPath()), java.nio.file.Files.readAllBytes(new File(new File(jython[1],
						side), f.getName()).toPath())));
		}
	}

	/**
	 * Runs Calibrate_Label_Maps and Apply_Label_Maps of one language (file
	 * extension) on the synthetic label maps; returns the calibration file and
	 * the output folder.
	 */
	private File[] labelMaps(final String extension) throws Exception {
		final java.nio.file.Path csv = LabelMapDatasets.write(TMP.newFolder().toPath());
		final File cal = new File(TMP.newFolder(), "label-maps.json");
		final Map<String, Object> in = new HashMap<>();
		in.put("manifest", csv.toFile());
		in.put("classes", "1:front,2:back");
		in.put("jointRule", "bonferroni");
		in.put("groupBy", "column");
		in.put("method", "dilation");
		in.put("alpha", 0.2);
		in.put("tolerance", 0.0);
		in.put("output", cal);
		final String report = (String) run("Calibrate_Label_Maps." + extension, in).getOutput(
			"report");
		assertTrue(report, report.startsWith(
			"Calibrated dilation on 24 image(s) per class (1:front,2:back) per group"));
		final File out = TMP.newFolder();
		final Map<String, Object> apply = new HashMap<>();
		apply.put("calibrationFile", cal);
		apply.put("manifest", csv.toFile());
		apply.put("groupBy", "column");
		apply.put("output", out);
		apply.put("overwrite", false);
		final String applied = (String) run("Apply_Label_Maps." + extension, apply).getOutput(
			"report");
		assertTrue(applied, applied.contains("applied to 24 image(s)"));
		assertEquals(24, new File(out, "back/outer").listFiles().length);
		return new File[] { cal, out };
	}

	/**
	 * A calibration file's JSON without {@code created} and {@code checksum}
	 * (which covers it), and with the sources' paths relative to their data
	 * folder (each run writes its own copy of the data set).
	 */
	private static com.google.gson.JsonObject withoutCreation(final File file) throws IOException {
		final com.google.gson.JsonObject o = new com.google.gson.JsonParser().parse(new String(
			java.nio.file.Files.readAllBytes(file.toPath()), "UTF-8")).getAsJsonObject();
		assertNotNull(file + ": created", o.remove("created"));
		assertNotNull(file + ": checksum", o.remove("checksum"));
		for (final com.google.gson.JsonElement e : o.getAsJsonArray("sources")) {
			final com.google.gson.JsonObject s = e.getAsJsonObject();
			s.addProperty("path", new File(s.get("path").getAsString()).getName());
		}
		return o;
	}

	@Test
	public void validateGroovyAndJython() throws Exception {
		for (final String script : new String[] { "Validate_Folder.groovy", "Validate_Folder.py" }) {
			final File csv = new File(TMP.getRoot(), script + ".csv");
			final Map<String, Object> in = datasetInputs();
			in.put("splits", 20);
			in.put("output", csv);
			in.put("threads", 2); // the other scripts leave it out: all cores
			final ScriptModule m = run(script, in);
			final double validity = ((Number) m.getOutput("validity")).doubleValue();
			assertTrue(script + ": validity " + validity, validity > 0.5 && validity <= 1);
			assertEquals(script, 1 + 20 + 2, java.nio.file.Files.readAllLines(csv.toPath()).size());
		}
	}

	/**
	 * An ordinary error (a misspelt method, a missing calibration file) is
	 * logged once, as the command's one-line reason, with no exception (so no
	 * stack trace), in every template.
	 */
	@Test
	public void ordinaryErrorsAreOneLineWithoutAStackTrace() throws Exception {
		final File missing = new File(TMP.getRoot(), "no-such-calibration.json");
		for (final String script : new String[] { "Calibrate_Folder.groovy", "Calibrate_Folder.py",
			"Validate_Folder.groovy", "Validate_Folder.py", "Apply_Folder.groovy", "Apply_Folder.py",
			"Calibrate_Label_Maps.groovy", "Calibrate_Label_Maps.py", "Apply_Label_Maps.groovy",
			"Apply_Label_Maps.py" })
		{
			final Map<String, Object> in = datasetInputs();
			in.put("method", "dilatoin");
			if (script.startsWith("Calibrate")) in.put("name", "typo");
			if (script.startsWith("Validate")) in.put("splits", 3);
			if (script.contains("Label_Maps")) {
				final File csv = new File(TMP.getRoot(), "no-such-manifest.csv");
				in.clear();
				in.put("manifest", csv);
				in.put("groupBy", "none");
				in.put("classes", "auto");
				in.put("jointRule", "per-class");
				in.put("method", "dilatoin");
				in.put("alpha", 0.2);
				in.put("tolerance", 0.0);
				in.put("output", new File(TMP.getRoot(), "label-" + script + ".json"));
				if (script.startsWith("Apply")) {
					in.put("calibrationFile", missing);
					in.put("output", new File(TMP.getRoot(), "sets-" + script));
					in.put("overwrite", false);
				}
			}
			else if (script.startsWith("Apply")) {
				in.clear();
				in.put("calibrationFile", missing);
				in.put("scores", scores);
				in.put("output", new File(TMP.getRoot(), "sets-" + script));
				in.put("overwrite", false);
			}
			final java.util.List<org.scijava.log.LogMessage> errors = runLogging(script, in);
			assertEquals(script + ": " + errors, 1, errors.size());
			assertEquals(script + ": " + errors, null, errors.get(0).throwable());
			final String text = String.valueOf(errors.get(0).text());
			assertTrue(script + ": " + text, script.startsWith("Apply") ? text.contains(missing
				.getName()) : text.contains("method must be one of"));
			assertFalse(script + ": " + text, text.contains("\n"));
		}
	}

	/** Runs a template and returns the errors it logged. */
	private java.util.List<org.scijava.log.LogMessage> runLogging(final String script,
		final Map<String, Object> inputs) throws Exception
	{
		final java.util.List<org.scijava.log.LogMessage> errors =
			new java.util.concurrent.CopyOnWriteArrayList<>();
		final org.scijava.log.LogListener listener = msg -> {
			if (msg.level() == org.scijava.log.LogLevel.ERROR) errors.add(msg);
		};
		final org.scijava.log.LogService log = context.service(org.scijava.log.LogService.class);
		log.addLogListener(listener);
		try (java.io.Reader reader = new java.io.InputStreamReader(ScriptsTest.class.getResource(
			TEMPLATES + script).openStream(), java.nio.charset.StandardCharsets.UTF_8))
		{
			scripts.run(script, reader, true, inputs).get();
		}
		finally {
			log.removeLogListener(listener);
		}
		return errors;
	}

	private File calibrate(final String script, final String lambdaName) throws Exception {
		final File out = new File(TMP.getRoot(), script + ".json");
		java.nio.file.Files.deleteIfExists(out.toPath());
		final Map<String, Object> in = datasetInputs();
		in.put("name", "scripted");
		in.put("output", out);
		final ScriptModule m = run(script, in);
		assertEquals(script, expectedLambda, ((Number) m.getOutput(lambdaName)).doubleValue(), 0);
		assertTrue(script, ((String) m.getOutput("report")).startsWith("Calibrated dilation on 24"));
		assertEquals(expectedLambda, CalibrationFile.read(out.toPath()).outer().lambda(), 0);
		assertTrue(context.service(ConformalService.class).contains("scripted"));
		return out;
	}

	private static Map<String, Object> datasetInputs() {
		final Map<String, Object> in = new HashMap<>();
		in.put("scores", scores);
		in.put("masks", masks);
		in.put("method", "dilation");
		in.put("alpha", 0.2);
		in.put("tolerance", 0.0);
		return in;
	}

	private ScriptModule run(final String script, final Map<String, Object> inputs)
		throws Exception
	{
		final java.net.URL url = ScriptsTest.class.getResource(TEMPLATES + script);
		assertNotNull("not on the class path (not in the jar): " + TEMPLATES + script, url);
		// a failing script is only logged by the ScriptModule: collect errors
		final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
		final org.scijava.log.LogListener listener = msg -> {
			if (msg.level() == org.scijava.log.LogLevel.ERROR) errors.add(String.valueOf(msg.text()) + " " +
				msg.throwable());
		};
		final org.scijava.log.LogService log = context.service(org.scijava.log.LogService.class);
		log.addLogListener(listener);
		try {
			final ScriptModule m;
			try (java.io.Reader reader = new java.io.InputStreamReader(url.openStream(),
				java.nio.charset.StandardCharsets.UTF_8))
			{
				m = scripts.run(script, reader, true, inputs).get();
			}
			assertNotNull(script, m);
			assertTrue(script + " logged errors: " + errors, errors.isEmpty());
			return m;
		}
		finally {
			log.removeLogListener(listener);
		}
	}
}
