package sc.fiji.conformal.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.service.ConformalService;

/**
 * Calibrate Conformal Sets: learns λ̂ from folders of score maps (or
 * predictions) and ground-truth masks, keeps the calibration in the
 * {@link ConformalService} under {@code name} and writes it to {@code output}
 * when given. The menu item comes from plugins.config; scripts and the
 * headless launcher run this command by its title.
 */
@Plugin(type = Command.class, label = "Calibrate Conformal Sets", headless = true, visible = false)
public class CalibrateCommand extends MethodCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(label = "Calibration name", description = "kept under it in this session (blank: the method's id)", required = false, persist = false)
	private String name = "";

	@Parameter(label = "Save calibration as (JSON)", description = "optional calibration file to write", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Replace an existing file", description = "else an existing output file is an error", required = false, persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "lambda")
	private double lambda = Double.NaN;

	@Parameter(type = ItemIO.OUTPUT, label = "lambdaInner")
	private double lambdaInner = Double.NaN;

	@Parameter(type = ItemIO.OUTPUT, label = "lambdaOuter")
	private double lambdaOuter = Double.NaN;

	@Parameter(type = ItemIO.OUTPUT, label = "calibration", description = "The calibration (for scripts)")
	private Calibration calibration;

	@Parameter(type = ItemIO.OUTPUT, label = "calibrationName", description = "The name the calibration is kept under in this session: the name given, or the method's id")
	private String calibrationName;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Override
	public void run() {
		try {
			final Settings settings = settings();
			final Dataset data = dataset();
			final Batch.Result<Calibration> run = Batch.calibrate(data, settings, root(), runner(),
				monitor("Calibrating"));
			calibration = run.value();
			reportSkipped(run.failures(), data.size());
			if (output != null) CalibrationFile.write(calibration, output.toPath(), overwrite);
			final String key = name == null || name.trim().isEmpty() ? settings.method().id() : name.trim();
			conformal.put(key, calibration);
			calibrationName = key;
			final double in = calibration.inner() == null ? Double.NaN : calibration.inner().lambda();
			final double out = calibration.outer() == null ? Double.NaN : calibration.outer().lambda();
			lambdaInner = settings.method().toNatural(in);
			lambdaOuter = settings.method().toNatural(out);
			lambda = settings.method().hasInner() && settings.method().hasOuter() ? Double.NaN
				: settings.method().hasInner() ? lambdaInner : lambdaOuter;
			report = Reports.calibration(calibration, key, output, run.failures());
			log.info(report);
			clearStatus();
		}
		catch (final Exception e) {
			fail("Calibration", e);
		}
	}
}
