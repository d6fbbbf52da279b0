package sc.fiji.conformal.core;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One calibration image's scores for every class of a multi-class (or
 * grouped) calibration: the image's id, its group (empty for none) and one
 * {@link ImageScore} per class, each exactly the score the method gives the
 * class's one-vs-rest binary sample ({@link LabelSample#oneVsRest}).
 * Immutable and serializable (a per-image result a runner ships back).
 */
public final class ClassScores implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String id;
	private final String group;
	private final ImageScore[] perClass;

	/**
	 * @param id the image id
	 * @param group the image's group, or null/empty for none
	 * @param perClass one score per class, in class order
	 */
	public ClassScores(final String id, final String group, final List<ImageScore> perClass) {
		if (id == null || perClass == null || perClass.isEmpty()) {
			throw new IllegalArgumentException("class scores need an id and at least one score");
		}
		this.id = id;
		this.group = group == null ? "" : group;
		this.perClass = perClass.toArray(new ImageScore[0]);
	}

	/**
	 * Scores every class of one label-map sample: the label maps are read once
	 * and each class's one-vs-rest sample is scored by the method, unchanged.
	 *
	 * @throws IllegalArgumentException if the sample has no ground truth or
	 *           lacks what the method needs, naming the image and the class
	 */
	public static ClassScores score(final Settings settings, final LabelSample sample) {
		if (!sample.hasTruth()) {
			throw new IllegalArgumentException("label sample '" + sample.id() +
				"' has no ground-truth label map");
		}
		final LabelClasses classes = sample.classes();
		final ImageScore[] s = new ImageScore[classes.size()];
		for (int c = 0; c < s.length; c++) {
			try {
				s[c] = ImageScores.score(settings, sample.oneVsRest(c));
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("class " + classes.name(c) + " (label " + classes
					.label(c) + "): " + e.getMessage(), e);
			}
		}
		return new ClassScores(sample.id(), sample.group(), Arrays.asList(s));
	}

	/** The scores of a binary sample in a group: one "class", {@link LabelClasses#BINARY}. */
	public static ClassScores binary(final Settings settings, final Sample sample,
		final String group)
	{
		return new ClassScores(sample.id(), group, Collections.singletonList(ImageScores.score(
			settings, sample)));
	}

	/** The image id. */
	public String id() {
		return id;
	}

	/** The image's group; empty for none. */
	public String group() {
		return group;
	}

	/** Number of classes. */
	public int size() {
		return perClass.length;
	}

	/** The score of class c (0-based). */
	public ImageScore get(final int c) {
		return perClass[c];
	}

	@Override
	public String toString() {
		return id + (group.isEmpty() ? "" : " (" + group + ")") + ": " + Arrays.toString(perClass);
	}
}
