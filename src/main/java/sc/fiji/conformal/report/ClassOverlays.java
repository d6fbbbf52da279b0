package sc.fiji.conformal.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * Draws the conformal sets of every class of a label map as one ImageJ 1.x
 * overlay, slice by slice, each class in its own colour ({@link #color}, the
 * Okabe–Ito palette, told apart with every common colour-vision deficiency):
 * per class, the uncertainty band (outer minus inner) as a translucent fill,
 * the inner set as a thick solid contour ("surely this class") and the outer
 * set as a dashed contour ("possibly this class": a dash reads as a limit,
 * and outer sets of neighbouring classes overlap, so the dashes of one class
 * run across the other's band without hiding it); the ground truth of each
 * class, when given, as a thin white contour. The prediction Ŷ is not drawn:
 * it lies between the inner and the outer set, and a third contour per class
 * made two classes unreadable. Every contour is two-tone (a dark outline under
 * the colour), keeps its width on screen at any zoom, and a screen-space
 * legend ({@link ScreenLegend}) names each class and each style. ROIs are
 * named {@code uncertainty <class>}, {@code outer <class>},
 * {@code inner <class>}, {@code truth <class>} (with {@code -<slice>} in 3-D);
 * their outlines {@code outline outer <class>}, ...
 */
public final class ClassOverlays {

	/** Okabe–Ito: orange, sky blue, bluish green, reddish purple, vermillion, blue, yellow. */
	private static final Color[] PALETTE = { new Color(230, 159, 0), new Color(86, 180, 233),
		new Color(0, 158, 115), new Color(204, 121, 167), new Color(213, 94, 0), new Color(0, 114,
			178), new Color(240, 228, 66) };
	/** The ground truth's contour, for every class. */
	public static final Color TRUTH = Color.WHITE;
	/** Alpha of a class's band fill. */
	private static final int BAND_ALPHA = 80;
	/** Screen pixels: inner, outer and truth contours; the outline adds this much. */
	private static final float INNER = 2.5f, OUTER = 2f, TRUTH_WIDTH = 1.2f, OUTLINE = 2f;
	private static final float[] DASH = { 5, 3 };

	private ClassOverlays() {}

	/**
	 * The colour of class k (0-based, in class order): the palette's k-th,
	 * repeating after seven classes.
	 */
	public static Color color(final int k) {
		return PALETTE[k % PALETTE.length];
	}

	/**
	 * The overlay of every class's sets.
	 *
	 * @param truth the ground truth of each class (in class order), or null
	 * @param hyperstack whether the image drawn on is a hyperstack (channels):
	 *          ROIs then sit on a slice of every channel
	 * @throws IllegalArgumentException if truth does not have one mask per class
	 */
	public static Overlay of(final ClassSets sets, final Mask[] truth, final boolean hyperstack) {
		final LabelClasses classes = sets.classes();
		if (truth != null && truth.length != classes.size()) {
			throw new IllegalArgumentException("the overlay needs one truth mask per class (" + classes +
				"), got " + truth.length);
		}
		final Overlay overlay = new Overlay();
		final Grid g = sets.get(0).predicted().grid();
		final int depth = g.numDimensions() > 2 ? g.count() / (g.size(0) * g.size(1)) : 1;
		for (int z = 0; z < depth; z++) {
			final Where at = new Where(z, depth, hyperstack);
			for (int k = 0; k < classes.size(); k++) {
				final ConformalSets s = sets.get(k);
				final Color c = color(k);
				if (s.inner() != null && s.outer() != null) fill(overlay, s.uncertainty(), at,
					"uncertainty " + classes.name(k), new Color(c.getRed(), c.getGreen(), c.getBlue(),
						BAND_ALPHA));
			}
			for (int k = 0; k < classes.size(); k++) {
				final ConformalSets s = sets.get(k);
				final String name = classes.name(k);
				if (s.outer() != null) contour(overlay, s.outer(), at, "outer " + name, color(k), OUTER,
					true);
				if (s.inner() != null) contour(overlay, s.inner(), at, "inner " + name, color(k), INNER,
					false);
				if (truth != null) contour(overlay, truth[k], at, "truth " + name, TRUTH, TRUTH_WIDTH,
					false);
			}
		}
		return overlay;
	}

	/**
	 * Adds a legend ({@link ScreenLegend}, named {@code legend}, on every
	 * slice): one line per class in its colour, then the styles present:
	 * inner (thick), outer (dashed), uncertain (fill), truth (white). It is
	 * drawn only where it fits in the view ({@link ScreenLegend#onlyWhenItFits}):
	 * label maps are often small (a hippocampus crop is 34×52 pixels), and a
	 * legend over the whole image hides what it explains.
	 */
	public static Overlay withLegend(final Overlay overlay, final LabelClasses classes) {
		final List<String> words = new ArrayList<>();
		final List<Color> colors = new ArrayList<>();
		final List<ScreenLegend.Swatch> swatches = new ArrayList<>();
		for (int k = 0; k < classes.size(); k++) {
			words.add(classes.name(k));
			colors.add(color(k));
			swatches.add(ScreenLegend.Swatch.FILLED);
		}
		final Color style = new Color(200, 200, 200);
		final String[] kinds = { "inner", "outer", "uncertainty", "truth" };
		final String[] said = { "inner: surely", "outer: possibly", "uncertain", "truth" };
		final ScreenLegend.Swatch[] drawn = { ScreenLegend.Swatch.THICK, ScreenLegend.Swatch.DASHED,
			ScreenLegend.Swatch.FILLED, ScreenLegend.Swatch.LINE };
		for (int i = 0; i < kinds.length; i++) {
			if (!has(overlay, kinds[i] + " ")) continue;
			words.add(said[i]);
			colors.add(i == 3 ? TRUTH : i == 2 ? new Color(200, 200, 200, 110) : style);
			swatches.add(drawn[i]);
		}
		overlay.add(new ScreenLegend(words.toArray(new String[0]), colors.toArray(new Color[0]),
			swatches.toArray(new ScreenLegend.Swatch[0])).onlyWhenItFits());
		return overlay;
	}

	private static boolean has(final Overlay overlay, final String prefix) {
		for (int i = 0; i < overlay.size(); i++) {
			final String n = overlay.get(i).getName();
			if (n != null && n.startsWith(prefix)) return true;
		}
		return false;
	}

	/** A slice, and how ROIs are placed on it. */
	private static final class Where {

		final int z;
		final boolean stack, hyperstack;
		final String suffix;

		Where(final int z, final int depth, final boolean hyperstack) {
			this.z = z;
			this.stack = depth > 1;
			this.hyperstack = hyperstack;
			this.suffix = depth > 1 ? "-" + (z + 1) : "";
		}

		void place(final Roi roi) {
			if (!stack) return;
			if (hyperstack) roi.setPosition(0, z + 1, 0);
			else roi.setPosition(z + 1);
		}
	}

	private static void fill(final Overlay overlay, final Mask mask, final Where at,
		final String name, final Color fill)
	{
		final Roi roi = SetOverlays.roi(mask, at.z);
		if (roi == null) return;
		roi.setName(name + at.suffix);
		roi.setFillColor(fill);
		at.place(roi);
		overlay.add(roi);
	}

	private static void contour(final Overlay overlay, final Mask mask, final Where at,
		final String name, final Color color, final float width, final boolean dashed)
	{
		final Roi roi = SetOverlays.roi(mask, at.z);
		if (roi == null) return;
		final Roi outline = (Roi) roi.clone();
		outline.setName("outline " + name + at.suffix);
		outline.setStrokeColor(SetOverlays.OUTLINE);
		outline.setUnscalableStrokeWidth(width + OUTLINE);
		at.place(outline);
		overlay.add(outline);
		roi.setName(name + at.suffix);
		roi.setStrokeColor(color);
		roi.setUnscalableStrokeWidth(width);
		if (dashed) roi.setStroke(new BasicStroke(width, BasicStroke.CAP_BUTT,
			BasicStroke.JOIN_MITER, 10, DASH, 0));
		at.place(roi);
		overlay.add(roi);
	}
}
