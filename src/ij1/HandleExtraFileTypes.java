import ij.ImagePlus;
import ij.plugin.PlugIn;
import sc.fiji.conformal.ij.NiftiImporter;

/**
 * Plain ImageJ 1.x only: the class ImageJ's opener (File › Open, drag and
 * drop, a macro's open()) asks, by this name, to open a file type it does not
 * know. It opens {@code .nii} and {@code .nii.gz} files with Conformal
 * Segmentation's reader and leaves every other file to ImageJ's "not in a
 * supported format" message. Fiji has a class of this name already (which
 * opens NIfTI files itself), so this one is built only into the plain ImageJ
 * zip ({@code bin/package}), never into the plugin's jar.
 */
public class HandleExtraFileTypes extends ImagePlus implements PlugIn {

	@Override
	public void run(final String path) {
		if (path == null || !NiftiImporter.isNifti(path)) return; // width 0: not ours
		final ImagePlus imp = NiftiImporter.open(path);
		if (imp == null) {
			width = -1; // reported already: ImageJ says nothing more
			return;
		}
		setStack(imp.getTitle(), imp.getStack());
		setCalibration(imp.getCalibration());
		if (imp.getNChannels() > 1) {
			setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
			setOpenAsHyperStack(true);
		}
	}
}
