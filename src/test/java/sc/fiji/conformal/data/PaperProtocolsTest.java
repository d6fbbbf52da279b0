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
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ij.ImageJEncoder;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.report.CoverageBand;
import sc.fiji.conformal.report.Plots;
import sc.fiji.conformal.report.Tables;

/**
 * The papers' validation protocols ({@link PaperProtocols}), in form, on real
 * model outputs: PraNet polyps and U-Net retina vessels (2-D), the MSD
 * hippocampus MRI volumes (3-D, margins in mm), polyps grouped by data source
 * ({@link GroupCoverage}), and the CHAOS CT volume as a 3-D path check.
 * Every empirical coverage must reach the lower end of its binomial band
 * ({@link CoverageBand}); the mean FNR of conformal risk control must stay
 * below α plus 4 standard errors. Each dataset skips when its folder under
 * {@code ../shared/data} is absent.
 * <p>
 * With {@code -Dconformal.writeDocs=true} it writes {@code docs/validation.md}
 * and its figures ({@code docs/validation/*.png}):
 * {@code mvn -q -o test -Dtest=PaperProtocolsTest -Dconformal.writeDocs=true}.
 */
public class PaperProtocolsTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	/** Markdown sections by dataset, and figures, for docs/validation.md. */
	private static final Map<String, String> SECTIONS = Collections.synchronizedMap(new TreeMap<>());
	private static final Map<String, ImagePlus> FIGURES = Collections.synchronizedMap(
		new TreeMap<>());

	@Test
	public void polyps() throws Exception {
		pngDataset("polyps-pranet", "polyps", "PraNet polyps (777 maps, 50×50)", Arrays.asList(
			"Kvasir/cju0u82z3cuma0835wlxrnrjv", "CVC-ClinicDB/100"), 240, "1-polyps");
	}

	@Test
	public void retina() throws Exception {
		pngDataset("retina-vessels-retinaunet", "retina", "U-Net retina vessels (40 maps, DRIVE + STARE)",
			Collections.singletonList("DRIVE/01"), 280, "3-retina");
	}

	/**
	 * Every protocol on a shared dataset of PNG pairs (pred/, gt/), the
	 * full-coverage dilation facts, and panels of the given images.
	 */
	private static void pngDataset(final String dataset, final String name, final String title,
		final List<String> panelIds, final int panelSize, final String order) throws Exception
	{
		final File dir = SharedData.require(dataset);
		final Iterable<Sample> data = SharedData.pngPairs(dir, SharedData.manifest(dir, "pred", "gt"));
		final PaperProtocols run = new PaperProtocols(name, title, data, PaperProtocols.Options
			.papers2d());
		run.all();
		run.facts(Settings.builder(Method.DILATION).alpha(0.1).build(), "dilation cross, full coverage");
		run.panels(panelIds, panelSize);
		finish(run, order);
	}

	/**
	 * The first multi-volume 3-D validation: every protocol on the 257
	 * hippocampus MRI volumes (float scores, 1 mm voxels), erosion and dilation
	 * by Euclidean balls in mm, 100 random half/half splits each. The volumes
	 * are read once and kept in memory (about 80 MB).
	 */
	@Test
	public void hippocampus() throws Exception {
		final List<Sample> data = SharedData.niftiManifest(SharedData.require("hippocampus-msd"));
		assertEquals(257, data.size());
		final PaperProtocols run = new PaperProtocols("hippocampus",
			"MSD hippocampus MRI (257 volumes, 1 mm isotropic)", data, PaperProtocols.Options
				.euclideanMm(100));
		run.md.append("257 volumes (`scores/` float32 probabilities, `masks/` binary truth, " +
			"`manifest.csv`), 129 calibration and 128 test volumes per split, 100 splits per protocol " +
			"and setting. Erosion and dilation are by Euclidean balls on the 1 mm grid, so λ̂ is a " +
			"margin in mm (a distance √(i² + j² + k²): the values tie, as integer steps do). The " +
			"float scores barely tie, so the threshold methods' coverage must sit inside the band, " +
			"not above it (the test checks both ends for threshold-inner and threshold-outer). The model is weak (Dice 0.64): Ŷ itself never meets AFP ≤ 0.1 (baseline " +
			"EV = 0), so the inner sets must shrink Ŷ hard.\n\n");
		run.all();
		run.facts(Settings.builder(Method.DILATION).alpha(0.1).shape(StructuringElement.EUCLIDEAN)
			.build(), "dilation Euclidean (mm), full coverage");
		finish(run, "4-hippocampus");
	}

	/**
	 * Polyps grouped by data source: each source's coverage over 100 random
	 * half/half splits of all 777 images, under today's marginal calibration
	 * (one λ̂ from the pooled calibration half; {@link GroupCoverage}) and
	 * under group-conditional (Mondrian) calibration on the same splits (one
	 * λ̂ per source from that source's calibration images;
	 * {@link ClassCoverage}). The marginal calibration guarantees the pooled
	 * coverage only (checked); Mondrian must reach each source's band.
	 */
	@Test
	public void polypsBySource() throws Exception {
		final File dir = SharedData.require("polyps-pranet");
		final List<Sample> data = new ArrayList<>();
		for (final Sample x : SharedData.pngPairs(dir, SharedData.manifest(dir, "pred", "gt")))
			data.add(x);
		final long t0 = System.nanoTime();
		final Settings[] settings = { //
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01).shape(StructuringElement.CROSS)
				.build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.3).build(), //
			Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.1).shape(StructuringElement.CROSS)
				.build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08).innerTransform(
				Transform.DISTANCE).outerTransform(Transform.DISTANCE).build(), //
			Settings.builder(Method.CRC).alpha(0.1).build() };
		final String[] what = { "dilation (cross), c = 0.99", "threshold-outer, ε = 0.3",
			"erosion (cross), τ = 0.1", "confidence sets (distance), joint", "crc (mean FNR ≤ α)" };
		final String[] shortName = { "dilation", "threshold-outer", "erosion", "confidence sets",
			"crc" };
		final int splits = 100;
		final Tables t = new Tables(Arrays.asList("method (α = 0.1)", "source", "images",
			"cal / test per split", "marginal", "band (if it held per source)", "marginal verdict",
			"Mondrian", "Mondrian band"));
		final List<Plots.Series> series = new ArrayList<>();
		final List<String> failures = new ArrayList<>();
		final Map<String, List<String>> under = new TreeMap<>();
		List<String> sources = null;
		for (int j = 0; j < settings.length; j++) {
			final Settings s = settings[j];
			final boolean risk = s.method() == Method.CRC;
			final List<GroupCoverage.Row> rows = GroupCoverage.of(s, data, GroupCoverage::source, risk
				? Measure.FNR : Measure.VALIDITY, s.alpha(), splits, PaperProtocols.SEED);
			final Map<String, ClassCoverage.Row> mondrian = new TreeMap<>();
			if (!risk) {
				final List<ClassScores> grouped = new ArrayList<>();
				for (final Sample x : data)
					grouped.add(ClassScores.binary(s, x, GroupCoverage.source(x.id())));
				for (final ClassCoverage.Row r : ClassCoverage.of(s, LabelClasses.BINARY,
					ClassJointRule.PER_CLASS, grouped, splits, PaperProtocols.SEED))
					mondrian.put(r.group, r);
			}
			final double[] y = new double[rows.size() - 1], sd = new double[y.length];
			final double[] ym = new double[y.length], sdm = new double[y.length];
			sources = new ArrayList<>();
			for (final GroupCoverage.Row r : rows) {
				final double bound = s.alpha() + CoverageBand.Z * r.sd / Math.sqrt(splits);
				final String verdict = risk ? (r.mean > bound ? "over α" : "≤ α") : r.verdict();
				final ClassCoverage.Row m = mondrian.get(r.group);
				t.row(Arrays.asList(what[j], r.group, Integer.toString(r.images), String.format(Locale.ROOT,
					"%.1f / %.1f", r.images - r.testPerSplit, r.testPerSplit), Tables.meanSd(r.mean, r.sd),
					risk ? "≤ " + Tables.fixed(bound) : r.band.toString(), verdict, m == null ? "—"
						: PaperProtocols.cov(m.mean[0], m.sd[0], m.band[0]), m == null ? "—" : m.band[0]
							.toString()));
				if (!r.group.equals(GroupCoverage.ALL) && (verdict.equals("under") || verdict.equals(
					"over α"))) under.computeIfAbsent(r.group, g -> new ArrayList<>()).add(shortName[j]);
				if (m != null && !m.band[0].holds(m.mean[0])) failures.add(what[j] + ": Mondrian " +
					r.group + " " + m.mean[0] + " below " + m.band[0]);
				if (r.group.equals(GroupCoverage.ALL)) {
					// the pooled coverage is what the marginal calibration guarantees
					if (risk ? r.mean > bound : !r.band.holds(r.mean)) failures.add(what[j] + ": pooled " +
						r.mean + " fails " + (risk ? "≤ " + bound : r.band));
					continue;
				}
				final int i = sources.size();
				y[i] = r.mean;
				sd[i] = r.sd;
				ym[i] = m == null ? Double.NaN : m.mean[0];
				sdm[i] = m == null ? Double.NaN : m.sd[0];
				sources.add(r.group);
			}
			if (j < 2) {
				series.add(new Plots.Series(shortName[j] + ", marginal", y, sd));
				series.add(new Plots.Series(shortName[j] + ", Mondrian", ym, sdm));
			}
		}
		final double[] x = new double[sources.size()];
		for (int i = 0; i < x.length; i++)
			x[i] = i + 1;
		final StringBuilder md = new StringBuilder("## PraNet polyps by data source: marginal and " +
			"group-conditional (Mondrian) calibration\n\n");
		md.append(String.format(Locale.ROOT, "%d random half/half splits of all 777 images (seed 1). " +
			"**Marginal** (today's default): each split calibrated on its pooled calibration half, one " +
			"λ̂ for all sources; a source's coverage is the mean over its test images in a split, then " +
			"the mean ± sd over splits. The marginal guarantee covers the pooled row only; a source's " +
			"band is the one its coverage would have to reach if the guarantee held inside the source " +
			"(pooled n, the source's test images per split): **under** = below that band (the pooled " +
			"calibration under-covers the source), **over** = above it. For crc the column is the " +
			"source's mean FNR against α + 4·sd/√S. **Mondrian**: the same splits, one λ̂ per source " +
			"from that source's calibration images (`ClassCalibrator`, `groupBy`), so " +
			"P(event | source) ≥ 1 − α; its band uses the source's own calibration and test sizes per " +
			"split, and every source must reach it (the test fails otherwise). Mondrian coverage is " +
			"counted from the scores (a test image meets its event when its score is at most its " +
			"source's λ̂: exact for these methods, checked against measured sets in " +
			"`ClassCoverageTest`). The pooled Mondrian row sits above the pooled band (↑) by design: " +
			"each source's quantile adds up to 1/(n_source + 1), more than the pooled 1/(n + 1). Took " +
			"%.0f s.%n%n", splits, (System.nanoTime() - t0) / 1e9));
		final List<String> found = new ArrayList<>();
		for (final Map.Entry<String, List<String>> e : under.entrySet())
			found.add(e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
		md.append("**Found.** The marginal calibration under-covers (or, for crc, exceeds α on) ").append(
			found.isEmpty() ? "no source" : String.join("; ", found)).append(
				", and over-covers the sources where the model does well (the verdict column); with " +
					"Mondrian calibration every source reaches its band (the test fails otherwise), at " +
					"the price of wider spread from the smaller per-source calibration sets.\n\n");
		md.append(t.markdown()).append('\n');
		final String fig = "polyps-sources-coverage";
		FIGURES.put(fig, Plots.curves("Polyps by source: marginal vs Mondrian (α = 0.1)",
			sourceLegend(sources), "coverage ± sd over splits", x, series));
		md.append("Figure: each source's coverage (mean ± sd over the 100 splits) for dilation and " +
			"threshold-outer, marginal and Mondrian; target 0.9.\n\n");
		md.append("![").append(fig).append("](validation/").append(fig).append(".png)\n\n");
		final String text = md.toString();
		System.out.print(text);
		SECTIONS.put("2-polyp-sources", text);
		assertTrue("coverage below its band:\n" + String.join("\n", failures), failures.isEmpty());
	}

	/** "1 CVC-300, 2 ClinicDB, …" (short names) for an axis label. */
	private static String sourceLegend(final List<String> sources) {
		final List<String> parts = new ArrayList<>();
		for (int i = 0; i < sources.size(); i++)
			parts.add((i + 1) + " " + sources.get(i).replaceFirst("^CVC-(?=[A-Z][a-z])", "").replace(
				"-LaribPolypDB", ""));
		return String.join(", ", parts);
	}

	/**
	 * The two-class hippocampus (1 anterior, 2 posterior; 8-bit per-class
	 * probabilities in one 4-D NIfTI per volume): per-class and joint coverage
	 * under each joint rule over 100 random half/half splits, for dilation,
	 * threshold-outer and confidence sets. Every class's coverage must reach
	 * its band (at α/K under Bonferroni), and the joint coverage under the
	 * Bonferroni and max rules the band at α. Each volume is read once and
	 * scored for every setting; the splits use only the scores.
	 */
	@Test
	public void hippocampusClasses() throws Exception {
		final File dir = SharedData.require("hippocampus-msd");
		final long t0 = System.nanoTime();
		final LabelDataset d = LabelDataset.fromManifest(new File(dir, "manifest-multiclass.csv")
			.toPath(), GroupBy.NONE, ImageFormats.nifti());
		final LabelClasses classes = LabelClasses.parse("1:anterior,2:posterior");
		final Settings[] settings = { //
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01).shape(
				StructuringElement.EUCLIDEAN).build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.2).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08).innerTransform(
				Transform.DISTANCE).outerTransform(Transform.DISTANCE).build() };
		final String[] what = { "dilation (Euclidean, mm), c = 0.99", "threshold-outer, ε = 0.2",
			"confidence sets (distance), I ⊆ Y ⊆ O" };
		final List<List<ClassScores>> scores = new ArrayList<>();
		for (int j = 0; j < settings.length; j++)
			scores.add(new ArrayList<>());
		final LabelDataset.Loader loader = d.loader(classes, true);
		final List<String> warnings = new ArrayList<>();
		for (final LabelDataset.Entry e : d.entries()) {
			final ImageResult<LabelDataset.Loaded> r = loader.load(e);
			if (!r.ok()) throw new IllegalStateException(dir + ": " + r.failure());
			warnings.addAll(r.value().warnings());
			for (int j = 0; j < settings.length; j++)
				scores.get(j).add(ClassScores.score(settings[j], r.value().sample()));
		}
		assertEquals(257, scores.get(0).size());
		final double read = (System.nanoTime() - t0) / 1e9;
		final int splits = 100;
		final Tables t = new Tables(Arrays.asList("method (α = 0.1)", "joint rule", "anterior",
			"posterior", "class band", "joint (both classes)", "joint band"));
		final List<String> failures = new ArrayList<>();
		for (int j = 0; j < settings.length; j++) {
			for (final ClassJointRule rule : ClassJointRule.values()) {
				final ClassCoverage.Row r = ClassCoverage.of(settings[j], classes, rule, scores.get(j),
					splits, PaperProtocols.SEED).get(0);
				for (int c = 0; c <= 2; c++) {
					if (r.band[c] == null || r.band[c].holds(r.mean[c])) continue;
					failures.add(String.format(Locale.ROOT, "%s %s %s: %.4f below %s", what[j], rule.id(), c <
						2 ? classes.name(c) : "joint", r.mean[c], r.band[c]));
				}
				t.row(Arrays.asList(what[j], rule.id(), PaperProtocols.cov(r.mean[0], r.sd[0], r.band[0]),
					PaperProtocols.cov(r.mean[1], r.sd[1], r.band[1]), r.band[0].toString(), r.band[2] == null
						? Tables.meanSd(r.mean[2], r.sd[2]) + " (no claim)" : PaperProtocols.cov(r.mean[2],
							r.sd[2], r.band[2]), r.band[2] == null ? "—" : r.band[2].toString()));
			}
		}
		final StringBuilder md = new StringBuilder("## MSD hippocampus, two classes (anterior, " +
			"posterior): per-class and joint guarantees\n\n");
		md.append(String.format(Locale.ROOT, "`manifest-multiclass.csv`: label maps (1 anterior, 2 " +
			"posterior), argmax predictions and per-class probabilities (8-bit, one 4-D NIfTI per " +
			"volume); each class one-vs-rest (truth = label c, Ŷ = prediction c, scores p_c). 100 " +
			"random half/half splits (seed 1, the same splits as the binary section: 129 calibration, " +
			"128 test volumes). Rules (`jointRule`): **per-class** — each class at α, no claim for both " +
			"at once; **bonferroni** — each class at α/2, both at once ≥ 1 − α; **max** — one rank " +
			"from each volume's largest per-class (and per-side) rank, both at once ≥ 1 − α. The class " +
			"band is at the class's own level (α, or α/2 under Bonferroni; under max each class's " +
			"event contains the joint one, so it is checked at α); the test fails on any class or " +
			"joint coverage below its band. Confidence sets split each class's α 1:4 between inner " +
			"and outer, and a class's event is I ⊆ Y ⊆ O. Coverage is counted from the per-class " +
			"scores (exact for these methods; `ClassCoverageTest`). Reading and scoring the 257 " +
			"volumes for the three settings took %.0f s, the %d × 9 calibrations and their test " +
			"counts %.0f s.%s%n%n", read, splits, (System.nanoTime() - t0) / 1e9 - read, warnings
				.isEmpty() ? "" : " Reader warnings: " + warnings.size() + "."));
		md.append(t.markdown()).append('\n');
		final String text = md.toString();
		System.out.print(text);
		SECTIONS.put("5-hippocampus-classes", text);
		assertTrue("coverage below its band:\n" + String.join("\n", failures), failures.isEmpty());
	}

	/** Keeps a dataset's section and figures, then fails on any coverage below its band. */
	private static void finish(final PaperProtocols run, final String order) {
		final String text = run.md.toString();
		System.out.print(text);
		SECTIONS.put(order, text);
		FIGURES.putAll(run.figures);
		assertTrue("coverage below its binomial band:\n" + String.join("\n", run.failures), run.failures
			.isEmpty());
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
		SECTIONS.put("6-ct", text);
	}

	/** The sections of docs/validation.md, in order: every test writes one. */
	private static final List<String> ALL_SECTIONS = Arrays.asList("1-polyps", "2-polyp-sources",
		"3-retina", "4-hippocampus", "5-hippocampus-classes", "6-ct");

	/**
	 * Writes docs/validation.md (through a temporary file, moved into place)
	 * and its figures, only when every section was made: a run of one test, or
	 * without one dataset, leaves the page as it is and says why.
	 */
	@AfterClass
	public static void writeDocs() throws IOException {
		if (!Boolean.getBoolean("conformal.writeDocs") || SECTIONS.isEmpty()) return;
		final List<String> missing = new ArrayList<>(ALL_SECTIONS);
		missing.removeAll(SECTIONS.keySet());
		if (!missing.isEmpty()) {
			System.out.println("NOT writing docs/validation.md: sections " + missing +
				" were not made (run the whole class with every dataset present)");
			return;
		}
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
		final Path page = base.resolve("docs/validation.md");
		final byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(page, true, out -> out.write(text));
		System.out.println("Wrote " + page);
	}
}
