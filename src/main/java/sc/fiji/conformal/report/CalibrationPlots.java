package sc.fiji.conformal.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.JointRule;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Threshold;

/**
 * What Show Calibration shows of one calibration, built with {@link Plots}:
 * the histogram of calibration scores with λ̂ marked (x in the method's unit,
 * e.g. dilation steps), and λ̂ against α with the calibration's own rank band
 * (the 90% distribution-free range, from the order statistics, of the score
 * quantile λ̂ estimates: where λ̂ would settle with unlimited images); the
 * guarantee in one sentence, and the calibration size each smaller α needs
 * ({@link #neededTable}). Nothing is shown here (works headless); front ends
 * show the images.
 */
public final class CalibrationPlots {

	/** The α of the curves' x axis, from 0.01 to 0.5. */
	static final double[] ALPHAS = alphas();

	/** The α of the table of calibration sizes. */
	static final double[] TABLE_ALPHAS = { 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001 };

	/** Confidence of the rank band. */
	static final double BAND = 0.9;

	private CalibrationPlots() {}

	/**
	 * The calibration's plots, not shown: {@code scores} (or
	 * {@code scores-inner} and {@code scores-outer}), the histogram of the
	 * calibration scores in the method's unit with λ̂ marked (for crc, the
	 * per-image FNR at t̂ with α marked); {@code lambda}, λ̂ against α
	 * re-derived from the stored scores (trivial α left out), for rank-based
	 * methods with each side's {@link #rankBand}.
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
			out.put("scores", Plots.histogram(t + ": per-image " + loss + " at λ̂", loss +
				" of each calibration image", m.calibrationLosses(c), c.settings().alpha()));
		}
		else {
			if (m.hasInner()) out.put(m.hasOuter() ? "scores-inner" : "scores", Plots.histogram(t +
				": calibration scores" + (m.hasOuter() ? " (inner)" : ""), "score of each image: " + unit(c,
					true), natural(c, true), m.toNatural(c.inner().lambda())));
			if (m.hasOuter()) out.put(m.hasInner() ? "scores-outer" : "scores", Plots.histogram(t +
				": calibration scores" + (m.hasInner() ? " (outer)" : ""), "score of each image: " + unit(c,
					false), natural(c, false), m.toNatural(c.outer().lambda())));
		}
		final List<Plots.Series> lambdas = new ArrayList<>();
		final List<Plots.Band> bands = new ArrayList<>();
		if (m.hasInner()) side(c, true, lambdas, bands);
		if (m.hasOuter()) side(c, false, lambdas, bands);
		final String y = m.hasInner() && m.hasOuter() ? "λ̂" : "λ̂ (" + unit(c, m.hasInner()) + ")";
		out.put("lambda", Plots.curves(t + ": λ̂ against α (trivial α left out)",
			"α (miscoverage: 1 − α is the guaranteed probability)", y, ALPHAS, lambdas, bands));
		return out;
	}

	/** One side's λ̂ against α and, for a rank-based method, its band. */
	private static void side(final Calibration c, final boolean inner, final List<Plots.Series> lambdas,
		final List<Plots.Band> bands)
	{
		final Method m = c.method();
		final boolean both = m.hasInner() && m.hasOuter();
		final double[] l = new double[ALPHAS.length], lo = new double[ALPHAS.length],
			hi = new double[ALPHAS.length];
		final double[] sorted = level(c, inner);
		Arrays.sort(sorted);
		for (int j = 0; j < ALPHAS.length; j++) {
			final Threshold s = inner ? c.withAlpha(ALPHAS[j]).inner() : c.withAlpha(ALPHAS[j]).outer();
			l[j] = s == null || s.trivial() ? Double.NaN : m.toNatural(s.lambda());
			final double[] band = ranked(c) && s != null ? rankBand(sorted, s.alpha())
				: new double[] { Double.NaN, Double.NaN };
			final double a = m.toNatural(band[0]), b = m.toNatural(band[1]);
			lo[j] = Math.min(a, b);
			hi[j] = Math.max(a, b);
		}
		final String side = both ? (inner ? " inner" : " outer") : "";
		lambdas.add(new Plots.Series("λ̂" + side + " (this calibration)", l, null));
		if (ranked(c)) bands.add(new Plots.Band("shaded: 90% range of λ̂" + side +
			" with unlimited images", lo, hi));
	}

	/** Whether each side's λ̂ is a rank of its own scores (not crc, not the max of both sides). */
	private static boolean ranked(final Calibration c) {
		final Method m = c.method();
		return m.risk() == null && !(m.hasInner() && m.hasOuter() && c.settings()
			.joint() == JointRule.MAX);
	}

	/**
	 * The calibration's own rank band for a quantile at 1 − α: the scores of
	 * ranks l ≤ u (1-based, of the n sorted scores) with P(B ≥ l) ≥ 0.95 and
	 * P(B ≤ u − 1) ≥ 0.95 for B ~ Binomial(n, 1 − α), so that the (1 − α)
	 * quantile of the scores' distribution lies in [s_(l), s_(u)] with
	 * probability at least {@value #BAND} (distribution-free, for any
	 * continuous or discrete scores). An end beyond the data is the smallest
	 * or largest finite score (the band is open there).
	 *
	 * @param sorted the scores, increasing
	 * @return {lower, upper}, NaN for no finite scores
	 */
	static double[] rankBand(final double[] sorted, final double alpha) {
		final int n = sorted.length;
		final double[] cdf = binomialCdf(n, 1 - alpha);
		final double tail = (1 - BAND) / 2;
		int l = 0; // largest l with P(B <= l - 1) <= tail
		for (int j = 1; j <= n; j++)
			if (cdf[j - 1] <= tail) l = j;
		int u = n + 1; // smallest u with P(B <= u - 1) >= 1 - tail
		for (int j = n; j >= 1; j--)
			if (cdf[j - 1] >= 1 - tail) u = j;
		int first = 0, last = n - 1;
		while (first < n && !Double.isFinite(sorted[first]))
			first++;
		while (last >= 0 && !Double.isFinite(sorted[last]))
			last--;
		if (first > last) return new double[] { Double.NaN, Double.NaN };
		final int lo = Math.min(Math.max(l - 1, first), last), hi = Math.max(Math.min(u - 1, last),
			first);
		return new double[] { sorted[lo], sorted[hi] };
	}

	/** P(B ≤ j) for j = 0..n, B ~ Binomial(n, p), summed in log space. */
	static double[] binomialCdf(final int n, final double p) {
		final double[] cdf = new double[n + 1];
		double logC = 0, sum = 0;
		for (int j = 0; j <= n; j++) {
			if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
			final double logP = logC + (p == 0 ? (j == 0 ? 0 : Double.NEGATIVE_INFINITY) : j * Math.log(
				p)) + (p == 1 ? (j == n ? 0 : Double.NEGATIVE_INFINITY) : (n - j) * Math.log1p(-p));
			sum += Math.exp(logP);
			cdf[j] = Math.min(1, sum);
		}
		return cdf;
	}

	/**
	 * The images needed per α: for each α of {@link #TABLE_ALPHAS}, the
	 * calibration size the quantile rule needs for a non-trivial set
	 * ({@link ConformalQuantile#minimumCalibrationSize}) and whether this
	 * calibration has that many.
	 *
	 * @throws IllegalArgumentException if the calibration is null
	 */
	public static ResultsTable neededTable(final Calibration c) {
		if (c == null) throw new IllegalArgumentException("calibration must be given, got null");
		final ResultsTable t = new ResultsTable();
		for (final double a : TABLE_ALPHAS) {
			final int need = ConformalQuantile.minimumCalibrationSize(a, c.settings().quantile());
			t.incrementCounter();
			t.addValue("alpha", Tables.number(a));
			t.addValue("guaranteed probability", Tables.number(1 - a));
			t.addValue("images needed", need);
			t.addValue("enough (have " + c.n() + ")", need <= c.n() ? "yes" : "no");
		}
		return t;
	}

	/**
	 * The Log text: the guarantee in one sentence, λ̂, and the calibration size
	 * the quantile rule needs for a non-trivial set at each α
	 * ({@link ConformalQuantile#minimumCalibrationSize}), in words.
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
		sb.append("Calibration images needed for a non-trivial set (you have ").append(c.n()).append(
			"):");
		for (final double a : TABLE_ALPHAS) {
			final int need = ConformalQuantile.minimumCalibrationSize(a, c.settings().quantile());
			sb.append(a == TABLE_ALPHAS[0] ? " " : ", ").append("α = ").append(Tables.number(a)).append(
				" needs ").append(need);
		}
		return sb.append('.').toString();
	}

	/** The unit of a side's scores, with the method for a morphological step ("dilation steps"). */
	static String unit(final Calibration c, final boolean inner) {
		final String u = c.method().unit(c.settings(), inner);
		return u.equals("steps") || u.equals("distance") ? c.method().id() + " " + u : u;
	}

	private static double[] level(final Calibration c, final boolean inner) {
		final double[] v = new double[c.n()];
		for (int i = 0; i < v.length; i++) {
			final ImageScore x = c.scores().get(i);
			v[i] = inner ? x.inner() : x.outer();
		}
		return v;
	}

	private static double[] natural(final Calibration c, final boolean inner) {
		final double[] v = level(c, inner);
		for (int i = 0; i < v.length; i++)
			v[i] = c.method().toNatural(v[i]);
		return v;
	}

	private static double[] alphas() {
		final double[] a = new double[50];
		for (int i = 0; i < a.length; i++)
			a[i] = Double.parseDouble(String.format(Locale.ROOT, "%.2f", 0.01 * (i + 1)));
		return a;
	}
}
