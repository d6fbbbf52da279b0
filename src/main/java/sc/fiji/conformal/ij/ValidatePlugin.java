package sc.fiji.conformal.ij;

import java.io.File;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.ValidationResult;
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
			final Dataset data = paths.open(new ImageJFiles()).monitor(new Ij1Progress("Validating"));
			final ValidationResult v = Batch.validate(data, settings, splits, fraction, seed);
			if (!output.isEmpty()) ValidationTable.writeCsv(v, Paths.get(output), overwrite);
			table(v).show("Validation of " + settings.method().id());
			IJ.log(Reports.validation(v, data, output.isEmpty() ? null : new File(output)));
			if (!reportFolder.isEmpty()) {
				final ValidationReport.Result r = ValidationReport.write(data, Collections.singletonList(
					settings), new ValidationReport.Options().splits(splits).calibrationFraction(fraction).seed(
						seed).overwrite(overwrite).title("Validation of " + settings.method().id()), Paths.get(
							reportFolder));
				IJ.log("Validation report written to " + r.index());
			}
		}
		catch (final Exception e) {
			IJ.error("Validate Conformal Sets", "Validation failed: " + e.getMessage());
		}
		finally {
			Ij1Progress.done();
		}
	}

	/** The validation as an ImageJ results table (numbers where the cell is one). */
	public static ResultsTable table(final ValidationResult v) {
		final ResultsTable rt = new ResultsTable();
		final List<String> columns = ValidationTable.columns(v);
		for (final List<String> row : ValidationTable.rows(v)) {
			rt.incrementCounter();
			for (int c = 0; c < columns.size(); c++) {
				final String cell = row.get(c);
				try {
					rt.addValue(columns.get(c), cell.isEmpty() ? Double.NaN : Double.parseDouble(cell));
				}
				catch (final NumberFormatException e) {
					rt.addValue(columns.get(c), cell);
				}
			}
		}
		return rt;
	}
}
