package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;

/**
 * Decodes and writes the files of one or more {@link ImageFormat}s; an
 * {@link ImageFormats} registry says which codec handles which format. A
 * codec only decodes: the score rule ({@link ScoreScaling}) and the mask rule
 * ({@link BinaryMasks}) are applied by the registry, the same for every
 * codec. Codecs outside this package plug in this way (ImageJ 1.x for TIFF
 * and PNG), so io depends on none of them.
 */
public interface ImageCodec {

	/**
	 * Decodes a file's bytes into its stored voxels. Reads what it needs from
	 * {@code in} (it need not read to the end, nor close it).
	 *
	 * @param file the file the bytes are from; names it in errors
	 * @throws IOException naming the file if the bytes cannot be decoded
	 * @throws IllegalArgumentException naming the file if it decodes to
	 *           something that is not a single-channel grey-level image
	 */
	StoredImage decode(InputStream in, Path file) throws IOException;

	/**
	 * Writes a mask (0/255 for 8-bit formats, 0/1 for NIfTI) with its voxel
	 * spacing, through {@link AtomicWrite#write} (checked, atomic); where the
	 * format stores where the image lies in the world, takes that from
	 * {@code like} when it is a file of the same format and sizes.
	 *
	 * @param like the file the mask was computed from, or null
	 * @throws java.nio.file.FileAlreadyExistsException if the file exists and
	 *           overwrite is false
	 * @throws IOException if writing fails (the message names the file)
	 * @throws IllegalArgumentException if the format cannot hold the mask
	 *           (naming the file and the mask's size)
	 */
	void writeMask(Mask mask, Path file, boolean overwrite, Path like) throws IOException;
}
