package sc.fiji.conformal.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * Overlay panels like the papers' figures, drawn with ImageJ 1.x overlays and
 * {@link ImagePlus#flatten()} (works headless). The left tile shows the score
 * map (or Ŷ when there is none) with the contours of the ground truth
 * (yellow), the inner set (red) and the outer set (blue). Methods with an
 * inner set get a second tile: accepted true positives I∩Y (green), accepted
 * false positives I∖Y (magenta) and rejected pixels Ŷ∖I (orange), with the
 * truth's contour. 3-D images show the slice where the truth is largest.
 * The image's id is written on the first tile and a colour key below the
 * tiles, so a panel reads on its own.
 */
public final class Panels {

	/** Ground truth contour. */
	public static final Color TRUTH = Color.YELLOW;
	/** Inner set contour. */
	public static final Color INNER = Color.RED;
	/** Outer set contour. */
	public static final Color OUTER = new Color(40, 100, 255);
	/** Accepted true positives. */
	public static final Color TRUE_POSITIVE = new Color(0, 200, 0, 150);
	/** Accepted false positives. */
	public static final Color FALSE_POSITIVE = new Color(255, 0, 255, 170);
	/** Rejected pixels of Ŷ. */
	public static final Color REJECTED = new Color(255, 150, 0, 150);

	private static final int GAP = 6;

	private Panels() {}

	/** What the colours mean, for reports. */
	public static String legend() {
		return "Left: score map with the ground truth (yellow), inner set (red) and outer set (blue) " +
			"contours. Right (inner sets): accepted true positives I∩Y (green), accepted false " +
			"positives I∖Y (magenta), rejected pixels Ŷ∖I (orange), truth contour (yellow).";
	}

	/**
	 * The panel of one labelled image's sets, as an RGB image.
	 *
	 * @param size the tiles' longer side in pixels: small images are enlarged
	 *          (nearest neighbour), large ones reduced, to about this size
	 * @param caption text drawn on the first tile before the image's id (may
	 *          be null)
	 */
	public static ImagePlus of(final Sample sample, final ConformalSets sets, final int size,
		final String caption)
	{
		final Mask truth = sample.truth();
		final Grid g = sets.predicted().grid();
		final int w = g.size(0), h = g.size(1);
		final int z = slice(truth != null ? truth : sets.predicted());
		final double scale = (double) size / Math.max(w, h);
		final int sw = Math.max(1, (int) Math.round(w * scale));
		final int sh = Math.max(1, (int) Math.round(h * scale));
		final ByteProcessor background = background(sample, sets.predicted(), z, w, h);
		background.setInterpolationMethod(scale >= 1 ? ImageProcessor.NONE : ImageProcessor.BILINEAR);
		final ImageProcessor bg = background.resize(sw, sh);
		final float stroke = (float) Math.max(1, Math.min(2, scale / 2));
		final Overlay left = new Overlay();
		contour(left, truth, z, sw, sh, TRUTH, stroke);
		contour(left, sets.outer(), z, sw, sh, OUTER, stroke);
		contour(left, sets.inner(), z, sw, sh, INNER, stroke);
		caption(left, caption == null ? sample.id() : caption + " · " + sample.id());
		final ImagePlus a = flatten(bg, left);
		if (sets.inner() == null) return new ImagePlus(title(sample), withKey(a.getProcessor(), sets,
			truth));
		final Overlay right = new Overlay();
		fill(right, sets.inner().minus(truth == null ? Mask.empty(g) : truth.not()), z, sw, sh,
			TRUE_POSITIVE);
		if (truth != null) fill(right, sets.inner().minus(truth), z, sw, sh, FALSE_POSITIVE);
		fill(right, sets.predicted().minus(sets.inner()), z, sw, sh, REJECTED);
		contour(right, truth, z, sw, sh, TRUTH, stroke);
		caption(right, "TP / FP / rejected");
		final ImagePlus b = flatten(bg, right);
		final ColorProcessor both = new ColorProcessor(2 * sw + GAP, sh);
		both.setColor(Color.WHITE);
		both.fill();
		both.insert(a.getProcessor(), 0, 0);
		both.insert(b.getProcessor(), sw + GAP, 0);
		return new ImagePlus(title(sample), withKey(both, sets, truth));
	}

	/**
	 * The panel with its colour key below it: a swatch and a word per colour,
	 * wrapped to the panel's width.
	 */
	private static ImageProcessor withKey(final ImageProcessor panel, final ConformalSets sets,
		final Mask truth)
	{
		final List<String> kw = new ArrayList<>();
		final List<Color> kc = new ArrayList<>();
		if (truth != null) key(kw, kc, "truth", TRUTH);
		if (sets.inner() != null) key(kw, kc, "inner", INNER);
		if (sets.outer() != null) key(kw, kc, "outer", OUTER);
		if (sets.inner() != null) {
			key(kw, kc, "TP (I∩Y)", TRUE_POSITIVE);
			if (truth != null) key(kw, kc, "FP (I∖Y)", FALSE_POSITIVE);
			key(kw, kc, "rejected (Ŷ∖I)", REJECTED);
		}
		final String[] words = kw.toArray(new String[0]);
		final Color[] colors = kc.toArray(new Color[0]);
		final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
		final ColorProcessor probe = new ColorProcessor(1, 1);
		probe.setFont(font);
		final int line = 14, swatch = 10;
		// lay the items out in rows first, to know the strip's height
		final int[] xs = new int[words.length], rows = new int[words.length];
		int x = 2, row = 0;
		for (int i = 0; i < words.length; i++) {
			final int w = swatch + 3 + probe.getStringWidth(words[i]) + 10;
			if (x > 2 && x + w > panel.getWidth()) {
				x = 2;
				row++;
			}
			xs[i] = x;
			rows[i] = row;
			x += w;
		}
		final int strip = (row + 1) * line + 4;
		final ColorProcessor out = new ColorProcessor(panel.getWidth(), panel.getHeight() + strip);
		out.setColor(Color.WHITE);
		out.fill();
		out.insert(panel, 0, 0);
		out.setFont(font);
		out.setAntialiasedText(true);
		for (int i = 0; i < words.length; i++) {
			final int y = panel.getHeight() + 3 + rows[i] * line;
			out.setColor(new Color(colors[i].getRed(), colors[i].getGreen(), colors[i].getBlue()));
			out.fillRect(xs[i], y + 2, swatch, swatch);
			out.setColor(Color.DARK_GRAY);
			out.drawRect(xs[i], y + 2, swatch, swatch);
			out.setColor(Color.BLACK);
			out.drawString(words[i], xs[i] + swatch + 3, y + line - 1);
		}
		return out;
	}

	private static void key(final List<String> words, final List<Color> colors, final String word,
		final Color color)
	{
		words.add(word);
		colors.add(color);
	}

	private static String title(final Sample s) {
		return "sets of " + s.id();
	}

	/** The slice (0 in 2-D) where the mask has most voxels. */
	static int slice(final Mask mask) {
		final Grid g = mask.grid();
		if (g.numDimensions() < 3) return 0;
		final int plane = g.size(0) * g.size(1);
		final int depth = g.count() / plane;
		final boolean[] v = mask.voxels();
		int best = depth / 2, bestCount = -1;
		for (int z = 0; z < depth; z++) {
			int c = 0;
			for (int i = 0; i < plane; i++)
				if (v[z * plane + i]) c++;
			if (c > bestCount) {
				bestCount = c;
				best = z;
			}
		}
		return best;
	}

	private static ByteProcessor background(final Sample sample, final Mask predicted, final int z,
		final int w, final int h)
	{
		final int plane = w * h;
		final byte[] b = new byte[plane];
		if (sample.scores() != null) {
			final float[] s = sample.scores().values();
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			for (int i = 0; i < plane; i++) {
				min = Math.min(min, s[z * plane + i]);
				max = Math.max(max, s[z * plane + i]);
			}
			// probabilities in [0, 1] are shown as they are; other scores stretched
			if (min >= 0 && max <= 1) {
				min = 0;
				max = 1;
			}
			final float range = max > min ? max - min : 1;
			for (int i = 0; i < plane; i++)
				b[i] = (byte) Math.round(40 + 200 * (s[z * plane + i] - min) / range);
		}
		else {
			final boolean[] p = predicted.voxels();
			for (int i = 0; i < plane; i++)
				b[i] = (byte) (p[z * plane + i] ? 160 : 40);
		}
		return new ByteProcessor(w, h, b);
	}

	private static ByteProcessor sliceOf(final Mask m, final int z, final int sw, final int sh) {
		final Grid g = m.grid();
		final int w = g.size(0), h = g.size(1), plane = w * h;
		final byte[] b = new byte[plane];
		final boolean[] v = m.voxels();
		boolean any = false;
		for (int i = 0; i < plane; i++) {
			if (v[z * plane + i]) {
				b[i] = (byte) 255;
				any = true;
			}
		}
		if (!any) return null;
		final ByteProcessor bp = new ByteProcessor(w, h, b);
		bp.setInterpolationMethod(ImageProcessor.NONE);
		final ByteProcessor scaled = (ByteProcessor) bp.resize(sw, sh);
		scaled.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		return scaled;
	}

	/**
	 * The region of slice z of a mask, scaled (nearest neighbour) to sw × sh, as
	 * a ROI; null if the mask is null or the slice is empty.
	 */
	public static Roi roi(final Mask m, final int z, final int sw, final int sh) {
		if (m == null) return null;
		final ByteProcessor bp = sliceOf(m, z, sw, sh);
		return bp == null ? null : new ThresholdToSelection().convert(bp);
	}

	private static void contour(final Overlay o, final Mask m, final int z, final int sw,
		final int sh, final Color c, final float width)
	{
		final Roi r = roi(m, z, sw, sh);
		if (r == null) return;
		r.setStrokeColor(c);
		r.setStrokeWidth(width);
		o.add(r);
	}

	private static void fill(final Overlay o, final Mask m, final int z, final int sw, final int sh,
		final Color c)
	{
		final Roi r = roi(m, z, sw, sh);
		if (r == null) return;
		r.setFillColor(c);
		o.add(r);
	}

	private static void caption(final Overlay o, final String text) {
		final TextRoi t = new TextRoi(3, 2, text, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		t.setStrokeColor(Color.WHITE);
		t.setFillColor(new Color(0, 0, 0, 140));
		o.add(t);
	}

	private static ImagePlus flatten(final ImageProcessor bg, final Overlay o) {
		final ImagePlus imp = new ImagePlus("tile", bg.duplicate());
		imp.setOverlay(o);
		return imp.flatten();
	}
}
