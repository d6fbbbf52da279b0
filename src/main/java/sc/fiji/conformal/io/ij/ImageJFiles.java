package sc.fiji.conformal.io.ij;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles.Hashed;
import sc.fiji.conformal.io.ImageFormat;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.MaskRule;

/**
 * Image files as Fiji users have them: the io format registry
 * ({@link ImageFormats}) with ImageJ 1.x plugged in for TIFF and PNG (spacing
 * from the TIFF calibration) next to io's own NIfTI-1 ({@code .nii},
 * {@code .nii.gz}). The extension picks the format; every format follows the
 * same score rule ({@link sc.fiji.conformal.io.ScoreScaling}) and mask rule
 * ({@link sc.fiji.conformal.io.BinaryMasks}). Works headless. Each file is
 * read once: its bytes are decoded and hashed together. Holds nothing (the
 * registry is static): serializable, so that a dataset's loader carries it to
 * another process.
 */
public final class ImageJFiles implements ImageFileReader, ImageFileWriter, Serializable {

	private static final long serialVersionUID = 1L;

	private static final ImageFormats FORMATS;

	static {
		final ImageJCodec imagej = new ImageJCodec();
		FORMATS = ImageFormats.nifti().with(ImageFormat.TIFF, imagej).with(ImageFormat.PNG, imagej);
	}

	private final MaskRule rule;
	/** Not shipped: a deserialized copy builds its own ({@link #readResolve}). */
	private final transient ImageFormats formats;

	/** Reads masks by the default rule, {@link MaskRule#BINARY}. */
	public ImageJFiles() {
		this(MaskRule.BINARY);
	}

	/** Reads masks by {@code rule} (e.g. instance label images as masks). */
	public ImageJFiles(final MaskRule rule) {
		this.rule = rule;
		formats = FORMATS.withMaskRule(rule);
	}

	/** A deserialized reader is a new one of the same mask rule. */
	private Object readResolve() {
		return new ImageJFiles(rule);
	}

	/** The registry this reads and writes with: TIFF, PNG and NIfTI-1. */
	public static ImageFormats formats() {
		return FORMATS;
	}

	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		return formats.readScores(file);
	}

	@Override
	public Mask readMask(final Path file) throws IOException {
		return formats.readMask(file);
	}

	@Override
	public Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		return formats.readScoresHashed(file);
	}

	@Override
	public Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		return formats.readMaskHashed(file);
	}

	/**
	 * A NIfTI mask computed from a NIfTI image of the same sizes gets that
	 * image's placement in the world ({@link sc.fiji.conformal.io.Nifti#placement});
	 * otherwise as {@link #writeMask(Mask, Path, boolean)}.
	 */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		formats.writeMask(mask, file, overwrite, like);
	}

	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite)
		throws IOException
	{
		formats.writeMask(mask, file, overwrite);
	}
}
