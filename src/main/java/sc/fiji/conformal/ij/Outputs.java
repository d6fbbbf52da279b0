package sc.fiji.conformal.ij;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scijava.ItemIO;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.plugin.BrowserLauncher;
import sc.fiji.conformal.command.ShowCalibrationCommand;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.report.CalibrationPlots;
import sc.fiji.conformal.report.Tables;

/**
 * A command's outputs in ImageJ 1.x, and for macros. {@link #show} puts them
 * where ImageJ users look: text (the report, the summary) in the Log,
 * images (masks, plots) in windows tiled beside the current image
 * ({@link Tiles}), a validation in a results table, a calibration shown
 * (Show Calibration's {@code shown}) as its table of images needed per α,
 * a validation report's HTML page in the browser (from a dialog only);
 * numbers and the rest are in the report. Every output of the last command
 * run from a menu item or macro stays readable by name, as text, with
 * {@link #get}, which a macro calls through {@code call}:
 *
 * <pre>
 * run("Calibrate Conformal Sets", "scores=[/d/scores] masks=[/d/masks] method=dilation alpha=0.1");
 * lambda = parseFloat(call("sc.fiji.conformal.ij.Outputs.get", "lambda"));
 * name = call("sc.fiji.conformal.ij.Outputs.get", "name");
 * report = call("sc.fiji.conformal.ij.Outputs.get", "report");
 * </pre>
 *
 * Numbers read as Java writes them ({@code 3.0}, {@code NaN},
 * {@code Infinity}), images as their titles, files as their paths. A failed
 * or canceled run leaves no outputs.
 */
public final class Outputs {

	private static volatile String command = "";
	private static volatile Map<String, String> last = Collections.emptyMap();

	private Outputs() {}

	/**
	 * The output of that name of the last command run, as text; the name as
	 * the command declares it or in lower case ({@code lambdainner}).
	 *
	 * @throws IllegalArgumentException naming the outputs there are, if none
	 *           has that name
	 */
	public static String get(final String name) {
		final Map<String, String> outputs = last;
		if (name != null) {
			if (outputs.containsKey(name)) return outputs.get(name);
			for (final Map.Entry<String, String> e : outputs.entrySet())
				if (e.getKey().equalsIgnoreCase(name.trim())) return e.getValue();
		}
		throw new IllegalArgumentException(command.isEmpty() ? "no Conformal Segmentation command has run"
			: "the last command (" + command + ") has no output '" + name + "'; its outputs: " + outputs
				.keySet());
	}

	/** The names of the last command's outputs, comma-separated (for {@code call}). */
	public static String names() {
		return String.join(",", last.keySet());
	}

	/**
	 * Shows a finished module's outputs, except those named in {@code hidden},
	 * and keeps the shown ones for {@link #get}.
	 */
	static void show(final Module module, final Set<String> hidden) {
		final Map<String, String> text = new LinkedHashMap<>();
		final Tiles tiles = new Tiles();
		for (final ModuleItem<?> item : module.getInfo().outputs()) {
			if (hidden.contains(item.getName())) continue;
			final Object v = item.getValue(module);
			text.put(item.getName(), text(v));
			if (v == null) continue;
			if (v instanceof ImagePlus) tiles.show((ImagePlus) v);
			else if (v instanceof Map) {
				for (final Object x : ((Map<?, ?>) v).values())
					if (x instanceof ImagePlus) tiles.show((ImagePlus) x);
			}
			else if (v instanceof ValidationResult) {
				final ValidationResult r = (ValidationResult) v;
				if (!GraphicsEnvironment.isHeadless()) tiles.show(Tables.resultsTable(r), "Validation of " + r
					.settings().method().id());
			}
			else if (v instanceof Calibration && module.getInfo().getDelegateClassName().equals(
				ShowCalibrationCommand.class.getName()))
			{
				if (!GraphicsEnvironment.isHeadless()) tiles.show(CalibrationPlots.neededTable(
					(Calibration) v), "Images needed per α");
			}
			else if (v instanceof Tables) {
				if (!GraphicsEnvironment.isHeadless()) tiles.show(((Tables) v).resultsTable(), item
					.getLabel());
			}
			else if (v instanceof File && item.getName().equals("reportIndex")) openReport((File) v);
			// a text output is a report; a text input echoed back (ItemIO.BOTH) is not
			else if (v instanceof String && item.getIOType() == ItemIO.OUTPUT && !((String) v)
				.isEmpty()) IJ.log((String) v);
		}
		tiles.finish();
		command = module.getInfo().getTitle();
		last = Collections.unmodifiableMap(text);
	}

	/**
	 * Opens a report's HTML page (beside its index.md) in the browser, when a
	 * user ran the command from a dialog (not in a macro, not headless).
	 */
	private static void openReport(final File index) {
		final File html = new File(index.getParentFile(), "index.html");
		if (!html.isFile() || GraphicsEnvironment.isHeadless() || Macro.getOptions() != null) return;
		IJ.log("Report: " + html.toURI());
		try {
			BrowserLauncher.openURL(html.toURI().toString());
		}
		catch (final IOException e) {
			IJ.log("Could not open a browser (" + e.getMessage() + "): open " + html + " yourself");
		}
	}

	/** Forgets the last outputs (a run that failed or was canceled has none). */
	static void clear(final String title) {
		command = title;
		last = Collections.emptyMap();
	}

	private static String text(final Object v) {
		if (v == null) return "";
		if (v instanceof ImagePlus) return ((ImagePlus) v).getTitle();
		if (v instanceof Map) {
			final List<String> parts = new ArrayList<>();
			for (final Object x : ((Map<?, ?>) v).values())
				parts.add(text(x));
			return String.join(",", parts);
		}
		return v.toString();
	}
}
