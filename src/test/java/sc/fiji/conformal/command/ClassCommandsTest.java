package sc.fiji.conformal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;
import org.scijava.app.StatusService;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.VolumeBounds;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.testing.LabelMapDatasets;

/**
 * The calibrate and apply-to-folder commands per class and per group, run as
 * scripts run them, on synthetic NIfTI label maps with 4-D probabilities: the
 * calibration file is version 2 and equals the engine's calibration; apply
 * writes one mask per class and side and a volumes.csv whose bounds equal the
 * engine's; a calibration per group refuses to apply without groups.
 */
public class ClassCommandsTest {

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
		forget();
	}

	@After
	public void tearDown() {
		forget();
		context.dispose();
	}

	private void forget() {
		final PrefService prefs = context.service(PrefService.class);
		prefs.clear(CalibrateCommand.class);
		prefs.clear(ApplyFolderCommand.class);
	}

	private Path dataset() throws IOException {
		return LabelMapDatasets.write(tmp.newFolder("labels").toPath());
	}

	private CommandModule run(final Class<? extends org.scijava.command.Command> c,
		final Object... kv) throws Exception
	{
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return commands.run(c, true, m).get();
	}

	@Test
	public void calibrateAndApplyPerClassWriteMasksAndVolumeBounds() throws Exception {
		final Path csv = dataset();
		final File cal = tmp.getRoot().toPath().resolve("classes.json").toFile();
		final CommandModule m = run(CalibrateCommand.class, "manifest", csv.toFile(), "classes",
			"1:front,2:back", "jointRule", "max", "method", "confidence-sets", "alpha", 0.2, "output",
			cal);
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ClassCalibration c = (ClassCalibration) m.getOutput("classCalibration");
		final String text = new String(Files.readAllBytes(cal.toPath()), StandardCharsets.UTF_8);
		assertTrue(text.contains("\"formatVersion\": 2"));
		assertEquals(text, CalibrationFile.toJson(CalibrationFile.readClasses(cal.toPath())));
		assertEquals(CalibrationFile.toJson(c), text);
		final String report = (String) m.getOutput("report");
		assertTrue(report, report.contains("class front") && report.contains("all 2 classes"));

		final File out = tmp.newFolder("out");
		final CommandModule a = run(ApplyFolderCommand.class, "calibrationFile", cal, "manifest", csv
			.toFile(), "output", out);
		assertFalse("canceled: " + a.getCancelReason(), a.isCanceled());
		final String applied = (String) a.getOutput("report");
		assertTrue(applied, applied.contains("probability at least 80%") && applied.contains(
			"for all classes at once"));
		for (final String cls : Arrays.asList("front", "back"))
			for (final String side : Arrays.asList("inner", "outer"))
				assertTrue(cls + "/" + side, Files.isRegularFile(out.toPath().resolve(cls).resolve(side)
					.resolve("img3.nii")));
		final List<String> lines = Files.readAllLines(out.toPath().resolve("volumes.csv"));
		assertEquals(1 + 24 * 2, lines.size());
		// the bounds of one image equal the engine's
		final LabelDataset d = LabelDataset.fromManifest(csv, GroupBy.NONE, ImageFormats.nifti());
		final LabelSample s = d.loader(c.classes(), false).load(d.entries().get(3)).value().sample();
		final ClassSets sets = c.apply(s);
		final VolumeBounds v = sets.volumes(1);
		final String row = lines.get(1 + 3 * 2 + 1);
		assertTrue(row, row.startsWith("img3,,back,2,"));
		final String[] cells = row.split(",");
		assertEquals(v.lowerVoxels(), Integer.parseInt(cells[5]));
		assertEquals(v.upperVoxels(), Integer.parseInt(cells[6]));
		assertTrue(v.lower() <= v.upper());
		// nothing is overwritten without asking
		final CommandModule again = run(ApplyFolderCommand.class, "calibrationFile", cal, "manifest",
			csv.toFile(), "output", out);
		assertTrue(again.isCanceled());
		assertTrue(again.getCancelReason(), again.getCancelReason().contains("exist already"));
	}

	@Test
	public void anOpenImageIsAppliedWithItsGroupsCalibration() throws Exception {
		final Settings st = Settings.builder(Method.DILATION).alpha(0.25).build();
		final List<ClassScores> scores = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			scores.add(new ClassScores("a" + i, "near", java.util.Collections.singletonList(
				new ImageScore("a" + i, Double.NaN, 1, null))));
			scores.add(new ClassScores("b" + i, "far", java.util.Collections.singletonList(
				new ImageScore("b" + i, Double.NaN, 3, null))));
		}
		final ClassCalibration c = ClassCalibrator.fromScores(st, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, scores);
		final File cal = tmp.getRoot().toPath().resolve("groups.json").toFile();
		CalibrationFile.write(c, cal.toPath(), false);
		final ByteProcessor bp = new ByteProcessor(9, 9);
		bp.set(4, 4, 255);
		final CommandModule m = run(ApplyCommand.class, "image", new ImagePlus("p", bp), "imageIs",
			"prediction", "calibrationFile", cal, "group", "far");
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ImagePlus outer = (ImagePlus) m.getOutput("outer");
		// a cross dilated 3 times: the voxels within city-block distance 3 of the centre
		int count = 0;
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 9; x++) {
				final boolean in = Math.abs(x - 4) + Math.abs(y - 4) <= 3;
				assertEquals(x + "," + y, in, outer.getProcessor().get(x, y) != 0);
				if (in) count++;
			}
		assertEquals(25, count);
		final CommandModule bad = run(ApplyCommand.class, "image", new ImagePlus("p", bp), "imageIs",
			"prediction", "calibrationFile", cal, "group", "other");
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason(), bad.getCancelReason().contains("'other'") && bad
			.getCancelReason().contains("near, far"));
	}

	@Test
	public void aCalibrationPerGroupNeedsTheGroupsToApply() throws Exception {
		final Path csv = dataset();
		final File cal = tmp.getRoot().toPath().resolve("groups.json").toFile();
		final CommandModule m = run(CalibrateCommand.class, "manifest", csv.toFile(), "classes",
			"auto", "groupBy", "column", "method", "dilation", "alpha", 0.2, "output", cal);
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ClassCalibration c = (ClassCalibration) m.getOutput("classCalibration");
		assertEquals(Arrays.asList("siteA", "siteB"), c.groups());
		assertEquals("1:label1,2:label2", c.classes().spec());
		assertEquals(12, c.n("siteB"));
		assertEquals("auto", CalibrationFile.readClasses(cal.toPath()).provenance().get("classes"));
		final CommandModule a = run(ApplyFolderCommand.class, "calibrationFile", cal, "manifest", csv
			.toFile(), "output", tmp.newFolder("o"));
		assertTrue(a.isCanceled());
		assertTrue(a.getCancelReason(), a.getCancelReason().startsWith("Apply failed:") && a
			.getCancelReason().contains("give groupBy"));
		final CommandModule b = run(ApplyFolderCommand.class, "calibrationFile", cal, "manifest", csv
			.toFile(), "groupBy", "column", "output", tmp.newFolder("o2"));
		assertFalse("canceled: " + b.getCancelReason(), b.isCanceled());
	}

	/**
	 * classes=auto takes every non-zero label of any truth map: label 3 is only
	 * in the third image and still becomes a class, calibrated on all images
	 * (as the classes given by hand); the file records that the classes were
	 * found ({@code provenance.classes = auto}), the explicit run does not.
	 */
	@Test
	public void autoClassesIncludeALabelOfTheThirdImageOnly() throws Exception {
		final Path dir = tmp.newFolder("third").toPath();
		final java.util.Random r = new java.util.Random(5);
		final StringBuilder csv = new StringBuilder("id,probabilities,labels\n");
		for (int img = 0; img < 6; img++) {
			final int n = 12;
			final int[] t = new int[n], q = new int[4 * n];
			for (int i = 0; i < n; i++) {
				t[i] = i < 4 ? 0 : i < 8 ? 1 : 2;
				if (img == 2 && i == 11) t[i] = 3;
				final int p = r.nextInt(5) == 0 ? r.nextInt(4) : t[i];
				for (int c = 0; c < 4; c++)
					q[c * n + i] = c == p ? 180 : 25;
			}
			sc.fiji.conformal.io.LabelDatasetTest.writeUint8(dir.resolve("t" + img + ".nii"), new int[] {
				4, 3 }, t, 0);
			sc.fiji.conformal.io.LabelDatasetTest.writeUint8(dir.resolve("q" + img + ".nii"), new int[] {
				4, 3, 4 }, q, 1 / 255f);
			csv.append("i").append(img).append(",q").append(img).append(".nii,t").append(img).append(
				".nii\n");
		}
		final Path manifest = Files.write(dir.resolve("m.csv"), csv.toString().getBytes(
			StandardCharsets.UTF_8));
		final File auto = dir.resolve("auto.json").toFile(), given = dir.resolve("given.json")
			.toFile();
		final CommandModule a = run(CalibrateCommand.class, "manifest", manifest.toFile(), "classes",
			"auto", "method", "threshold-outer", "alpha", 0.2, "output", auto);
		assertFalse("canceled: " + a.getCancelReason(), a.isCanceled());
		final CommandModule g = run(CalibrateCommand.class, "manifest", manifest.toFile(), "classes",
			"1,2,3", "method", "threshold-outer", "alpha", 0.2, "output", given);
		assertFalse("canceled: " + g.getCancelReason(), g.isCanceled());
		final ClassCalibration ca = CalibrationFile.readClasses(auto.toPath());
		final ClassCalibration cg = CalibrationFile.readClasses(given.toPath());
		assertEquals("1:label1,2:label2,3:label3", ca.classes().spec());
		assertEquals(6, ca.n(ca.groups().get(0)));
		assertEquals("auto", ca.provenance().get("classes"));
		assertEquals(null, cg.provenance().get("classes"));
		for (int k = 0; k < 3; k++)
			assertEquals(cg.cell(cg.groups().get(0), k).outer().lambda(), ca.cell(ca.groups().get(0), k)
				.outer().lambda(), 0);
	}

	/**
	 * Folders of label maps and probabilities with an unpaired file: the
	 * calibration goes on with the paired images and names the skipped one
	 * in its report (as the binary folder workflow does).
	 */
	@Test
	public void labelMapFoldersSkipAnUnpairedFileAndReportIt() throws Exception {
		final Path csv = dataset();
		final Path labels = tmp.newFolder("t").toPath(), probs = tmp.newFolder("q").toPath();
		for (int img = 0; img < 24; img++) {
			Files.copy(csv.resolveSibling("t" + img + ".nii"), labels.resolve("img" + img + ".nii"));
			Files.copy(csv.resolveSibling("q" + img + ".nii"), probs.resolve("img" + img + ".nii"));
		}
		Files.copy(csv.resolveSibling("t0.nii"), labels.resolve("stray.nii"));
		final CommandModule m = run(CalibrateCommand.class, "masks", labels.toFile(), "scores", probs
			.toFile(), "classes", "1:front,2:back", "method", "dilation", "alpha", 0.2, "output", tmp
				.getRoot().toPath().resolve("folders.json").toFile());
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ClassCalibration c = (ClassCalibration) m.getOutput("classCalibration");
		assertEquals(24, c.n(c.groups().get(0)));
		assertEquals("1", c.provenance().get("skippedImages"));
		final String report = (String) m.getOutput("report");
		assertTrue(report, report.contains("Skipped 1 image(s): [stray: ") && report.contains(
			"stray.nii") && report.contains("no partner"));
	}

	/**
	 * Applying per class never writes into the inputs' folders, with or
	 * without overwrite (issue 12, case 2): here the label maps lie in
	 * out/front/outer, where the class front's outer sets would go.
	 */
	@Test
	public void perClassSetsAreNeverWrittenAmongTheInputs() throws Exception {
		final Path out = tmp.newFolder("shared").toPath();
		final Path csv = LabelMapDatasets.write(Files.createDirectories(out.resolve("front").resolve(
			"outer")));
		final File cal = tmp.getRoot().toPath().resolve("front-back.json").toFile();
		assertFalse(run(CalibrateCommand.class, "manifest", csv.toFile(), "classes", "1:front,2:back",
			"method", "dilation", "alpha", 0.2, "output", cal).isCanceled());
		final long before = count(csv.getParent());
		for (final boolean overwrite : new boolean[] { false, true }) {
			final CommandModule a = run(ApplyFolderCommand.class, "calibrationFile", cal, "manifest", csv
				.toFile(), "output", out.toFile(), "overwrite", overwrite);
			assertTrue(a.isCanceled());
			assertTrue(a.getCancelReason(), a.getCancelReason().contains("refusing to write into the " +
				"sets' folder") && a.getCancelReason().contains("Nothing was written"));
			assertEquals(before, count(csv.getParent()));
			assertFalse(Files.exists(out.resolve("volumes.csv")));
		}
	}

	/**
	 * A calibration per class and group applied to an open 4-D probability
	 * image of a group: each class's outer channel equals the engine's on the
	 * same files in that group (the groups' λ̂ differ, so the group's own is
	 * used); an uncalibrated group, or none, is refused by name; a truth or
	 * predicted label that is not a class is refused naming the image.
	 */
	@Test
	public void anOpenImageIsAppliedPerClassWithItsGroupsCalibration() throws Exception {
		final Path csv = dataset();
		final File cal = tmp.getRoot().toPath().resolve("class-groups.json").toFile();
		assertFalse(run(CalibrateCommand.class, "manifest", csv.toFile(), "classes", "1:front,2:back",
			"groupBy", "column", "method", "dilation", "alpha", 0.25, "output", cal).isCanceled());
		final ClassCalibration c = CalibrationFile.readClasses(cal.toPath());
		assertEquals(Arrays.asList("siteA", "siteB"), c.groups());
		assertEquals("3", c.provenance().get(sc.fiji.conformal.core.Calibration.DIMENSIONS));
		final LabelDataset d = LabelDataset.fromManifest(csv, GroupBy.COLUMN, ImageFormats.nifti());
		final LabelDataset.Entry e = d.entries().get(14);
		assertEquals("siteB", e.group());
		final ClassSets want = c.apply(d.loader(c.classes(), false).load(e).value().sample());
		final ImagePlus pred = sc.fiji.conformal.io.ij.NiftiImages.open(e.prediction());
		final CommandModule m = run(ApplyCommand.class, "image", pred, "imageIs", "prediction",
			"calibrationFile", cal, "group", "siteB");
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		final ImagePlus outer = (ImagePlus) m.getOutput("outer");
		assertEquals(2, outer.getNChannels());
		for (int k = 0; k < 2; k++) {
			final boolean[] v = want.get(k).outer().voxels();
			for (int z = 0; z < 3; z++) {
				final byte[] px = (byte[]) outer.getStack().getPixels(outer.getStackIndex(k + 1, z + 1,
					1));
				for (int i = 0; i < 30; i++)
					assertEquals("class " + k + " slice " + z + " voxel " + i, v[z * 30 + i], px[i] != 0);
			}
		}
		final String report = (String) m.getOutput("report");
		assertTrue(report, report.contains("per class (1:front,2:back) of group siteB"));
		final CommandModule other = run(ApplyCommand.class, "image", pred, "imageIs", "prediction",
			"calibrationFile", cal, "group", "siteC");
		assertTrue(other.isCanceled());
		assertTrue(other.getCancelReason(), other.getCancelReason().contains("'siteC'") && other
			.getCancelReason().contains("siteA, siteB"));
		final CommandModule none = run(ApplyCommand.class, "image", pred, "imageIs", "prediction",
			"calibrationFile", cal);
		assertTrue(none.isCanceled());
		assertTrue(none.getCancelReason(), none.getCancelReason().contains("per group (siteA, siteB)"));
		// a label that is not a class, in the prediction and in the truth
		final ImagePlus bad = pred.duplicate();
		bad.setTitle("bad-labels");
		bad.getStack().getProcessor(2).set(1, 1, 5);
		final CommandModule badPred = run(ApplyCommand.class, "image", bad, "imageIs", "prediction",
			"calibrationFile", cal, "group", "siteB");
		assertTrue(badPred.isCanceled());
		assertTrue(badPred.getCancelReason(), badPred.getCancelReason().contains("bad-labels has label 5"));
		final CommandModule badTruth = run(ApplyCommand.class, "image", pred, "imageIs", "prediction",
			"truth", bad, "calibrationFile", cal, "group", "siteB");
		assertTrue(badTruth.isCanceled());
		assertTrue(badTruth.getCancelReason(), badTruth.getCancelReason().contains(
			"bad-labels has label 5"));
	}

	/**
	 * The group's own λ̂ per class, by hand: dilation by a cross, class front
	 * 1 step in group near and 3 in far, class back 2 and 0; a predicted label
	 * map with one voxel of each class; each outer channel is the voxels
	 * within city-block distance λ̂ of the class's voxel.
	 */
	@Test
	public void eachClassTakesItsGroupsLambda() throws Exception {
		final Settings st = Settings.builder(Method.DILATION).alpha(0.25).build();
		final List<ClassScores> scores = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			scores.add(new ClassScores("a" + i, "near", Arrays.asList(new ImageScore("a" + i,
				Double.NaN, 1, null), new ImageScore("a" + i, Double.NaN, 2, null))));
			scores.add(new ClassScores("b" + i, "far", Arrays.asList(new ImageScore("b" + i,
				Double.NaN, 3, null), new ImageScore("b" + i, Double.NaN, 0, null))));
		}
		final ClassCalibration c = ClassCalibrator.fromScores(st, LabelClasses.parse(
			"1:front,2:back"), ClassJointRule.PER_CLASS, scores);
		final File cal = tmp.getRoot().toPath().resolve("class-groups-by-hand.json").toFile();
		CalibrationFile.write(c, cal.toPath(), false);
		final ByteProcessor bp = new ByteProcessor(11, 9);
		bp.set(3, 4, 1);
		bp.set(7, 4, 2);
		for (final String group : new String[] { "near", "far" }) {
			final CommandModule m = run(ApplyCommand.class, "image", new ImagePlus("labels", bp),
				"imageIs", "prediction", "calibrationFile", cal, "group", group);
			assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
			final ImagePlus outer = (ImagePlus) m.getOutput("outer");
			final int[][] centre = { { 3, 4 }, { 7, 4 } };
			final int[] lambda = group.equals("near") ? new int[] { 1, 2 } : new int[] { 3, 0 };
			for (int k = 0; k < 2; k++) {
				final ij.process.ImageProcessor ip = outer.getStack().getProcessor(k + 1);
				assertEquals(k == 0 ? "front" : "back", outer.getStack().getSliceLabel(k + 1));
				for (int y = 0; y < 9; y++)
					for (int x = 0; x < 11; x++)
						assertEquals(group + " class " + k + " at " + x + "," + y, Math.abs(x - centre[k][0]) +
							Math.abs(y - centre[k][1]) <= lambda[k], ip.get(x, y) != 0);
			}
		}
	}

	private static long count(final Path folder) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.list(folder)) {
			return files.count();
		}
	}
}
