package sc.fiji.conformal.command;

import java.io.File;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.ij.ShowCalibrationPlugin;
import sc.fiji.conformal.service.ConformalService;

/**
 * Show Calibration as a SciJava command (scripts, headless): the plots of the
 * ImageJ 1.x menu item as images (score histogram with λ̂, λ̂ against α,
 * coverage against 1 − α), shown in windows when there is a display, and the
 * guarantee with the calibration size each smaller α needs.
 */
@Plugin(type = Command.class, label = "Show Calibration", headless = true)
public class ShowCalibrationCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(persist = false, label = "calibration", description = "Name of a calibration in this session", required = false)
	private String calibration = "";

	@Parameter(persist = false, label = "calibrationFile", description = "Calibration file (used when no name is given)", style = FileWidget.OPEN_STYLE, required = false)
	private File calibrationFile;

	@Parameter(type = ItemIO.OUTPUT, label = "plots")
	private Map<String, ImagePlus> plots;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final String name = calibration == null || calibration.trim().isEmpty() ? cal.method().id()
				: calibration.trim();
			plots = ShowCalibrationPlugin.plots(cal, name);
			summary = ShowCalibrationPlugin.summary(cal, name);
			log.info(summary);
			if (!java.awt.GraphicsEnvironment.isHeadless()) {
				for (final ImagePlus p : plots.values())
					p.show();
			}
		}
		catch (final Exception e) {
			fail("Show Calibration", e);
		}
	}
}
