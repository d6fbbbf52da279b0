package sc.fiji.conformal.ij;

import java.io.IOException;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;
import ij.io.OpenDialog;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.ij.NiftiImages;

/**
 * File › Import › NIfTI... in ImageJ 1.x (and Fiji): opens a {@code .nii} or
 * {@code .nii.gz} file with the plugin's own reader ({@link NiftiImages}: 3-D
 * as a stack, 4-D as channels, voxel spacing in the calibration), so Apply
 * and Live Alpha work on volumes. The argument, or a macro's
 * {@code open=[path]}, names the file; otherwise a file dialog asks. A file
 * that cannot be read is reported by name with the problem.
 */
public class NiftiImporter implements PlugIn {

	@Override
	public void run(final String arg) {
		final String path;
		if (arg != null && !arg.isEmpty()) path = arg;
		else {
			final OpenDialog d = new OpenDialog("Open NIfTI (.nii, .nii.gz)");
			if (d.getFileName() == null) return;
			path = d.getPath();
		}
		final ImagePlus imp = open(path);
		if (imp != null) imp.show();
	}

	/**
	 * The image of a NIfTI file, or null after reporting why it cannot be
	 * opened (what ImageJ's opener hooks need).
	 */
	public static ImagePlus open(final String path) {
		try {
			return NiftiImages.open(Paths.get(path));
		}
		catch (final IOException | IllegalArgumentException e) {
			IJ.error("NIfTI", e.getMessage() == null ? path + ": " + e : e.getMessage());
			return null;
		}
	}

	/** Whether a file name is NIfTI's ({@code .nii}, {@code .nii.gz}, any case). */
	public static boolean isNifti(final String name) {
		final String n = name.toLowerCase(java.util.Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz");
	}
}
