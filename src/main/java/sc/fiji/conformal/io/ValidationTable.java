package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.SplitResult;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.ValidationResult;

/**
 * A validation as a table: one row per split (its λ̂ in the method's natural
 * unit and the mean of every measure over its test images), then a
 * {@code mean} and an {@code sd} row over splits. Columns that are undefined
 * for the method are left out.
 */
public final class ValidationTable {

	private ValidationTable() {}

	/** The column names. */
	public static List<String> columns(final ValidationResult v) {
		final List<String> c = new ArrayList<>();
		c.add("split");
		c.add("nCalibration");
		c.add("nTest");
		final Method m = v.settings().method();
		if (m.hasInner()) c.add("lambdaInner");
		if (m.hasOuter()) c.add("lambdaOuter");
		for (final Measure x : measures(v))
			c.add(x.id());
		return c;
	}

	/** The rows, as text cells, per split and then mean and sd. */
	public static List<List<String>> rows(final ValidationResult v) {
		final Method m = v.settings().method();
		final List<Measure> measures = measures(v);
		final List<List<String>> rows = new ArrayList<>();
		for (final SplitResult s : v.splits()) {
			final List<String> r = new ArrayList<>();
			r.add(String.valueOf(s.index()));
			r.add(String.valueOf(s.nCalibration()));
			r.add(String.valueOf(s.nTest()));
			if (m.hasInner()) r.add(number(natural(m, s.inner())));
			if (m.hasOuter()) r.add(number(natural(m, s.outer())));
			for (final Measure x : measures)
				r.add(number(s.mean(x)));
			rows.add(r);
		}
		for (final boolean mean : new boolean[] { true, false }) {
			final List<String> r = new ArrayList<>();
			r.add(mean ? "mean" : "sd");
			r.add("");
			r.add("");
			if (m.hasInner()) r.add(mean ? number(m.toNatural(v.meanLambda(true))) : "");
			if (m.hasOuter()) r.add(mean ? number(m.toNatural(v.meanLambda(false))) : "");
			for (final Measure x : measures)
				r.add(number(mean ? v.mean(x) : v.sd(x)));
			rows.add(r);
		}
		return rows;
	}

	/** The table as CSV text: a header line, then one line per row, each ending with a newline. */
	public static String csv(final ValidationResult v) {
		final StringBuilder b = new StringBuilder(String.join(",", columns(v))).append('\n');
		for (final List<String> r : rows(v))
			b.append(Csv.line(r)).append('\n');
		return b.toString();
	}

	/** Writes the table ({@link #csv}) as UTF-8, atomically. */
	public static void writeCsv(final ValidationResult v, final Path file, final boolean overwrite)
		throws IOException
	{
		final byte[] bytes = csv(v).getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(file, overwrite, out -> out.write(bytes));
	}

	private static List<Measure> measures(final ValidationResult v) {
		final List<Measure> out = new ArrayList<>();
		for (final Measure x : Measure.values())
			if (!Double.isNaN(v.mean(x))) out.add(x);
		return out;
	}

	private static double natural(final Method m, final Threshold t) {
		return t == null ? Double.NaN : m.toNatural(t.lambda());
	}

	private static String number(final double x) {
		if (Double.isNaN(x)) return "";
		if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
		return String.format(Locale.ROOT, "%.6g", x);
	}
}
