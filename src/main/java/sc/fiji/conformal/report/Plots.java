package sc.fiji.conformal.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.ij.ImageJEncoder;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * The report's plots, drawn with ImageJ 1.x {@link Plot} (works headless):
 * empirical coverage against nominal 1 − α with the binomial band, a histogram
 * of calibration scores with λ̂ marked, and curves against α.
 */
public final class Plots {

	/** Plot width in pixels. */
	public static final int WIDTH = 460;
	/** Plot height in pixels. */
	public static final int HEIGHT = 320;

	private static final Color BAND = new Color(200, 215, 255);
	private static final Color[] SHADES = { new Color(240, 140, 140), new Color(120, 190, 120) };
	private static final Color[] SERIES = { new Color(200, 0, 0), new Color(0, 110, 0), new Color(0,
		0, 200), new Color(150, 0, 150), new Color(200, 110, 0) };

	private Plots() {}

	/** A named series of points with optional error bars (sd over splits). */
	public static final class Series {

		final String name;
		final double[] y;
		final double[] sd;

		/**
		 * @param name legend text
		 * @param y one value per x (NaN values are left out)
		 * @param sd error bars, or null
		 */
		public Series(final String name, final double[] y, final double[] sd) {
			this.name = name;
			this.y = y.clone();
			this.sd = sd == null ? null : sd.clone();
		}
	}

	/** A named band: a range at each x, drawn shaded behind the curves (NaN ends are left out). */
	public static final class Band {

		final String name;
		final double[] lower;
		final double[] upper;

		/**
		 * @param name legend text
		 * @param lower the band's lower end at each x
		 * @param upper the band's upper end at each x
		 */
		public Band(final String name, final double[] lower, final double[] upper) {
			this.name = name;
			this.lower = lower.clone();
			this.upper = upper.clone();
		}
	}

	/**
	 * Empirical coverage against nominal 1 − α: the band (shaded), the
	 * diagonal (target) and each series with its error bars.
	 *
	 * @param nominal the nominal levels 1 − α (x), increasing
	 * @param lower the band's lower end at each x
	 * @param upper the band's upper end at each x
	 */
	public static ImagePlus coverage(final String title, final double[] nominal,
		final double[] lower, final double[] upper, final List<Series> series)
	{
		double lo = 1, hi = 0;
		for (int i = 0; i < nominal.length; i++) {
			lo = Math.min(lo, Math.min(nominal[i], lower[i]));
			hi = Math.max(hi, upper[i]);
		}
		for (final Series s : series)
			for (final double v : s.y)
				if (!Double.isNaN(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		lo = Math.floor(lo * 50 - 0.5) / 50;
		hi = Math.min(1.0, Math.ceil(hi * 50 + 0.5) / 50);
		final Plot p = newPlot(title, "nominal 1 − α", "empirical coverage");
		p.setLimits(lo, hi, lo, hi);
		p.setFormatFlags(Plot.X_NUMBERS | Plot.Y_NUMBERS | Plot.X_TICKS | Plot.Y_TICKS);
		// the band as a filled polygon over the x range of the levels
		p.setColor(BAND, BAND);
		p.add("filled", nominal, upper);
		p.setColor(Color.WHITE, Color.WHITE);
		p.add("filled", nominal, lower);
		p.setColor(Color.DARK_GRAY);
		p.add("line", new double[] { lo, hi }, new double[] { lo, hi });
		final StringBuilder legend = new StringBuilder("binomial band\n\ntarget 1 − α");
		addSeries(p, nominal, series, legend);
		p.setColor(Color.BLACK);
		// under-coverage shows below the diagonal, ties push points above it: the legend goes bottom right
		p.addLegend(legend.toString(), "bottom-right");
		return p.getImagePlus();
	}

	/**
	 * A risk against its level (conformal risk control): mean FNR over splits
	 * against α, with the line y = α.
	 */
	public static ImagePlus risk(final String title, final double[] alpha, final List<Series> series) {
		double hi = 0;
		for (final double a : alpha)
			hi = Math.max(hi, a);
		for (final Series s : series)
			for (int i = 0; i < s.y.length; i++)
				if (!Double.isNaN(s.y[i])) hi = Math.max(hi, s.y[i] + (s.sd == null ? 0 : s.sd[i]));
		final Plot p = newPlot(title, "α", "mean FNR");
		p.setLimits(0, hi * 1.1, 0, hi * 1.1);
		p.setColor(Color.DARK_GRAY);
		p.add("line", new double[] { 0, hi * 1.1 }, new double[] { 0, hi * 1.1 });
		final StringBuilder legend = new StringBuilder("bound E[FNR] ≤ α");
		addSeries(p, alpha, series, legend);
		p.setColor(Color.BLACK);
		p.addLegend(legend.toString(), "top-left");
		return p.getImagePlus();
	}

	/** Curves against x (e.g. set size against α). */
	public static ImagePlus curves(final String title, final String xLabel, final String yLabel,
		final double[] x, final List<Series> series)
	{
		return curves(title, xLabel, yLabel, x, series, new ArrayList<Band>());
	}

	/**
	 * Curves against x over shaded bands; the legend in a strip of headroom
	 * above the data, so it covers no curve.
	 */
	public static ImagePlus curves(final String title, final String xLabel, final String yLabel,
		final double[] x, final List<Series> series, final List<Band> bands)
	{
		final Plot p = newPlot(title, xLabel, yLabel);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final Series s : series)
			for (final double v : s.y)
				if (Double.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		for (final Band b : bands)
			for (int i = 0; i < x.length; i++)
				if (Double.isFinite(b.lower[i]) && Double.isFinite(b.upper[i])) {
					lo = Math.min(lo, b.lower[i]);
					hi = Math.max(hi, b.upper[i]);
				}
		final StringBuilder legend = new StringBuilder();
		int c = 0;
		// each band as thick error bars about its middle: a data set of its own, so the legend names it
		for (final Band b : bands) {
			final double[] mid = new double[x.length], half = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				final boolean ok = Double.isFinite(b.lower[i]) && Double.isFinite(b.upper[i]);
				mid[i] = ok ? (b.lower[i] + b.upper[i]) / 2 : Double.NaN;
				half[i] = ok ? (b.upper[i] - b.lower[i]) / 2 : 0;
			}
			p.setColor(SHADES[c++ % SHADES.length]);
			p.setLineWidth(6);
			p.addPoints(x, mid, half, Plot.DOT);
			p.setLineWidth(1);
			legend.append('\n').append(b.name);
		}
		addSeries(p, x, series, legend);
		p.setLimitsToFit(false);
		if (lo <= hi) {
			final double[] lim = p.getLimits();
			final int lines = series.size() + bands.size();
			final double range = hi > lo ? hi - lo : Math.max(1, Math.abs(hi));
			// the legend's lines take about 7% of the frame each
			final double top = hi + range * (0.1 + 0.1 * lines) / (1 - 0.1 * lines);
			p.setLimits(lim[0], lim[1], lo - range * 0.05, top);
		}
		p.setColor(Color.BLACK);
		p.addLegend(legend.toString().replaceFirst("^\n", ""), "top-left");
		return p.getImagePlus();
	}

	/**
	 * Several series side by side at each row (x = 1, 2, ..., named under
	 * it): series j is drawn at x + (j − (m − 1)/2)·w (w = 0.6/m, m series),
	 * each point with its error bar over its own band, a thick bar in a light
	 * shade of the series' colour, so no band hides another. The y range is
	 * the data's and the bands' (a coverage axis does not run past what they
	 * reach), with headroom for the legend above.
	 *
	 * @param bands one per series, in the same order; null for a series
	 *          without a band
	 */
	public static ImagePlus sideBySide(final String title, final String xLabel,
		final String yLabel, final List<String> rowNames, final List<Series> series,
		final List<Band> bands)
	{
		final int rows = rowNames.size();
		if (bands.size() != series.size()) {
			throw new IllegalArgumentException("one band (or null) per series: " + bands.size() +
				" bands for " + series.size() + " series");
		}
		final Plot p = newPlot(title, xLabel, yLabel);
		// room for each row's name under it
		p.setSize(Math.max(WIDTH, 100 + 120 * rows), HEIGHT);
		final int m = series.size();
		final double w = 0.6 / Math.max(1, m);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		final StringBuilder legend = new StringBuilder();
		for (int j = 0; j < m; j++) {
			final Series s = series.get(j);
			final Band b = bands.get(j);
			final double[] x = new double[rows];
			for (int i = 0; i < rows; i++) {
				x[i] = i + 1 + (j - (m - 1) / 2.0) * w;
				if (Double.isFinite(s.y[i])) {
					final double e = s.sd == null ? 0 : s.sd[i];
					lo = Math.min(lo, s.y[i] - e);
					hi = Math.max(hi, s.y[i] + e);
				}
				if (b != null && Double.isFinite(b.lower[i]) && Double.isFinite(b.upper[i])) {
					lo = Math.min(lo, b.lower[i]);
					hi = Math.max(hi, b.upper[i]);
				}
			}
			final Color colour = SERIES[j % SERIES.length];
			if (b != null) {
				// the band as a filled rectangle, exactly its range (a thick line would round its ends)
				final ArrayList<float[]> boxes = new ArrayList<>();
				for (int i = 0; i < rows; i++)
					if (Double.isFinite(b.lower[i]) && Double.isFinite(b.upper[i])) boxes.add(new float[] {
						(float) (x[i] - 0.4 * w), (float) b.upper[i], (float) (x[i] + 0.4 * w), (float) b
							.lower[i] });
				p.setColor(light(colour), light(colour));
				p.drawShapes("rectangles", boxes);
				// an empty data set of the band's colour, so the legend names the band
				p.setColor(light(colour));
				p.setLineWidth(6);
				p.addPoints(new double[] { Double.NaN }, new double[] { Double.NaN }, Plot.LINE);
				p.setLineWidth(1);
				legend.append('\n').append(b.name);
			}
			addSeries(p, x, java.util.Collections.singletonList(s), legend, colour, "circle");
		}
		// which row is which, under the points (the x axis has no numbers: positions, not values)
		p.setFormatFlags(Plot.DEFAULT_FLAGS & ~(Plot.X_NUMBERS | Plot.X_TICKS | Plot.X_GRID |
			Plot.X_MINOR_TICKS));
		for (int i = 0; i < rows; i++) {
			p.setColor(Color.BLACK);
			p.setJustification(Plot.CENTER);
			p.addText(rowNames.get(i), i + 1, lo - (hi - lo) * 0.15);
		}
		p.setLimitsToFit(false);
		if (lo <= hi) {
			final int lines = legend.toString().split("\n", -1).length - 1;
			final double range = hi > lo ? hi - lo : Math.max(0.01, Math.abs(hi));
			final double top = hi + range * (0.1 + 0.1 * lines) / (1 - 0.1 * lines);
			p.setLimits(0.5, rows + 0.5, lo - range * 0.2, top);
		}
		p.setColor(Color.BLACK);
		p.addLegend(legend.toString().replaceFirst("^\n", ""), "top-left");
		return p.getImagePlus();
	}

	/** A colour mixed 65% with white: a band behind points of that colour. */
	private static Color light(final Color c) {
		return new Color(255 - (int) (0.35 * (255 - c.getRed())), 255 - (int) (0.35 * (255 - c
			.getGreen())), 255 - (int) (0.35 * (255 - c.getBlue())));
	}

	/**
	 * A histogram of per-image scores with λ̂ marked by a vertical line.
	 * Infinite scores cannot be binned: they are counted in the title.
	 *
	 * @param lambda λ̂ (not drawn when infinite)
	 */
	public static ImagePlus histogram(final String title, final String xLabel, final double[] scores,
		final double lambda)
	{
		final List<Double> finite = new ArrayList<>();
		int infinite = 0;
		for (final double v : scores) {
			if (Double.isInfinite(v)) infinite++;
			else if (!Double.isNaN(v)) finite.add(v);
		}
		final double[] v = new double[finite.size()];
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < v.length; i++) {
			v[i] = finite.get(i);
			min = Math.min(min, v[i]);
			max = Math.max(max, v[i]);
		}
		final String t = title + (infinite > 0 ? " (" + infinite + " infinite not shown)" : "");
		final Plot p = newPlot(t, xLabel, "images");
		if (v.length == 0) {
			p.addLabel(0.3, 0.5, "no finite scores");
			return p.getImagePlus();
		}
		if (!Double.isInfinite(lambda)) {
			min = Math.min(min, lambda);
			max = Math.max(max, lambda);
		}
		final boolean integers = allIntegers(v);
		double bin = integers ? Math.max(1, Math.ceil((max - min + 1) / 40)) : (max - min) / 30;
		if (!(bin > 0)) bin = 1;
		final double start = integers ? Math.rint(min) - bin / 2 : min;
		int tallest = 0;
		final int[] counts = new int[(int) Math.floor((max - start) / bin) + 2];
		for (final double x : v)
			tallest = Math.max(tallest, ++counts[(int) Math.floor((x - start) / bin)]);
		p.setColor(new Color(90, 90, 90), new Color(170, 170, 170));
		p.addHistogram(v, bin, integers ? Math.rint(min) : min + bin / 2);
		final String mark = Double.isInfinite(lambda) ? "λ̂ = " + (lambda > 0 ? "+∞" : "−∞") + " (not drawn)"
			: "λ̂ = " + Tables.number(lambda);
		// a whole bin of margin at both ends, and headroom above the tallest bar for the λ̂ label
		final double xMin = start - bin, xMax = start + (counts.length - 1) * bin + bin;
		final double yMax = Math.max(1, tallest) * 1.3;
		p.setLimits(xMin, xMax, 0, yMax);
		if (!Double.isInfinite(lambda)) {
			p.setColor(Color.RED);
			p.setLineWidth(2);
			p.drawLine(lambda, 0, lambda, yMax);
			p.setLineWidth(1);
		}
		p.setColor(Color.RED);
		// the label on the side of the λ̂ line with more room
		final boolean right = !Double.isInfinite(lambda) && (lambda - xMin) / (xMax - xMin) < 0.5;
		p.setJustification(right ? Plot.RIGHT : Plot.LEFT);
		p.addLabel(right ? 0.98 : 0.02, 0.08, mark);
		p.setJustification(Plot.LEFT);
		return p.getImagePlus();
	}

	/**
	 * Saves an image as a new PNG file (the folder must exist), every failed
	 * write an error ({@link AtomicWrite#writeNew}).
	 *
	 * @throws IOException naming the file if it cannot be written
	 */
	public static void savePng(final ImagePlus imp, final Path file) throws IOException {
		AtomicWrite.writeNew(file, out -> ImageJEncoder.png(titled(imp), out));
	}

	/**
	 * The image with its title drawn in a white strip above it (a plot's
	 * title is otherwise only its window's), wrapped to the image's width.
	 */
	static ImagePlus titled(final ImagePlus imp) {
		final ImageProcessor src = imp.getProcessor().convertToRGB();
		final Font font = new Font("SansSerif", Font.BOLD, 13);
		final ImageProcessor probe = new ColorProcessor(1, 1);
		probe.setFont(font);
		probe.setAntialiasedText(true);
		final List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (final String word : imp.getTitle().split(" ")) {
			final String next = line.length() == 0 ? word : line + " " + word;
			if (line.length() > 0 && probe.getStringWidth(next) > src.getWidth() - 16) {
				lines.add(line.toString());
				line = new StringBuilder(word);
			}
			else line = new StringBuilder(next);
		}
		lines.add(line.toString());
		final int lineHeight = 17, strip = 8 + lines.size() * lineHeight;
		final ColorProcessor out = new ColorProcessor(src.getWidth(), src.getHeight() + strip);
		out.setColor(Color.WHITE);
		out.fill();
		out.insert(src, 0, strip);
		out.setColor(Color.BLACK);
		out.setFont(font);
		out.setAntialiasedText(true);
		for (int i = 0; i < lines.size(); i++)
			out.drawString(lines.get(i), 8, 4 + (i + 1) * lineHeight);
		return new ImagePlus(imp.getTitle(), out);
	}

	private static Plot newPlot(final String title, final String x, final String y) {
		final Plot p = new Plot(title, x, y);
		p.setSize(WIDTH, HEIGHT);
		p.setFont(java.awt.Font.PLAIN, 12);
		p.setAxisLabelFont(java.awt.Font.PLAIN, 12);
		p.setColor(Color.BLACK);
		p.addLabel(0.0, 0.0, "");
		return p;
	}

	private static void addSeries(final Plot p, final double[] x, final List<Series> series,
		final StringBuilder legend)
	{
		int c = 0;
		for (final Series s : series)
			addSeries(p, x, java.util.Collections.singletonList(s), legend, SERIES[c++ % SERIES.length],
				"connected circle");
	}

	/** One series in one colour and shape ({@code Plot.add}'s names), with its error bars. */
	private static void addSeries(final Plot p, final double[] x, final List<Series> series,
		final StringBuilder legend, final Color colour, final String shape)
	{
		for (final Series s : series) {
			final List<Integer> keep = new ArrayList<>();
			for (int i = 0; i < x.length; i++)
				if (!Double.isNaN(s.y[i])) keep.add(i);
			final double[] xs = new double[keep.size()];
			final double[] ys = new double[keep.size()];
			final double[] es = new double[keep.size()];
			for (int j = 0; j < xs.length; j++) {
				xs[j] = x[keep.get(j)];
				ys[j] = s.y[keep.get(j)];
				es[j] = s.sd == null ? 0 : s.sd[keep.get(j)];
			}
			p.setColor(colour);
			p.setLineWidth(1);
			p.add(shape, xs, ys);
			if (s.sd != null) p.addErrorBars(es);
			legend.append('\n').append(s.name);
		}
	}

	private static boolean allIntegers(final double[] v) {
		for (final double x : v)
			if (x != Math.rint(x)) return false;
		return true;
	}
}
