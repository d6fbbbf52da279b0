package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Reads score maps and masks from image files. Implementations say which
 * formats they handle; errors name the file. The hashed variants also give
 * the SHA-256 of the bytes read, for provenance.
 */
public interface ImageFileReader {

	/**
	 * Reads a score map: 8-bit values as value/255, 16-bit as value/65535,
	 * floating point as is, with the file's voxel spacing.
	 *
	 * @throws IOException if the file cannot be read (the message names it)
	 * @throws IllegalArgumentException if it is not a single-channel grey-level
	 *           image, or on NaN or infinite scores (file and position named)
	 */
	ScalarImage readScores(Path file) throws IOException;

	/**
	 * Reads a binary mask: voxels with a non-zero value are set. The file must
	 * hold at most one distinct non-zero value (0/1, 0/255 and 0/65535 masks
	 * all qualify).
	 *
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException if the image is not binary (file and
	 *           values named)
	 */
	Mask readMask(Path file) throws IOException;

	/**
	 * {@link #readScores}, with the SHA-256 of the file's bytes (a
	 * calibration's provenance). Readers should decode and hash the same bytes,
	 * reading the file once ({@link ImageFiles#read(Path, ImageFiles.Decoder)});
	 * this default reads it a second time to hash it.
	 */
	default ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		final ScalarImage scores = readScores(file);
		return new ImageFiles.Hashed<>(scores, ImageFiles.sha256(file));
	}

	/** {@link #readMask}, with the SHA-256 of the file's bytes; see {@link #readScoresHashed}. */
	default ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		final Mask mask = readMask(file);
		return new ImageFiles.Hashed<>(mask, ImageFiles.sha256(file));
	}
}
