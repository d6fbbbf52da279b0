package sc.fiji.conformal.ij;

import java.io.File;
import java.nio.file.Paths;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.CalibrationFile;

/**
 * Plugins › Conformal Segmentation › Calibrations (ImageJ 1.x,
 * macro-callable): list, load, save or remove the session's calibrations.
 */
public class CalibrationsPlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final GenericDialog gd = new GenericDialog("Calibrations");
		gd.addChoice("action", new String[] { "list", "load", "save", "remove" }, "list");
		gd.addStringField("name", "");
		MethodDialog.addPath(gd, "file", false);
		gd.addCheckbox("overwrite", false);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		final String action = gd.getNextChoice();
		final String name = gd.getNextString().trim();
		final String file = gd.getNextString().trim();
		final boolean overwrite = gd.getNextBoolean();
		try {
			if ((action.equals("load") || action.equals("save")) && file.isEmpty()) {
				throw new IllegalArgumentException(action + " needs a file");
			}
			if (action.equals("load")) SessionCalibrations.load(new File(file), name);
			else if (action.equals("save")) CalibrationFile.write(SessionCalibrations.get(name), Paths.get(
				file), overwrite);
			else if (action.equals("remove") && SessionCalibrations.remove(name) == null) {
				throw new IllegalArgumentException("no calibration named '" + name + "'; known: " +
					SessionCalibrations.names());
			}
			for (final String n : SessionCalibrations.names())
				IJ.log(n + ": " + SessionCalibrations.get(n));
			if (SessionCalibrations.names().isEmpty()) IJ.log("No calibrations in this session");
		}
		catch (final Exception e) {
			IJ.error("Calibrations", "Calibrations (" + action + ") failed: " + e.getMessage());
		}
	}
}
