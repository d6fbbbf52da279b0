package sc.fiji.conformal.core;

import sc.fiji.conformal.core.distance.DistanceTransform;
import sc.fiji.conformal.core.distance.GaussianSmoothing;
import sc.fiji.conformal.core.distance.SignedDistance;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Level maps: every family of sets in the engine is a family of level sets of
 * one map L computed once per image, so a set for any λ is one comparison per
 * voxel and a per-image score is one order statistic of L.
 * <ul>
 * <li>outer sets: O_λ = {L ≤ λ};</li>
 * <li>inner sets: I_λ = {L &gt; λ} (erosion, confidence-sets) or {L ≥ λ}
 * (threshold-inner).</li>
 * </ul>
 * Dilating Ŷ λ times by a cross (square) is {L ≤ λ} for L = city-block
 * (chessboard) distance to Ŷ, and eroding it is {L &gt; λ} for L = the same
 * distance to the complement of Ŷ, so no set is ever built by iteration.
 */
public final class LevelMaps {

	private LevelMaps() {}

	/** Dilation: L = distance to Ŷ (steps, or physical units for the ball). */
	public static ScalarImage dilation(final Mask predicted, final StructuringElement shape) {
		return DistanceTransform.distanceTo(predicted, shape.metric(), false);
	}

	/**
	 * Erosion: L = distance from each voxel to the nearest voxel outside Ŷ
	 * (0 outside Ŷ); with {@link BorderRule#BACKGROUND} voxels beyond the image
	 * border count as outside.
	 */
	public static ScalarImage erosion(final Mask predicted, final StructuringElement shape,
		final BorderRule border)
	{
		return DistanceTransform.distanceToComplement(predicted, shape.metric(),
			border == BorderRule.BACKGROUND);
	}

	/** Threshold outer sets {s ≥ t}: L = −s, so t = −λ. */
	public static ScalarImage thresholdOuter(final ScalarImage scores) {
		final float[] s = scores.values();
		final float[] l = new float[s.length];
		for (int i = 0; i < l.length; i++)
			l[i] = -s[i];
		return new ScalarImage(scores.grid(), l);
	}

	/** Threshold inner sets {s ≥ λ} ∩ Ŷ: L = s on Ŷ and −∞ elsewhere. */
	public static ScalarImage thresholdInner(final ScalarImage scores, final Mask predicted) {
		scores.grid().requireSameSize(predicted.grid(), "score map", "prediction");
		final float[] s = scores.values();
		final boolean[] p = predicted.voxels();
		final float[] l = new float[s.length];
		for (int i = 0; i < l.length; i++)
			l[i] = p[i] ? s[i] : Float.NEGATIVE_INFINITY;
		return new ScalarImage(scores.grid(), l);
	}

	/**
	 * A confidence-sets transform f of the scores: identity, the signed
	 * distance to Ŷ's boundary, or Gaussian smoothing with σ (physical units).
	 *
	 * @param scores the score map (may be null for {@link Transform#DISTANCE})
	 */
	public static ScalarImage transformed(final ScalarImage scores, final Mask predicted,
		final Transform transform, final double sigma)
	{
		switch (transform) {
			case DISTANCE:
				return SignedDistance.of(predicted);
			case GAUSSIAN:
				return GaussianSmoothing.smooth(scores, sigma);
			default:
				return scores;
		}
	}

	/** Confidence-sets inner map: L = f_I(s), I = {L &gt; λ_I}. */
	public static ScalarImage confidenceInner(final ScalarImage scores, final Mask predicted,
		final Transform transform, final double sigma)
	{
		return transformed(scores, predicted, transform, sigma);
	}

	/** Confidence-sets outer map: L = −f_O(s), O = {L ≤ λ_O} = {f_O(s) ≥ −λ_O}. */
	public static ScalarImage confidenceOuter(final ScalarImage scores, final Mask predicted,
		final Transform transform, final double sigma)
	{
		return thresholdOuter(transformed(scores, predicted, transform, sigma));
	}

	/**
	 * The level maps a method uses on one image ({@link Method#levelMaps}).
	 *
	 * @throws IllegalArgumentException if the method needs scores the sample
	 *           lacks
	 */
	public static ImageLevelMaps of(final Settings settings, final Sample sample) {
		return settings.method().levelMaps(settings, sample);
	}

	/** The predicted mask and the inner and outer level maps of one image. */
	public static final class ImageLevelMaps {

		private final Mask predicted;
		private final ScalarImage inner;
		private final ScalarImage outer;

		/**
		 * @param predicted Ŷ
		 * @param inner the inner level map, or null if the method has no inner set
		 * @param outer the outer level map, or null if the method has no outer set
		 */
		public ImageLevelMaps(final Mask predicted, final ScalarImage inner,
			final ScalarImage outer)
		{
			this.predicted = predicted;
			this.inner = inner;
			this.outer = outer;
		}

		/** Ŷ. */
		public Mask predicted() {
			return predicted;
		}

		/** The inner level map, or null if the method has no inner set. */
		public ScalarImage inner() {
			return inner;
		}

		/** The outer level map, or null if the method has no outer set. */
		public ScalarImage outer() {
			return outer;
		}
	}
}
