package sc.fiji.conformal.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's markdown as a standalone HTML page, for opening in a browser
 * from Fiji: the subset the reports write (headings {@code #}/{@code ##},
 * pipe tables with a separator row, list items {@code - }, paragraphs;
 * inline images, links, {@code `code`} and {@code **bold**}). Text is
 * escaped; nothing else is interpreted.
 */
final class MarkdownHtml {

	private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\(([^)]*)\\)");
	private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)]*)\\)");
	private static final Pattern CODE = Pattern.compile("`([^`]*)`");
	private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]*)\\*\\*");

	private MarkdownHtml() {}

	/** The page of a markdown text, titled. */
	static String page(final String title, final String markdown) {
		final StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
			.append("<title>").append(escape(title)).append("</title><style>")
			.append("body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em}")
			.append("table{border-collapse:collapse;margin:0.5em 0}")
			.append("td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}")
			.append("img{margin:4px;vertical-align:top}code{background:#f2f2f2}")
			.append("</style></head><body>\n");
		final String[] lines = markdown.split("\n", -1);
		StringBuilder paragraph = new StringBuilder();
		for (int i = 0; i < lines.length; i++) {
			final String line = lines[i].trim();
			if (line.startsWith("|")) {
				flush(sb, paragraph);
				paragraph = new StringBuilder();
				sb.append("<table>\n");
				boolean header = true;
				for (; i < lines.length && lines[i].trim().startsWith("|"); i++) {
					final String row = lines[i].trim();
					if (row.matches("\\|[-| :]+\\|")) continue;
					final String[] cells = row.substring(1, row.endsWith("|") ? row.length() - 1 : row
						.length()).split("\\|", -1);
					sb.append("<tr>");
					for (final String c : cells)
						sb.append(header ? "<th>" : "<td>").append(inline(c.trim())).append(header ? "</th>"
							: "</td>");
					sb.append("</tr>\n");
					header = false;
				}
				i--;
				sb.append("</table>\n");
			}
			else if (line.startsWith("#")) {
				flush(sb, paragraph);
				paragraph = new StringBuilder();
				int level = 0;
				while (level < line.length() && line.charAt(level) == '#')
					level++;
				sb.append("<h").append(level).append('>').append(inline(line.substring(level).trim()))
					.append("</h").append(level).append(">\n");
			}
			else if (line.startsWith("- ")) {
				flush(sb, paragraph);
				paragraph = new StringBuilder();
				sb.append("<ul>\n");
				for (; i < lines.length && lines[i].trim().startsWith("- "); i++)
					sb.append("<li>").append(inline(lines[i].trim().substring(2))).append("</li>\n");
				i--;
				sb.append("</ul>\n");
			}
			else if (line.isEmpty()) {
				flush(sb, paragraph);
				paragraph = new StringBuilder();
			}
			else paragraph.append(paragraph.length() == 0 ? "" : " ").append(line);
		}
		flush(sb, paragraph);
		return sb.append("</body></html>\n").toString();
	}

	private static void flush(final StringBuilder sb, final StringBuilder paragraph) {
		if (paragraph.length() > 0) sb.append("<p>").append(inline(paragraph.toString())).append(
			"</p>\n");
	}

	/** Escapes the text, then turns images, links, code and bold into tags. */
	static String inline(final String text) {
		String s = escape(text);
		s = replace(IMAGE, s, "<img alt=\"$1\" src=\"$2\">");
		s = replace(LINK, s, "<a href=\"$2\">$1</a>");
		s = replace(CODE, s, "<code>$1</code>");
		return replace(BOLD, s, "<b>$1</b>");
	}

	private static String replace(final Pattern p, final String s, final String with) {
		final Matcher m = p.matcher(s);
		return m.replaceAll(with);
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"",
			"&quot;");
	}
}
