package sc.fiji.conformal.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Threshold;

/**
 * What Show Calibration shows of one calibration, built with {@link Plots}:
 * the histogram of calibration scores with λ̂ marked, λ̂ against α, and the
 * coverage the quantile position gives against 1 − α; and the text: the
 * guarantee in one sentence and the calibration size each smaller α needs.
 * Nothing is shown here (works headless); front ends show the images.
 */
public final class CalibrationPlots {

	/** The α of the curves' x axis, from 0.01 to 0.5. */
	static final double[] ALPHAS = alphas();

	/** The α of the table of calibration sizes. */
	static final double[] TABLE_ALPHAS = { 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001 };

	private CalibrationPlots() {}

	/**
	 * The calibration's plots, not shown: {@code scores} (or
	 * {@code scores-inner} and {@code scores-outer}), the histogram of the
	 * calibration scores with λ̂ marked (for crc, the per-image FNR at t̂ with α
	 * marked); {@code lambda}, λ̂ against α re-derived from the stored scores
	 * (trivial α left out); and, for rank-based methods, {@code coverage} (or
	 * {@code coverage-inner} and {@code coverage-outer} when the sides' α or
	 * ranks differ): k/(n+1) against 1 − α of the side, the probability that a new exchangeable image's score is at most λ̂
	 * (exact without ties), with the bounds 1 − α and 1 − α + 1/(n+1).
	 *
	 * @param name names the calibration in the titles
	 * @throws IllegalArgumentException if the calibration is null
	 */
	public static Map<String, ImagePlus> plots(final Calibration c, final String name) {
		if (c == null) throw new IllegalArgumentException("calibration must be given, got null");
		final Method m = c.method();
		final Map<String, ImagePlus> out = new LinkedHashMap<>();
		final String t = name + " (" + m.id() + ", n=" + c.n() + ")";
		final Measure risk = m.risk();
		if (risk != null) {
			final String loss = risk.id().toUpperCase(Locale.ROOT);
			out.put("scores", Plots.histogram(t + ": per-image " + loss + " at λ̂", loss, m
				.calibrationLosses(c), c.settings().alpha()));
		}
		else {
			if (m.hasInner()) out.put(m.hasOuter() ? "scores-inner" : "scores", Plots.histogram(t +
				": calibration scores" + (m.hasOuter() ? " (inner)" : ""), "calibration score", natural(c, true), m
					.toNatural(c.inner().lambda())));
			if (m.hasOuter()) out.put(m.hasInner() ? "scores-outer" : "scores", Plots.histogram(t +
				": calibration scores" + (m.hasInner() ? " (outer)" : ""), "calibration score", natural(c, false), m
					.toNatural(c.outer().lambda())));
		}
		final double[] li = new double[ALPHAS.length], lo = new double[ALPHAS.length];
		final Threshold[] ti = new Threshold[ALPHAS.length], to = new Threshold[ALPHAS.length];
		for (int j = 0; j < ALPHAS.length; j++) {
			final Calibration a = c.withAlpha(ALPHAS[j]);
			ti[j] = a.inner();
			to[j] = a.outer();
			li[j] = ti[j] == null || ti[j].trivial() ? Double.NaN : m.toNatural(ti[j].lambda());
			lo[j] = to[j] == null || to[j].trivial() ? Double.NaN : m.toNatural(to[j].lambda());
		}
		final List<Plots.Series> lambdas = new ArrayList<>();
		if (m.hasInner()) lambdas.add(new Plots.Series(m.hasOuter() ? "λ̂ inner" : "λ̂", li, null));
		if (m.hasOuter()) lambdas.add(new Plots.Series(m.hasInner() ? "λ̂ outer" : "λ̂", lo, null));
		out.put("lambda", Plots.curves(t + ": λ̂ against α (trivial α left out)", "α", "λ̂", ALPHAS,
			lambdas));
		if (risk == null) {
			if (m.hasInner() && m.hasOuter() && !sameRanks(ti, to)) {
				out.put("coverage-inner", coverage(t + " inner", c.n(), ti));
				out.put("coverage-outer", coverage(t + " outer", c.n(), to));
			}
			else out.put("coverage", coverage(t, c.n(), m.hasInner() ? ti : to));
		}
		return out;
	}

	/**
	 * The Log text: the guarantee in one sentence, λ̂, and a table of α against
	 * the calibration size the quantile rule needs for a non-trivial set
	 * ({@link ConformalQuantile#minimumCalibrationSize}).
	 *
	 * @throws IllegalArgumentException if the calibration is null
	 */
	public static String summary(final Calibration c, final String name) {
		if (c == null) throw new IllegalArgumentException("calibration must be given, got null");
		final StringBuilder sb = new StringBuilder();
		sb.append("Calibration ").append(name).append(": ").append(c).append('\n');
		sb.append("Guarantee (new images exchangeable with the calibration images): ").append(c
			.guarantee()).append('\n');
		if (c.trivial()) sb.append("Trivial at this α: needs n ≥ ").append(c.nNeeded()).append('\n');
		sb.append("alpha\tn needed (have ").append(c.n()).append(")\n");
		for (final double a : TABLE_ALPHAS) {
			final int need = ConformalQuantile.minimumCalibrationSize(a, c.settings().quantile());
			sb.append(Tables.number(a)).append('\t').append(need).append(need <= c.n() ? ""
				: "\t(more than you have)").append('\n');
		}
		return sb.toString().trim();
	}

	/** Whether both sides have the same α and rank at every α (e.g. an even Bonferroni split). */
	private static boolean sameRanks(final Threshold[] a, final Threshold[] b) {
		for (int j = 0; j < a.length; j++)
			if (a[j].alpha() != b[j].alpha() || a[j].k() != b[j].k()) return false;
		return true;
	}

	private static ImagePlus coverage(final String title, final int n, final Threshold[] t) {
		// x = 1 − the side's own α (Bonferroni splits α between sides), increasing
		final int len = t.length;
		final double[] nominal = new double[len], lower = new double[len], upper = new double[len],
			k = new double[len];
		for (int j = 0; j < len; j++) {
			final Threshold s = t[len - 1 - j];
			nominal[j] = 1 - s.alpha();
			lower[j] = nominal[j];
			upper[j] = Math.min(1, nominal[j] + 1.0 / (n + 1));
			k[j] = s.k() == Threshold.NO_RANK ? Double.NaN : s.trivial() ? 1 : (double) s.k() / (n + 1);
		}
		final List<Plots.Series> series = new ArrayList<>();
		series.add(new Plots.Series("k/(n+1): P(new score ≤ λ̂), no ties", k, null));
		series.add(new Plots.Series("1 − α: guaranteed at least", lower, null));
		series.add(new Plots.Series("1 − α + 1/(n+1): at most, no ties", upper, null));
		return Plots.curves(title + ": coverage of λ̂ against 1 − α", "1 − α (this side)",
			"coverage", nominal, series);
	}

	private static double[] natural(final Calibration c, final boolean inner) {
		final double[] v = new double[c.n()];
		for (int i = 0; i < v.length; i++) {
			final ImageScore x = c.scores().get(i);
			v[i] = c.method().toNatural(inner ? x.inner() : x.outer());
		}
		return v;
	}

	private static double[] alphas() {
		final double[] a = new double[50];
		for (int i = 0; i < a.length; i++)
			a[i] = Double.parseDouble(String.format(Locale.ROOT, "%.2f", 0.01 * (i + 1)));
		return a;
	}
}
