package sc.fiji.conformal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.report.Baseline;
import sc.fiji.conformal.report.CoverageBand;
import sc.fiji.conformal.report.Panels;
import sc.fiji.conformal.report.Plots;
import sc.fiji.conformal.report.Tables;
import sc.fiji.conformal.report.ValidationReport;

/**
 * The source papers' validation protocols, in form, on one labelled dataset:
 * false-positive control (erosion, threshold-inner), morphological outer sets
 * (dilation), FNR control (threshold-outer, the lesion paper), conformal
 * confidence sets and conformal risk control, each over seeded random
 * half/half splits. Every coverage is checked against the lower end of its
 * binomial band ({@link CoverageBand}) — and, on tie-free float scores,
 * the threshold methods' coverage also against its upper end — and the mean
 * FNR of risk control against α + 4·sd/√S; failures are collected, not thrown, so one run reports
 * them all. Writes a Markdown section and its figures (Plots, Panels).
 * <p>
 * Each method's per-image scores are computed once per setting; the α of a
 * protocol share one pass over the images ({@link Validation#sweep}), which
 * gives exactly the numbers of one validation per α.
 */
final class PaperProtocols {

	static final double[] TAUS = { 0.1, 0.01, 0.001 };
	static final double[] COVERAGE_RATIOS = { 0.9, 0.99, 0.999 };
	static final double[] EPSILONS = { 0.1, 0.2, 0.3 };
	static final double[] CONFIDENCE_ALPHAS = { 0.05, 0.1, 0.15, 0.2 };
	static final double[] CRC_ALPHAS = { 0.05, 0.1, 0.15, 0.2, 0.3 };
	static final long SEED = 1;

	/**
	 * How the protocols run on a dataset: the structuring element of erosion
	 * and dilation, the words for it and its unit, and the number of splits of
	 * each protocol.
	 */
	static final class Options {

		final StructuringElement shape;
		final String shapeText;
		final String unit;
		final int fpSplits, morphSplits, lesionSplits, confidenceSplits, crcSplits;
		/** Whether to draw the histogram of dilation λ̂ over splits. */
		final boolean lambdaHistogram;
		/**
		 * Whether the score maps are continuous (float, few ties): then the
		 * threshold methods' coverage must lie inside the band, not only reach
		 * its lower end.
		 */
		final boolean tieFreeScores;

		Options(final StructuringElement shape, final String shapeText, final String unit,
			final int fpSplits, final int morphSplits, final int lesionSplits,
			final int confidenceSplits, final int crcSplits, final boolean volumes)
		{
			this.lambdaHistogram = volumes;
			this.tieFreeScores = volumes;
			this.shape = shape;
			this.shapeText = shapeText;
			this.unit = unit;
			this.fpSplits = fpSplits;
			this.morphSplits = morphSplits;
			this.lesionSplits = lesionSplits;
			this.confidenceSplits = confidenceSplits;
			this.crcSplits = crcSplits;
		}

		/** The papers' 2-D protocols: cross steps; 10, 36, 100, 100 and 100 splits. */
		static Options papers2d() {
			return new Options(StructuringElement.CROSS, "Dilation by the cross", "dilation steps", 10,
				36, 100, 100, 100, false);
		}

		/**
		 * Volumes with float score maps: Euclidean balls with radii in mm, the
		 * same number of splits for every protocol, the histogram of dilation λ̂
		 * over splits, and two-sided checks of the threshold methods.
		 */
		static Options euclideanMm(final int splits) {
			return new Options(StructuringElement.EUCLIDEAN,
				"Euclidean dilation (ball radius in mm, voxel spacing respected)", "mm", splits, splits,
				splits, splits, splits, true);
		}
	}

	final String key;
	final String title;
	final Iterable<Sample> data;
	final Options options;
	final StringBuilder md = new StringBuilder();
	final List<String> failures = new ArrayList<>();
	/** Figures by file name (without .png). */
	final Map<String, ImagePlus> figures = new LinkedHashMap<>();

	PaperProtocols(final String key, final String title, final Iterable<Sample> data,
		final Options options)
	{
		this.key = key;
		this.title = title;
		this.data = data;
		this.options = options;
		md.append("## ").append(title).append("\n\n");
	}

	/** Every protocol, and the time they took. */
	void all() {
		final long t0 = System.nanoTime();
		falsePositives();
		morphological();
		lesionFnr();
		confidenceSets();
		riskControl();
		md.append(String.format(Locale.ROOT, "_All protocols on this dataset: %.0f s._%n%n",
			(System.nanoTime() - t0) / 1e9));
	}

	List<ImageScore> scores(final Settings s) {
		final List<ImageScore> out = new ArrayList<>();
		for (final Sample x : data)
			out.add(ImageScores.score(s, x));
		return out;
	}

	/** The validation of {@code s} at each α (one pass over the images). */
	Map<Double, ValidationResult> validate(final Settings s, final double[] alphas,
		final List<ImageScore> scores, final int splits)
	{
		return Validation.sweep(s, alphas, scores, data, splits, 0.5, SEED);
	}

	/** Checks a coverage against the lower end of its band; returns the band. */
	CoverageBand check(final String what, final ValidationResult v, final double alpha,
		final Measure m)
	{
		final CoverageBand b = ValidationReport.band(v, alpha);
		final double mean = v.mean(m);
		if (!b.holds(mean)) failures.add(String.format(Locale.ROOT, "%s %s: %s %.4f below the band %s",
			key, what, m.id(), mean, b));
		final Method method = v.settings().method();
		if (options.tieFreeScores && (method == Method.THRESHOLD_INNER ||
			method == Method.THRESHOLD_OUTER) && !b.contains(mean))
		{
			// without ties nothing pushes a threshold's coverage above the band
			failures.add(String.format(Locale.ROOT, "%s %s: %s %.4f above the band %s (tie-free scores)",
				key, what, m.id(), mean, b));
		}
		return b;
	}

	/** "mean ± sd", marked ↑ above the band and ✗ below it. */
	static String cov(final ValidationResult v, final Measure m, final CoverageBand b) {
		return cov(v.mean(m), v.sd(m), b);
	}

	/** "mean ± sd", marked ↑ above the band and ✗ below it. */
	static String cov(final double mean, final double sd, final CoverageBand b) {
		return Tables.meanSd(mean, sd) + (b.contains(mean) ? "" : mean > b.upper() ? " ↑" : " ✗");
	}

	void falsePositives() {
		md.append("### False-positive control (Mossina & Friedrich)\n\n").append(String.format(
			Locale.ROOT, "Inner sets, α = 0.1, %d random half/half splits; EV = share of test images " +
				"with AFP ≤ τ (target ≥ 0.9), CR = |I|/|Ŷ|, ATP = |I∩Y|/|Ŷ|. Baseline: Ŷ = {s ≥ 0.5} " +
				"itself, on all images.%s%n%n", options.fpSplits, options.shape == StructuringElement.CROSS
					? "" : " Erosion by the " + options.shape.id() + " structuring element, λ̂ in " +
						options.unit + "."));
		final Tables t = new Tables(Arrays.asList("τ", "method", "EV", "band", "CR", "ATP",
			"λ̂ mean (min–max)"));
		for (final double tau : TAUS) {
			final Settings ero = Settings.builder(Method.EROSION).alpha(0.1).tolerance(tau).shape(
				options.shape).build();
			final Settings thr = Settings.builder(Method.THRESHOLD_INNER).alpha(0.1).tolerance(tau)
				.build();
			// baseline: Ŷ measured with the erosion event AFP ≤ τ
			final Baseline b = Baseline.of(ero);
			double ev = 0, cr = 0, atp = 0;
			int c = 0;
			for (final Sample x : data) {
				final ImageMetrics m = b.metrics(x);
				ev += m.get(Measure.VALIDITY);
				cr += m.get(Measure.CR);
				atp += m.get(Measure.ATP);
				c++;
			}
			t.row(Arrays.asList(Tables.number(tau), "baseline", Tables.fixed(ev / c), "", Tables.fixed(cr /
				c), Tables.fixed(atp / c), "λ = 0"));
			for (final Settings s : Arrays.asList(thr, ero)) {
				final ValidationResult v = validate(s, new double[] { 0.1 }, scores(s), options.fpSplits)
					.get(0.1);
				final CoverageBand band = check(s.method().id() + " τ=" + tau, v, 0.1, Measure.VALIDITY);
				t.row(Arrays.asList(Tables.number(tau), s.method().id(), cov(v, Measure.VALIDITY, band), band
					.toString(), Tables.meanSd(v.mean(Measure.CR), v.sd(Measure.CR)), Tables.meanSd(v.mean(
						Measure.ATP), v.sd(Measure.ATP)), ValidationReport.lambdaSummary(v, true)));
			}
		}
		md.append(t.markdown()).append('\n');
	}

	void morphological() {
		md.append("### Morphological outer sets (Mossina & Friedrich, MICCAI 2025)\n\n").append(String
			.format(Locale.ROOT, "%s, %d random half/half splits; coverage = share of test images " +
				"with |O∩Y| ≥ c|Y|; stretch = |O|/|Ŷ|; λ̂ in %s.%n%n", options.shapeText,
				options.morphSplits, options.unit));
		final Tables t = new Tables(Arrays.asList("c", "α", "coverage", "band", "stretch",
			"λ̂ mean (min–max)"));
		final double[] alphas = { 0.1, 0.05 };
		ValidationResult lambdas = null;
		for (final double c : COVERAGE_RATIOS) {
			final Settings s0 = Settings.builder(Method.DILATION).tolerance(1 - c).shape(options.shape)
				.build();
			final Map<Double, ValidationResult> vs = validate(s0, alphas, scores(s0),
				options.morphSplits);
			for (final double a : alphas) {
				final ValidationResult v = vs.get(a);
				final CoverageBand band = check("dilation c=" + c + " α=" + a, v, a, Measure.VALIDITY);
				t.row(Arrays.asList(Tables.number(c), Tables.number(a), cov(v, Measure.VALIDITY, band), band
					.toString(), Tables.meanSd(v.mean(Measure.STRETCH), v.sd(Measure.STRETCH)),
					ValidationReport.lambdaSummary(v, false)));
				if (options.lambdaHistogram && c == 0.99 && a == 0.1) lambdas = v;
			}
		}
		md.append(t.markdown()).append('\n');
		if (lambdas != null) {
			final double[] l = new double[lambdas.splits().size()];
			for (int i = 0; i < l.length; i++)
				l[i] = lambdas.settings().method().toNatural(lambdas.splits().get(i).outer().lambda());
			md.append(String.format(Locale.ROOT, "λ̂ over the %d splits (c = 0.99, α = 0.1), in %s; " +
				"the line marks their mean.%n%n", l.length, options.unit));
			figure(key + "-dilation-lambdas", Plots.histogram(label() + " dilation λ̂ over splits " +
				"(c = 0.99, α = 0.1)", options.unit, l, Arrays.stream(l).average().orElse(Double.NaN)));
		}
	}

	void lesionFnr() {
		md.append("### FNR control (Tan et al., conformal lesion segmentation)\n\n").append(String
			.format(Locale.ROOT, "Threshold outer sets {s ≥ t̂}, %d random half/half splits; " +
				"coverage = share of test images with FNR ≤ ε; t̂ is the score cut-off.%n%n",
				options.lesionSplits));
		final Tables t = new Tables(Arrays.asList("ε", "α", "coverage of FNR ≤ ε", "band", "mean FNR",
			"t̂ mean (min–max)"));
		final double[] alphas = { 0.1, 0.2 };
		for (final double eps : EPSILONS) {
			final Settings s0 = Settings.builder(Method.THRESHOLD_OUTER).tolerance(eps).build();
			final Map<Double, ValidationResult> vs = validate(s0, alphas, scores(s0),
				options.lesionSplits);
			for (final double a : alphas) {
				final ValidationResult v = vs.get(a);
				final CoverageBand band = check("threshold-outer ε=" + eps + " α=" + a, v, a,
					Measure.VALIDITY);
				t.row(Arrays.asList(Tables.number(eps), Tables.number(a), cov(v, Measure.VALIDITY, band), band
					.toString(), Tables.meanSd(v.mean(Measure.FNR), v.sd(Measure.FNR)), ValidationReport
						.lambdaSummary(v, false)));
			}
		}
		md.append(t.markdown()).append('\n');
	}

	void confidenceSets() {
		md.append("### Conformal confidence sets (Davenport et al.)\n\n").append(String.format(
			Locale.ROOT, "Bonferroni with α_I = α/5, α_O = 4α/5 (α = 0.1: α_I = 0.02, α_O = 0.08); the " +
				"same transform for both sides; %d random half/half splits. Inner coverage = P(I ⊆ Y), " +
				"outer = P(Y ⊆ O), joint = both (target ≥ 1 − α by Bonferroni).%n%n",
			options.confidenceSplits));
		final Tables t = new Tables(Arrays.asList("transform", "α", "inner (≥ 1−α_I)",
			"outer (≥ 1−α_O)", "joint (≥ 1−α)", "joint band", "CR", "stretch", "λ̂_I", "λ̂_O"));
		final List<Plots.Series> series = new ArrayList<>();
		final int na = CONFIDENCE_ALPHAS.length;
		// increasing nominal level: from the largest α down
		final double[] alphas = new double[na];
		final double[] nominal = new double[na];
		for (int j = 0; j < na; j++) {
			alphas[j] = CONFIDENCE_ALPHAS[na - 1 - j];
			nominal[j] = 1 - alphas[j];
		}
		final double[] lo = new double[na], hi = new double[na];
		for (final Transform tr : new Transform[] { Transform.IDENTITY, Transform.DISTANCE }) {
			final Settings s0 = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08)
				.innerTransform(tr).outerTransform(tr).build();
			final Map<Double, ValidationResult> vs = validate(s0, alphas, scores(s0),
				options.confidenceSplits);
			final double[] joint = new double[na];
			final double[] jointSd = new double[na];
			for (int j = 0; j < na; j++) {
				final double a = alphas[j];
				final ValidationResult v = vs.get(a);
				final Settings s = v.settings();
				final String what = "confidence-sets " + tr.id() + " α=" + a;
				final CoverageBand bi = check(what + " inner", v, s.alphaInner(), Measure.INNER_VALIDITY);
				final CoverageBand bo = check(what + " outer", v, s.alphaOuter(), Measure.OUTER_VALIDITY);
				final CoverageBand bj = check(what + " joint", v, a, Measure.VALIDITY);
				t.row(Arrays.asList(tr.id(), Tables.number(a), cov(v, Measure.INNER_VALIDITY, bi), cov(v,
					Measure.OUTER_VALIDITY, bo), cov(v, Measure.VALIDITY, bj), bj.toString(), Tables.meanSd(v
						.mean(Measure.CR), v.sd(Measure.CR)), Tables.meanSd(v.mean(Measure.STRETCH), v.sd(
							Measure.STRETCH)), ValidationReport.lambdaSummary(v, true), ValidationReport
								.lambdaSummary(v, false)));
				joint[j] = v.mean(Measure.VALIDITY);
				jointSd[j] = v.sd(Measure.VALIDITY);
				lo[j] = bj.lower();
				hi[j] = bj.upper();
			}
			series.add(new Plots.Series("joint, " + tr.id() + " ± sd", joint, jointSd));
		}
		md.append(t.markdown()).append('\n');
		figure(key + "-confidence-coverage", Plots.coverage(label() + " confidence sets: joint coverage",
			nominal, lo, hi, series));
	}

	void riskControl() {
		md.append("### Conformal risk control (Angelopoulos et al.)\n\n").append(String.format(
			Locale.ROOT, "Outer sets {s ≥ t̂} with E[FNR] ≤ α; %d random half/half splits; bound = " +
				"α + 4 sd/√S.%n%n", options.crcSplits));
		final Tables t = new Tables(Arrays.asList("α", "mean FNR", "bound", "stretch",
			"t̂ mean (min–max)"));
		final Settings s0 = Settings.builder(Method.CRC).build();
		final Map<Double, ValidationResult> vs = validate(s0, CRC_ALPHAS, scores(s0),
			options.crcSplits);
		final double[] fnr = new double[CRC_ALPHAS.length];
		final double[] fnrSd = new double[CRC_ALPHAS.length];
		for (int j = 0; j < CRC_ALPHAS.length; j++) {
			final double a = CRC_ALPHAS[j];
			final ValidationResult v = vs.get(a);
			final double bound = a + CoverageBand.Z * v.sd(Measure.FNR) / Math.sqrt(options.crcSplits);
			fnr[j] = v.mean(Measure.FNR);
			fnrSd[j] = v.sd(Measure.FNR);
			if (!(fnr[j] <= bound)) failures.add(String.format(Locale.ROOT,
				"%s crc α=%s: mean FNR %.4f above %.4f", key, a, fnr[j], bound));
			t.row(Arrays.asList(Tables.number(a), Tables.meanSd(fnr[j], fnrSd[j]), "≤ " + Tables.fixed(
				bound), Tables.meanSd(v.mean(Measure.STRETCH), v.sd(Measure.STRETCH)), ValidationReport
					.lambdaSummary(v, false)));
		}
		md.append(t.markdown()).append('\n');
		figure(key + "-crc-risk", Plots.risk(label() + " crc: mean FNR against α", CRC_ALPHAS,
			Collections.singletonList(new Plots.Series("mean FNR ± sd", fnr, fnrSd))));
	}

	/** λ̂ on all images, with the histogram of the per-image scores as a figure. */
	void facts(final Settings s, final String what) {
		final Calibration c = Calibrator.fromScores(s, scores(s));
		final double lambda = s.method().toNatural(c.outer().lambda());
		md.append(String.format(Locale.ROOT, "**%s, α = %s, all %d images:** λ̂ = %s (k = %d).%n%n",
			what, Tables.number(s.alpha()), c.n(), Tables.number(lambda), c.outer().k()));
		System.out.printf(Locale.ROOT, "%s %s α=%s: λ̂ = %s%n", key, what, s.alpha(), Tables.number(
			lambda));
		final double[] v = new double[c.n()];
		for (int i = 0; i < v.length; i++)
			v[i] = s.method().toNatural(c.scores().get(i).outer());
		figure(key + "-dilation-scores", Plots.histogram(label() + " dilation scores (full coverage)",
			options.unit, v, lambda));
	}

	/** Overlay panels of a few 2-D images, each method calibrated on all images. */
	void panels(final List<String> ids, final int size) {
		final Settings ero = Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.1).build();
		final Settings cs = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08)
			.innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE).build();
		final Settings dil = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01).build();
		final List<Calibration> cals = new ArrayList<>();
		for (final Settings s : Arrays.asList(ero, cs, dil))
			cals.add(Calibrator.fromScores(s, scores(s)));
		md.append("Panels (calibrated on all images; erosion τ = 0.1, confidence sets on the signed " +
			"distance, dilation c = 0.99; α = 0.1). ").append(Panels.legend()).append("\n\n");
		for (final Sample x : data) {
			if (!ids.contains(x.id())) continue;
			for (final Calibration c : cals) {
				final String name = key + "-panel-" + c.method().id() + "-" + x.id().replaceAll(
					"[^A-Za-z0-9]+", "_");
				figures.put(name, Panels.of(x, c.apply(x), size, c.method().id()));
				md.append("![").append(name).append("](validation/").append(name).append(".png) ");
			}
			md.append("\n\n");
		}
	}

	/** Adds a figure and its Markdown link. */
	void figure(final String name, final ImagePlus imp) {
		figures.put(name, imp);
		md.append("![").append(name).append("](validation/").append(name).append(".png)\n\n");
	}

	/** The key, capitalised, as a plot title's prefix. */
	private String label() {
		return key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1) + ":";
	}
}
