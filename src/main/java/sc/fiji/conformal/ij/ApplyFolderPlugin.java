package sc.fiji.conformal.ij;

import java.nio.file.Paths;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.batch.ApplyReport;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;

/**
 * Plugins › Conformal Segmentation › Apply Conformal Sets to Folder (ImageJ
 * 1.x, macro-callable): writes inner/ and outer/ masks per image, never
 * replacing files unless {@code overwrite} is checked.
 */
public class ApplyFolderPlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final GenericDialog gd = new GenericDialog("Apply Conformal Sets to Folder");
		gd.addStringField("calibration", "");
		MethodDialog.addPath(gd, "calibrationFile", false);
		MethodDialog.addDataset(gd, false);
		MethodDialog.addPath(gd, "output", true);
		gd.addCheckbox("overwrite", false);
		MethodDialog.addThreads(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			final Calibration cal = SessionCalibrations.resolve(gd.getNextString(), gd.getNextString());
			final DatasetPaths paths = MethodDialog.readDataset(gd, false);
			final String output = gd.getNextString().trim();
			final boolean overwrite = gd.getNextBoolean();
			final Runner runner = MethodDialog.readThreads(gd);
			if (output.isEmpty()) throw new IllegalArgumentException("output: an output folder is needed");
			final Dataset data = Dataset.fromFolders(paths.scores(), paths.predictions(), null,
				new ImageJFiles());
			final ApplyReport r = Batch.apply(cal, data, Paths.get(output), new ImageJFiles(), overwrite,
				runner, new Ij1Progress("Applying"));
			IJ.log(r.summary());
		}
		catch (final RunCanceledException e) {
			// Esc: a cancel, not an error
			IJ.log("Apply canceled: " + e.getMessage());
		}
		catch (final Exception e) {
			IJ.error("Apply Conformal Sets to Folder", "Apply failed: " + e.getMessage());
		}
		finally {
			Ij1Progress.done();
		}
	}
}
