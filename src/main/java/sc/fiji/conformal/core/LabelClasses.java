package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The classes of a multi-class calibration: an ordered list of label values
 * (the integers a label map stores) with names. Class i of a calibration is
 * always {@link #label(int) label(i)}; every per-class array in the engine is
 * indexed in this order. Immutable.
 * <p>
 * The single-class list {@link #BINARY} stands for an ordinary binary
 * calibration (a mask, not a label map): a calibration with it and no groups
 * is the plain calibration of the binary methods.
 *
 * <pre>
 * LabelClasses c = LabelClasses.parse("1:anterior,2:posterior");
 * </pre>
 */
public final class LabelClasses {

	/** The one "class" of a binary calibration: the mask's object (label 1, named {@code object}). */
	public static final LabelClasses BINARY = new LabelClasses(new int[] { 1 }, new String[] {
		"object" }, true);

	private final int[] labels;
	private final String[] names;
	private final boolean binary;

	private LabelClasses(final int[] labels, final String[] names, final boolean binary) {
		this.labels = labels;
		this.names = names;
		this.binary = binary;
	}

	/**
	 * Classes from label values and names.
	 *
	 * @param labels distinct label values, each ≥ 0
	 * @param names one name per label (null for the default {@code label<value>})
	 * @throws IllegalArgumentException on no labels, a negative or repeated
	 *           label, a repeated name, or names of another length
	 */
	public static LabelClasses of(final int[] labels, final String[] names) {
		if (labels == null || labels.length == 0) {
			throw new IllegalArgumentException("classes: need at least one label");
		}
		if (names != null && names.length != labels.length) {
			throw new IllegalArgumentException("classes: " + labels.length + " labels but " +
				names.length + " names");
		}
		final String[] n = new String[labels.length];
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0) throw new IllegalArgumentException("classes: label " + labels[i] +
				" is negative (labels are values 0, 1, 2, ... of a label map)");
			for (int j = 0; j < i; j++) {
				if (labels[j] == labels[i]) throw new IllegalArgumentException(
					"classes: label " + labels[i] + " is given twice");
			}
			n[i] = names == null || names[i] == null || names[i].trim().isEmpty() ? "label" +
				labels[i] : names[i].trim();
			for (int j = 0; j < i; j++) {
				if (n[j].equals(n[i])) throw new IllegalArgumentException("classes: name '" + n[i] +
					"' is given twice");
			}
		}
		return new LabelClasses(labels.clone(), n, false);
	}

	/**
	 * Parses the {@code classes} parameter: comma-separated labels, each
	 * optionally with a name, e.g. {@code 1:anterior,2:posterior} or
	 * {@code 1,2}.
	 *
	 * @throws IllegalArgumentException naming the text and the item that is
	 *           not {@code <label>[:<name>]}
	 */
	public static LabelClasses parse(final String spec) {
		if (spec == null || spec.trim().isEmpty()) {
			throw new IllegalArgumentException("classes: nothing given (expected e.g. 1:anterior,2:posterior)");
		}
		final List<String> items = Arrays.asList(spec.split(","));
		final int[] labels = new int[items.size()];
		final String[] names = new String[items.size()];
		for (int i = 0; i < labels.length; i++) {
			final String item = items.get(i).trim();
			final int colon = item.indexOf(':');
			final String value = colon < 0 ? item : item.substring(0, colon).trim();
			try {
				labels[i] = Integer.parseInt(value);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("classes '" + spec + "': item '" + item +
					"' is not <label>[:<name>] with an integer label");
			}
			names[i] = colon < 0 ? null : item.substring(colon + 1);
		}
		return of(labels, names);
	}

	/** True for {@link #BINARY}: a plain mask, not a label map. */
	public boolean binary() {
		return binary;
	}

	/** Number of classes K. */
	public int size() {
		return labels.length;
	}

	/** The label value of class i. */
	public int label(final int i) {
		return labels[i];
	}

	/** The name of class i. */
	public String name(final int i) {
		return names[i];
	}

	/** The label values, in class order (a copy). */
	public int[] labels() {
		return labels.clone();
	}

	/** The names, in class order. */
	public List<String> names() {
		return Collections.unmodifiableList(Arrays.asList(names));
	}

	/** The index of a label value, or −1. */
	public int indexOf(final int label) {
		for (int i = 0; i < labels.length; i++)
			if (labels[i] == label) return i;
		return -1;
	}

	/**
	 * The {@code classes} parameter text that parses back to these classes,
	 * e.g. {@code 1:anterior,2:posterior}.
	 */
	public String spec() {
		final List<String> items = new ArrayList<>();
		for (int i = 0; i < labels.length; i++)
			items.add(labels[i] + ":" + names[i]);
		return String.join(",", items);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof LabelClasses)) return false;
		final LabelClasses c = (LabelClasses) o;
		return binary == c.binary && Arrays.equals(labels, c.labels) && Arrays.equals(names, c.names);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(labels) * 31 + Arrays.hashCode(names);
	}

	@Override
	public String toString() {
		return binary ? "binary" : spec();
	}
}
