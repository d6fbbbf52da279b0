package sc.fiji.conformal.headless;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses launcher parameters in the form Fiji's headless mode takes:
 * {@code key=value} pairs separated by commas, values either double-quoted
 * strings (with {@code \"} and {@code \\} escapes) or bare numbers/words.
 * Values stay strings; the module converts them to each input's type. ImageJ
 * macro syntax ({@code key=[value]}, pairs separated by blanks) is refused
 * with a message saying how to write it.
 */
final class Parameters {

	/** The answer to ImageJ macro syntax ({@code key=[value] key2=value}). */
	static final String MACRO = "this looks like ImageJ macro syntax (key=[value] separated by blanks); " +
		"use key=value pairs separated by commas, text in double quotes: " +
		"'scores=\"/d/scores\",masks=\"/d/masks\",alpha=0.1'";

	private Parameters() {}

	static Map<String, Object> parse(final String text) {
		final Map<String, Object> out = new LinkedHashMap<>();
		int i = 0;
		final int n = text.length();
		while (i < n) {
			while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i))))
				i++;
			if (i >= n) break;
			final int eq = text.indexOf('=', i);
			if (eq < 0) throw new IllegalArgumentException("expected key=value at '" + text.substring(i) + "'");
			final String key = text.substring(i, eq).trim();
			if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException("bad parameter name '" + key + "'");
			}
			i = eq + 1;
			while (i < n && text.charAt(i) != ',' && Character.isWhitespace(text.charAt(i)))
				i++;
			final StringBuilder v = new StringBuilder();
			final boolean quoted = i < n && text.charAt(i) == '"';
			if (quoted) {
				i++;
				boolean closed = false;
				while (i < n) {
					final char c = text.charAt(i++);
					if (c == '\\' && i < n) v.append(text.charAt(i++));
					else if (c == '"') {
						closed = true;
						break;
					}
					else v.append(c);
				}
				if (!closed) throw new IllegalArgumentException("unterminated quote in the value of '" + key + "'");
			}
			else {
				while (i < n && text.charAt(i) != ',')
					v.append(text.charAt(i++));
				if (v.toString().trim().startsWith("[") || v.toString().matches(
					"(?s).*\\s[A-Za-z_][A-Za-z0-9_]*=.*")) throw new IllegalArgumentException(MACRO);
			}
			// a quoted value is taken as written; a bare one without surrounding blanks
			if (out.put(key, quoted ? v.toString() : v.toString().trim()) != null) {
				throw new IllegalArgumentException("parameter '" + key + "' is given twice");
			}
		}
		return out;
	}
}
