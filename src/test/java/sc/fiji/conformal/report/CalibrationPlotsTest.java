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
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.testing.SyntheticCalibrations;

/**
 * Show Calibration's plots and text, headless: the plots each method gets,
 * drawn (not blank), and the Log table of calibration sizes.
 */
public class CalibrationPlotsTest {

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
			assertEquals(m.id(), keys, new ArrayList<>(plots.keySet()));
			for (final ImagePlus p : plots.values())
				assertTrue(m.id() + " plot drawn", p.getWidth() > 100 && p.getProcessor().getStatistics().stdDev > 0);
			final String text = CalibrationPlots.summary(c, "t");
			assertTrue(text, text.contains(c.guarantee()));
			final ij.measure.ResultsTable needed = CalibrationPlots.neededTable(c);
			assertEquals(CalibrationPlots.TABLE_ALPHAS.length, needed.size());
			for (int r = 0; r < needed.size(); r++) {
				final double a = CalibrationPlots.TABLE_ALPHAS[r];
				final int need = ConformalQuantile.minimumCalibrationSize(a, s.quantile());
				assertEquals(Tables.number(a), needed.getStringValue("alpha", r));
				assertEquals(need, (int) needed.getValue("images needed", r));
				assertEquals(need <= c.n() ? "yes" : "no", needed.getStringValue("enough (have " + c.n() +
					")", r));
				final String words = "α = " + Tables.number(a) + " needs " + need;
				assertTrue(words + " in\n" + text, text.contains(words));
			}
		}
	}

	/**
	 * The rank band against brute force: for B ~ Binomial(n, 1 − α) the lower
	 * rank is the largest l with P(B ≤ l − 1) ≤ 5%, the upper the smallest u
	 * with P(B ≤ u − 1) ≥ 95% (P summed term by term from the pmf), and over
	 * random data the band holds the true quantile of the distribution at least
	 * 90% of the time (binomial band over 2000 draws).
	 */
	@Test
	public void rankBandIsTheOrderStatisticsIntervalAndCoversTheQuantile() {
		final java.util.Random random = new java.util.Random(7);
		for (final int n : new int[] { 5, 19, 60, 200 })
			for (final double alpha : new double[] { 0.05, 0.1, 0.3 }) {
				final double[] cdf = CalibrationPlots.binomialCdf(n, 1 - alpha);
				double sum = 0;
				for (int j = 0; j <= n; j++) {
					sum += binomial(n, j) * Math.pow(1 - alpha, j) *
						Math.pow(alpha, n - j);
					assertEquals(n + " " + alpha + " " + j, sum, cdf[j], 1e-9);
				}
				final double[] sorted = new double[n];
				for (int i = 0; i < n; i++)
					sorted[i] = i + 1;
				final double[] band = CalibrationPlots.rankBand(sorted, alpha);
				int l = 0, u = n + 1;
				for (int j = 1; j <= n; j++)
					if (cdf[j - 1] <= 0.05) l = j;
				for (int j = n; j >= 1; j--)
					if (cdf[j - 1] >= 0.95) u = j;
				assertEquals(Math.max(l, 1), band[0], 0);
				assertEquals(Math.min(u, n), band[1], 0);
			}
		// uniform scores: the 0.9 quantile is 0.9; with n = 60 both ends are inside the data
		int hits = 0;
		final int draws = 2000;
		for (int d = 0; d < draws; d++) {
			final double[] x = new double[60];
			for (int i = 0; i < x.length; i++)
				x[i] = random.nextDouble();
			java.util.Arrays.sort(x);
			final double[] band = CalibrationPlots.rankBand(x, 0.1);
			if (band[0] <= 0.9 && 0.9 <= band[1]) hits++;
		}
		final double se = Math.sqrt(0.9 * 0.1 / draws);
		assertTrue("band covered the quantile in " + hits + " of " + draws, hits >= draws * (0.9 - 4 *
			se));
	}

	private static double binomial(final int n, final int k) {
		double c = 1;
		for (int i = 1; i <= k; i++)
			c = c * (n - k + i) / i;
		return c;
	}
}
