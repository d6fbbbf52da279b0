package sc.fiji.conformal.command;

import java.io.File;
import java.util.Collections;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.ClassBatch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.InputGuard;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.service.ConformalService;

/**
 * Calibrate Conformal Sets: learns λ̂ from folders of score maps (or
 * predictions) and ground-truth masks, keeps the calibration in the
 * {@link ConformalService} under {@code name} and writes it to {@code output}
 * when given (the path is checked before any work: it must be writable, new
 * unless {@code overwrite}, and not an input file). Its report warns when the
 * sets say little ({@link SetWarnings}, judged on λ̂ and on the sets of
 * {@value #WARNING_IMAGES} evenly spaced calibration images). The menu item
 * comes from plugins.config; scripts and the headless launcher run this
 * command by its title.
 */
@Plugin(type = Command.class, label = "Calibrate Conformal Sets", headless = true, visible = false)
public class CalibrateCommand extends ClassMethodCommand {

	/** Calibration images (evenly spaced) the sets' sizes are measured on for {@link SetWarnings}. */
	static final int WARNING_IMAGES = 5;

	@Parameter
	private ConformalService conformal;

	@Parameter(label = "Calibration name", description = "kept under it in this session (blank: the method's id)", required = false, persist = false)
	private String name = "";

	@Parameter(label = "Save calibration as (JSON)", description = "optional calibration file to write", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Replace an existing file", description = "else an existing output file is an error", required = false, persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "classCalibration", description = "The calibration per class and/or group (for scripts), when classes or groupBy are given")
	private ClassCalibration classCalibration;

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
			if (perClassOrGroup()) {
				runPerClassOrGroup();
				return;
			}
			final Settings settings = settings();
			final Runner runner = runner();
			final Dataset data = dataset();
			if (output != null) {
				// before any work: a path that cannot be written fails now, not after the calibration
				InputGuard.of(data).refuseFile(output.toPath(), "the calibration file");
				AtomicWrite.check(output.toPath(), overwrite);
			}
			final Batch.Result<Calibration> run = Batch.calibrate(data, settings, root(), runner,
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
			// the sets' sizes on a few calibration images say whether the sets are informative
			final List<String> warnings = SetWarnings.of(calibration, Batch.sizes(calibration, data,
				WARNING_IMAGES));
			report = Reports.calibration(calibration, key, output, run.failures(), warnings);
			log.info(report);
			warn(warnings);
			clearStatus();
		}
		catch (final Exception e) {
			fail("Calibration", e);
		}
	}

	/**
	 * Calibrates per class (label maps: masks and predictions are label maps,
	 * scores per-class probabilities; or the manifest's
	 * labels/prediction/probabilities columns) and/or per group, and writes a
	 * calibration file of format version 2. Not kept in the session, which
	 * holds binary calibrations: apply it from its file.
	 */
	private void runPerClassOrGroup() throws Exception {
		final Settings settings = settings();
		final ClassBatch.Run run;
		if (!labelMaps()) {
			run = ClassBatch.calibrate(dataset(), groups(), groupColumn(), settings, root(), runner(),
				monitor("Calibrating"));
		}
		else {
			final LabelDataset data = labelDataset();
			run = ClassBatch.calibrate(data, labelClasses(data), settings, rule(), runner(), monitor(
				"Calibrating"));
		}
		// the classes were found, not given: say so in the file
		classCalibration = autoClasses() ? run.calibration().withProvenance(Collections.singletonMap("classes",
			"auto")) : run.calibration();
		reportSkipped(run.failures(), run.total());
		if (output != null) CalibrationFile.write(classCalibration, output.toPath(), overwrite);
		report = Reports.classCalibration(classCalibration, output, run.failures(), run.warnings());
		for (final String w : run.warnings())
			log.warn(w);
		log.info(report);
		clearStatus();
	}
}
