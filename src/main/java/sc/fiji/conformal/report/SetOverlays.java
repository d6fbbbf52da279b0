package sc.fiji.conformal.report;

import java.awt.Color;
import java.awt.Font;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * Draws conformal sets as an ImageJ 1.x overlay, slice by slice: the
 * uncertainty region as a translucent fill, the outer set's contour in blue,
 * the inner set's in red and, when given, the ground truth's in yellow.
 * ROIs are named {@code outer}, {@code inner}, {@code truth} and
 * {@code uncertainty} (with the slice number in 3-D).
 */
public final class SetOverlays {

	/** Outer set contour. */
	public static final Color OUTER = new Color(30, 144, 255);
	/** Inner set contour. */
	public static final Color INNER = Color.RED;
	/** Ground truth contour. */
	public static final Color TRUTH = Color.YELLOW;
	/** Uncertainty band fill (translucent). */
	public static final Color BAND = new Color(0, 200, 255, 70);

	private SetOverlays() {}

	/** The overlay of the sets (truth may be null). */
	public static Overlay of(final ConformalSets sets, final Mask truth) {
		final Overlay overlay = new Overlay();
		final Grid g = sets.predicted().grid();
		final int depth = g.numDimensions() > 2 ? g.count() / (g.size(0) * g.size(1)) : 1;
		for (int z = 0; z < depth; z++) {
			add(overlay, sets.uncertainty(), z, depth, "uncertainty", null, BAND);
			if (sets.outer() != null) add(overlay, sets.outer(), z, depth, "outer", OUTER, null);
			if (sets.inner() != null) add(overlay, sets.inner(), z, depth, "inner", INNER, null);
			if (truth != null) add(overlay, truth, z, depth, "truth", TRUTH, null);
		}
		return overlay;
	}

	/**
	 * Adds a small legend in the top-left corner naming each colour present
	 * (ROIs named {@code legend-outer}, ...; shown on every slice).
	 *
	 * @param width the image width, which sets the font size
	 */
	public static Overlay withLegend(final Overlay overlay, final int width) {
		// small: about a twelfth of the image height for the four lines on a 96-pixel image
		final int size = Math.max(7, Math.min(16, width / 24));
		final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
		final String[] names = { "outer", "inner", "truth", "uncertainty" };
		final Color[] colors = { OUTER, INNER, TRUTH, new Color(0, 200, 255) };
		int line = 0;
		for (int k = 0; k < names.length; k++) {
			if (!has(overlay, names[k])) continue;
			final TextRoi t = new TextRoi(1, 1 + line * (size + 1), names[k].equals("uncertainty")
				? "uncertain" : names[k], font);
			t.setStrokeColor(colors[k]);
			t.setName("legend-" + names[k]);
			overlay.add(t);
			line++;
		}
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
		roi.setName(depth > 1 ? name + "-" + (z + 1) : name);
		if (stroke != null) roi.setStrokeColor(stroke);
		if (fill != null) roi.setFillColor(fill);
		if (depth > 1) roi.setPosition(z + 1);
		overlay.add(roi);
	}
}
