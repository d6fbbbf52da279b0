package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.AfterClass;
import org.junit.Test;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
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
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.ij.ImageJEncoder;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.report.Baseline;
import sc.fiji.conformal.report.CoverageBand;
import sc.fiji.conformal.report.Panels;
import sc.fiji.conformal.report.Plots;
import sc.fiji.conformal.report.Tables;
import sc.fiji.conformal.report.ValidationReport;

/**
 * The papers' validation protocols, in form, on real model outputs (PraNet
 * polyps, U-Net retina vessels; the CHAOS CT volume as a 3-D path check).
 * Every empirical coverage must reach the lower end of its binomial band
 * ({@link CoverageBand}); the mean FNR of conformal risk control must stay
 * below α plus 4 standard errors. Skips when {@code ../shared/data} is absent.
 * <p>
 * With {@code -Dconformal.writeDocs=true} it writes {@code docs/validation.md}
 * and its figures ({@code docs/validation/*.png}):
 * {@code mvn -q -o test -Dtest=PaperProtocolsTest -Dconformal.writeDocs=true}.
 */
public class PaperProtocolsTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static final double[] TAUS = { 0.1, 0.01, 0.001 };
	private static final double[] COVERAGE_RATIOS = { 0.9, 0.99, 0.999 };
	private static final double[] EPSILONS = { 0.1, 0.2, 0.3 };
	private static final double[] CONFIDENCE_ALPHAS = { 0.05, 0.1, 0.15, 0.2 };
	private static final double[] CRC_ALPHAS = { 0.05, 0.1, 0.15, 0.2, 0.3 };
	private static final long SEED = 1;

	/** Markdown sections by dataset, and figures, for docs/validation.md. */
	private static final Map<String, String> SECTIONS = Collections.synchronizedMap(new TreeMap<>());
	private static final Map<String, ImagePlus> FIGURES = Collections.synchronizedMap(
		new TreeMap<>());

	@Test
	public void polyps() throws Exception {
		pngDataset("polyps-pranet", "polyps", "PraNet polyps (777 maps, 50×50)", Arrays.asList(
			"Kvasir/cju0u82z3cuma0835wlxrnrjv", "CVC-ClinicDB/100"), 240);
	}

	@Test
	public void retina() throws Exception {
		pngDataset("retina-vessels-retinaunet", "retina", "U-Net retina vessels (40 maps, DRIVE + STARE)",
			Collections.singletonList("DRIVE/01"), 280);
	}

	/**
	 * Every protocol on a shared dataset of PNG pairs (pred/, gt/), the
	 * full-coverage dilation facts, and panels of the given images.
	 */
	private static void pngDataset(final String dataset, final String name, final String title,
		final List<String> panelIds, final int panelSize) throws Exception
	{
		final File dir = SharedData.require(dataset);
		final Iterable<Sample> data = SharedData.pngPairs(dir, SharedData.manifest(dir, "pred", "gt"));
		final Run run = new Run(name, title, data);
		run.all();
		run.facts(Settings.builder(Method.DILATION).alpha(0.1).build(), "dilation cross, full coverage");
		run.panels(panelIds, panelSize);
		run.finish();
	}

	@Test
	public void ctVolumeCalibratesTrivially() throws Exception {
		final File dir = SharedData.require("chaos-ct-liver-sample");
		final List<String[]> rows = SharedData.manifest(dir, "pred", "gt");
		assertEquals("one CT volume", 1, rows.size());
		final ImageJFiles files = new ImageJFiles();
		final Mask pred = files.readMask(new File(dir, rows.get(0)[1]).toPath());
		final Mask gt = files.readMask(new File(dir, rows.get(0)[2]).toPath());
		assertEquals(3, gt.grid().numDimensions());
		assertEquals(0.7266, gt.grid().spacing(0), 1e-3);
		assertEquals(2.0, gt.grid().spacing(2), 1e-3);
		final Sample s = Sample.of(rows.get(0)[0], null, pred, gt);
		final long t0 = System.nanoTime();
		final Settings settings = Settings.builder(Method.DILATION).alpha(0.1).shape(
			StructuringElement.EUCLIDEAN).build();
		final Calibration c = Calibrator.calibrate(settings, Collections.singletonList(s));
		assertTrue("n = 1 must give the trivial set", c.trivial());
		assertEquals(9, c.nNeeded());
		final Mask outer = c.apply(s).outer();
		assertEquals("the trivial outer set is the whole volume", outer.grid().count(), outer.count());
		final double score = c.scores().get(0).outer();
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final String text = String.format(Locale.ROOT,
			"## CHAOS CT liver (one 512×512×78 volume, 0.73×0.73×2 mm)%n%n" +
				"Path check only: one volume cannot validate a guarantee. Euclidean dilation in mm " +
				"(anisotropic spacing), α = 0.1, full coverage: the volume's own score is %.2f mm (the " +
				"dilation radius that would cover its liver), but with n = 1 the conformal rank " +
				"k = ⌈2 · 0.9⌉ = 2 exceeds n, so the set is **trivial** (the whole volume) and the " +
				"calibration reports that n ≥ %d volumes are needed. Calibrate + apply took %.1f s " +
				"(%d voxels).%n", score, c.nNeeded(), seconds, gt.grid().count());
		System.out.print(text);
		SECTIONS.put("3-ct", text);
	}

	@AfterClass
	public static void writeDocs() throws IOException {
		if (!Boolean.getBoolean("conformal.writeDocs") || SECTIONS.isEmpty()) return;
		final Path base = Paths.get(System.getProperty("basedir", "."));
		final Path figures = base.resolve("docs/validation");
		Files.createDirectories(figures);
		for (final Map.Entry<String, ImagePlus> f : FIGURES.entrySet())
			AtomicWrite.write(figures.resolve(f.getKey() + ".png"), true, out -> ImageJEncoder.png(f
				.getValue(), out));
		final StringBuilder sb = new StringBuilder(DocsText.intro());
		for (final String s : SECTIONS.values())
			sb.append('\n').append(s);
		sb.append('\n').append(DocsText.differences());
		Files.write(base.resolve("docs/validation.md"), sb.toString().getBytes(
			StandardCharsets.UTF_8));
		System.out.println("Wrote " + base.resolve("docs/validation.md"));
	}

	/** The protocols on one dataset; failures are collected and asserted at the end. */
	private static final class Run {

		final String key;
		final String title;
		final Iterable<Sample> data;
		final StringBuilder md = new StringBuilder();
		final List<String> failures = new ArrayList<>();
		int n = -1;

		Run(final String key, final String title, final Iterable<Sample> data) {
			this.key = key;
			this.title = title;
			this.data = data;
			md.append("## ").append(title).append("\n\n");
		}

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
			n = out.size();
			return out;
		}

		ValidationResult validate(final Settings s, final List<ImageScore> scores, final int splits) {
			return Validation.randomSplits(s, scores, data, splits, 0.5, SEED);
		}

		/** Checks a coverage against the lower end of its band; returns the band. */
		CoverageBand check(final String what, final ValidationResult v, final double alpha,
			final Measure m)
		{
			final CoverageBand b = ValidationReport.band(v, alpha);
			final double mean = v.mean(m);
			if (!b.holds(mean)) failures.add(String.format(Locale.ROOT,
				"%s %s: %s %.4f below the band %s", key, what, m.id(), mean, b));
			return b;
		}

		static String cov(final ValidationResult v, final Measure m, final CoverageBand b) {
			final double mean = v.mean(m);
			return Tables.meanSd(mean, v.sd(m)) + (b.contains(mean) ? "" : mean > b.upper() ? " ↑"
				: " ✗");
		}

		void falsePositives() {
			md.append("### False-positive control (Mossina & Friedrich)\n\n").append(
				"Inner sets, α = 0.1, 10 random half/half splits; EV = share of test images with " +
					"AFP ≤ τ (target ≥ 0.9), CR = |I|/|Ŷ|, ATP = |I∩Y|/|Ŷ|. Baseline: Ŷ = {s ≥ 0.5} " +
					"itself, on all images.\n\n");
			final Tables t = new Tables(Arrays.asList("τ", "method", "EV", "band", "CR", "ATP",
				"λ̂ mean (min–max)"));
			for (final double tau : TAUS) {
				final Settings ero = Settings.builder(Method.EROSION).alpha(0.1).tolerance(tau).shape(
					StructuringElement.CROSS).build();
				final Settings thr = Settings.builder(Method.THRESHOLD_INNER).alpha(0.1).tolerance(tau)
					.build();
				// baseline: Ŷ measured with the erosion event AFP ≤ τ
				final Baseline b = Baseline.of(ero);
				double ev = 0, cr = 0, atp = 0;
				int c = 0;
				for (final Sample x : data) {
					final sc.fiji.conformal.core.ImageMetrics m = b.metrics(x);
					ev += m.get(Measure.VALIDITY);
					cr += m.get(Measure.CR);
					atp += m.get(Measure.ATP);
					c++;
				}
				t.row(Arrays.asList(Tables.number(tau), "baseline", Tables.fixed(ev / c), "", Tables.fixed(
					cr / c), Tables.fixed(atp / c), "λ = 0"));
				for (final Settings s : Arrays.asList(thr, ero)) {
					final ValidationResult v = validate(s, scores(s), 10);
					final CoverageBand band = check(s.method().id() + " τ=" + tau, v, 0.1, Measure.VALIDITY);
					t.row(Arrays.asList(Tables.number(tau), s.method().id(), cov(v, Measure.VALIDITY, band),
						band.toString(), Tables.meanSd(v.mean(Measure.CR), v.sd(Measure.CR)), Tables.meanSd(v
							.mean(Measure.ATP), v.sd(Measure.ATP)), ValidationReport.lambdaSummary(v, true)));
				}
			}
			md.append(t.markdown()).append('\n');
		}

		void morphological() {
			md.append("### Morphological outer sets (Mossina & Friedrich, MICCAI 2025)\n\n").append(
				"Dilation by the cross, 36 random half/half splits; coverage = share of test images " +
					"with |O∩Y| ≥ c|Y|; stretch = |O|/|Ŷ|; λ̂ in dilation steps.\n\n");
			final Tables t = new Tables(Arrays.asList("c", "α", "coverage", "band", "stretch",
				"λ̂ mean (min–max)"));
			for (final double c : COVERAGE_RATIOS) {
				final Settings s0 = Settings.builder(Method.DILATION).tolerance(1 - c).shape(
					StructuringElement.CROSS).build();
				final List<ImageScore> sc = scores(s0);
				for (final double a : new double[] { 0.1, 0.05 }) {
					final Settings s = s0.withAlpha(a);
					final ValidationResult v = validate(s, sc, 36);
					final CoverageBand band = check("dilation c=" + c + " α=" + a, v, a, Measure.VALIDITY);
					t.row(Arrays.asList(Tables.number(c), Tables.number(a), cov(v, Measure.VALIDITY, band),
						band.toString(), Tables.meanSd(v.mean(Measure.STRETCH), v.sd(Measure.STRETCH)),
						ValidationReport.lambdaSummary(v, false)));
				}
			}
			md.append(t.markdown()).append('\n');
		}

		void lesionFnr() {
			md.append("### FNR control (Tan et al., conformal lesion segmentation)\n\n").append(
				"Threshold outer sets {s ≥ t̂}, 100 random half/half splits; coverage = share of test " +
					"images with FNR ≤ ε; t̂ is the score cut-off.\n\n");
			final Tables t = new Tables(Arrays.asList("ε", "α", "coverage of FNR ≤ ε", "band",
				"mean FNR", "t̂ mean (min–max)"));
			for (final double eps : EPSILONS) {
				final Settings s0 = Settings.builder(Method.THRESHOLD_OUTER).tolerance(eps).build();
				final List<ImageScore> sc = scores(s0);
				for (final double a : new double[] { 0.1, 0.2 }) {
					final Settings s = s0.withAlpha(a);
					final ValidationResult v = validate(s, sc, 100);
					final CoverageBand band = check("threshold-outer ε=" + eps + " α=" + a, v, a,
						Measure.VALIDITY);
					t.row(Arrays.asList(Tables.number(eps), Tables.number(a), cov(v, Measure.VALIDITY, band),
						band.toString(), Tables.meanSd(v.mean(Measure.FNR), v.sd(Measure.FNR)), ValidationReport
							.lambdaSummary(v, false)));
				}
			}
			md.append(t.markdown()).append('\n');
		}

		void confidenceSets() {
			md.append("### Conformal confidence sets (Davenport et al.)\n\n").append(
				"Bonferroni with α_I = α/5, α_O = 4α/5 (α = 0.1: α_I = 0.02, α_O = 0.08); the same " +
					"transform for both sides; 100 random half/half splits. Inner coverage = P(I ⊆ Y), " +
					"outer = P(Y ⊆ O), joint = both (target ≥ 1 − α by Bonferroni).\n\n");
			final Tables t = new Tables(Arrays.asList("transform", "α", "inner (≥ 1−α_I)",
				"outer (≥ 1−α_O)", "joint (≥ 1−α)", "joint band", "CR", "stretch", "λ̂_I", "λ̂_O"));
			final List<Plots.Series> series = new ArrayList<>();
			double[] lo = null, hi = null;
			final double[] nominal = new double[CONFIDENCE_ALPHAS.length];
			for (final Transform tr : new Transform[] { Transform.IDENTITY, Transform.DISTANCE }) {
				final Settings s0 = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(
					0.08).innerTransform(tr).outerTransform(tr).build();
				final List<ImageScore> sc = scores(s0);
				final double[] joint = new double[CONFIDENCE_ALPHAS.length];
				final double[] jointSd = new double[CONFIDENCE_ALPHAS.length];
				lo = new double[CONFIDENCE_ALPHAS.length];
				hi = new double[CONFIDENCE_ALPHAS.length];
				for (int j = 0; j < CONFIDENCE_ALPHAS.length; j++) {
					// increasing nominal level: from the largest α down
					final double a = CONFIDENCE_ALPHAS[CONFIDENCE_ALPHAS.length - 1 - j];
					final Settings s = s0.withAlpha(a);
					final ValidationResult v = validate(s, sc, 100);
					final String what = "confidence-sets " + tr.id() + " α=" + a;
					final CoverageBand bi = check(what + " inner", v, s.alphaInner(), Measure.INNER_VALIDITY);
					final CoverageBand bo = check(what + " outer", v, s.alphaOuter(), Measure.OUTER_VALIDITY);
					final CoverageBand bj = check(what + " joint", v, a, Measure.VALIDITY);
					t.row(Arrays.asList(tr.id(), Tables.number(a), cov(v, Measure.INNER_VALIDITY, bi), cov(v,
						Measure.OUTER_VALIDITY, bo), cov(v, Measure.VALIDITY, bj), bj.toString(), Tables
							.meanSd(v.mean(Measure.CR), v.sd(Measure.CR)), Tables.meanSd(v.mean(Measure.STRETCH), v
								.sd(Measure.STRETCH)), ValidationReport.lambdaSummary(v, true), ValidationReport
									.lambdaSummary(v, false)));
					nominal[j] = 1 - a;
					joint[j] = v.mean(Measure.VALIDITY);
					jointSd[j] = v.sd(Measure.VALIDITY);
					lo[j] = bj.lower();
					hi[j] = bj.upper();
				}
				series.add(new Plots.Series("joint, " + tr.id() + " ± sd", joint, jointSd));
			}
			md.append(t.markdown()).append('\n');
			final String fig = key + "-confidence-coverage";
			FIGURES.put(fig, Plots.coverage(title(key) + " confidence sets: joint coverage", nominal, lo,
				hi, series));
			md.append("![").append(fig).append("](validation/").append(fig).append(".png)\n\n");
		}

		void riskControl() {
			md.append("### Conformal risk control (Angelopoulos et al.)\n\n").append(
				"Outer sets {s ≥ t̂} with E[FNR] ≤ α; 100 random half/half splits; bound = α + 4 sd/√S.\n\n");
			final Tables t = new Tables(Arrays.asList("α", "mean FNR", "bound", "stretch",
				"t̂ mean (min–max)"));
			final Settings s0 = Settings.builder(Method.CRC).build();
			final List<ImageScore> sc = scores(s0);
			final double[] fnr = new double[CRC_ALPHAS.length];
			final double[] fnrSd = new double[CRC_ALPHAS.length];
			for (int j = 0; j < CRC_ALPHAS.length; j++) {
				final double a = CRC_ALPHAS[j];
				final ValidationResult v = validate(s0.withAlpha(a), sc, 100);
				final double bound = a + CoverageBand.Z * v.sd(Measure.FNR) / Math.sqrt(100);
				fnr[j] = v.mean(Measure.FNR);
				fnrSd[j] = v.sd(Measure.FNR);
				if (!(fnr[j] <= bound)) failures.add(String.format(Locale.ROOT,
					"%s crc α=%s: mean FNR %.4f above %.4f", key, a, fnr[j], bound));
				t.row(Arrays.asList(Tables.number(a), Tables.meanSd(fnr[j], fnrSd[j]), "≤ " + Tables.fixed(
					bound), Tables.meanSd(v.mean(Measure.STRETCH), v.sd(Measure.STRETCH)), ValidationReport
						.lambdaSummary(v, false)));
			}
			md.append(t.markdown()).append('\n');
			final String fig = key + "-crc-risk";
			FIGURES.put(fig, Plots.risk(title(key) + " crc: mean FNR against α", CRC_ALPHAS,
				Collections.singletonList(new Plots.Series("mean FNR ± sd", fnr, fnrSd))));
			md.append("![").append(fig).append("](validation/").append(fig).append(".png)\n\n");
		}

		/** λ̂ on all images, with the score histogram as a figure. */
		void facts(final Settings s, final String what) {
			final Calibration c = Calibrator.fromScores(s, scores(s));
			final double lambda = s.method().toNatural(c.outer().lambda());
			md.append(String.format(Locale.ROOT, "**%s, α = %s, all %d images:** λ̂ = %s (k = %d).%n%n",
				what, Tables.number(s.alpha()), c.n(), Tables.number(lambda), c.outer().k()));
			System.out.printf(Locale.ROOT, "%s %s α=%s: λ̂ = %s%n", key, what, s.alpha(), Tables.number(
				lambda));
			final double[] v = new double[c.n()];
			for (int i = 0; i < v.length; i++)
				v[i] = c.scores().get(i).outer();
			final String fig = key + "-dilation-scores";
			FIGURES.put(fig, Plots.histogram(title(key) + " dilation scores (full coverage)",
				"dilation steps", v, lambda));
			md.append("![").append(fig).append("](validation/").append(fig).append(".png)\n\n");
		}

		/** Overlay panels of a few images: split-1 calibrations of erosion and confidence sets. */
		void panels(final List<String> ids, final int size) {
			final Settings ero = Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.1).build();
			final Settings cs = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(
				0.08).innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE).build();
			final Settings dil = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01).build();
			final List<Calibration> cals = new ArrayList<>();
			for (final Settings s : Arrays.asList(ero, cs, dil))
				cals.add(Calibrator.fromScores(s, scores(s)));
			md.append("Panels (calibrated on all images; erosion τ = 0.1, confidence sets on the signed " +
				"distance, dilation c = 0.99; α = 0.1). ").append(Panels.legend()).append("\n\n");
			for (final Sample x : data) {
				if (!ids.contains(x.id())) continue;
				for (final Calibration c : cals) {
					final String fig = key + "-panel-" + c.method().id() + "-" + x.id().replaceAll(
						"[^A-Za-z0-9]+", "_");
					FIGURES.put(fig, Panels.of(x, c.apply(x), size, c.method().id()));
					md.append("![").append(fig).append("](validation/").append(fig).append(".png) ");
				}
				md.append("\n\n");
			}
		}

		void finish() {
			final String text = md.toString();
			System.out.print(text);
			SECTIONS.put(key.equals("polyps") ? "1-polyps" : "2-retina", text);
			assertTrue("coverage below its binomial band:\n" + String.join("\n", failures), failures
				.isEmpty());
		}
	}

	private static String title(final String key) {
		return key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1) + ":";
	}
}
