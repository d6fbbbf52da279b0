package sc.fiji.conformal.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.ClassValidationTable;

/**
 * What a validation per class and group says, for people: a text summary
 * ({@link #summary}) and a report folder ({@link #write}). Each class's
 * coverage (its event, in each group) is judged against the binomial band of
 * its own level ({@link CoverageBand}: α, or α/K under Bonferroni; under max
 * each class's event contains the joint one, so it is checked at α) for the
 * group's calibration and test images per split; the joint event (every class
 * at once) against the band at α for the joint rules, and with no claim under
 * per-class. A guarantee in expectation (crc) is judged as the binary
 * validation judges it: the mean risk against α + 4·sd/√S.
 */
public final class ClassValidationReport {

	/** The table's file name in a report folder. */
	public static final String TABLE = "validation.csv";
	/** The coverage figure's file name in a report folder. */
	public static final String FIGURE = "coverage.png";

	private ClassValidationReport() {}

	/**
	 * The band of class c's event in a row (group or
	 * {@link ClassValidationResult#ALL}); null for a guarantee in expectation.
	 */
	public static CoverageBand band(final ClassValidationResult v, final String row, final int c) {
		return band(v, row, v.classAlpha(c));
	}

	/** The band of the joint event in a row; null without a joint claim. */
	public static CoverageBand jointBand(final ClassValidationResult v, final String row) {
		return v.jointClaim() ? band(v, row, v.settings().alpha()) : null;
	}

	private static CoverageBand band(final ClassValidationResult v, final String row,
		final double alpha)
	{
		if (v.settings().method().risk() != null) return null;
		final int nCal = (int) Math.round(ClassValidationResult.ALL.equals(row) || !v.perGroup() ? v
			.nCalibration() : v.calibrationPerSplit(row));
		return CoverageBand.of(alpha, nCal, Math.max(1, (int) Math.round(v.testPerSplit(row))), v
			.splits());
	}

	/** The upper bound a mean risk is judged against: α + 4·sd/√S. */
	private static double riskBound(final ClassValidationResult v, final String row, final int c) {
		return v.classAlpha(c) + CoverageBand.Z * v.coverageSd(row, c) / Math.sqrt(v.splits());
	}

	/**
	 * One row per (group, class) and per group's joint event: coverage mean ±
	 * sd over splits, its target, band and verdict, mean λ̂ and set sizes.
	 */
	public static Tables table(final ClassValidationResult v) {
		final Method m = v.settings().method();
		final boolean risk = m.risk() != null;
		final List<String> header = new ArrayList<>(Arrays.asList("group", "class", "images",
			"cal / test per split", risk ? "mean " + v.event().id() : "coverage", "target", risk
				? "bound (α + 4·sd/√S)" : "band", "verdict"));
		if (m.hasInner()) header.add("mean λ̂ inner");
		if (m.hasOuter()) header.add("mean λ̂ outer");
		if (m.hasInner()) header.add("CR");
		if (m.hasOuter()) header.add("stretch");
		final Tables t = new Tables(header);
		for (final String g : v.rows()) {
			final String cal = String.format(Locale.ROOT, "%.1f / %.1f", ClassValidationResult.ALL
				.equals(g) || !v.perGroup() ? v.nCalibration() : v.calibrationPerSplit(g), v.testPerSplit(
					g));
			for (int c = 0; c <= v.classes().size(); c++) {
				final boolean joint = c == v.classes().size();
				if (joint && v.classes().size() == 1) break;
				final List<String> r = new ArrayList<>();
				r.add(g.isEmpty() ? "—" : g);
				r.add(joint ? "joint (all classes)" : v.classes().name(c));
				r.add(Integer.toString(v.images(g)));
				r.add(cal);
				if (joint) {
					final CoverageBand b = jointBand(v, g);
					r.add(Tables.meanSd(v.jointCoverage(g), v.jointSd(g)));
					r.add(b == null ? "no joint claim (" + v.jointRule().id() + ")" : "≥ " + Tables.number(b
						.target()));
					r.add(b == null ? "—" : b.toString());
					r.add(b == null ? "—" : verdict(b, v.jointCoverage(g)));
				}
				else {
					final double cov = v.coverage(g, c);
					r.add(Tables.meanSd(cov, v.coverageSd(g, c)));
					if (risk) {
						final double bound = riskBound(v, g, c);
						r.add("≤ " + Tables.number(v.classAlpha(c)));
						r.add("≤ " + Tables.fixed(bound));
						r.add(cov <= bound ? "≤ α" : "over α");
					}
					else {
						final CoverageBand b = band(v, g, c);
						r.add("≥ " + Tables.number(b.target()));
						r.add(b.toString());
						r.add(verdict(b, cov));
					}
				}
				for (final boolean inner : new boolean[] { true, false }) {
					if (inner ? !m.hasInner() : !m.hasOuter()) continue;
					r.add(joint || ClassValidationResult.ALL.equals(g) ? "—" : Tables.number(m.toNatural(v
						.meanLambda(g, c, inner))));
				}
				if (m.hasInner()) r.add(joint ? "—" : Tables.meanSd(v.mean(g, c, Measure.CR), v.sd(g, c,
					Measure.CR)));
				if (m.hasOuter()) r.add(joint ? "—" : Tables.meanSd(v.mean(g, c, Measure.STRETCH), v.sd(g,
					c, Measure.STRETCH)));
				t.row(r);
			}
		}
		return t;
	}

	/** "under" below the band, "over" above it (conservative), else "in band". */
	static String verdict(final CoverageBand b, final double coverage) {
		return coverage < b.lower() ? "under" : coverage > b.upper() ? "over" : "in band";
	}

	/**
	 * The summary for the log: the validation ({@link ClassValidationResult#toString}),
	 * each row under its band, the images skipped, the table written and the
	 * warnings ({@link SetWarnings#of(ClassValidationResult)}).
	 *
	 * @param output the table written, or null
	 */
	public static String summary(final ClassValidationResult v, final List<ImageFailure> skipped,
		final Path output)
	{
		final StringBuilder sb = new StringBuilder(v.toString());
		final List<String> under = under(v);
		sb.append(under.isEmpty() ? " Every coverage reaches its band." : " Below its band: " + String
			.join("; ", under) + ".");
		if (!v.jointClaim() && v.classes().size() > 1) {
			sb.append(" The per-class rule makes no claim for all classes at once.");
		}
		if (!skipped.isEmpty()) sb.append(" Skipped ").append(skipped.size()).append(" image(s): ")
			.append(skipped).append('.');
		if (output != null) sb.append(" Table written to ").append(output).append('.');
		for (final String w : SetWarnings.of(v))
			sb.append(" Warning: ").append(w);
		return sb.toString();
	}

	/** Every row and class (and joint event) whose coverage is below its band's lower end. */
	public static List<String> under(final ClassValidationResult v) {
		final List<String> out = new ArrayList<>();
		for (final String g : v.rows()) {
			final String where = g.isEmpty() ? "" : g + " ";
			for (int c = 0; c < v.classes().size(); c++) {
				final double cov = v.coverage(g, c);
				final CoverageBand b = band(v, g, c);
				if (b != null ? !b.holds(cov) : cov > riskBound(v, g, c)) out.add(where + (v.classes()
					.binary() ? "" : v.classes().name(c) + " ") + Tables.number(cov) + (b != null ? " < " +
						Tables.number(b.lower()) : " > α"));
			}
			final CoverageBand j = jointBand(v, g);
			if (j != null && v.classes().size() > 1 && !j.holds(v.jointCoverage(g))) out.add(where +
				"joint " + Tables.number(v.jointCoverage(g)) + " < " + Tables.number(j.lower()));
		}
		return out;
	}

	/**
	 * Writes a report folder: {@code index.md} and {@code index.html} (the
	 * table of {@link #table}, the band's description, the figure), the
	 * per-split table {@value #TABLE} ({@link ClassValidationTable}) and the
	 * figure {@value #FIGURE} (each row's coverage per class and joint, ± sd,
	 * over each class's band). The folder appears complete or not at all
	 * ({@link AtomicWrite#commitFolder}).
	 *
	 * @return the index.html written
	 */
	public static Path write(final ClassValidationResult v, final List<ImageFailure> skipped,
		final String title, final Path folder, final boolean overwrite) throws IOException
	{
		AtomicWrite.checkFolder(folder, overwrite);
		final Path tmp = AtomicWrite.newTempFolder(folder);
		try {
			Files.write(tmp.resolve(TABLE), ClassValidationTable.csv(v).getBytes(
				StandardCharsets.UTF_8));
			Plots.savePng(figure(v), tmp.resolve(FIGURE));
			final String md = markdown(v, skipped, title);
			Files.write(tmp.resolve("index.md"), md.getBytes(StandardCharsets.UTF_8));
			Files.write(tmp.resolve("index.html"), MarkdownHtml.page(title, md).getBytes(
				StandardCharsets.UTF_8));
			AtomicWrite.commitFolder(tmp, folder, overwrite);
			return folder.resolve("index.html");
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				AtomicWrite.deleteTree(tmp);
			}
			catch (final IOException d) {
				e.addSuppressed(d);
			}
			throw e;
		}
	}

	private static String markdown(final ClassValidationResult v, final List<ImageFailure> skipped,
		final String title)
	{
		final StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
		md.append(v.toString()).append("\n\n");
		md.append("Splits: ").append(v.splits()).append(" random calibration/test splits of ").append(
			v.images(ClassValidationResult.ALL)).append(" images (").append(v.nCalibration()).append(
				" calibration each)").append(v.grouped() ? v.perGroup()
					? "; one calibration per group (Mondrian): each group's guarantee holds within the group"
					: "; one pooled calibration, sorted by group" : "").append(". Joint rule: ").append(v
						.jointRule().id()).append(v.jointClaim() ? " (all classes at once)" : v.classes()
							.size() > 1 ? " (each class on its own: no claim for all classes at once)" : "")
			.append(".\n\n");
		md.append(table(v).markdown()).append('\n');
		md.append(CoverageBand.description()).append("\n\n");
		md.append("![coverage](").append(FIGURE).append(")\n\n");
		md.append("Per split: [").append(TABLE).append("](").append(TABLE).append(").\n");
		if (!skipped.isEmpty()) {
			md.append("\nSkipped ").append(skipped.size()).append(" image(s):\n\n");
			for (final ImageFailure f : skipped)
				md.append("- ").append(f.id()).append(": ").append(f.message()).append('\n');
		}
		return md.toString();
	}

	/**
	 * Each row's (group's) coverage per class and joint ± sd over splits, side
	 * by side over each one's own band.
	 */
	static ij.ImagePlus figure(final ClassValidationResult v) {
		final List<String> rows = v.rows();
		final List<Plots.Series> series = new ArrayList<>();
		final List<Plots.Band> bands = new ArrayList<>();
		final int k = v.classes().size();
		for (int c = 0; c <= k; c++) {
			final boolean joint = c == k;
			if (joint && k == 1) break;
			final double[] y = new double[rows.size()], sd = new double[rows.size()];
			final double[] lo = new double[rows.size()], hi = new double[rows.size()];
			boolean banded = false;
			for (int i = 0; i < rows.size(); i++) {
				final String g = rows.get(i);
				y[i] = joint ? v.jointCoverage(g) : v.coverage(g, c);
				sd[i] = joint ? v.jointSd(g) : v.coverageSd(g, c);
				final CoverageBand b = joint ? jointBand(v, g) : band(v, g, c);
				lo[i] = b == null ? Double.NaN : b.lower();
				hi[i] = b == null ? Double.NaN : b.upper();
				banded |= b != null;
			}
			final String name = joint ? "joint" : v.classes().binary() ? "coverage" : v.classes().name(c);
			series.add(new Plots.Series(name, y, sd));
			bands.add(banded ? new Plots.Band(name + " band", lo, hi) : null);
		}
		final List<String> names = new ArrayList<>();
		for (final String g : rows)
			names.add(g.isEmpty() ? "all test images" : g);
		return Plots.sideBySide(v.settings().method().id() + " validation (α = " + Tables.number(v
			.settings().alpha()) + ", " + v.splits() + " splits)", rows.size() > 1 ? "group" : "", v
				.settings().method().risk() != null ? "mean " + v.event().id() + " ± sd"
					: "coverage ± sd over splits", names, series, bands);
	}
}
