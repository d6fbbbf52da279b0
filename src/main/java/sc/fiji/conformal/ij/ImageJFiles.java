package sc.fiji.conformal.ij;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.BinaryMasks;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.NiftiVolume;

/**
 * Image files as Fiji users have them: TIFF and PNG through ImageJ 1.x
 * (spacing from the TIFF calibration), NIfTI-1 ({@code .nii}, {@code .nii.gz})
 * through our own reader and writer. Works headless.
 */
public final class ImageJFiles implements ImageFileReader, ImageFileWriter {

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		if (ImageFiles.isNifti(file)) return Nifti.read(file).toScores(file.toString());
		return ImagePlusBridge.scores(open(file), file.toString());
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		if (ImageFiles.isNifti(file)) {
			final NiftiVolume volume = Nifti.read(file);
			return BinaryMasks.of(volume.grid(), volume::get, file.toString());
		}
		return ImagePlusBridge.mask(open(file), file.toString());
	}

	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite)
		throws IOException
	{
		if (ImageFiles.isNifti(file)) {
			Nifti.write(file, mask, overwrite);
			return;
		}
		final String ext = ImageFiles.extension(file);
		final boolean png = ext != null && ext.toLowerCase(Locale.ROOT).equals(".png");
		if (png && mask.grid().numDimensions() > 2) {
			// ImageJ would silently save the first slice only
			throw new IllegalArgumentException("cannot write the " + mask.grid() + " mask to " + file +
				": PNG holds one 2-D image; use .tif or .nii.gz for 3-D masks");
		}
		final ImagePlus imp = ImagePlusBridge.image(mask, ImageFiles.baseName(file));
		ImageFiles.writeAtomically(file, overwrite, tmp -> {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = png ? saver.saveAsPng(tmp.toString()) : imp.getStackSize() > 1 ? saver
				.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
			if (!ok || !Files.isRegularFile(tmp)) throw new IOException("could not write " + file);
		});
	}

	/** Opens a TIFF or PNG with ImageJ 1.x, without dialogs. */
	static ImagePlus open(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		final ImagePlus imp = opener.openImage(new File(file.toString()).getAbsolutePath());
		if (imp == null) {
			throw new IOException(file + ": ImageJ cannot open it (not a readable TIFF or PNG?)");
		}
		return imp;
	}
}
