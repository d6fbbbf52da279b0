package sc.fiji.conformal.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.report.SetOverlays;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Mask;

/**
 * Plugins › Conformal Segmentation › Apply Conformal Sets (ImageJ 1.x,
 * macro-callable): the current image's inner and outer sets as new masks and
 * as an overlay (outer blue, inner red, ground truth yellow).
 */
public class ApplyPlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			IJ.error("Apply Conformal Sets", "Open a score map (or a binary prediction) first.");
			return;
		}
		final GenericDialog gd = new GenericDialog("Apply Conformal Sets");
		MethodDialog.addCalibration(gd);
		MethodDialog.addImage(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final Calibration cal = SessionCalibrations.resolve(gd.getNextString(), gd.getNextString());
			final String title = image.getTitle();
			final Sample sample = MethodDialog.readImage(gd, image);
			final Mask y = sample.truth();
			final ConformalSets sets = cal.apply(sample);
			image.setOverlay(SetOverlays.withLegend(SetOverlays.of(sets, y), image.getWidth()));
			if (sets.inner() != null) ImagePlusBridge.image(sets.inner(), title + " inner").show();
			if (sets.outer() != null) ImagePlusBridge.image(sets.outer(), title + " outer").show();
			IJ.log("Applied " + cal.method().id() + " to " + title + ": " + cal.guarantee());
		}
		catch (final Exception e) {
			IJ.error("Apply Conformal Sets", "Apply failed: " + e.getMessage());
		}
	}
}
