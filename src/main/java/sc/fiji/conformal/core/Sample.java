package sc.fiji.conformal.core;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * One image's model outputs and, for calibration and validation, its ground
 * truth: a score map s (optional for the binary-only methods), a binary
 * predicted mask Ŷ (optional: otherwise Ŷ = {s ≥ t₀}) and the true mask Y
 * (optional when only applying). All given images must have the same size;
 * the spacing of the first given one is used. Immutable.
 */
public final class Sample {

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
	 *           given, or the images differ in size (both sizes named)
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
