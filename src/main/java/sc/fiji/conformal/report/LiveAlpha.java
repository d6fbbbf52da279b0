package sc.fiji.conformal.report;

import java.util.Locale;

import ij.gui.Overlay;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.image.Mask;

/**
 * The sets of one image for any α, re-derived from a calibration's stored
 * scores: the image's level maps are computed once
 * ({@link LevelMaps#of}), then each α costs one {@link Calibration#withAlpha}
 * (a quantile of the n stored scores) and one comparison per voxel
 * ({@link ConformalSets#apply(Calibration, LevelMaps.ImageLevelMaps)}). No
 * GUI: the live-α slider of the ImageJ 1.x menu calls it on every move, and
 * the Conformal Sets Live Alpha command once.
 * <p>
 * Only α can change: the tolerance (τ or ε) is part of each calibration
 * image's score, so another tolerance needs a new calibration.
 */
public final class LiveAlpha {

	/** The smallest α the slider offers. */
	public static final double MIN_ALPHA = 0.01;
	/** The largest α the slider offers. */
	public static final double MAX_ALPHA = 0.5;

	private final Calibration base;
	private final Mask truth;
	private final LevelMaps.ImageLevelMaps maps;

	/**
	 * Computes the image's level maps once.
	 *
	 * @param calibration the calibration whose stored scores give λ̂ for each α
	 * @param sample the image (its ground truth, if any, is drawn in the overlay)
	 * @throws IllegalArgumentException if an argument is null, or the sample
	 *           lacks a score map the method needs or has another number of
	 *           dimensions than the calibration images
	 */
	public LiveAlpha(final Calibration calibration, final Sample sample) {
		if (calibration == null) throw new IllegalArgumentException("calibration must be given, got null");
		if (sample == null) throw new IllegalArgumentException("sample must be given, got null");
		calibration.checkDimensions(sample);
		this.base = calibration;
		this.truth = sample.truth();
		this.maps = LevelMaps.of(calibration.settings(), sample);
	}

	/** The calibration as given (its own α). */
	public Calibration calibration() {
		return base;
	}

	/**
	 * The calibration re-derived for α from the stored scores (same method,
	 * tolerance and quantile rule).
	 *
	 * @throws IllegalArgumentException if α is not in (0, 1)
	 */
	public Calibration calibration(final double alpha) {
		if (!(alpha > 0 && alpha < 1)) {
			throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
		}
		return alpha == base.settings().alpha() ? base : base.withAlpha(alpha);
	}

	/** The sets of the image for a calibration from {@link #calibration(double)}. */
	public ConformalSets sets(final Calibration calibration) {
		return ConformalSets.apply(calibration, maps);
	}

	/**
	 * The sets of the image for α.
	 *
	 * @throws IllegalArgumentException if α is not in (0, 1)
	 */
	public ConformalSets sets(final double alpha) {
		return sets(calibration(alpha));
	}

	/**
	 * The overlay of the sets (with the ground truth, if the sample had one) and
	 * its legend, as {@link SetOverlays#of} and {@link SetOverlays#withLegend}.
	 */
	public Overlay overlay(final ConformalSets sets) {
		return SetOverlays.withLegend(SetOverlays.of(sets, truth));
	}

	/**
	 * What the dialog says about a calibration: α, λ̂ of each side and, when a
	 * side is trivial, the calibration size it would need.
	 */
	public static String describe(final Calibration c) {
		final Method m = c.method();
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "α = %s, n = %d:", Tables.number(c.settings().alpha()), c.n()));
		if (c.inner() != null) sb.append(side(m.hasOuter() ? " inner" : "", c.inner(), m));
		if (c.outer() != null) sb.append(side(m.hasInner() ? " outer" : "", c.outer(), m));
		if (c.trivial()) {
			sb.append("\nTrivial: too few calibration images for this α (needs n ≥ ").append(c.nNeeded())
				.append(").");
		}
		return sb.toString();
	}

	/** Why the tolerance has no slider, in one sentence. */
	public static String toleranceNote(final Calibration c) {
		return "Tolerance " + Tables.number(c.settings().tolerance()) +
			" is fixed: each calibration score depends on it, so another tolerance needs a new calibration.";
	}

	private static String side(final String name, final Threshold t, final Method m) {
		final String lambda = t.trivial() ? "∞ (trivial)" : Tables.number(m.toNatural(t.lambda()));
		return " λ̂" + name + " = " + lambda + (t.k() == Threshold.NO_RANK ? "" : " (rank " + t.k() + ")");
	}

}
