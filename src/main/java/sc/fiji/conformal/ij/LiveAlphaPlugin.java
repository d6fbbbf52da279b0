package sc.fiji.conformal.ij;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.gui.NonBlockingGenericDialog;
import ij.gui.Overlay;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import sc.fiji.conformal.command.LiveAlphaCommand;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.report.LiveAlpha;

/**
 * Plugins › Conformal Segmentation › Conformal Sets Live Alpha: the one
 * ImageJ 1.x dialog of its own. It asks for the inputs of
 * {@link LiveAlphaCommand} but α (the image, what it is, the truth, the
 * calibration) as every menu item does, then shows a slider for α that
 * redraws the image's overlay (outer blue, inner red, ground truth yellow,
 * uncertainty band translucent) as it moves, with λ̂ re-derived from the
 * calibration's stored scores ({@link LiveAlpha}). OK runs the command at
 * that α (the overlay stays, the Log gets the summary, a recording macro
 * gets {@code alpha=}); Cancel restores the previous overlay. The command's
 * masks are for scripts; this menu item draws the sets (Apply Conformal Sets
 * opens them as masks).
 * <p>
 * From a macro, or headless, it runs the command at the given α, without a
 * slider:
 * {@code run("Conformal Sets Live Alpha", "calibration=polyps imageis=scores truth=none alpha=0.05");}
 */
public class LiveAlphaPlugin implements PlugIn {

	private static final String ALPHA = "alpha";

	/** The command's masks are for scripts: this menu item shows the overlay (as Apply shows masks). */
	private static final Set<String> MASKS = new HashSet<>(Arrays.asList("inner", "outer"));

	@Override
	public void run(final String arg) {
		final CommandBridge bridge;
		try {
			bridge = CommandBridge.of(LiveAlphaCommand.class.getName());
		}
		catch (final IllegalArgumentException e) {
			IJ.error("Conformal Segmentation", e.getMessage());
			return;
		}
		final boolean live = Macro.getOptions() == null && !GraphicsEnvironment.isHeadless();
		final LiveAlpha sets;
		try {
			if (!bridge.ask(live ? Collections.singleton(ALPHA) : Collections.<String> emptySet())) return;
			if (!live) {
				bridge.run(MASKS);
				return;
			}
			sets = ((LiveAlphaCommand) ((CommandModule) bridge.module()).getCommand()).prepare();
		}
		catch (final Exception e) {
			IJ.error(bridge.title(), bridge.title() + " failed: " + (e.getMessage() == null ? e
				.toString() : e.getMessage()));
			return;
		}
		// the slider's dialog clears the options recorded so far on every move: keep them
		final String recorded = Recorder.record ? Recorder.getCommandOptions() : null;
		final double alpha = slider(bridge.title(), (ImagePlus) bridge.inputs().get("image"), sets);
		if (Double.isNaN(alpha)) return;
		if (recorded != null) record(recorded, bridge.inputs().keySet(), alpha);
		bridge.set(ALPHA, alpha);
		bridge.run(MASKS);
	}

	/**
	 * A non-blocking dialog whose slider redraws the image's overlay; returns
	 * the chosen α when it is closed with OK, or NaN on Cancel (the previous
	 * overlay restored).
	 */
	static double slider(final String title, final ImagePlus image, final LiveAlpha live) {
		final Overlay before = image.getOverlay();
		final double a0 = Math.max(LiveAlpha.MIN_ALPHA, Math.min(LiveAlpha.MAX_ALPHA, live.calibration()
			.settings().alpha()));
		final NonBlockingGenericDialog gd = new NonBlockingGenericDialog(title);
		gd.addMessage(live.calibration().method().id() + " on " + image.getTitle() + "\n" + LiveAlpha
			.toleranceNote(live.calibration()));
		gd.addSlider(ALPHA, LiveAlpha.MIN_ALPHA, LiveAlpha.MAX_ALPHA, a0, 0.01);
		// two lines of room, rewritten on every change
		gd.addMessage(LiveAlpha.describe(live.calibration(a0)) + "\n ");
		final Component message = gd.getMessage();
		final DialogListener listener = (final GenericDialog d, final AWTEvent e) -> {
			final double a = d.getNextNumber();
			if (d.invalidNumber() || !(a > 0 && a < 1)) {
				setText(message, "alpha must be in (0, 1)");
				return false;
			}
			final Calibration c = live.calibration(a);
			image.setOverlay(live.overlay(live.sets(c)));
			setText(message, LiveAlpha.describe(c));
			return true;
		};
		gd.addDialogListener(listener);
		image.setOverlay(live.overlay(live.sets(live.calibration(a0))));
		gd.showDialog();
		if (gd.wasCanceled() || !gd.wasOKed()) {
			image.setOverlay(before);
			return Double.NaN;
		}
		final double a = gd.getNextNumber();
		if (gd.invalidNumber() || !(a > 0 && a < 1)) {
			image.setOverlay(before);
			IJ.error(title, "alpha must be in (0, 1)");
			return Double.NaN;
		}
		return a;
	}

	/** Records the inputs dialog's options again, then α, as one macro line. */
	private static void record(final String options, final Set<String> names, final double alpha) {
		Recorder.resetCommandOptions();
		for (final String name : names) {
			final String key = name.toLowerCase(Locale.US);
			final String value = Macro.getValue(options + " ", key, null);
			if (value != null) Recorder.recordOption(key, value);
		}
		Recorder.recordOption(ALPHA, String.valueOf(alpha));
	}

	private static void setText(final Component message, final String text) {
		if (message instanceof MultiLineLabel) ((MultiLineLabel) message).setText(text);
		else if (message instanceof Label) ((Label) message).setText(text.replace('\n', ' '));
	}
}
