package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Reads score maps and masks from image files. Implementations say which
 * formats they handle ({@link ImageFormats} is the registry that reads every
 * format by the same rules); errors name the file. The hashed variants also give
 * the SHA-256 of the bytes read, for provenance.
 */
public interface ImageFileReader {

	/**
	 * Reads a score map with the file's voxel spacing, its values turned into
	 * scores by the rule of every format ({@link ScoreScaling}): integer data
	 * divided by its type's maximum (8-bit by 255, 16-bit by 65535, ...),
	 * floating point as is, unless the file scales its values itself.
	 *
	 * @throws IOException if the file cannot be read (the message names it)
	 * @throws IllegalArgumentException if it is not a single-channel grey-level
	 *           image, or on scores the rule refuses: NaN or infinite, negative
	 *           integers (file and position named)
	 */
	ScalarImage readScores(Path file) throws IOException;

	/**
	 * Reads a binary mask by the rule of every format ({@link BinaryMasks}):
	 * voxels with a non-zero value are set, and the file must hold at most one
	 * distinct non-zero value (0/1, 0/255 and 0/65535 masks all qualify).
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
