package sc.fiji.conformal.ij;

import java.io.File;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.report.ValidationReport;

/**
 * Plugins › Conformal Segmentation › Validate Conformal Sets (ImageJ 1.x,
 * macro-callable): seeded random splits, a results table and, optionally, a
 * CSV file and a report folder ({@link ValidationReport}).
 */
public class ValidatePlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final GenericDialog gd = new GenericDialog("Validate Conformal Sets");
		MethodDialog.addDataset(gd, true);
		MethodDialog.addMethod(gd);
		gd.addNumericField("splits", 100, 0);
		gd.addNumericField("calibrationFraction", 0.5, 2);
		gd.addNumericField("seed", 1, 0);
		MethodDialog.addPath(gd, "output", false);
		MethodDialog.addPath(gd, "reportFolder", true);
		gd.addCheckbox("overwrite", false);
		MethodDialog.addThreads(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final DatasetPaths paths = MethodDialog.readDataset(gd, true);
			final sc.fiji.conformal.core.Settings settings = MethodDialog.readMethod(gd);
			final int splits = (int) gd.getNextNumber();
			final double fraction = gd.getNextNumber();
			final long seed = (long) gd.getNextNumber();
			final String output = gd.getNextString().trim();
			final String reportFolder = gd.getNextString().trim();
			final boolean overwrite = gd.getNextBoolean();
			final Runner runner = MethodDialog.readThreads(gd);
			final Dataset data = paths.open(new ImageJFiles());
			final Ij1Progress progress = new Ij1Progress("Validating");
			final ValidationResult v;
			final List<ImageFailure> skipped;
			ValidationReport.Result r = null;
			if (reportFolder.isEmpty()) {
				final Batch.Result<ValidationResult> run = Batch.validate(data, settings, splits,
					fraction, seed, runner, progress);
				v = run.value();
				skipped = run.failures();
			}
			else {
				// the report validates at the method's own α too: that validation, computed once
				r = ValidationReport.write(data, Collections.singletonList(settings),
					new ValidationReport.Options().splits(splits).calibrationFraction(fraction).seed(seed)
						.overwrite(overwrite).title("Validation of " + settings.method().id()), Paths.get(
							reportFolder), runner, progress);
				v = r.methods().get(0).validation();
				skipped = r.failures();
			}
			if (!output.isEmpty()) ValidationTable.writeCsv(v, Paths.get(output), overwrite);
			sc.fiji.conformal.report.Tables.resultsTable(v).show("Validation of " + settings.method().id());
			IJ.log(Reports.validation(v, skipped, output.isEmpty() ? null : new File(output)));
			if (r != null) IJ.log("Validation report written to " + r.index());
		}
		catch (final RunCanceledException e) {
			// Esc: a cancel, not an error
			IJ.log("Validation canceled: " + e.getMessage());
		}
		catch (final Exception e) {
			IJ.error("Validate Conformal Sets", "Validation failed: " + e.getMessage());
		}
		finally {
			Ij1Progress.done();
		}
	}
}
