package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;

/**
 * A validation per class and group as a table: one row per split, then a
 * {@code mean} and an {@code sd} row over splits. Columns: {@code split},
 * {@code nCalibration}, {@code nTest}; then for each group (with groups; then
 * {@code all}, every test image, when there are several) a column prefix
 * {@code <group>.} and its {@code <group>.nTest}; for each class (prefix
 * {@code <class>.}; none for binary masks) its λ̂ per side in the method's
 * natural unit ({@code lambdaInner}, {@code lambdaOuter}; not for
 * {@code all}) and the mean of every measure defined over the group's test
 * images ({@code validity} — the class's event — {@code cr}, {@code stretch},
 * …); with several classes, {@code joint}: the share of test images meeting
 * every class's event at once. A group without test images in a split has
 * empty cells there.
 */
public final class ClassValidationTable {

	private ClassValidationTable() {}

	/** The column names. */
	public static List<String> columns(final ClassValidationResult v) {
		final List<String> c = new ArrayList<>();
		c.add("split");
		c.add("nCalibration");
		c.add("nTest");
		final Method m = v.settings().method();
		final List<Measure> measures = measures(v);
		for (final String g : v.rows()) {
			final String gp = prefix(v, g);
			if (v.grouped()) c.add(gp + "nTest");
			for (int k = 0; k < v.classes().size(); k++) {
				final String p = gp + (v.classes().binary() ? "" : v.classes().name(k) + ".");
				if (!g.equals(ClassValidationResult.ALL)) {
					if (m.hasInner()) c.add(p + "lambdaInner");
					if (m.hasOuter()) c.add(p + "lambdaOuter");
				}
				for (final Measure x : measures)
					c.add(p + x.id());
			}
			if (v.classes().size() > 1) c.add(gp + "joint");
		}
		return c;
	}

	/** The rows, as text cells, per split and then mean and sd. */
	public static List<List<String>> rows(final ClassValidationResult v) {
		final List<List<String>> rows = new ArrayList<>();
		for (int s = 0; s < v.splits(); s++)
			rows.add(row(v, s, 0));
		rows.add(row(v, -1, 0));
		rows.add(row(v, -1, 1));
		return rows;
	}

	/** A split's row, or ({@code split} &lt; 0) the mean ({@code sd} 0) or sd row. */
	private static List<String> row(final ClassValidationResult v, final int split, final int sd) {
		final Method m = v.settings().method();
		final List<Measure> measures = measures(v);
		final boolean summary = split < 0;
		final List<String> r = new ArrayList<>();
		r.add(summary ? sd == 0 ? "mean" : "sd" : String.valueOf(split));
		r.add(summary ? "" : String.valueOf(v.nCalibration()));
		r.add(summary ? "" : String.valueOf(v.nTest(split, ClassValidationResult.ALL)));
		for (final String g : v.rows()) {
			if (v.grouped()) r.add(summary ? sd == 0 ? number(v.testPerSplit(g)) : "" : String.valueOf(v
				.nTest(split, g)));
			for (int k = 0; k < v.classes().size(); k++) {
				if (!g.equals(ClassValidationResult.ALL)) {
					for (final boolean inner : new boolean[] { true, false }) {
						if (inner ? !m.hasInner() : !m.hasOuter()) continue;
						r.add(summary ? sd == 0 ? number(m.toNatural(v.meanLambda(g, k, inner))) : ""
							: number(m.toNatural(v.lambda(split, g, k, inner))));
					}
				}
				for (final Measure x : measures)
					r.add(number(summary ? sd == 0 ? v.mean(g, k, x) : v.sd(g, k, x) : v.mean(split, g, k,
						x)));
			}
			if (v.classes().size() > 1) r.add(number(summary ? sd == 0 ? v.jointCoverage(g) : v.jointSd(
				g) : v.joint(split, g)));
		}
		return r;
	}

	/** The table as CSV text: a header line, then one line per row, each ending with a newline. */
	public static String csv(final ClassValidationResult v) {
		final StringBuilder b = new StringBuilder(Csv.line(columns(v))).append('\n');
		for (final List<String> r : rows(v))
			b.append(Csv.line(r)).append('\n');
		return b.toString();
	}

	/** Writes the table ({@link #csv}) as UTF-8, atomically. */
	public static void writeCsv(final ClassValidationResult v, final Path file,
		final boolean overwrite) throws IOException
	{
		final byte[] bytes = csv(v).getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(file, overwrite, out -> out.write(bytes));
	}

	/**
	 * A group's column prefix: its name, and {@code all} for the pooled test
	 * images, or {@code all (pooled)} when a group is itself named {@code all}
	 * (so no two columns share a name).
	 */
	private static String prefix(final ClassValidationResult v, final String group) {
		if (!v.grouped()) return "";
		if (!group.equals(ClassValidationResult.ALL)) return group + ".";
		return (v.groups().contains("all") ? ClassValidationResult.ALL : "all") + ".";
	}

	/** The measures with a value for some class in the pooled test images. */
	private static List<Measure> measures(final ClassValidationResult v) {
		final List<Measure> out = new ArrayList<>();
		for (final Measure x : Measure.values())
			for (int k = 0; k < v.classes().size(); k++)
				if (!Double.isNaN(v.mean(ClassValidationResult.ALL, k, x))) {
					out.add(x);
					break;
				}
		return out;
	}

	private static String number(final double x) {
		if (Double.isNaN(x)) return "";
		if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
		return String.format(Locale.ROOT, "%.6g", x);
	}
}
