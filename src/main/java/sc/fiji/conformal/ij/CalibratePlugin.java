package sc.fiji.conformal.ij;

import java.io.File;
import java.nio.file.Paths;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;

/**
 * Plugins › Conformal Segmentation › Calibrate Conformal Sets (ImageJ 1.x,
 * macro-callable):
 * {@code run("Calibrate Conformal Sets", "scores=/d/scores masks=/d/masks method=dilation alpha=0.1 tolerance=0 shape=cross name=polyps output=/d/cal.json");}
 * or, instead of the folders, {@code manifest=/d/images.csv}; {@code threads=2}
 * limits the threads (default 0: all cores).
 */
public class CalibratePlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final GenericDialog gd = new GenericDialog("Calibrate Conformal Sets");
		MethodDialog.addDataset(gd, true);
		MethodDialog.addMethod(gd);
		gd.addStringField("name", "");
		MethodDialog.addPath(gd, "output", false);
		gd.addCheckbox("overwrite", false);
		MethodDialog.addThreads(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final DatasetPaths paths = MethodDialog.readDataset(gd, true);
			final Settings settings = MethodDialog.readMethod(gd);
			final String name = gd.getNextString().trim();
			final String output = gd.getNextString().trim();
			final boolean overwrite = gd.getNextBoolean();
			final Runner runner = MethodDialog.readThreads(gd);
			final Dataset data = paths.open(new ImageJFiles());
			final Batch.Result<Calibration> run = Batch.calibrate(data, settings, paths.root(), runner,
				new Ij1Progress("Calibrating"));
			final Calibration c = run.value();
			if (!output.isEmpty()) CalibrationFile.write(c, Paths.get(output), overwrite);
			final String key = name.isEmpty() ? settings.method().id() : name;
			SessionCalibrations.put(key, c);
			IJ.log(Reports.calibration(c, key, output.isEmpty() ? null : new File(output), run
				.failures()));
		}
		catch (final RunCanceledException e) {
			// Esc: a cancel, not an error
			IJ.log("Calibration canceled: " + e.getMessage());
		}
		catch (final Exception e) {
			IJ.error("Calibrate Conformal Sets", "Calibration failed: " + e.getMessage());
		}
		finally {
			Ij1Progress.done();
		}
	}
}
