package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;

/**
 * NIfTI-1 through {@link Nifti}: stored values in the file's datatype, with
 * its {@code scl_slope} and {@code scl_inter}; masks written as uint8 0/1,
 * placed in the world as the NIfTI image they were computed from.
 */
final class NiftiCodec implements ImageCodec {

	@Override
	public StoredImage decode(final InputStream in, final Path file) throws IOException {
		// a stream of another file system's file (Spark, Hadoop) has no local size: the data tells
		final long size = Files.isRegularFile(file) ? Files.size(file) : -1;
		return Nifti.read(in, file.toString(), size).storedImage();
	}

	/**
	 * Gives the mask the placement (qform, sform, units) of {@code like} if it
	 * is a NIfTI file of the mask's sizes, else none.
	 */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		if (like != null && ImageFormat.find(like) == ImageFormat.NIFTI) {
			final NiftiPlacement placement = Nifti.placement(like);
			if (placement.fits(mask.grid())) {
				Nifti.write(file, mask, overwrite, placement);
				return;
			}
		}
		Nifti.write(file, mask, overwrite);
	}
}
