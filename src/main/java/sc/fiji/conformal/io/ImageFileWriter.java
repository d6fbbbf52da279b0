package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;

/** Writes masks to image files, in the format the file name's extension names. */
public interface ImageFileWriter {

	/**
	 * Writes a mask (0/255 for 8-bit formats, 0/1 for NIfTI) with its voxel
	 * spacing, atomically.
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if the file exists and
	 *           overwrite is false
	 * @throws IOException if writing fails (the message names the file)
	 */
	void writeMask(Mask mask, Path file, boolean overwrite) throws IOException;

	/**
	 * Writes a mask computed from the image in the file {@code like} (same
	 * sizes), as {@link #writeMask(Mask, Path, boolean)} does, and where the
	 * format stores where the image lies in the world, takes that from
	 * {@code like} (NIfTI: qform, sform and units), so that the mask overlays
	 * the image. This default ignores {@code like}.
	 *
	 * @param like the file the mask was computed from, or null
	 */
	default void writeMask(final Mask mask, final Path file, final boolean overwrite,
		final Path like) throws IOException
	{
		writeMask(mask, file, overwrite);
	}
}
