package sc.fiji.conformal.core;

import sc.fiji.conformal.core.image.Mask;

/**
 * The conformal sets of one image: the prediction Ŷ, the inner set (if the
 * method has one) and the outer set (if it has one). Immutable.
 */
public final class ConformalSets {

	private final Mask predicted;
	private final Mask inner;
	private final Mask outer;

	ConformalSets(final Mask predicted, final Mask inner, final Mask outer) {
		this.predicted = predicted;
		this.inner = inner;
		this.outer = outer;
	}

	/**
	 * Applies a calibration to an image: one level map per side, then one
	 * comparison per voxel with λ̂. A trivial side gives the whole image (outer)
	 * or nothing (inner).
	 *
	 * @throws IllegalArgumentException if the sample lacks a score map the
	 *           method needs, or has another number of dimensions than the
	 *           calibration images ({@link Calibration#checkDimensions})
	 */
	public static ConformalSets apply(final Calibration calibration, final Sample sample) {
		calibration.checkDimensions(sample);
		return apply(calibration, LevelMaps.of(calibration.settings(), sample));
	}

	/**
	 * Applies a calibration to level maps computed before (with the same
	 * settings): one comparison per voxel. Lets a viewer re-derive the sets for
	 * another α ({@link Calibration#withAlpha}) without recomputing the maps.
	 */
	public static ConformalSets apply(final Calibration calibration,
		final LevelMaps.ImageLevelMaps maps)
	{
		final Mask inner = maps.inner() == null ? null : calibration.method().innerSet(maps.inner(),
			calibration.inner().lambda());
		final Mask outer = maps.outer() == null ? null : maps.outer().atMost(calibration.outer()
			.lambda());
		return new ConformalSets(maps.predicted(), inner, outer);
	}

	/** Ŷ. */
	public Mask predicted() {
		return predicted;
	}

	/** The inner set, or null. */
	public Mask inner() {
		return inner;
	}

	/** The outer set, or null. */
	public Mask outer() {
		return outer;
	}

	/**
	 * Where the object's boundary may lie: outer ∖ inner for methods with both
	 * sets, outer ∖ Ŷ for outer-only methods, Ŷ ∖ inner for inner-only ones.
	 */
	public Mask uncertainty() {
		if (inner != null && outer != null) return outer.minus(inner);
		if (outer != null) return outer.minus(predicted);
		return predicted.minus(inner);
	}
}
