package sc.fiji.conformal.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import net.imagej.patcher.LegacyEnvironment;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.testing.LabelMapDatasets;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * The plugins.config entries work in plain ImageJ 1.x, headless through
 * ij1-patcher: each appears once in the menus; each action runs from a macro
 * with {@code run("…", "…")} and the same keys as before the bridge; a macro
 * reads the outputs back with {@code call}; a failure ends the macro; a menu
 * item run headless without options takes its defaults.
 */
public class Ij1MacroTest {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static LegacyEnvironment ij1;

	@BeforeClass
	public static void startImageJ1() throws Exception {
		System.setProperty("java.awt.headless", "true");
		// a plugin jar holding only plugins.config (as packaged at our jar's root);
		// the classes come from the test class path
		final File plugins = TMP.newFolder("plugins");
		final File jar = new File(plugins, "Conformal_Segmentation-test.jar");
		try (InputStream in = Ij1MacroTest.class.getResourceAsStream("/plugins.config");
			JarOutputStream out = new JarOutputStream(new FileOutputStream(jar)))
		{
			assertTrue("plugins.config is not at the jar root", in != null);
			out.putNextEntry(new JarEntry("plugins.config"));
			final byte[] buf = new byte[8192];
			for (int r; (r = in.read(buf)) > 0;)
				out.write(buf, 0, r);
			out.closeEntry();
		}
		ij1 = new LegacyEnvironment(null, true);
		ij1.addPluginClasspath(jar);
		// our classes and their dependencies (ImageJ itself comes patched from the environment)
		final String cp = System.getProperty("surefire.test.class.path", System.getProperty(
			"java.class.path"));
		for (final String entry : cp.split(File.pathSeparator)) {
			final String name = new File(entry).getName();
			if (entry.isEmpty() || name.matches("ij-\\d.*\\.jar") || name.startsWith("ij1-patcher")) continue;
			ij1.addPluginClasspath(new File(entry));
		}
		ij1.newImageJ1(true);
	}

	@Test
	public void menuHasEachActionOnce() {
		final Map<String, String> menu = ij1.getMenuStructure();
		final List<String> ours = new ArrayList<>();
		for (final Map.Entry<String, String> e : menu.entrySet())
			if (e.getValue() != null && e.getValue().startsWith("sc.fiji.conformal")) ours.add(e.getKey());
		assertEquals(ours.toString(), 8, ours.size());
		for (final String label : new String[] { "Calibrate Conformal Sets", "Apply Conformal Sets",
			"Apply Conformal Sets to Folder", "Validate Conformal Sets", "Calibrations",
			"Conformal Sets Live Alpha", "Show Calibration", "NIfTI..." })
		{
			int count = 0;
			for (final String key : ours)
				if (key.endsWith(">" + label)) count++;
			assertEquals(label + " in " + ours, 1, count);
		}
	}

	@Test
	public void macrosCalibrateApplyValidateAndList() throws Exception {
		final File dir = TMP.newFolder();
		final PngDatasets data = PngDatasets.write(new File(dir, "data"));
		final File scores = data.scores;
		final File masks = data.masks;
		final double expected = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.2)
			.build(), data.samples).outer().lambda();
		final File cal = new File(dir, "cal.json");
		ij1.run("Calibrate Conformal Sets", "scores=[" + scores + "] masks=[" + masks +
			"] method=dilation alpha=0.2 tolerance=0 shape=cross name=macro output=[" + cal + "]");
		assertTrue("calibration file written", cal.isFile());
		final String json = new String(Files.readAllBytes(cal.toPath()), StandardCharsets.UTF_8);
		assertTrue(json, json.contains("\"lambda\": " + expected));

		// the same from a CSV manifest naming the first 12 images (paths relative to the CSV)
		final StringBuilder rows = new StringBuilder("id,score,mask\n");
		for (int i = 0; i < 12; i++)
			rows.append(PngDatasets.name(i)).append(",data/scores/").append(PngDatasets.name(i)).append(
				".png,data/masks/").append(PngDatasets.name(i)).append(".png\n");
		final File manifest = new File(dir, "images.csv");
		Files.write(manifest.toPath(), rows.toString().getBytes(StandardCharsets.UTF_8));
		final double fromTwelve = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.2)
			.build(), data.samples.subList(0, 12)).outer().lambda();
		final File calCsv = new File(dir, "cal-manifest.json");
		ij1.run("Calibrate Conformal Sets", "manifest=[" + manifest +
			"] method=dilation alpha=0.2 tolerance=0 shape=cross name=fromcsv output=[" + calCsv + "]");
		final String fromCsv = new String(Files.readAllBytes(calCsv.toPath()), StandardCharsets.UTF_8);
		assertTrue(fromCsv, fromCsv.contains("\"lambda\": " + fromTwelve));
		assertTrue("paths relative to the manifest: " + fromCsv, fromCsv.contains("data/masks/" +
			PngDatasets.name(11) + ".png") && !fromCsv.contains(PngDatasets.name(12) + ".png"));
		final File csvValidation = new File(dir, "validation-manifest.csv");
		ij1.run("Validate Conformal Sets", "manifest=[" + manifest +
			"] method=dilation alpha=0.2 splits=4 output=[" + csvValidation + "]");
		assertEquals(1 + 4 + 2, Files.readAllLines(csvValidation.toPath()).size());

		final File out = new File(dir, "out");
		ij1.run("Apply Conformal Sets to Folder", "calibration=macro scores=[" + scores + "] output=[" +
			out + "]");
		assertEquals(24, new File(out, "outer").list().length);

		final File csv = new File(dir, "validation.csv");
		ij1.run("Validate Conformal Sets", "scores=[" + scores + "] masks=[" + masks +
			"] method=erosion alpha=0.2 tolerance=0.05 splits=10 output=[" + csv + "]");
		assertEquals(1 + 10 + 2, Files.readAllLines(csv.toPath()).size());

		// apply to the current image: the outer mask is shown and the overlay drawn
		final File saved = new File(dir, "outer.tif");
		final File overlay = new File(dir, "overlay.txt");
		ij1.runMacro("open('" + new File(scores, PngDatasets.name(0) + ".png") + "');\n" +
			"run('Apply Conformal Sets', 'calibration=macro imageis=scores truth=none');\n" +
			"selectImage('" + PngDatasets.name(0) + ".png'); n = Overlay.size;\n" +
			"selectImage(call('" + GET + "', 'outer')); saveAs('Tiff', '" + saved + "');\n" +
			"File.saveString('' + n, '" + overlay + "');\n", "");
		assertTrue("outer mask saved by the macro", saved.isFile());
		final int rois = Integer.parseInt(new String(Files.readAllBytes(overlay.toPath()),
			StandardCharsets.UTF_8).trim());
		assertTrue("overlay ROIs: " + rois, rois >= 2);

		// live alpha from a macro: the overlay for one α (headless, the Log goes to stdout)
		final File live = new File(dir, "live.txt");
		ij1.runMacro("selectImage('" + PngDatasets.name(0) + ".png'); Overlay.remove;\n" +
			"run('Conformal Sets Live Alpha', 'calibration=macro imageis=scores truth=none alpha=0.5');\n" +
			"n = Overlay.size;\n" +
			"run('Show Calibration', 'calibration=macro');\n" +
			"File.saveString('' + n, '" + live + "');\n", "");
		final int liveRois = Integer.parseInt(new String(Files.readAllBytes(live.toPath()),
			StandardCharsets.UTF_8).trim());
		assertTrue("live-alpha overlay ROIs: " + liveRois, liveRois >= 2);

		// the session's calibrations: save one under another file, remove it, reload it
		final File copy = new File(dir, "copy.json");
		ij1.run("Calibrations", "action=save name=macro file=[" + copy + "]");
		assertTrue("Calibrations save", copy.isFile());
		ij1.run("Calibrations", "action=remove name=macro");
		ij1.run("Calibrations", "action=load name=again file=[" + copy + "]");
		final File again = new File(dir, "again.json");
		ij1.run("Calibrations", "action=save name=again file=[" + again + "]");
		assertTrue("reloaded calibration saved again", again.isFile());
	}

	/**
	 * A calibration per class from a macro: calibrated on label maps, applied
	 * to a 4-D probability file opened with File › Import › NIfTI...; the outer
	 * sets saved by the macro (one channel per class) equal the engine's on the
	 * same files, the volume bounds read back with {@code call}, the overlay
	 * drawn on the probabilities.
	 */
	@Test
	public void macrosApplyACalibrationPerClassToAnOpenImage() throws Exception {
		final File dir = TMP.newFolder();
		final java.nio.file.Path csv = LabelMapDatasets.write(dir.toPath());
		final File cal = new File(dir, "classes.json");
		ij1.run("Calibrate Conformal Sets", "manifest=[" + csv + "] classes=[1:front,2:back] " +
			"method=confidence-sets alpha=0.2 output=[" + cal + "]");
		assertTrue("calibration file written", cal.isFile());
		final File saved = new File(dir, "outer.tif");
		final File said = new File(dir, "said.txt");
		ij1.runMacro("run('NIfTI...', 'open=[" + new File(dir, "t3.nii") + "]');\n" +
			"run('NIfTI...', 'open=[" + new File(dir, "q3.nii") + "]');\n" +
			"run('Apply Conformal Sets', 'image=q3.nii imageis=scores truth=t3.nii calibrationfile=[" +
			cal + "]');\n" + //
			"selectImage('q3.nii'); n = Overlay.size;\n" + //
			"selectImage(call('" + GET + "', 'outer')); getDimensions(w, h, c, z, t);\n" +
			"saveAs('Tiff', '" + saved + "');\n" + //
			"File.saveString(n + '\\n' + c + '\\n' + call('" + GET + "', 'volumes'), '" + said +
			"');\n", "");
		final String[] lines = read(said).split("\n");
		assertTrue("overlay ROIs: " + lines[0], Integer.parseInt(lines[0]) >= 5);
		assertEquals("a channel per class", "2", lines[1]);
		assertEquals(String.join(",", sc.fiji.conformal.batch.VolumeRows.HEADER), lines[2]);
		assertTrue(lines[3], lines[3].startsWith("q3.nii,,front,1,"));
		assertTrue(lines[4], lines[4].startsWith("q3.nii,,back,2,"));
		final sc.fiji.conformal.core.ClassCalibration c = sc.fiji.conformal.io.CalibrationFile
			.readClasses(cal.toPath());
		final sc.fiji.conformal.io.LabelDataset d = sc.fiji.conformal.io.LabelDataset.fromManifest(csv,
			sc.fiji.conformal.io.GroupBy.NONE, sc.fiji.conformal.io.ImageFormats.nifti());
		final sc.fiji.conformal.core.LabelSample s = d.loader(c.classes(), false).load(d.entries().get(
			3)).value().sample();
		final sc.fiji.conformal.core.ClassSets want = c.apply(s);
		final ij.ImagePlus outer = ij.IJ.openImage(saved.getPath());
		for (int k = 0; k < 2; k++) {
			final boolean[] v = want.get(k).outer().voxels();
			for (int z = 0; z < outer.getNSlices(); z++) {
				final ij.process.ImageProcessor ip = outer.getStack().getProcessor(outer.getStackIndex(k +
					1, z + 1, 1));
				for (int i = 0; i < 30; i++)
					assertEquals("class " + k + " slice " + z + " voxel " + i, v[z * 30 + i], ip.get(i) != 0);
			}
		}
	}

	private static final String GET = "sc.fiji.conformal.ij.Outputs.get";

	private static String read(final File f) throws java.io.IOException {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}

	@Test
	public void macrosReadEveryOutputBack() throws Exception {
		final File dir = TMP.newFolder();
		final PngDatasets data = PngDatasets.write(new File(dir, "data"));
		final double expected = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.2)
			.build(), data.samples).outer().lambda();
		final File out = new File(dir, "outputs.txt");
		ij1.runMacro("run('Calibrate Conformal Sets', 'scores=[" + data.scores + "] masks=[" +
			data.masks + "] method=dilation alpha=0.2 name=back');\n" + //
			"g = '" + GET + "';\n" + //
			"lambda = parseFloat(call(g, 'lambda'));\n" + //
			"File.saveString(lambda + '\\n' + call(g, 'calibrationName') + '\\n' + call(g, 'lambdaouter') +" +
			" '\\n' + call(g, 'lambdaInner') + '\\n' + call(g, 'report'), '" + out + "');\n", "");
		final String[] lines = read(out).split("\n");
		assertEquals(read(out), expected, Double.parseDouble(lines[0]), 1e-9);
		assertEquals("back", lines[1]);
		assertEquals(expected, Double.parseDouble(lines[2]), 0);
		assertEquals("NaN", lines[3]);
		assertTrue(lines[4], lines[4].startsWith("Calibrated dilation on 24 image(s) as 'back'"));

		// without a name the calibration is kept under the method's id, and the macro learns it
		final File name = new File(dir, "name.txt");
		ij1.runMacro("run('Calibrate Conformal Sets', 'scores=[" + data.scores + "] masks=[" +
			data.masks + "] method=erosion alpha=0.2 tolerance=0.05');\n" + //
			"File.saveString(call('" + GET + "', 'calibrationname'), '" + name + "');\n", "");
		assertEquals("erosion", read(name));
	}

	/**
	 * Validate with classes and groups from a macro string: the lower-case
	 * keys of the shared class parameters, the table written, the summary
	 * per group, class and joint event read back.
	 */
	@Test
	public void macrosValidatePerClassAndGroup() throws Exception {
		final File dir = TMP.newFolder();
		final File csv = LabelMapDatasets.write(Files.createDirectories(new File(dir, "labels")
			.toPath())).toFile();
		final File table = new File(dir, "validation.csv");
		final File out = new File(dir, "report.txt");
		ij1.runMacro("run('Validate Conformal Sets', 'manifest=[" + csv + "] classes=[1:front,2:back] " +
			"jointrule=bonferroni groupby=column method=dilation alpha=0.2 splits=5 output=[" + table +
			"]');\n" + //
			"File.saveString(call('" + GET + "', 'report'), '" + out + "');\n", "");
		final String report = read(out);
		assertTrue(report, report.contains("dilation validation per class (1:front,2:back, bonferroni) " +
			"per group, 5 split(s) of n = 24") && report.contains("[siteB] front") && report.contains(
				"joint") && report.contains("Table written to"));
		final String header = Files.readAllLines(table.toPath(), StandardCharsets.UTF_8).get(0);
		assertTrue(header, header.contains("siteA.front.validity") && header.contains("all.joint"));
	}

	/** A macro never reuses values remembered from a dialog: a key it leaves out keeps the command's default. */
	@Test
	public void macrosNeverReuseRememberedValues() throws Exception {
		final File dir = TMP.newFolder();
		final PngDatasets data = PngDatasets.write(new File(dir, "data"));
		final double atDefault = Calibrator.calibrate(Settings.builder(Method.DILATION).build(),
			data.samples).outer().lambda();
		final double atRemembered = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.4)
			.build(), data.samples).outer().lambda();
		assertTrue("the remembered α must change λ̂", atDefault != atRemembered);
		final File out = new File(dir, "lambda.txt");
		ij1.runMacro("call('ij.Prefs.set', 'conformal.CalibrateCommand.alpha', '0.4');\n" + //
			"call('ij.Prefs.set', 'conformal.CalibrateCommand.method', 'erosion');\n" + //
			"run('Calibrate Conformal Sets', 'scores=[" + data.scores + "] masks=[" + data.masks +
			"]');\n" + //
			"File.saveString(call('" + GET + "', 'lambda') + ' ' + call('" + GET +
			"', 'calibrationname'), '" + out + "');\n", "");
		assertEquals(atDefault + " dilation", read(out));
	}

	@Test
	public void aFailingRunEndsTheMacro() throws Exception {
		final File dir = TMP.newFolder();
		final File before = new File(dir, "before.txt");
		final File after = new File(dir, "after.txt");
		ij1.runMacro("File.saveString('x', '" + before + "');\n" + //
			"run('Calibrate Conformal Sets', 'scores=[" + new File(dir, "none") + "] masks=[" +
			new File(dir, "none") + "] method=dilation');\n" + //
			"File.saveString('x', '" + after + "');\n", "");
		assertTrue(before.isFile());
		assertFalse("the macro went on after the failure", after.exists());
	}

	@Test
	public void aMenuItemWithoutOptionsTakesItsDefaultsHeadless() throws Exception {
		final File list = new File(TMP.newFolder(), "list.txt");
		ij1.runMacro("run('Calibrations', '');\n" + //
			"File.saveString(call('" + GET + "', 'calibrations'), '" + list + "');\n", "");
		assertTrue("Calibrations ran headless without options", list.isFile());
		final String text = read(list);
		assertTrue(text, text.equals("No calibrations in this session") || text.contains(": "));
	}
}
