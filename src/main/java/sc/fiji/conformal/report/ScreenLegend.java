package sc.fiji.conformal.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

import ij.gui.Roi;

/**
 * An overlay legend drawn in screen space: a dark box at the bottom-left
 * corner of the window's view, one line per colour (a swatch and a word), at
 * the same size at any zoom and scroll position, so it never covers more of
 * a zoomed-in object than at 100% and never scrolls out of view (ImageJ's zoom
 * indicator takes the top-left corner). Without a window (a flattened image)
 * the corner is the image's.
 */
public final class ScreenLegend extends Roi {

	private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	/** Gap between the view's edges and the box, screen pixels. */
	public static final int MARGIN = 2;
	/** Padding inside the box, screen pixels. */
	public static final int PAD = 3;
	private static final int SWATCH = 14;

	/** How a line's swatch is drawn. */
	public enum Swatch {
		/** A stroke: a contour. */
		LINE,
		/** A thick stroke: a contour drawn thicker. */
		THICK,
		/** A dashed stroke: a dashed contour. */
		DASHED,
		/** A filled box: a region. */
		FILLED
	}

	private final String[] words;
	private final Color[] colors;
	private final Swatch[] swatches;
	private boolean onlyWhenItFits;

	/**
	 * @param words one word per line
	 * @param colors each line's colour
	 * @param filled whether a line's swatch is a filled box (a region) rather
	 *          than a stroke (a contour)
	 */
	public ScreenLegend(final String[] words, final Color[] colors, final boolean[] filled) {
		this(words, colors, swatches(filled));
	}

	/**
	 * @param words one word per line
	 * @param colors each line's colour
	 * @param swatches each line's swatch
	 * @throws IllegalArgumentException if the arrays differ in length
	 */
	public ScreenLegend(final String[] words, final Color[] colors, final Swatch[] swatches) {
		super(0, 0, 1, 1);
		if (words.length != colors.length || words.length != swatches.length) {
			throw new IllegalArgumentException("a legend needs one colour and one swatch per word, got " +
				words.length + " words, " + colors.length + " colours and " + swatches.length +
				" swatches");
		}
		this.words = words.clone();
		this.colors = colors.clone();
		this.swatches = swatches.clone();
		setName("legend");
	}

	private static Swatch[] swatches(final boolean[] filled) {
		final Swatch[] s = new Swatch[filled.length];
		for (int i = 0; i < s.length; i++)
			s[i] = filled[i] ? Swatch.FILLED : Swatch.LINE;
		return s;
	}

	/**
	 * Draws the legend only when its box fits in the view (and not at all
	 * on a view smaller than it, e.g. a 34×52 image at 100%, where it would
	 * hide the whole image); zoomed in far enough, it shows.
	 *
	 * @return this legend
	 */
	public ScreenLegend onlyWhenItFits() {
		onlyWhenItFits = true;
		return this;
	}

	/** Whether the legend is drawn only when it fits in the view ({@link #onlyWhenItFits()}). */
	public boolean drawnOnlyWhenItFits() {
		return onlyWhenItFits;
	}

	/** The word of line i. */
	public String word(final int i) {
		return words[i];
	}

	/** The colour of line i. */
	public Color color(final int i) {
		return colors[i];
	}

	/** The swatch of line i. */
	public Swatch swatch(final int i) {
		return swatches[i];
	}

	/** The number of lines. */
	public int lines() {
		return words.length;
	}

	@Override
	public void drawOverlay(final Graphics g) {
		final int h = ic != null ? ic.getHeight() : imp != null ? imp.getHeight() : 0;
		final int viewW = ic != null ? ic.getWidth() : imp != null ? imp.getWidth() : 0;
		if (h == 0 || words.length == 0) return;
		final Graphics2D g2 = (Graphics2D) g.create();
		try {
			g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
				RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g2.setFont(FONT);
			final FontMetrics fm = g2.getFontMetrics();
			int textWidth = 0;
			for (final String w : words)
				textWidth = Math.max(textWidth, fm.stringWidth(w));
			final int line = fm.getHeight();
			final int boxW = PAD + SWATCH + 4 + textWidth + PAD, boxH = PAD + words.length * line + PAD;
			if (onlyWhenItFits && (boxW + 2 * MARGIN > viewW || boxH + 2 * MARGIN > h)) return;
			final int x0 = MARGIN, y0 = h - MARGIN - boxH;
			g2.setColor(new Color(0, 0, 0, 190));
			g2.fillRect(x0, y0, boxW, boxH);
			for (int i = 0; i < words.length; i++) {
				final int y = y0 + PAD + i * line, mid = y + line / 2;
				g2.setColor(colors[i]);
				if (swatches[i] == Swatch.FILLED) g2.fillRect(x0 + PAD, mid - 4, SWATCH, 8);
				else {
					g2.setStroke(swatches[i] == Swatch.DASHED ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT,
						BasicStroke.JOIN_MITER, 10, new float[] { 4, 2 }, 0) : new BasicStroke(
							swatches[i] == Swatch.THICK ? 4f : 2.5f));
					g2.drawLine(x0 + PAD, mid, x0 + PAD + SWATCH, mid);
				}
				g2.setColor(Color.WHITE);
				g2.drawString(words[i], x0 + PAD + SWATCH + 4, y + fm.getAscent());
			}
		}
		finally {
			g2.dispose();
		}
	}
}
