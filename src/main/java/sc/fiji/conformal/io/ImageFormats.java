package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The registry of image formats: the one place that decides which codec
 * reads and writes a file (by its extension, {@link ImageFormat#of}), and
 * that applies the same score rule ({@link ScoreScaling}) and mask rule
 * ({@link BinaryMasks}) to whatever a codec decodes. Immutable; each file is
 * read once, its bytes decoded and hashed together ({@link ImageFiles#read}).
 * <p>
 * {@link #nifti()} reads and writes NIfTI-1 in pure Java. TIFF and PNG are
 * decoded by ImageJ 1.x, whose codec is plugged in from outside io (io
 * imports no ImageJ): the io.ij package's {@code ImageJFiles} is this
 * registry with it.
 *
 * <pre>
 * ImageFormats formats = ImageFormats.nifti().with(ImageFormat.TIFF, tiffCodec);
 * ScalarImage s = formats.readScores(Paths.get("scores/case1.nii.gz"));
 * formats.codec(Paths.get("x.tif")); // tiffCodec
 * formats.codec(Paths.get("x.jpg")); // IllegalArgumentException naming x.jpg
 * </pre>
 */
public final class ImageFormats implements ImageFileReader, ImageFileWriter {

	private static final ImageCodec NIFTI = new NiftiCodec();

	private final Map<ImageFormat, ImageCodec> codecs;
	private final MaskRule maskRule;

	private ImageFormats(final Map<ImageFormat, ImageCodec> codecs, final MaskRule maskRule) {
		this.codecs = codecs;
		this.maskRule = maskRule;
	}

	/** A registry that handles NIfTI-1 only, with this package's reader and writer. */
	public static ImageFormats nifti() {
		final Map<ImageFormat, ImageCodec> m = new EnumMap<>(ImageFormat.class);
		m.put(ImageFormat.NIFTI, NIFTI);
		return new ImageFormats(m, MaskRule.BINARY);
	}

	/**
	 * A registry like this one in which {@code codec} handles {@code format}
	 * (replacing the codec it had).
	 *
	 * @throws IllegalArgumentException if an argument is null
	 */
	public ImageFormats with(final ImageFormat format, final ImageCodec codec) {
		if (format == null || codec == null) {
			throw new IllegalArgumentException("format and codec must not be null");
		}
		final Map<ImageFormat, ImageCodec> m = new EnumMap<>(ImageFormat.class);
		m.putAll(codecs);
		m.put(format, codec);
		return new ImageFormats(m, maskRule);
	}

	/**
	 * A registry like this one that reads masks by {@code rule} (the default
	 * is {@link MaskRule#BINARY}).
	 */
	public ImageFormats withMaskRule(final MaskRule rule) {
		if (rule == null) throw new IllegalArgumentException("mask rule must not be null");
		return new ImageFormats(codecs, rule);
	}

	/** The rule masks are read by. */
	public MaskRule maskRule() {
		return maskRule;
	}

	/** The formats this registry reads and writes. */
	public Set<ImageFormat> formats() {
		return Collections.unmodifiableSet(codecs.keySet());
	}

	/**
	 * The codec that reads and writes a file, chosen by its extension.
	 *
	 * @throws IllegalArgumentException naming the file if its extension names
	 *           no format ({@link ImageFormat#of}), or a format this registry
	 *           has no codec for
	 */
	public ImageCodec codec(final Path file) {
		final ImageFormat format = ImageFormat.of(file);
		final ImageCodec codec = codecs.get(format);
		if (codec == null) {
			throw new IllegalArgumentException(file + ": no reader for " + format + " files here (" +
				"this registry handles " + formats() + "; TIFF and PNG are read through ImageJ 1.x)");
		}
		return codec;
	}

	/**
	 * A file's stored voxels, as its codec decodes them, with the SHA-256 of
	 * its bytes.
	 *
	 * @throws IllegalArgumentException as {@link #codec}, or as the codec's
	 *           decode
	 * @throws IOException if the file cannot be read or decoded (naming it)
	 */
	public ImageFiles.Hashed<StoredImage> readStored(final Path file) throws IOException {
		final ImageCodec codec = codec(file);
		return ImageFiles.read(file, in -> codec.decode(in, file));
	}

	/** {@inheritDoc} The values become scores by {@link ScoreScaling}. */
	@Override
	public ScalarImage readScores(final Path file) throws IOException {
		return readScoresHashed(file).value();
	}

	/** {@inheritDoc} The values become a mask by {@link BinaryMasks}. */
	@Override
	public Mask readMask(final Path file) throws IOException {
		return readMaskHashed(file).value();
	}

	/**
	 * {@inheritDoc}
	 *
	 * @throws IllegalArgumentException also naming the file if its extension
	 *           names no format this registry handles
	 */
	@Override
	public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file) throws IOException {
		final ImageCodec codec = codec(file);
		final String name = file.toString();
		return ImageFiles.read(file, in -> ScoreScaling.scores(codec.decode(in, file), name));
	}

	/**
	 * {@inheritDoc}
	 *
	 * @throws IllegalArgumentException also naming the file if its extension
	 *           names no format this registry handles
	 */
	@Override
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file) throws IOException {
		final ImageCodec codec = codec(file);
		final String name = file.toString();
		return ImageFiles.read(file, in -> maskRule.mask(codec.decode(in, file), name));
	}

	/**
	 * {@link #readScoresHashed(Path)} from a stream of the file's bytes that
	 * the caller opened (on another file system, say) and closes: the name's
	 * extension picks the codec and names the file in errors.
	 */
	public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path file, final InputStream in)
		throws IOException
	{
		final ImageCodec codec = codec(file);
		final String name = file.toString();
		return ImageFiles.read(in, file, s -> ScoreScaling.scores(codec.decode(s, file), name));
	}

	/** {@link #readMaskHashed(Path)} from a stream; see {@link #readScoresHashed(Path, InputStream)}. */
	public ImageFiles.Hashed<Mask> readMaskHashed(final Path file, final InputStream in)
		throws IOException
	{
		final ImageCodec codec = codec(file);
		final String name = file.toString();
		return ImageFiles.read(in, file, s -> maskRule.mask(codec.decode(s, file), name));
	}

	/**
	 * {@inheritDoc}
	 *
	 * @throws IllegalArgumentException also naming the file if its extension
	 *           names no format this registry handles
	 */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite)
		throws IOException
	{
		writeMask(mask, file, overwrite, null);
	}

	/**
	 * {@inheritDoc} The codec of {@code file}'s format writes it.
	 *
	 * @throws IllegalArgumentException also naming the file if its extension
	 *           names no format this registry handles
	 */
	@Override
	public void writeMask(final Mask mask, final Path file, final boolean overwrite, final Path like)
		throws IOException
	{
		if (mask == null) throw new IllegalArgumentException("mask must not be null");
		codec(file).writeMask(mask, file, overwrite, like);
	}

	/** E.g. {@code ImageFormats[TIFF, PNG, NIfTI-1]}. */
	@Override
	public String toString() {
		return "ImageFormats" + formats();
	}
}
