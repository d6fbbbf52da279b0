package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an image's group (for group-conditional calibration) comes from: no
 * groups, the manifest's {@code group} column, or the first folder level of
 * the image's id (e.g. {@code Kvasir} for {@code Kvasir/cju0u82z3cuma}).
 */
public enum GroupBy {

	/** No groups: one calibration for all images. */
	NONE,
	/** The manifest's {@code group} column. */
	COLUMN,
	/** The first folder level of the image's id. */
	FOLDER;

	/** The name users write: {@code none}, {@code column} or {@code folder}. */
	public String id() {
		return name().toLowerCase();
	}

	/** Parses {@code none}, {@code column} or {@code folder} (case-insensitive). */
	public static GroupBy fromId(final String id) {
		for (final GroupBy g : values())
			if (g.id().equalsIgnoreCase(id == null ? "" : id.trim())) return g;
		throw new IllegalArgumentException("groupBy must be one of [none, column, folder], got " +
			(id == null ? "nothing" : "'" + id + "'"));
	}

	/**
	 * The group of an image by its id: "" for {@link #NONE}, the first folder
	 * level for {@link #FOLDER}, the manifest's value for {@link #COLUMN}.
	 *
	 * @param column the manifest's groups by id ({@link #column(Path)}), for
	 *          {@link #COLUMN}
	 * @throws IllegalArgumentException naming the image if it has no folder
	 *           level, or no group in the column
	 */
	public String groupOf(final String id, final Map<String, String> column) {
		switch (this) {
			case FOLDER: {
				final int slash = id.indexOf('/');
				if (slash <= 0) {
					throw new IllegalArgumentException("groupBy=folder: image '" + id +
						"' is not inside a folder, so it has no group");
				}
				return id.substring(0, slash);
			}
			case COLUMN: {
				final String g = column == null ? null : column.get(id);
				if (g == null) {
					throw new IllegalArgumentException("groupBy=column: image '" + id +
						"' has no group (groups come from a manifest's group column)");
				}
				return g;
			}
			default:
				return "";
		}
	}

	/**
	 * The {@code group} column of a CSV manifest, by image id.
	 *
	 * @throws IllegalArgumentException naming the CSV if it lacks the column,
	 *           or the line and the image of an empty group value
	 */
	public static Map<String, String> column(final Path csv) throws IOException {
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty()) throw new IllegalArgumentException(csv + " is empty");
		final List<String> header = new ArrayList<>();
		for (final String name : Csv.split(lines.get(0).replace("\uFEFF", "")))
			header.add(name.trim());
		final int id = Dataset.column(header, "id", csv, true);
		final int group = Dataset.column(header, "group", csv, true);
		final Map<String, String> out = new LinkedHashMap<>();
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).trim().isEmpty()) continue;
			final List<String> c = Csv.split(lines.get(i));
			final String g = Dataset.cell(c, group);
			if (g.isEmpty()) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": image '" + Dataset.cell(
					c, id) + "' has an empty group value");
			}
			out.put(Dataset.cell(c, id), g);
		}
		return out;
	}
}
