package sc.fiji.conformal.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

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
import sc.fiji.conformal.testing.SyntheticCalibrations;

/**
 * The live-α logic, headless: sets from cached level maps equal a full
 * {@code withAlpha(α).apply(sample)} for every method and α on the slider; the
 * overlay's ROIs cover exactly the masks' pixels; a trivial α says so with the
 * n it needs.
 */
public class LiveAlphaTest {

	private static final SyntheticDataset DATA = SyntheticCalibrations.DATA;

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static Calibration calibrate(final Settings s) {
		return SyntheticCalibrations.calibrate(s);
	}

	private static List<Settings> settings() {
		return SyntheticCalibrations.everyMethod();
	}

	@Test
	public void cachedMapsGiveTheSetsOfAFullApply() {
		final Sample image = DATA.get(40);
		for (final Settings s : settings()) {
			final Calibration c = calibrate(s);
			final LiveAlpha live = new LiveAlpha(c, image);
			for (final double a : new double[] { 0.01, 0.03, 0.1, 0.25, 0.5 }) {
				final ConformalSets expected = c.withAlpha(a).apply(image);
				final ConformalSets got = live.sets(a);
				assertSameSets(s.method().id() + " α=" + a, expected, got);
			}
		}
	}

	@Test
	public void overlayRoisCoverTheMasksPixels() {
		final Sample image = DATA.get(40);
		final Calibration c = calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build());
		final LiveAlpha live = new LiveAlpha(c, image);
		for (final double a : new double[] { 0.05, 0.2, 0.5 }) {
			final ConformalSets sets = live.sets(a);
			final Overlay o = live.overlay(sets);
			assertEquals("α=" + a + " outer", count(sets.outer()), area(o, "outer"));
			assertEquals("α=" + a + " inner", count(sets.inner()), area(o, "inner"));
			assertEquals("α=" + a + " truth", count(image.truth()), area(o, "truth"));
			assertEquals("α=" + a + " band", count(sets.uncertainty()), area(o, "uncertainty"));
			assertTrue("legend", find(o, "legend") instanceof ScreenLegend);
		}
		// a larger α never grows the outer set
		assertTrue(live.sets(0.5).outer().count() <= live.sets(0.05).outer().count());
	}

	/**
	 * On a 3-D stack the live sets equal a full apply for every method, and the
	 * overlay holds one ROI per slice and set (named with the slice, placed on
	 * it) that together cover exactly the masks' voxels.
	 */
	@Test
	public void stacksGetTheSetsAndOneRoiPerSlice() {
		final SyntheticDataset stacks = new SyntheticDataset(31, 12, 24, 20, 6);
		final List<Sample> cal = new ArrayList<>();
		for (int i = 0; i < 30; i++)
			cal.add(stacks.get(i));
		final Sample image = stacks.get(30);
		for (final Settings s : settings()) {
			final Calibration c = Calibrator.calibrate(s, cal);
			final LiveAlpha live = new LiveAlpha(c, image);
			for (final double a : new double[] { 0.05, 0.2 }) {
				final ConformalSets expected = c.withAlpha(a).apply(image);
				final ConformalSets got = live.sets(a);
				final String what = s.method().id() + " 3-D α=" + a;
				assertSameSets(what, expected, got);
				final Overlay o = live.overlay(got);
				for (final String set : new String[] { "outer", "inner", "truth" }) {
					final Mask m = set.equals("outer") ? got.outer() : set.equals("inner") ? got.inner()
						: image.truth();
					int voxels = 0;
					for (int z = 1; z <= 6; z++) {
						final Roi r = find(o, set + "-" + z);
						if (r == null) continue;
						assertEquals(what + " " + set + " slice", z, r.getPosition());
						voxels += r.getContainedPoints().length;
					}
					assertEquals(what + " " + set, count(m), voxels);
				}
			}
		}
	}

	@Test
	public void trivialAlphaSaysWhichNItNeeds() {
		final Calibration c = calibrate(Settings.builder(Method.DILATION).alpha(0.1).build());
		final LiveAlpha live = new LiveAlpha(c, DATA.get(40));
		final Calibration small = live.calibration(0.01);
		assertTrue("n=40 is too few for α=0.01", small.trivial());
		final String text = LiveAlpha.describe(small);
		assertTrue(text, text.contains("needs n ≥ 99"));
		assertTrue(text, text.contains("∞"));
		assertEquals("trivial outer set is the whole image", 48 * 48, live.sets(0.01).outer().count());
		final String ok = LiveAlpha.describe(live.calibration(0.1));
		assertFalse(ok, ok.contains("Trivial"));
		assertTrue(ok, ok.contains("λ̂ = " + Tables.number(c.outer().lambda())));
		assertTrue(LiveAlpha.toleranceNote(c).contains("new calibration"));
	}

	@Test
	public void badArgumentsAreNamed() {
		final Calibration c = calibrate(Settings.builder(Method.DILATION).alpha(0.1).build());
		final LiveAlpha live = new LiveAlpha(c, DATA.get(40));
		for (final double a : new double[] { 0, 1, -0.1, Double.NaN }) {
			try {
				live.sets(a);
				fail("alpha " + a + " accepted");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("alpha must be in (0, 1)"));
			}
		}
		try {
			new LiveAlpha(null, DATA.get(40));
			fail("null calibration accepted");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("calibration"));
		}
	}

	private static void assertSameSets(final String what, final ConformalSets expected,
		final ConformalSets got)
	{
		if (expected.inner() == null) assertEquals(what, null, got.inner());
		else assertArrayEquals(what + " inner", expected.inner().voxels(), got.inner().voxels());
		if (expected.outer() == null) assertEquals(what, null, got.outer());
		else assertArrayEquals(what + " outer", expected.outer().voxels(), got.outer().voxels());
	}

	private static int count(final Mask m) {
		return m == null ? 0 : m.count();
	}

	static Roi find(final Overlay o, final String name) {
		for (int i = 0; i < o.size(); i++)
			if (name.equals(o.get(i).getName())) return o.get(i);
		return null;
	}

	/** Pixels inside a named ROI of the overlay (0 if absent). */
	static int area(final Overlay o, final String name) {
		final Roi r = find(o, name);
		return r == null ? 0 : r.getContainedPoints().length;
	}
}
