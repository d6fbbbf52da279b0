package sc.fiji.conformal.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The per-class overlay on seeded synthetic three-class label maps (three
 * discs side by side, noisy probabilities): each class's outer, inner, band
 * and truth ROIs on each slice cover exactly the voxels of its masks there
 * (counted directly), in the class's colour (the truth white), the outer
 * dashed and the inner solid and thicker, each over a wider dark outline; no
 * two classes share a colour; in a hyperstack the ROIs sit on a slice of
 * every channel; the legend names every class, then the styles; it is not
 * drawn on a view too small for it.
 */
public class ClassOverlaysTest {

	private static final int W = 24, H = 12, D = 3;
	private static final LabelClasses CLASSES = LabelClasses.parse("1:left,2:middle,3:right");

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	/** Three discs along x, radius varying per image, probabilities noisy around the truth. */
	private static LabelSample sample(final Random r, final String id) {
		final Grid g = Grid.of(W, H, D);
		final int n = g.count();
		final int[] truth = new int[n];
		final float[][] p = new float[3][n];
		final int radius = 2 + r.nextInt(3);
		for (int i = 0; i < n; i++) {
			final int x = i % W, y = i / W % H;
			for (int k = 0; k < 3; k++) {
				final int cx = 4 + 8 * k, cy = 6;
				if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) truth[i] = k + 1;
			}
			for (int k = 0; k < 3; k++)
				p[k][i] = (float) Math.min(1, Math.max(0, (truth[i] == k + 1 ? 0.7 : 0.1) + 0.25 * r
					.nextGaussian()));
		}
		final ScalarImage[] probs = new ScalarImage[3];
		for (int k = 0; k < 3; k++)
			probs[k] = new ScalarImage(g, p[k]);
		return LabelSample.of(id, "", CLASSES, g, truth, null, probs);
	}

	private static ClassSets sets(final LabelSample target) {
		final Random r = new Random(5);
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build();
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 30; i++)
			scores.add(ClassScores.score(s, sample(r, "c" + i)));
		final ClassCalibration c = ClassCalibrator.fromScores(s, CLASSES, ClassJointRule.PER_CLASS,
			scores);
		return c.apply(target);
	}

	@Test
	public void eachClassHasItsRoisInItsColourSliceBySlice() {
		final LabelSample target = sample(new Random(99), "target");
		final ClassSets sets = sets(target);
		final Mask[] truth = new Mask[3];
		for (int k = 0; k < 3; k++)
			truth[k] = target.oneVsRest(k).truth();
		for (final boolean hyperstack : new boolean[] { false, true }) {
			final Overlay o = ClassOverlays.withLegend(ClassOverlays.of(sets, truth, hyperstack),
				CLASSES);
			final Map<String, Roi> byName = new HashMap<>();
			ScreenLegend legend = null;
			for (final Roi roi : o.toArray()) {
				if (roi instanceof ScreenLegend) legend = (ScreenLegend) roi;
				else assertNull("ROI names are unique: " + roi.getName(), byName.put(roi.getName(), roi));
			}
			int drawn = 0;
			for (int k = 0; k < 3; k++) {
				final String name = CLASSES.name(k);
				final Map<String, Mask> kinds = new HashMap<>();
				kinds.put("outer", sets.get(k).outer());
				kinds.put("inner", sets.get(k).inner());
				kinds.put("uncertainty", sets.get(k).uncertainty());
				kinds.put("truth", truth[k]);
				for (final Map.Entry<String, Mask> e : kinds.entrySet())
					for (int z = 0; z < D; z++) {
						int count = 0;
						for (int i = 0; i < W * H; i++)
							if (e.getValue().get(z * W * H + i)) count++;
						final String n = e.getKey() + " " + name + "-" + (z + 1);
						final Roi roi = byName.get(n);
						if (count == 0) {
							assertNull(n + " is empty: no ROI", roi);
							continue;
						}
						drawn++;
						assertNotNull(n, roi);
						assertEquals(n, count, roi.getContainedPoints().length);
						if (hyperstack) {
							assertEquals(n, z + 1, roi.getZPosition());
							assertEquals(n + " on every channel", 0, roi.getCPosition());
						}
						else assertEquals(n, z + 1, roi.getPosition());
						if (e.getKey().equals("uncertainty")) {
							assertEquals(n, ClassOverlays.color(k).getRGB() & 0xffffff, roi.getFillColor()
								.getRGB() & 0xffffff);
							continue;
						}
						assertEquals(n, e.getKey().equals("truth") ? ClassOverlays.TRUTH : ClassOverlays
							.color(k), roi.getStrokeColor());
						final Roi outline = byName.get("outline " + n);
						assertNotNull("outline " + n, outline);
						assertTrue(n, outline.getStrokeWidth() > roi.getStrokeWidth());
						assertFalse(n, roi.getScaleStrokeWidth() || outline.getScaleStrokeWidth());
						assertEquals(n + " dashed", e.getKey().equals("outer"), roi.getStroke()
							.getDashArray() != null);
					}
				assertTrue(name + ": the inner contour is thicker than the outer", byName.get("inner " +
					name + "-2") == null || byName.get("inner " + name + "-2").getStrokeWidth() > byName.get(
						"outer " + name + "-2").getStrokeWidth());
			}
			assertTrue("something to draw on every slice: " + drawn, drawn >= 3 * 3 * D);
			assertTrue("inner sets drawn: " + byName.keySet(), byName.containsKey("inner left-2"));
			assertNotNull("legend", legend);
			final List<String> words = new ArrayList<>();
			for (int i = 0; i < legend.lines(); i++)
				words.add(legend.word(i));
			assertEquals(Arrays.asList("left", "middle", "right", "inner: surely", "outer: possibly",
				"uncertain", "truth"), words);
			assertEquals(ScreenLegend.Swatch.DASHED, legend.swatch(4));
			assertEquals(ScreenLegend.Swatch.THICK, legend.swatch(3));
		}
		final Set<Color> colours = new HashSet<>();
		for (int k = 0; k < 7; k++)
			colours.add(ClassOverlays.color(k));
		assertEquals("seven distinct class colours", 7, colours.size());
		assertEquals(ClassOverlays.color(0), ClassOverlays.color(7));
	}

	@Test
	public void theLegendIsDrawnOnlyWhereItFits() {
		final ScreenLegend legend = new ScreenLegend(new String[] { "left", "right" }, new Color[] {
			Color.ORANGE, Color.CYAN }, new ScreenLegend.Swatch[] { ScreenLegend.Swatch.FILLED,
				ScreenLegend.Swatch.DASHED }).onlyWhenItFits();
		assertEquals(0, drawnPixels(legend, 20));
		assertTrue(drawnPixels(legend, 200) > 100);
		// the binary overlay's legend is drawn whatever the view
		final ScreenLegend always = new ScreenLegend(new String[] { "outer" }, new Color[] {
			Color.BLUE }, new boolean[] { false });
		assertFalse(always.drawnOnlyWhenItFits());
		assertTrue(drawnPixels(always, 20) > 0);
	}

	private static int drawnPixels(final ScreenLegend legend, final int side) {
		final ImagePlus imp = new ImagePlus("view", new ByteProcessor(side, side));
		legend.setImage(imp);
		final BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
		final Graphics2D g = img.createGraphics();
		legend.drawOverlay(g);
		g.dispose();
		int n = 0;
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				if ((img.getRGB(x, y) >>> 24) != 0) n++;
		return n;
	}
}
