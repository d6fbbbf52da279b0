package sc.fiji.conformal.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The image file formats datasets are read from and sets are written to,
 * named by their file extensions (in any case). The extension alone decides a
 * file's format; {@link ImageFormats} decides which codec handles it.
 */
public enum ImageFormat {
	/** TIFF ({@code .tif}, {@code .tiff}), through ImageJ 1.x; 2-D or a 3-D stack. */
	TIFF("TIFF", ".tif", ".tiff"),
	/** PNG ({@code .png}), through ImageJ 1.x; 2-D only. */
	PNG("PNG", ".png"),
	/** Single-file NIfTI-1 ({@code .nii}, {@code .nii.gz}), through {@link Nifti}; 2-D to 7-D. */
	NIFTI("NIfTI-1", ".nii", ".nii.gz");

	private final String label;
	private final List<String> extensions;

	ImageFormat(final String label, final String... extensions) {
		this.label = label;
		this.extensions = Collections.unmodifiableList(Arrays.asList(extensions));
	}

	/** The extensions of the format, lower case with the dot ({@code .nii.gz}). */
	public List<String> extensions() {
		return extensions;
	}

	/**
	 * The format a file name's extension names, or null if it names none (or
	 * the name is only an extension, like {@code .png}).
	 */
	public static ImageFormat find(final Path file) {
		final String e = ImageFiles.extension(file);
		if (e == null) return null;
		final String lower = e.toLowerCase(Locale.ROOT);
		for (final ImageFormat f : values())
			if (f.extensions.contains(lower)) return f;
		return null;
	}

	/**
	 * The format a file name's extension names.
	 *
	 * @throws IllegalArgumentException naming the file and the extensions
	 *           known, if its name has none of them
	 */
	public static ImageFormat of(final Path file) {
		if (file == null) throw new IllegalArgumentException("file must not be null");
		final ImageFormat f = find(file);
		if (f == null) {
			throw new IllegalArgumentException(file + ": unknown image format: the file name must end " +
				"with one of " + String.join(", ", allExtensions()) + " (" + describeAll() + ")");
		}
		return f;
	}

	/** Every extension of every format, in declaration order. */
	static List<String> allExtensions() {
		final List<String> all = new ArrayList<>();
		for (final ImageFormat f : values())
			all.addAll(f.extensions);
		return all;
	}

	/** Every extension, longest first (so {@code .nii.gz} is tried before shorter ones). */
	static String[] extensionsLongestFirst() {
		final List<String> all = allExtensions();
		all.sort(Comparator.comparingInt(String::length).reversed());
		return all.toArray(new String[0]);
	}

	private static String describeAll() {
		final List<String> names = new ArrayList<>();
		for (final ImageFormat f : values())
			names.add(f.label);
		return String.join(", ", names);
	}

	/** The format's usual name: {@code TIFF}, {@code PNG}, {@code NIfTI-1}. */
	@Override
	public String toString() {
		return label;
	}
}
