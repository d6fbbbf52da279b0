package sc.fiji.conformal.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.demo.SyntheticDataset;

/** The sets' overlay: each ROI covers exactly its mask's pixels, one ROI per non-empty slice in 3-D. */
public class SetOverlaysTest {

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	public void overlayRoiAreasEqualTheMaskCounts2D() {
		final SyntheticDataset data = new SyntheticDataset(40, 11, 40, 40);
		final Calibration c = Calibrator.calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2)
			.build(), data);
		int checked = 0;
		for (int i = 0; i < data.size() && checked < 3; i++) {
			final Sample s = data.get(i);
			final ConformalSets sets = c.apply(s);
			if (sets.inner().isEmpty() || sets.uncertainty().isEmpty() || s.truth().isEmpty()) continue;
			final Overlay o = SetOverlays.of(sets, s.truth());
			final Map<String, Roi> byName = byName(o);
			assertEquals(new TreeSet<>(Arrays.asList("outer", "prediction", "inner", "truth",
				"uncertainty", "outline outer", "outline prediction", "outline inner", "outline truth")),
				byName.keySet());
			assertEquals(sets.predicted().count(), area(byName.get("prediction")));
			// two-tone contours: a wider dark outline under each colour, both the same width at any zoom
			for (final String n : new String[] { "outer", "prediction", "inner", "truth" }) {
				final Roi colour = byName.get(n), outline = byName.get("outline " + n);
				assertEquals(n, area(colour), area(outline));
				assertEquals(n, SetOverlays.OUTLINE, outline.getStrokeColor());
				assertTrue(n, outline.getStrokeWidth() > colour.getStrokeWidth());
				assertFalse(n, colour.getScaleStrokeWidth() || outline.getScaleStrokeWidth());
			}
			assertEquals(sets.outer().count(), area(byName.get("outer")));
			assertEquals(sets.inner().count(), area(byName.get("inner")));
			assertEquals(s.truth().count(), area(byName.get("truth")));
			assertEquals(sets.uncertainty().count(), area(byName.get("uncertainty")));
			assertEquals(SetOverlays.OUTER, byName.get("outer").getStrokeColor());
			assertEquals(SetOverlays.INNER, byName.get("inner").getStrokeColor());
			checked++;
		}
		assertEquals("images with non-empty sets", 3, checked);
	}

	@Test
	public void overlayRoisArePerSliceIn3D() {
		final SyntheticDataset data = new SyntheticDataset(30, 12, 16, 16, 8);
		final Calibration c = Calibrator.calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2)
			.build(), data);
		final Sample s = data.get(0);
		final ConformalSets sets = c.apply(s);
		final Overlay o = SetOverlays.of(sets, s.truth());
		final int plane = 16 * 16;
		final Map<String, Mask> masks = new HashMap<>();
		masks.put("outer", sets.outer());
		masks.put("inner", sets.inner());
		masks.put("truth", s.truth());
		masks.put("uncertainty", sets.uncertainty());
		final Map<String, Roi> byName = byName(o);
		int nonEmpty = 0;
		for (final Map.Entry<String, Mask> e : masks.entrySet()) {
			for (int z = 0; z < 8; z++) {
				int count = 0;
				for (int i = 0; i < plane; i++)
					if (e.getValue().get(z * plane + i)) count++;
				final Roi roi = byName.get(e.getKey() + "-" + (z + 1));
				if (count == 0) {
					assertEquals(e.getKey() + " slice " + (z + 1) + " is empty: no ROI", null, roi);
					continue;
				}
				nonEmpty++;
				assertNotNull(e.getKey() + " slice " + (z + 1), roi);
				assertEquals(e.getKey() + " slice " + (z + 1), z + 1, roi.getPosition());
				assertEquals(e.getKey() + " slice " + (z + 1), count, area(roi));
			}
		}
		int named = 0;
		for (final Roi r : o.toArray())
			if (masks.containsKey(r.getName().replaceFirst("-\\d+$", ""))) named++;
		assertEquals("one ROI per non-empty slice", nonEmpty, named);
		assertTrue("the test image has something to draw", nonEmpty >= 8);
	}

	private static Map<String, Roi> byName(final Overlay o) {
		final Map<String, Roi> m = new HashMap<>();
		for (final Roi r : o.toArray()) {
			assertEquals("ROI names are unique", null, m.put(r.getName(), r));
		}
		return m;
	}

	private static int area(final Roi roi) {
		return roi.getContainedPoints().length;
	}
}
