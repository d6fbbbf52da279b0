package sc.fiji.conformal.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * Show Calibration's plots and text, headless: the plots each method gets,
 * drawn (not blank), and the Log table of calibration sizes.
 */
public class CalibrationPlotsTest {

	private static final SyntheticDataset DATA = new SyntheticDataset(41, 11, 48, 48);

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static Calibration calibrate(final Settings s) {
		final List<Sample> cal = new ArrayList<>();
		for (int i = 0; i < 40; i++)
			cal.add(DATA.get(i));
		return Calibrator.calibrate(s, cal);
	}

	private static List<Settings> settings() {
		final List<Settings> s = new ArrayList<>();
		s.add(Settings.builder(Method.DILATION).alpha(0.1).build());
		s.add(Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.05).build());
		s.add(Settings.builder(Method.THRESHOLD_INNER).alpha(0.1).tolerance(0.05).build());
		s.add(Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build());
		s.add(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build());
		s.add(Settings.builder(Method.CRC).alpha(0.1).build());
		return s;
	}

	@Test
	public void showCalibrationPlotsAndTable() {
		for (final Settings s : settings()) {
			final Calibration c = calibrate(s);
			final Map<String, ImagePlus> plots = CalibrationPlots.plots(c, "t");
			final Method m = s.method();
			final List<String> keys = new ArrayList<>();
			if (m == Method.CRC) keys.add("scores");
			else if (m.hasInner() && m.hasOuter()) {
				keys.add("scores-inner");
				keys.add("scores-outer");
			}
			else keys.add("scores");
			keys.add("lambda");
			// confidence sets split α evenly by default: one coverage plot serves both sides
			if (m != Method.CRC) keys.add("coverage");
			assertEquals(m.id(), keys, new ArrayList<>(plots.keySet()));
			for (final ImagePlus p : plots.values())
				assertTrue(m.id() + " plot drawn", p.getWidth() > 100 && p.getProcessor().getStatistics().stdDev > 0);
			final String text = CalibrationPlots.summary(c, "t");
			assertTrue(text, text.contains(c.guarantee()));
			for (final double a : CalibrationPlots.TABLE_ALPHAS) {
				final String row = Tables.number(a) + "\t" + ConformalQuantile.minimumCalibrationSize(a, s
					.quantile());
				assertTrue(row + " in\n" + text, text.contains("\n" + row));
			}
		}
	}

	@Test
	public void unevenSplitHasACoveragePlotPerSide() {
		final Calibration c = calibrate(Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02)
			.alphaOuter(0.08).build());
		final Map<String, ImagePlus> plots = CalibrationPlots.plots(c, "t");
		assertTrue(plots.keySet().toString(), plots.containsKey("coverage-inner") && plots.containsKey(
			"coverage-outer") && !plots.containsKey("coverage"));
	}
}
