package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
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

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.conformal.batch.ClassBatch;
import sc.fiji.conformal.command.ApplyCommand;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ij.NiftiImages;
import sc.fiji.conformal.report.ClassOverlays;
import sc.fiji.conformal.report.ScreenLegend;
import sc.fiji.conformal.service.ConformalService;

/**
 * Apply Conformal Sets on an open two-class hippocampus volume
 * (../shared/data/hippocampus-msd, manifest-multiclass.csv) with a
 * calibration per class made by the folder workflow on 30 other volumes: the
 * 4-D probabilities opened as File › Import › NIfTI... opens them (channels),
 * or the predicted label map; the inner and outer sets equal
 * {@link ClassCalibration#apply} on the same image loaded from its files,
 * class by class, voxel for voxel, and the volume bounds equal the folder
 * apply's volumes.csv row; bad inputs are refused naming the image and the
 * value; the overlay has each class's ROIs in its colour and a legend naming
 * every class.
 */
public class ClassApplyDataTest {

	private static final int CALIBRATION = 30;
	private static final LabelClasses CLASSES = LabelClasses.parse("1:anterior,2:posterior");

	private static Path tmp;
	private static File folder;
	private static List<String[]> rows;
	private static Context context;
	private static CommandService commands;

	@BeforeClass
	public static void setUp() throws IOException {
		System.setProperty("java.awt.headless", "true");
		folder = SharedData.require("hippocampus-msd");
		tmp = Files.createTempDirectory("conformal-class-apply");
		rows = new ArrayList<>();
		final List<String> lines = Files.readAllLines(new File(folder, "manifest-multiclass.csv")
			.toPath(), StandardCharsets.UTF_8);
		assertEquals("id,probabilities,labels,prediction", lines.get(0));
		for (final String l : lines.subList(1, CALIBRATION + 3))
			rows.add(l.split(","));
		context = new Context(CommandService.class, ConformalService.class, LogService.class,
			StatusService.class);
		commands = context.service(CommandService.class);
	}

	@AfterClass
	public static void tearDown() throws IOException {
		if (context != null) context.dispose();
		if (tmp != null) try (java.util.stream.Stream<Path> s = Files.walk(tmp)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	/** A manifest of rows [from, to) with these columns (of id,probabilities,labels,prediction). */
	private static Path manifest(final String name, final int from, final int to,
		final int... columns) throws IOException
	{
		final String[] header = { "id", "probabilities", "labels", "prediction" };
		final StringBuilder sb = new StringBuilder("id");
		for (final int c : columns)
			sb.append(',').append(header[c]);
		sb.append('\n');
		for (final String[] r : rows.subList(from, to)) {
			sb.append(r[0]);
			for (final int c : columns)
				sb.append(',').append(new File(folder, r[c]).getAbsolutePath());
			sb.append('\n');
		}
		final Path p = tmp.resolve(name);
		Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
		return p;
	}

	private static ClassCalibration calibrate(final Settings s, final String file,
		final int... columns) throws IOException
	{
		final LabelDataset data = LabelDataset.fromManifest(manifest(file + ".csv", 0, CALIBRATION,
			columns), GroupBy.NONE, ImageFormats.nifti());
		final ClassCalibration c = ClassBatch.calibrate(data, CLASSES, s, ClassJointRule.MAX,
			LocalRunner.of(1), null).calibration();
		CalibrationFile.write(c, tmp.resolve(file + ".json"), false);
		return c;
	}

	private static CommandModule apply(final Object... kv) throws Exception {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return commands.run(ApplyCommand.class, true, m).get();
	}

	private static ImagePlus open(final int row, final int column) throws IOException {
		return NiftiImages.open(new File(folder, rows.get(row)[column]).toPath());
	}

	/** Every channel of a per-class image equals the class's mask, voxel for voxel. */
	private static void assertChannels(final String what, final ImagePlus imp,
		final ClassSets want, final boolean inner)
	{
		assertNotNull(what, imp);
		assertEquals(what + " channels", CLASSES.size(), imp.getNChannels());
		final ImageStack st = imp.getStack();
		for (int k = 0; k < CLASSES.size(); k++) {
			final Mask m = inner ? want.get(k).inner() : want.get(k).outer();
			final int w = imp.getWidth(), plane = w * imp.getHeight();
			assertEquals(what + " voxels", m.grid().count(), plane * imp.getNSlices());
			int set = 0;
			for (int z = 0; z < imp.getNSlices(); z++) {
				final int index = imp.getStackIndex(k + 1, z + 1, 1);
				assertEquals(what + " channel label", CLASSES.name(k), st.getSliceLabel(index));
				final byte[] px = (byte[]) st.getPixels(index);
				for (int i = 0; i < plane; i++) {
					final boolean on = m.voxels()[z * plane + i];
					assertEquals(what + " " + CLASSES.name(k) + " voxel " + i + " of slice " + (z + 1), on ?
						255 : 0, px[i] & 0xff);
					if (on) set++;
				}
			}
			assertEquals(m.count(), set);
		}
	}

	@Test
	public void confidenceSetsOnOpenProbabilitiesEqualTheEngineAndTheFolderApply() throws Exception {
		// on the distance transform: the 8-bit probabilities saturate at 0, where the identity's
		// outer set is the whole image
		final ClassCalibration c = calibrate(Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.1)
			.alphaOuter(0.1).innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE)
			.build(), "confidence", 1, 2);
		final int target = CALIBRATION;
		final Path csv = manifest("target.csv", target, target + 1, 1, 2);
		final LabelDataset data = LabelDataset.fromManifest(csv, GroupBy.NONE, ImageFormats.nifti());
		final LabelSample s = data.loader(CLASSES, false).load(data.entries().get(0)).value().sample();
		final ClassSets want = c.apply(s);
		for (int k = 0; k < CLASSES.size(); k++)
			assertTrue("informative outer set", want.get(k).outer().count() < s.grid().count() / 2);
		final Path out = tmp.resolve("folder-apply");
		ClassBatch.apply(c, data, out, ImageFormats.nifti(), false, LocalRunner.of(1), null);
		final List<String> csvRows = Files.readAllLines(out.resolve(ClassBatch.VOLUMES));

		final ImagePlus image = open(target, 1);
		assertEquals(3, image.getNChannels());
		final ImagePlus truth = open(target, 2);
		final CommandModule m = apply("image", image, "imageIs", "scores", "truth", truth,
			"calibrationFile", tmp.resolve("confidence.json").toFile());
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		// titled with the calibration's α, not a class's share of it under the max rule
		assertEquals(image.getTitle() + " outer (confidence.json, α = 0.2)", ((ImagePlus) m.getOutput(
			"outer")).getTitle());
		assertChannels("inner", (ImagePlus) m.getOutput("inner"), want, true);
		assertChannels("outer", (ImagePlus) m.getOutput("outer"), want, false);
		// the volume rows equal volumes.csv's, but for the id (the image's title here)
		final String[] table = m.getOutput("volumes").toString().split("\n");
		assertEquals(csvRows.get(0), table[0]);
		assertEquals(1 + CLASSES.size(), table.length);
		for (int k = 1; k <= CLASSES.size(); k++) {
			final String[] a = csvRows.get(k).split(",", -1), b = table[k].split(",", -1);
			assertEquals(rows.get(target)[0], a[0]);
			assertEquals(image.getTitle(), b[0]);
			assertEquals(Arrays.asList(a).subList(1, a.length), Arrays.asList(b).subList(1, b.length));
		}
		final String report = (String) m.getOutput("report");
		for (int k = 0; k < CLASSES.size(); k++) {
			final String[] cells = csvRows.get(k + 1).split(",");
			// the Log line: mL to 3 significant digits, then the spacing's units cubed to the unit
			final String bounds = CLASSES.name(k) + ": between " + new java.math.BigDecimal(Double
				.parseDouble(cells[8]) / 1000).round(new java.math.MathContext(3)).stripTrailingZeros()
				.toPlainString().replaceFirst("^0E-?\\d+$", "0") + " and ";
			final String cubic = String.format(java.util.Locale.ROOT, "(%,d to %,d mm³)", Math.round(Double
				.parseDouble(cells[8])), Math.round(Double.parseDouble(cells[9])));
			assertTrue(report + "\n" + bounds + "\n" + cubic, report.contains(bounds) && report.contains(
				cubic) && report.contains("probability at least 80%") && report.contains(
					"for all classes at once"));
		}
		// the overlay: each class's ROIs in its colour, two-tone, and a legend naming every class
		final Overlay o = image.getOverlay();
		assertNotNull(o);
		ScreenLegend legend = null;
		final Map<String, Integer> kinds = new LinkedHashMap<>();
		for (int i = 0; i < o.size(); i++) {
			final Roi r = o.get(i);
			if (r instanceof ScreenLegend) legend = (ScreenLegend) r;
			final String n = r.getName();
			for (int k = 0; k < CLASSES.size(); k++)
				for (final String kind : new String[] { "outer", "inner", "truth", "uncertainty" })
					if (n.startsWith(kind + " " + CLASSES.name(k) + "-")) {
						kinds.merge(kind + " " + CLASSES.name(k), 1, Integer::sum);
						assertTrue(n, r.getZPosition() >= 1);
						if (kind.equals("truth")) assertEquals(n, ClassOverlays.TRUTH, r.getStrokeColor());
						else if (kind.equals("uncertainty")) assertEquals(n, ClassOverlays.color(k).getRGB() &
							0xffffff, r.getFillColor().getRGB() & 0xffffff);
						else assertEquals(n, ClassOverlays.color(k), r.getStrokeColor());
					}
		}
		// a kind of ROI per class is there exactly when its region is not empty
		final LabelSample full = data.loader(CLASSES, true).load(data.entries().get(0)).value()
			.sample();
		for (int k = 0; k < CLASSES.size(); k++) {
			final String n = CLASSES.name(k);
			assertEquals("outer " + n, want.get(k).outer().count() > 0, kinds.containsKey("outer " + n));
			assertEquals("inner " + n, want.get(k).inner().count() > 0, kinds.containsKey("inner " + n));
			assertEquals("uncertainty " + n, want.get(k).uncertainty().count() > 0, kinds.containsKey(
				"uncertainty " + n));
			assertEquals("truth " + n, full.oneVsRest(k).truth().count() > 0, kinds.containsKey(
				"truth " + n));
		}
		assertTrue(kinds.toString(), kinds.size() >= 7);
		assertTrue(!ClassOverlays.color(0).equals(ClassOverlays.color(1)));
		assertNotNull("legend", legend);
		final List<String> words = new ArrayList<>();
		for (int i = 0; i < legend.lines(); i++)
			words.add(legend.word(i));
		assertEquals(Arrays.asList("anterior", "posterior", "inner: surely", "outer: possibly",
			"uncertain", "truth"), words);
		assertEquals(ClassOverlays.color(1), legend.color(1));
	}

	@Test
	public void dilationOnAnOpenPredictedLabelMapEqualsTheEngine() throws Exception {
		final ClassCalibration c = calibrate(Settings.builder(Method.DILATION).alpha(0.1).shape(
			StructuringElement.CROSS).build(), "dilation", 2, 3);
		final int target = CALIBRATION + 1;
		final LabelDataset data = LabelDataset.fromManifest(manifest("target-pred.csv", target,
			target + 1, 3), GroupBy.NONE, ImageFormats.nifti());
		final ClassSets want = c.apply(data.loader(CLASSES, false).load(data.entries().get(0))
			.value().sample());
		final CommandModule m = apply("image", open(target, 3), "imageIs", "prediction",
			"calibrationFile", tmp.resolve("dilation.json").toFile());
		assertFalse("canceled: " + m.getCancelReason(), m.isCanceled());
		assertChannels("outer", (ImagePlus) m.getOutput("outer"), want, false);
		assertEquals(null, m.getOutput("inner"));
		assertEquals("no bounds without an inner set", null, m.getOutput("volumes"));
	}

	@Test
	public void badInputsAreRefusedNamingTheImageAndTheValue() throws Exception {
		calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build(), "bad", 1, 2);
		final File cal = tmp.resolve("bad.json").toFile();
		final ImagePlus probs = open(CALIBRATION, 1);
		final int w = probs.getWidth(), h = probs.getHeight(), d = probs.getNSlices();
		// two channels for classes with labels 1 and 2
		final ImageStack two = new ImageStack(w, h);
		for (int z = 1; z <= d; z++)
			for (int ch = 1; ch <= 2; ch++)
				two.addSlice(probs.getStack().getProcessor(probs.getStackIndex(ch, z, 1)));
		final ImagePlus twoChannels = new ImagePlus("two.nii", two);
		twoChannels.setDimensions(2, d, 1);
		twoChannels.setOpenAsHyperStack(true);
		assertRefused(apply("image", twoChannels, "calibrationFile", cal), "two.nii",
			"2 channel(s)", "anterior", "posterior");
		// one slice of the volume: 2-D against a 3-D calibration
		final ImageStack slice = new ImageStack(w, h);
		for (int ch = 1; ch <= 3; ch++)
			slice.addSlice(probs.getStack().getProcessor(probs.getStackIndex(ch, d / 2, 1)));
		final ImagePlus flat = new ImagePlus("slice.nii", slice);
		flat.setDimensions(3, 1, 1);
		flat.setOpenAsHyperStack(true);
		assertRefused(apply("image", flat, "calibrationFile", cal), "slice.nii", "2-D", "3-D");
		// a truth label that is not a class
		final ImagePlus truth = open(CALIBRATION, 2);
		truth.setTitle("truth.nii");
		truth.getStack().getProcessor(d / 2).set(3, 4, 7);
		assertRefused(apply("image", probs, "truth", truth, "calibrationFile", cal), "truth.nii",
			"label 7", "anterior");
		// probabilities given as a label map
		assertRefused(apply("image", probs, "imageIs", "prediction", "calibrationFile", cal),
			probs.getTitle(), "3 channels", "imageIs=scores");
	}

	private static void assertRefused(final CommandModule m, final String... words) {
		assertTrue("should be refused", m.isCanceled());
		final String reason = m.getCancelReason();
		assertTrue(reason, reason.startsWith("Apply failed: "));
		for (final String word : words)
			assertTrue(word + " in: " + reason, reason.contains(word));
	}
}
