package sc.fiji.conformal.io;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV line handling (quoted cells, doubled quotes). */
public final class Csv {

	private Csv() {}

	/** The cells of one line. */
	static List<String> split(final String line) {
		final List<String> cells = new ArrayList<>();
		final StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char ch = line.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cur.append('"');
					i++;
				}
				else if (ch == '"') quoted = false;
				else cur.append(ch);
			}
			else if (ch == '"') quoted = true;
			else if (ch == ',') {
				cells.add(cur.toString());
				cur.setLength(0);
			}
			else cur.append(ch);
		}
		cells.add(cur.toString());
		return cells;
	}

	/** One line of cells, each quoted as {@link #quote} does, without the line break. */
	public static String line(final List<String> cells) {
		final List<String> q = new ArrayList<>(cells.size());
		for (final String c : cells)
			q.add(quote(c));
		return String.join(",", q);
	}

	/** One cell, quoted when it holds a comma, quote or line break. */
	public static String quote(final String cell) {
		if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell
			.indexOf('\r') < 0) return cell;
		return '"' + cell.replace("\"", "\"\"") + '"';
	}
}
