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
import sc.fiji.conformal.report.CalibrationPlots;
import sc.fiji.conformal.service.ConformalService;

/**
 * Show Calibration: the plots of a calibration as images
 * ({@link CalibrationPlots}: score histogram with λ̂, λ̂ against α with the
 * rank band), the guarantee with the calibration size each smaller α needs,
 * and the calibration shown (a front end shows its
 * {@link CalibrationPlots#neededTable}). The command shows nothing itself: the front end that runs it shows
 * the images.
 */
@Plugin(type = Command.class, label = "Show Calibration", headless = true, visible = false)
public class ShowCalibrationCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(persist = false, label = "Calibration", description = "a calibration of this session, by name", required = false)
	private String calibration = "";

	@Parameter(persist = false, label = "Or a calibration file", description = "used when no session calibration is chosen", style = FileWidget.OPEN_STYLE, required = false)
	private File calibrationFile;

	@Parameter(type = ItemIO.OUTPUT, label = "plots")
	private Map<String, ImagePlus> plots;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Parameter(type = ItemIO.OUTPUT, label = "shown", description = "The calibration shown (ImageJ shows it as its table of images needed per α)")
	private Calibration shown;

	@Override
	public void run() {
		try {
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final String name = calibration == null || calibration.trim().isEmpty() ? cal.method().id()
				: calibration.trim();
			plots = CalibrationPlots.plots(cal, name);
			shown = cal;
			summary = CalibrationPlots.summary(cal, name);
			log.info(summary);
		}
		catch (final Exception e) {
			fail("Show Calibration", e);
		}
	}
}
