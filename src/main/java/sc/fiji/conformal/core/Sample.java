package sc.fiji.conformal.core;

import java.util.Arrays;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * One image's model outputs and, for calibration and validation, its ground
 * truth: a score map s (optional for the binary-only methods), a binary
 * predicted mask Ŷ (optional: otherwise Ŷ = {s ≥ t₀}) and the true mask Y
 * (optional when only applying). All given images must have the same size
 * and spacing (to a relative {@link #SPACING_TOLERANCE}; the first given
 * one's is used). Immutable.
 */
public final class Sample {

	/**
	 * The relative difference up to which two files' spacings are the same:
	 * well above float rounding of a spacing written by another program, well
	 * below any real difference in voxel size.
	 */
	public static final double SPACING_TOLERANCE = 1e-4;

	private final String id;
	private final ScalarImage scores;
	private final Mask prediction;
	private final Mask truth;

	private Sample(final String id, final ScalarImage scores, final Mask prediction,
		final Mask truth)
	{
		this.id = id;
		this.scores = scores;
		this.prediction = prediction;
		this.truth = truth;
	}

	/**
	 * A sample.
	 *
	 * @param id names the image (e.g. its relative path), in scores and errors
	 * @param scores the score map, or null
	 * @param prediction the binary prediction Ŷ, or null to threshold the scores
	 * @param truth the ground truth Y, or null
	 * @throws IllegalArgumentException if neither scores nor a prediction is
	 *           given, or the images differ in size or spacing (both named)
	 */
	public static Sample of(final String id, final ScalarImage scores, final Mask prediction,
		final Mask truth)
	{
		if (id == null) throw new IllegalArgumentException("sample id must be given");
		if (scores == null && prediction == null) {
			throw new IllegalArgumentException("sample '" + id +
				"' needs a score map or a predicted mask, got neither");
		}
		final Grid g = scores != null ? scores.grid() : prediction.grid();
		final String gName = scores != null ? "its score map" : "its prediction";
		if (prediction != null && scores != null) {
			check(id, g, gName, prediction.grid(), "its prediction");
		}
		if (truth != null) check(id, g, gName, truth.grid(), "its ground truth");
		return new Sample(id, scores, prediction, truth);
	}

	private static void check(final String id, final Grid a, final String aName, final Grid b,
		final String bName)
	{
		if (!a.sameSize(b)) {
			throw new IllegalArgumentException("shape mismatch in sample '" + id + "': " + aName +
				" is " + a + " but " + bName + " is " + b);
		}
		for (int d = 0; d < a.numDimensions(); d++) {
			final double x = a.spacing(d), y = b.spacing(d);
			if (Math.abs(x - y) > SPACING_TOLERANCE * Math.max(x, y)) {
				throw new IllegalArgumentException("spacing mismatch in sample '" + id + "': " + aName +
					" has voxel spacing " + Arrays.toString(a.spacing()) + " but " + bName + " has " + Arrays
						.toString(b.spacing()) + " (the same voxels cannot have two sizes)");
			}
		}
	}

	/** The image's id. */
	public String id() {
		return id;
	}

	/** The score map, or null. */
	public ScalarImage scores() {
		return scores;
	}

	/** The given binary prediction, or null. */
	public Mask prediction() {
		return prediction;
	}

	/** The ground truth, or null. */
	public Mask truth() {
		return truth;
	}

	/** The geometry (size and spacing) of the sample. */
	public Grid grid() {
		return scores != null ? scores.grid() : prediction.grid();
	}

	/** Ŷ: the given prediction, or {s ≥ t₀}. */
	public Mask predicted(final double threshold) {
		return prediction != null ? prediction : scores.atLeast(threshold);
	}

	/**
	 * The score map, for methods that need one.
	 *
	 * @throws IllegalArgumentException naming the sample and the method
	 */
	public ScalarImage requireScores(final Method method) {
		if (scores == null) {
			throw new IllegalArgumentException("method " + method.id() + " needs a score map, but sample '" +
				id + "' has only a binary prediction");
		}
		return scores;
	}

	/**
	 * The ground truth, for calibration and validation.
	 *
	 * @throws IllegalArgumentException naming the sample
	 */
	public Mask requireTruth() {
		if (truth == null) {
			throw new IllegalArgumentException("sample '" + id + "' has no ground truth mask");
		}
		return truth;
	}
}
