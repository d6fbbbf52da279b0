package sc.fiji.conformal.core;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * One image of a multi-class calibration: a ground-truth label map (optional
 * when only applying), a predicted label map (optional: otherwise each class's
 * Ŷ_c = {p_c ≥ t₀}), and each class's probability map p_c (optional for the
 * binary-only methods), for the classes of a {@link LabelClasses}, plus the
 * image's group (for group-conditional calibration; may be empty). All maps
 * share one grid; the spacing of the first given one is used. Immutable: the
 * arrays are not copied and must not be changed.
 * <p>
 * {@link #oneVsRest(int)} is the binary sample of one class, which every
 * method scores and applies unchanged: truth Y_c = {truth = label c},
 * prediction Ŷ_c = {prediction = label c}, score map p_c.
 */
public final class LabelSample {

	private final String id;
	private final String group;
	private final LabelClasses classes;
	private final Grid grid;
	private final int[] truth;
	private final int[] prediction;
	private final ScalarImage[] probabilities;

	private LabelSample(final String id, final String group, final LabelClasses classes,
		final Grid grid, final int[] truth, final int[] prediction,
		final ScalarImage[] probabilities)
	{
		this.id = id;
		this.group = group;
		this.classes = classes;
		this.grid = grid;
		this.truth = truth;
		this.prediction = prediction;
		this.probabilities = probabilities;
	}

	/**
	 * A label-map sample.
	 *
	 * @param id names the image in scores and errors
	 * @param group the image's group, or null/empty for none
	 * @param classes the classes the probabilities belong to, in order
	 * @param grid the geometry of every map
	 * @param truth the ground-truth label map (one value per voxel, flat in
	 *          the grid's order), or null
	 * @param prediction the predicted label map, or null
	 * @param probabilities one map per class (in {@code classes} order), or null
	 * @throws IllegalArgumentException if neither a prediction nor probabilities
	 *           are given, an array has the wrong length, or there is not one
	 *           probability map per class (each naming the image)
	 */
	public static LabelSample of(final String id, final String group, final LabelClasses classes,
		final Grid grid, final int[] truth, final int[] prediction,
		final ScalarImage[] probabilities)
	{
		if (id == null || classes == null || grid == null) {
			throw new IllegalArgumentException("a label sample needs an id, classes and a grid");
		}
		if (prediction == null && probabilities == null) {
			throw new IllegalArgumentException("label sample '" + id +
				"' needs a predicted label map or per-class probabilities, got neither");
		}
		check(id, grid, truth, "ground-truth label map");
		check(id, grid, prediction, "predicted label map");
		if (probabilities != null) {
			if (probabilities.length != classes.size()) {
				throw new IllegalArgumentException("label sample '" + id + "' has " +
					probabilities.length + " probability maps for " + classes.size() + " classes (" +
					classes + ")");
			}
			for (int c = 0; c < probabilities.length; c++) {
				if (!probabilities[c].grid().sameSize(grid)) {
					throw new IllegalArgumentException("shape mismatch in label sample '" + id +
						"': the probability map of class " + classes.name(c) + " is " + probabilities[c]
							.grid() + " but the label maps are " + grid);
				}
			}
		}
		return new LabelSample(id, group == null ? "" : group, classes, grid, truth, prediction,
			probabilities == null ? null : probabilities.clone());
	}

	private static void check(final String id, final Grid grid, final int[] map,
		final String what)
	{
		if (map != null && map.length != grid.count()) {
			throw new IllegalArgumentException("label sample '" + id + "': its " + what + " has " +
				map.length + " voxels but the grid " + grid + " has " + grid.count());
		}
	}

	/** The image's id. */
	public String id() {
		return id;
	}

	/** The image's group; empty for none. */
	public String group() {
		return group;
	}

	/** The classes, in the order of the probability maps. */
	public LabelClasses classes() {
		return classes;
	}

	/** The geometry shared by every map. */
	public Grid grid() {
		return grid;
	}

	/** True if the sample has a ground-truth label map. */
	public boolean hasTruth() {
		return truth != null;
	}

	/** The ground-truth label value of a voxel (flat index). */
	public int truthLabel(final int index) {
		return truth[index];
	}

	/**
	 * The binary sample of class c (0-based index in {@link #classes()}):
	 * truth {label = label(c)}, prediction {label = label(c)}, score map p_c,
	 * each present if the label-map sample has it.
	 */
	public Sample oneVsRest(final int c) {
		final int label = classes.label(c);
		return Sample.of(id, probabilities == null ? null
			: probabilities[c], equal(prediction, label), equal(truth, label));
	}

	private Mask equal(final int[] map, final int label) {
		if (map == null) return null;
		final boolean[] v = new boolean[map.length];
		for (int i = 0; i < v.length; i++)
			v[i] = map[i] == label;
		return new Mask(grid, v);
	}
}
