package sc.fiji.conformal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.measure.ResultsTable;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.io.Csv;
import sc.fiji.conformal.io.ValidationTable;

/**
 * Plain tables written as Markdown and CSV, a validation as an ImageJ 1.x
 * results table, and the number formats of reports.
 */
public final class Tables {

	private final List<String> header;
	private final List<List<String>> rows = new ArrayList<>();

	/** A table with these column names. */
	public Tables(final List<String> header) {
		this.header = new ArrayList<>(header);
	}

	/** Adds a row (as many cells as columns). */
	public Tables row(final List<String> cells) {
		if (cells.size() != header.size()) {
			throw new IllegalArgumentException("row has " + cells.size() + " cells, expected " + header
				.size());
		}
		rows.add(new ArrayList<>(cells));
		return this;
	}

	/** The table as GitHub-flavoured Markdown. */
	public String markdown() {
		final StringBuilder sb = new StringBuilder();
		sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
		for (int i = 0; i < header.size(); i++)
			sb.append("---|");
		sb.append('\n');
		for (final List<String> r : rows) {
			final List<String> cells = new ArrayList<>();
			for (final String c : r)
				cells.add(c.replace("|", "\\|"));
			sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
		}
		return sb.toString();
	}

	/** The table as CSV. */
	public String csv() {
		final StringBuilder sb = new StringBuilder();
		line(sb, header);
		for (final List<String> r : rows)
			line(sb, r);
		return sb.toString();
	}

	private static void line(final StringBuilder sb, final List<String> cells) {
		sb.append(Csv.line(cells)).append('\n');
	}

	/** A number with 4 significant digits (integers as such, ±∞ spelt out, NaN empty). */
	public static String number(final double x) {
		if (Double.isNaN(x)) return "";
		if (Double.isInfinite(x)) return x > 0 ? "+∞" : "−∞";
		if (x == Math.rint(x) && Math.abs(x) < 1e9) return String.valueOf((long) x);
		final String t = String.format(Locale.ROOT, "%.4g", x);
		if (t.contains("e") || !t.contains(".")) return t;
		return t.replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	/** "mean ± sd" with 3 decimals (sd left out when NaN); empty when the mean is NaN. */
	public static String meanSd(final double mean, final double sd) {
		if (Double.isNaN(mean)) return "";
		if (Double.isNaN(sd)) return String.format(Locale.ROOT, "%.3f", mean);
		return String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd);
	}

	/** A value with 4 decimals. */
	public static String fixed(final double x) {
		return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.4f", x);
	}

	/**
	 * A validation as an ImageJ 1.x results table, not shown: the rows and
	 * columns of {@link ValidationTable} (one row per split, then mean and sd),
	 * numbers where the cell is one, text otherwise, empty cells as NaN.
	 */
	public static ResultsTable resultsTable(final ValidationResult v) {
		return resultsTable(ValidationTable.columns(v), ValidationTable.rows(v));
	}

	/**
	 * This table as an ImageJ 1.x results table, not shown: numbers where the
	 * cell is one, text otherwise, empty cells as NaN.
	 */
	public ResultsTable resultsTable() {
		return resultsTable(header, rows);
	}

	/** The table as CSV ({@link #csv()}). */
	@Override
	public String toString() {
		return csv();
	}

	private static ResultsTable resultsTable(final List<String> columns,
		final List<List<String>> rows)
	{
		final ResultsTable rt = new ResultsTable();
		for (final List<String> row : rows) {
			rt.incrementCounter();
			for (int c = 0; c < columns.size(); c++) {
				final String cell = row.get(c);
				try {
					rt.addValue(columns.get(c), cell.isEmpty() ? Double.NaN : Double.parseDouble(cell));
				}
				catch (final NumberFormatException e) {
					rt.addValue(columns.get(c), cell);
				}
			}
		}
		return rt;
	}
}
