package sc.fiji.conformal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.testing.LabelMapDatasets;

/**
 * Validate Conformal Sets with classes and groups, as scripts run it: the
 * {@code classValidation} output against a validation counted from scores
 * read here (for dilation the events from scores are exact), the CSV table's
 * header and cells, the report folder, the per-class rule's missing joint
 * claim, and bad input named clearly.
 */
public class ValidateClassesCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private CommandService commands;

	@BeforeClass
	public static void headless() throws IOException {
		System.setProperty("java.awt.headless", "true");
		if (System.getProperty("java.util.prefs.userRoot") == null) {
			final File prefs = Files.createTempDirectory("conformal-commands-test-prefs").toFile();
			prefs.deleteOnExit();
			System.setProperty("java.util.prefs.userRoot", prefs.getAbsolutePath());
		}
	}

	@Before
	public void setUp() {
		context = new Context(CommandService.class, ConformalService.class, LogService.class,
			StatusService.class);
		commands = context.service(CommandService.class);
		context.service(PrefService.class).clear(ValidateCommand.class);
	}

	@After
	public void tearDown() {
		context.service(PrefService.class).clear(ValidateCommand.class);
		context.dispose();
	}

	private CommandModule run(final Object... kv) throws Exception {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return commands.run(ValidateCommand.class, true, m).get();
	}

	@Test
	public void perClassAndGroupValidationWritesItsTableAndReport() throws Exception {
		final Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final File table = new File(tmp.getRoot(), "validation.csv");
		final File report = new File(tmp.getRoot(), "report");
		final CommandModule m = run("manifest", csv.toFile(), "classes", "1:front,2:back",
			"jointRule", "bonferroni", "groupBy", "column", "method", "dilation", "alpha", 0.2, "splits",
			8, "output", table, "reportFolder", report);
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		assertNull(m.getOutput("validation"));
		final ClassValidationResult v = (ClassValidationResult) m.getOutput("classValidation");
		assertEquals(Arrays.asList("siteA", "siteB"), v.groups());
		assertEquals(ClassJointRule.BONFERRONI, v.jointRule());

		// the same validation counted from scores read here: dilation's events are score ≤ λ̂
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		final LabelClasses classes = LabelClasses.parse("1:front,2:back");
		final LabelDataset data = LabelDataset.fromManifest(csv, GroupBy.COLUMN, ImageJFiles
			.formats());
		final List<ClassScores> scores = new ArrayList<>();
		for (final LabelDataset.Entry e : data.entries()) {
			final ImageResult<LabelDataset.Loaded> r = data.loader(classes, true).load(e);
			scores.add(ClassScores.score(s, r.value().sample()));
		}
		final ClassValidationResult counted = ClassValidation.fromScores(s, classes,
			ClassJointRule.BONFERRONI, scores, true, 8, 0.5, 1);
		for (final String g : v.rows()) {
			for (int c = 0; c < 2; c++)
				assertEquals(g, counted.coverage(g, c), v.coverage(g, c), 1e-12);
			assertEquals(g, counted.jointCoverage(g), v.jointCoverage(g), 1e-12);
		}

		final List<String> lines = Files.readAllLines(table.toPath(), StandardCharsets.UTF_8);
		assertEquals(1 + 8 + 2, lines.size());
		final List<String> header = Arrays.asList(lines.get(0).split(","));
		assertEquals(Arrays.asList("split", "nCalibration", "nTest", "siteA.nTest",
			"siteA.front.lambdaOuter"), header.subList(0, 5));
		for (final String col : new String[] { "siteA.front.validity", "siteB.back.lambdaOuter",
			"siteB.joint", "all.nTest", "all.back.validity", "all.joint" })
			assertTrue(col + " in " + header, header.contains(col));
		final String[] split3 = lines.get(4).split(",", -1);
		assertEquals("3", split3[0]);
		assertEquals(v.mean(3, "siteB", 1, Measure.VALIDITY), Double.parseDouble(split3[header
			.indexOf("siteB.back.validity")]), 1e-5);
		assertEquals(v.joint(3, ClassValidationResult.ALL), Double.parseDouble(split3[header.indexOf(
			"all.joint")]), 1e-5);
		assertEquals(v.jointCoverage("siteA"), Double.parseDouble(lines.get(9).split(",", -1)[header
			.indexOf("siteA.joint")]), 1e-5);

		for (final String f : new String[] { "index.md", "index.html", "validation.csv",
			"coverage.png" })
			assertTrue(f, new File(report, f).isFile());
		final String md = new String(Files.readAllBytes(new File(report, "index.md").toPath()),
			StandardCharsets.UTF_8);
		assertTrue(md, md.contains("| siteB | back |") && md.contains("joint (all classes)") && md
			.contains("Mondrian"));
		final String text = (String) m.getOutput("report");
		assertTrue(text, text.contains("[siteA] front") && text.contains("joint") && text.contains(
			"target ≥ 0.8") && text.contains("Report written to"));
	}

	@Test
	public void thePerClassRuleMakesNoJointClaim() throws Exception {
		final Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final CommandModule m = run("manifest", csv.toFile(), "classes", "auto", "method",
			"threshold-outer", "alpha", 0.2, "tolerance", 0.2, "splits", 5);
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ClassValidationResult v = (ClassValidationResult) m.getOutput("classValidation");
		assertFalse(v.jointClaim());
		assertFalse("no groups", v.grouped());
		final String text = (String) m.getOutput("report");
		assertTrue(text, text.contains("(no joint claim)") && text.contains(
			"makes no claim for all classes at once"));
		assertFalse(text, text.contains("Warning"));
	}

	/** Groups too small for α give trivial cells, and the summary says so per group. */
	@Test
	public void trivialCellsOfSmallGroupsAreWarnedOf() throws Exception {
		final Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final CommandModule m = run("manifest", csv.toFile(), "classes", "1:front,2:back",
			"jointRule", "max", "groupBy", "column", "method", "dilation", "alpha", 0.1, "splits", 4);
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final String text = (String) m.getOutput("report");
		assertTrue(text, text.contains("Warning: In group siteA, the sets are trivial in 4 of 4 " +
			"split(s)") && text.contains("under the max rule"));
	}

	@Test
	public void badClassesAndEmptyGroupsAreNamed() throws Exception {
		final Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final CommandModule unknown = run("manifest", csv.toFile(), "classes", "1:front,7:ghost",
			"method", "dilation", "splits", 5);
		assertTrue(unknown.isCanceled());
		assertTrue(unknown.getCancelReason(), unknown.getCancelReason().startsWith(
			"Validation failed:") && unknown.getCancelReason().contains("t0.nii has label 2") && unknown
			.getCancelReason().contains("not one of the classes 1:front,7:ghost"));

		final List<String> rows = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
		rows.set(5, rows.get(5).replace(",siteA", ","));
		Files.write(csv, rows, StandardCharsets.UTF_8);
		final CommandModule empty = run("manifest", csv.toFile(), "classes", "1:front,2:back",
			"groupBy", "column", "method", "dilation", "splits", 5);
		assertTrue(empty.isCanceled());
		assertTrue(empty.getCancelReason(), empty.getCancelReason().contains(csv.toString()) && empty
			.getCancelReason().contains("line 6") && empty.getCancelReason().contains(
				"empty group value"));

		final CommandModule rule = run("manifest", csv.toFile(), "classes", "1:front,2:back",
			"jointRule", "all", "method", "dilation", "splits", 5);
		assertTrue(rule.isCanceled());
		assertTrue(rule.getCancelReason(), rule.getCancelReason().contains("jointRule") && rule
			.getCancelReason().contains("'all'"));
	}
}
