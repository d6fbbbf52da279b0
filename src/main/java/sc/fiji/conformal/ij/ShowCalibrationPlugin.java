package sc.fiji.conformal.ij;

import java.awt.GraphicsEnvironment;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.report.CalibrationPlots;

/**
 * Plugins › Conformal Segmentation › Show Calibration (ImageJ 1.x,
 * macro-callable): for a calibration of the session (or a calibration file),
 * plot windows ({@link CalibrationPlots}) — the histogram of calibration scores
 * with λ̂ marked, λ̂ against α, and the coverage the quantile position gives
 * against 1 − α — and, in the Log, the guarantee in one sentence and the
 * calibration size each smaller α needs.
 * <p>
 * {@code run("Show Calibration", "calibration=polyps");}
 */
public class ShowCalibrationPlugin implements PlugIn {

	private static final String TITLE = "Show Calibration";

	@Override
	public void run(final String arg) {
		final GenericDialog gd = new GenericDialog(TITLE);
		MethodDialog.addCalibration(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final String name = gd.getNextString().trim();
			final String file = gd.getNextString().trim();
			final Calibration c = SessionCalibrations.resolve(name, file);
			final String label = !name.isEmpty() ? name : !file.isEmpty() ? file : SessionCalibrations
				.names().get(0);
			IJ.log(CalibrationPlots.summary(c, label));
			final Map<String, ImagePlus> plots = CalibrationPlots.plots(c, label);
			if (!GraphicsEnvironment.isHeadless()) for (final ImagePlus p : plots.values())
				p.show();
		}
		catch (final Exception e) {
			IJ.error(TITLE, "Show Calibration failed: " + e.getMessage());
		}
	}
}
