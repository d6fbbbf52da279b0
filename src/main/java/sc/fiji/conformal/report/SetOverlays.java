package sc.fiji.conformal.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * Draws conformal sets as an ImageJ 1.x overlay, slice by slice: the
 * uncertainty region as a translucent fill, the contours of the outer set
 * (blue), the prediction Ŷ (green, dashed), the inner set (red) and, when
 * given, the ground truth (yellow). Each contour is two-tone: a dark outline
 * under the colour, so it shows on bright and on dark images; both keep their
 * width on screen at any zoom. ROIs are named {@code outer},
 * {@code prediction}, {@code inner}, {@code truth} and {@code uncertainty}
 * (with the slice number in 3-D); their outlines {@code outline outer}, ...
 */
public final class SetOverlays {

	/** Outer set contour. */
	public static final Color OUTER = new Color(30, 144, 255);
	/** Inner set contour. */
	public static final Color INNER = Color.RED;
	/** Ground truth contour. */
	public static final Color TRUTH = Color.YELLOW;
	/** Prediction Ŷ contour. */
	public static final Color PREDICTION = new Color(0, 230, 0);
	/** Uncertainty band fill (translucent). */
	public static final Color BAND = new Color(0, 200, 255, 70);
	/** The dark outline under every contour. */
	public static final Color OUTLINE = new Color(0, 0, 0, 200);

	/** Screen pixels: a contour's colour, and its outline. */
	private static final double STROKE = 1.5, OUTLINE_STROKE = 3.5;
	private static final String[] NAMES = { "outer", "prediction", "inner", "truth", "uncertainty" };
	private static final String[] WORDS = { "outer", "Ŷ predicted", "inner", "truth", "uncertain" };

	private SetOverlays() {}

	/** The overlay of the sets (truth may be null). */
	public static Overlay of(final ConformalSets sets, final Mask truth) {
		final Overlay overlay = new Overlay();
		final Grid g = sets.predicted().grid();
		final int depth = g.numDimensions() > 2 ? g.count() / (g.size(0) * g.size(1)) : 1;
		for (int z = 0; z < depth; z++) {
			add(overlay, sets.uncertainty(), z, depth, "uncertainty", null, BAND);
			if (sets.outer() != null) add(overlay, sets.outer(), z, depth, "outer", OUTER, null);
			add(overlay, sets.predicted(), z, depth, "prediction", PREDICTION, null);
			if (sets.inner() != null) add(overlay, sets.inner(), z, depth, "inner", INNER, null);
			if (truth != null) add(overlay, truth, z, depth, "truth", TRUTH, null);
		}
		return overlay;
	}

	/**
	 * Adds a legend naming each colour present, in screen space at the
	 * bottom-left corner of the view ({@link ScreenLegend}, named
	 * {@code legend}; shown on every slice).
	 */
	public static Overlay withLegend(final Overlay overlay) {
		final Color[] all = { OUTER, PREDICTION, INNER, TRUTH, new Color(0, 200, 255, 150) };
		final List<String> words = new ArrayList<>();
		final List<Color> colors = new ArrayList<>();
		for (int k = 0; k < NAMES.length; k++) {
			if (!has(overlay, NAMES[k])) continue;
			words.add(WORDS[k]);
			colors.add(all[k]);
		}
		final boolean[] filled = new boolean[words.size()];
		if (!words.isEmpty() && words.get(words.size() - 1).equals(WORDS[NAMES.length - 1])) {
			filled[filled.length - 1] = true;
		}
		overlay.add(new ScreenLegend(words.toArray(new String[0]), colors.toArray(new Color[0]),
			filled));
		return overlay;
	}

	private static boolean has(final Overlay overlay, final String name) {
		for (int i = 0; i < overlay.size(); i++) {
			final String n = overlay.get(i).getName();
			if (n != null && (n.equals(name) || n.startsWith(name + "-"))) return true;
		}
		return false;
	}

	/** The region of one slice of a mask as a ROI, or null if the slice is empty (see {@link Panels#roi}). */
	public static Roi roi(final Mask mask, final int z) {
		return Panels.roi(mask, z, mask.grid().size(0), mask.grid().size(1));
	}

	private static void add(final Overlay overlay, final Mask mask, final int z, final int depth,
		final String name, final Color stroke, final Color fill)
	{
		final Roi roi = roi(mask, z);
		if (roi == null) return;
		final String n = depth > 1 ? name + "-" + (z + 1) : name;
		if (stroke != null) {
			final Roi outline = (Roi) roi.clone();
			outline.setName("outline " + n);
			outline.setStrokeColor(OUTLINE);
			outline.setUnscalableStrokeWidth(OUTLINE_STROKE);
			if (depth > 1) outline.setPosition(z + 1);
			overlay.add(outline);
			roi.setStrokeColor(stroke);
			roi.setUnscalableStrokeWidth(STROKE);
			if (stroke == PREDICTION) roi.setStroke(new BasicStroke((float) STROKE,
				BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 3 }, 0));
		}
		roi.setName(n);
		if (fill != null) roi.setFillColor(fill);
		if (depth > 1) roi.setPosition(z + 1);
		overlay.add(roi);
	}
}
