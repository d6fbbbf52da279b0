package sc.fiji.conformal.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.JointRule;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.report.ValidationReport;

/**
 * The headless demo: generates a synthetic labelled dataset, calibrates
 * several conformal methods on it, applies them to a fresh image and
 * validates each over seeded random splits, printing what it found; then
 * writes a validation report (tables, plots, overlay panels, index page) for
 * three of them to a new folder and prints where.
 * <p>
 * Run with {@code bin/demo}, which calls {@code mvn -q compile exec:java}
 * (arguments: number of images, splits, seed, report folder). The default
 * report folder is
 * {@code target/demo-report}; if it exists, {@code target/demo-report-2},
 * {@code -3}, … is used instead: an earlier report is never replaced.
 */
public final class Demo {

	private Demo() {}

	/** Runs the demo; arguments (optional): images, splits, seed, report folder. */
	public static void main(final String... args) throws IOException {
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true"); // plots and panels need no display
		}
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		final int splits = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		final long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
		final Path report = args.length > 3 ? Paths.get(args[3]) : freshFolder(Paths.get("target",
			"demo-report"));
		run(images, splits, seed, report, System.out);
	}

	/**
	 * {@code base} if it does not exist, else the first of {@code base-2},
	 * {@code base-3}, … that does not.
	 */
	public static Path freshFolder(final Path base) {
		Path p = base;
		for (int i = 2; Files.exists(p); i++)
			p = base.resolveSibling(base.getFileName() + "-" + i);
		return p;
	}

	/** Runs the demo and prints to {@code out} (no report). */
	public static void run(final int images, final int splits, final long seed,
		final PrintStream out)
	{
		try {
			run(images, splits, seed, null, out);
		}
		catch (final IOException e) {
			throw new IllegalStateException("no report was asked for, yet writing failed", e);
		}
	}

	/**
	 * Runs the demo, prints to {@code out} and, if {@code reportFolder} is not
	 * null, writes the validation report of dilation, erosion and confidence
	 * sets there (the folder must not exist).
	 *
	 * @return the report, or null
	 * @throws java.nio.file.FileAlreadyExistsException if the folder exists
	 */
	public static ValidationReport.Result run(final int images, final int splits, final long seed,
		final Path reportFolder, final PrintStream out) throws IOException
	{
		if (reportFolder != null && Files.exists(reportFolder)) {
			throw new java.nio.file.FileAlreadyExistsException(reportFolder.toString(), null,
				"refusing to overwrite an existing report folder");
		}
		final SyntheticDataset data = new SyntheticDataset(images, seed, 64, 64);
		final Sample fresh = new SyntheticDataset(1, seed + 1, 64, 64).get(0);
		final Settings[] methods = { //
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(StructuringElement.CROSS)
				.build(), //
			Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.01).shape(StructuringElement.CROSS)
				.build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08).joint(
				JointRule.BONFERRONI).innerTransform(Transform.IDENTITY).outerTransform(
					Transform.IDENTITY).build(), //
			Settings.builder(Method.CRC).alpha(0.1).build() };
		out.printf(Locale.ROOT, "Conformal Segmentation demo: %d synthetic %s images (seed %d), %d random half/half splits%n%n",
			images, "64x64", seed, splits);
		for (final Settings s : methods) {
			final long t0 = System.nanoTime();
			final Calibration c = Calibrator.calibrate(s, data);
			final ConformalSets sets = c.apply(fresh);
			final ValidationResult v = Validation.randomSplits(s, data, splits, 0.5, seed);
			final double ms = (System.nanoTime() - t0) / 1e6;
			out.printf(Locale.ROOT, "%s  %s%n", s.method().id(), s.parameters());
			out.printf(Locale.ROOT, "  guarantee: %s%n", c.guarantee());
			out.printf(Locale.ROOT, "  calibrated on n=%d:%s%s%n", c.n(), describe(s.method(), "inner",
				c.inner()), describe(s.method(), "outer", c.outer()));
			out.printf(Locale.ROOT, "  new image: |Ŷ|=%d%s%s%n", sets.predicted().count(), sets
				.inner() == null ? "" : ", |inner|=" + sets.inner().count(), sets.outer() == null ? ""
					: ", |outer|=" + sets.outer().count());
			out.printf(Locale.ROOT, "  validation (mean ± sd over splits): %s%n", summary(v));
			out.printf(Locale.ROOT, "  time: %.0f ms%n%n", ms);
		}
		if (reportFolder == null) return null;
		final long t0 = System.nanoTime();
		final ValidationReport.Result r = ValidationReport.write(data, Arrays.asList(methods[0],
			methods[1], methods[3]), new ValidationReport.Options().splits(splits).seed(seed).title(
				"Conformal Segmentation demo: " + images + " synthetic 64x64 images"), reportFolder);
		out.printf(Locale.ROOT, "Validation report (dilation, erosion, confidence-sets; %d splits per α, %d files) written in %.1f s to:%n%s%n",
			splits, r.files().size(), (System.nanoTime() - t0) / 1e9, r.index());
		return r;
	}

	private static String describe(final Method m, final String side, final Threshold t) {
		if (t == null) return "";
		final String rank = t.k() == Threshold.NO_RANK ? "" : " (k=" + t.k() + ")";
		return String.format(Locale.ROOT, " %s λ̂=%.4g%s%s", side, m.toNatural(t.lambda()), rank, t
			.trivial() ? " TRIVIAL: needs n ≥ " + t.nNeeded() : "");
	}

	private static String summary(final ValidationResult v) {
		final StringBuilder sb = new StringBuilder();
		for (final Measure m : new Measure[] { Measure.VALIDITY, Measure.FNR, Measure.STRETCH,
			Measure.CR, Measure.AFP })
		{
			final double mean = v.mean(m);
			if (Double.isNaN(mean)) continue;
			sb.append(String.format(Locale.ROOT, "%s %.3f ± %.3f  ", m.id(), mean, v.sd(m)));
		}
		return sb.toString().trim();
	}
}
