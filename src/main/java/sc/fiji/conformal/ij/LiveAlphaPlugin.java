package sc.fiji.conformal.ij;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.awt.Label;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.gui.NonBlockingGenericDialog;
import ij.gui.Overlay;
import ij.plugin.PlugIn;
import sc.fiji.conformal.report.LiveAlpha;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;

/**
 * Plugins › Conformal Segmentation › Conformal Sets Live Alpha (ImageJ 1.x): a
 * slider for α that redraws the current image's overlay (outer blue, inner
 * red, ground truth yellow, uncertainty band translucent) as it moves, with λ̂
 * re-derived from the calibration's stored scores (no recalibration; see
 * {@link LiveAlpha}). OK keeps the overlay; Cancel restores the previous one.
 * <p>
 * Macro-callable (the overlay for one α, no live dialog):
 * {@code run("Conformal Sets Live Alpha", "calibration=polyps imageis=scores truth=none alpha=0.05");}
 */
public class LiveAlphaPlugin implements PlugIn {

	private static final String TITLE = "Conformal Sets Live Alpha";

	@Override
	public void run(final String arg) {
		final ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			IJ.error(TITLE, "Open a score map (or a binary prediction) first.");
			return;
		}
		final GenericDialog setup = new GenericDialog(TITLE);
		MethodDialog.addCalibration(setup);
		MethodDialog.addImage(setup);
		setup.showDialog();
		if (setup.wasCanceled()) return;
		final LiveAlpha live;
		try {
			final Calibration cal = SessionCalibrations.resolve(setup.getNextString(), setup
				.getNextString());
			live = new LiveAlpha(cal, MethodDialog.readImage(setup, image));
		}
		catch (final Exception e) {
			IJ.error(TITLE, "Live alpha failed: " + e.getMessage());
			return;
		}
		if (Macro.getOptions() != null || GraphicsEnvironment.isHeadless()) runOnce(image, live);
		else runLive(image, live);
	}

	/** Macro or headless: one α from the options, no live updates. */
	private static void runOnce(final ImagePlus image, final LiveAlpha live) {
		final GenericDialog gd = new GenericDialog(TITLE);
		gd.addNumericField("alpha", live.calibration().settings().alpha(), 3);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final Calibration c = live.calibration(gd.getNextNumber());
			image.setOverlay(live.overlay(live.sets(c)));
			IJ.log(TITLE + " on " + image.getTitle() + ": " + LiveAlpha.describe(c).replace('\n', ' '));
		}
		catch (final Exception e) {
			IJ.error(TITLE, "Live alpha failed: " + e.getMessage());
		}
	}

	/**
	 * A non-blocking dialog whose slider redraws the image's overlay; returns
	 * when it is closed (OK keeps the overlay, Cancel restores the previous one).
	 */
	static void runLive(final ImagePlus image, final LiveAlpha live) {
		final Overlay before = image.getOverlay();
		final double a0 = Math.max(LiveAlpha.MIN_ALPHA, Math.min(LiveAlpha.MAX_ALPHA, live.calibration()
			.settings().alpha()));
		final NonBlockingGenericDialog gd = new NonBlockingGenericDialog(TITLE);
		gd.addMessage(live.calibration().method().id() + " on " + image.getTitle() + "\n" + LiveAlpha
			.toleranceNote(live.calibration()));
		gd.addSlider("alpha", LiveAlpha.MIN_ALPHA, LiveAlpha.MAX_ALPHA, a0, 0.01);
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
			final ConformalSets sets = live.sets(c);
			image.setOverlay(live.overlay(sets));
			setText(message, LiveAlpha.describe(c));
			return true;
		};
		gd.addDialogListener(listener);
		image.setOverlay(live.overlay(live.sets(live.calibration(a0))));
		gd.showDialog();
		if (gd.wasCanceled()) {
			image.setOverlay(before);
			return;
		}
		final Calibration c = live.calibration(gd.getNextNumber());
		image.setOverlay(live.overlay(live.sets(c)));
		IJ.log(TITLE + " on " + image.getTitle() + ": " + LiveAlpha.describe(c).replace('\n', ' '));
	}

	private static void setText(final Component message, final String text) {
		if (message instanceof MultiLineLabel) ((MultiLineLabel) message).setText(text);
		else if (message instanceof Label) ((Label) message).setText(text.replace('\n', ' '));
	}
}
