package sc.fiji.conformal.io;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.NiftiVolume.Datatype;

/**
 * Reads and writes single-file NIfTI-1 images ({@code .nii}, {@code .nii.gz})
 * as the engine's {@link Grid}-based images. Pure Java; no SciJava or ImageJ.
 * <p>
 * <b>Geometry.</b> Voxels are read and written in stored order (first axis
 * fastest), which is the {@link Grid} order, and the voxel spacing is
 * {@code |pixdim[1..n]|}. The orientation (qform, sform) is <em>not</em>
 * applied when reading: a mask read from a file lines up voxel for voxel with
 * an image read from another file of the same stored layout. It is carried
 * over when writing: a mask written with the {@link NiftiPlacement} of the
 * image it was computed from ({@link #placement}) keeps that image's qform,
 * sform and units, so it overlays the image in any viewer; without one, a
 * file we write has {@code qform_code = sform_code = 0} (no world
 * coordinates).
 * <p>
 * <b>Reading.</b> Accepts gzip-compressed files whatever their name (detected
 * by the magic bytes {@code 1f 8b}), both byte orders (detected from
 * {@code sizeof_hdr = 348}), 2 to 7 dimensions, and the datatypes of
 * {@link Datatype}. Trailing singleton dimensions are dropped down to two (a
 * 512x512x1 file is a 2-D image; 512x1 stays 512x1). Header extensions are
 * skipped. {@code bitpix} is not checked: the datatype alone defines the
 * layout. NIfTI-1 header/image pairs ({@code .hdr/.img}), NIfTI-2 and
 * Analyze 7.5 are refused.
 * <p>
 * <b>Writing.</b> Little-endian single-file NIfTI-1 ({@code n+1}, data at
 * byte 352, no extensions, {@code scl_slope = 1}, {@code scl_inter = 0}),
 * gzip-compressed when the name ends with {@code .gz}. Files are written to a
 * temporary file in the target's folder, flushed to disk and then moved into
 * place (atomically where the file system allows), so a reader never sees a
 * half-written file and a failed write leaves nothing behind.
 *
 * @see <a href="https://nifti.nimh.nih.gov/nifti-1/">The NIfTI-1 data
 *      format</a>
 */
public final class Nifti {

	/** Size of the NIfTI-1 header, its {@code sizeof_hdr}. */
	static final int HEADER_SIZE = 348;

	/** Where our files' voxels start: the header plus 4 extension-flag bytes. */
	static final int VOX_OFFSET = 352;

	/** The largest size along one axis: {@code dim[]} holds 16-bit shorts. */
	static final int MAX_SIZE = Short.MAX_VALUE;

	/** Deflate's largest compression ratio: 258 bytes from 2 bits. */
	static final long MAX_DEFLATE_RATIO = 1032;

	private static final int BUFFER = 1 << 16;
	private static final int CHUNK = 1 << 20;

	private Nifti() {}

	// -- Reading --

	/**
	 * Reads a single-file NIfTI-1 image (see the class description for what is
	 * accepted). The whole volume is held in memory in its stored type.
	 *
	 * @param file a {@code .nii} or {@code .nii.gz} file
	 * @return the grid, stored type and (scaled) values of the file
	 * @throws IOException naming the file and the problem when it cannot be
	 *           read, is truncated, is not a single-file NIfTI-1 image, has an
	 *           unsupported datatype, a non-positive size, fewer than 2 or more
	 *           than 7 dimensions, more than {@link Integer#MAX_VALUE} voxels,
	 *           or a bad {@code vox_offset}
	 * @throws IllegalArgumentException if {@code file} is null
	 */
	public static NiftiVolume read(final Path file) throws IOException {
		if (file == null) throw new IllegalArgumentException("file must not be null");
		final String name = file.toString();
		return ImageFiles.read(file, in -> read(in, name, Files.size(file))).value();
	}

	/**
	 * Reads a single-file NIfTI-1 image from a stream of the file's bytes,
	 * gzip-compressed or not (detected by the magic bytes), as
	 * {@link #read(Path)} does. Reads up to the last voxel (to the end of the
	 * data if compressed, so gzip's checksum is verified) and leaves the
	 * stream open; to hash the file while reading it, use
	 * {@link ImageFiles#read(Path, ImageFiles.Decoder)} with this as decoder.
	 *
	 * @param name names the file in errors
	 * @throws IOException naming the file and the problem, as
	 *           {@link #read(Path)}
	 * @throws IllegalArgumentException if an argument is null
	 */
	public static NiftiVolume read(final InputStream in, final String name) throws IOException {
		return read(in, name, -1);
	}

	/**
	 * {@link #read(InputStream, String)} of a file of {@code fileSize} bytes
	 * (-1 if unknown): a header that claims more voxel data than a file of
	 * that size can hold (uncompressed, or at deflate's largest ratio of
	 * {@value #MAX_DEFLATE_RATIO}:1) is refused before anything is allocated.
	 * Where only the data can tell (gzip, or no size), the voxel array starts
	 * small and grows with the data actually read.
	 */
	static NiftiVolume read(final InputStream in, final String name, final long fileSize)
		throws IOException
	{
		if (in == null || name == null) {
			throw new IllegalArgumentException("stream and name must not be null");
		}
		try {
			final InputStream data = uncompressed(in);
			final NiftiVolume volume = decode(data, name, fileSize);
			// read on to the gzip trailer: GZIPInputStream checks the CRC and length there,
			// so a corrupt compressed file is an error, not silently wrong voxels
			if (data instanceof GZIPInputStream) data.transferTo(OutputStream.nullOutputStream());
			return volume;
		}
		catch (final EOFException e) {
			// GZIPInputStream's way of saying the compressed stream was cut off
			throw new IOException(name + ": truncated (" + e.getMessage() + ")", e);
		}
		catch (final ZipException e) {
			throw new IOException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * The placement in the world of a NIfTI-1 file's voxels, read from its
	 * header only.
	 *
	 * @throws IOException naming the file if it cannot be read or is not a
	 *           NIfTI-1 file
	 */
	public static NiftiPlacement placement(final Path file) throws IOException {
		final String name = file.toString();
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] bytes = uncompressed(in).readNBytes(HEADER_SIZE);
			if (bytes.length < HEADER_SIZE) {
				throw fail(name, "truncated: the header has " + bytes.length + " of " + HEADER_SIZE +
					" bytes");
			}
			final ByteBuffer h = ByteBuffer.wrap(bytes).order(byteOrder(bytes, name));
			checkMagic(bytes, name);
			final int n = h.getShort(40);
			if (n < 2 || n > 7) throw fail(name, "dim[0] is " + n + " (expected 2 to 7 dimensions)");
			final int[] size = new int[n];
			for (int d = 0; d < n; d++)
				size[d] = h.getShort(42 + 2 * d);
			return NiftiPlacement.of(h, size);
		}
		catch (final EOFException | ZipException e) {
			throw new IOException(name + ": cannot read its header (" + e.getMessage() + ")", e);
		}
		catch (final NoSuchFileException e) {
			throw new IOException(name + ": no such file", e);
		}
	}

	/**
	 * A buffered stream of the bytes, decompressed if they start with gzip's
	 * magic. Not closed here: the caller owns {@code in}, and neither wrapper
	 * holds anything a close would free.
	 */
	private static InputStream uncompressed(final InputStream in) throws IOException {
		final InputStream raw = new BufferedInputStream(in, BUFFER);
		raw.mark(2);
		final int b0 = raw.read(), b1 = raw.read();
		raw.reset();
		return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, BUFFER) : raw;
	}

	private static NiftiVolume decode(final InputStream in, final String name, final long fileSize)
		throws IOException
	{
		final byte[] bytes = new byte[HEADER_SIZE];
		final int got = in.readNBytes(bytes, 0, HEADER_SIZE);
		if (got < HEADER_SIZE) {
			throw fail(name, "truncated: the header has " + got + " of " + HEADER_SIZE + " bytes");
		}
		final ByteBuffer h = ByteBuffer.wrap(bytes).order(byteOrder(bytes, name));
		checkMagic(bytes, name);

		final int code = h.getShort(70);
		final Datatype type = Datatype.fromCode(code);
		if (type == null) {
			throw fail(name, "unsupported NIfTI datatype " + code + " (" + datatypeName(code) +
				"); supported: " + Arrays.toString(Datatype.values()));
		}

		final int n = h.getShort(40);
		if (n < 2 || n > 7) {
			throw fail(name, "dim[0] is " + n + " (expected 2 to 7 dimensions)");
		}
		final long[] size = new long[n];
		long count = 1;
		for (int d = 0; d < n; d++) {
			size[d] = h.getShort(42 + 2 * d);
			if (size[d] < 1) {
				throw fail(name, "dim[" + (d + 1) + "] is " + size[d] + " (sizes must be positive)");
			}
			count *= size[d];
			if (count > Integer.MAX_VALUE) {
				throw fail(name, "dimensions " + dims(h, n) + " hold more than " + Integer.MAX_VALUE +
					" voxels, the most an image can have");
			}
		}
		ImageFiles.checkVoxels(name, Arrays.copyOf(size, n));
		int kept = n;
		while (kept > 2 && size[kept - 1] == 1)
			kept--;
		final double[] spacing = spacing(h, kept, name);

		final float voxOffset = h.getFloat(108);
		if (!(voxOffset >= HEADER_SIZE) || voxOffset > Integer.MAX_VALUE || voxOffset != Math.rint(
			voxOffset))
		{
			throw fail(name, "vox_offset is " + voxOffset + " (expected a whole number of bytes, at least " +
				VOX_OFFSET + ")");
		}
		final float sclSlope = h.getFloat(112), sclInter = h.getFloat(116);
		double slope = 1, inter = 0;
		if (sclSlope != 0 && Float.isFinite(sclSlope)) {
			if (!Float.isFinite(sclInter)) {
				throw fail(name, "scl_inter is " + sclInter + " while scl_slope is " + sclSlope +
					" (scaled values need a finite intercept)");
			}
			slope = sclSlope;
			inter = sclInter;
		}

		final long total = count * type.bytesPerVoxel();
		if (fileSize >= 0) {
			if (in instanceof GZIPInputStream) {
				final long most = MAX_DEFLATE_RATIO * fileSize;
				if (total > most) {
					throw fail(name, "truncated: dimensions " + dims(h, n) + " of " + type + " need " +
						total + " bytes of voxel data, but a gzip file of " + fileSize +
						" bytes holds at most " + most);
				}
			}
			// a file that ends before vox_offset is reported by the skip below
			else if (fileSize >= (long) voxOffset && total > fileSize - (long) voxOffset) {
				throw truncated(name, fileSize - (long) voxOffset, total);
			}
		}
		skip(in, (long) voxOffset - HEADER_SIZE, name);
		// a plain file's size has shown the data is there; a gzip file's can only bound it, so its
		// array starts at what 4:1 compression would hold (most score maps compress less) and grows
		final long initial = fileSize < 0 ? CHUNK : in instanceof GZIPInputStream ? Math.max(CHUNK, 4 *
			fileSize / type.bytesPerVoxel()) : count;
		final Object data = readVoxels(in, type, h.order(), (int) count, (int) Math.min(count, initial),
			name);
		final Grid grid = Grid.of(Arrays.copyOf(size, kept), spacing);
		return new NiftiVolume(name, grid, type, data, slope, inter);
	}

	/** The byte order in which {@code sizeof_hdr} reads 348. */
	private static ByteOrder byteOrder(final byte[] header, final String name) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(header);
		final int little = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
		final int big = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
		if (little == HEADER_SIZE) return ByteOrder.LITTLE_ENDIAN;
		if (big == HEADER_SIZE) return ByteOrder.BIG_ENDIAN;
		if (little == 540 || big == 540) {
			throw fail(name, "sizeof_hdr is 540: this is NIfTI-2, which is not supported (only NIfTI-1)");
		}
		throw fail(name, "not a NIfTI-1 file: sizeof_hdr is " + little + " read little-endian and " +
			big + " read big-endian (expected " + HEADER_SIZE + ")");
	}

	private static void checkMagic(final byte[] header, final String name) throws IOException {
		final byte[] magic = Arrays.copyOfRange(header, 344, 348);
		if (Arrays.equals(magic, "n+1\0".getBytes(StandardCharsets.US_ASCII))) return;
		if (Arrays.equals(magic, "ni1\0".getBytes(StandardCharsets.US_ASCII))) {
			throw fail(name, "magic \"ni1\" marks the header of a .hdr/.img pair, which is not " +
				"supported (only single-file .nii or .nii.gz)");
		}
		throw fail(name, "unknown magic " + quote(magic) + " (expected \"n+1\" for a single-file " +
			"NIfTI-1 image)");
	}

	/**
	 * The spacing of the used axes: {@code |pixdim[1..kept]|}, or 1 on every
	 * axis when all of them are 0 (a file that records no spacing).
	 *
	 * @throws IOException naming the file and the axis when a used axis's
	 *           pixdim is 0 while another's is not, or is not finite
	 */
	private static double[] spacing(final ByteBuffer h, final int kept, final String name)
		throws IOException
	{
		final double[] spacing = new double[kept];
		boolean allZero = true;
		for (int d = 0; d < kept; d++)
			allZero &= h.getFloat(80 + 4 * d) == 0;
		for (int d = 0; d < kept; d++) {
			final float a = Math.abs(h.getFloat(80 + 4 * d));
			if (allZero) spacing[d] = 1;
			else if (!(a > 0) || Float.isInfinite(a)) {
				final StringBuilder all = new StringBuilder();
				for (int e = 0; e < kept; e++)
					all.append(e == 0 ? "" : ", ").append(h.getFloat(80 + 4 * e));
				throw fail(name, "pixdim[" + (d + 1) + "] is " + h.getFloat(80 + 4 * d) +
					": a voxel spacing must be finite and non-zero (pixdim[1.." + kept + "] are " + all +
					"; all 0 means no spacing recorded, read as 1)");
			}
			// the double nearest the float's shortest decimal (0.8f -> 0.8, not 0.800000011920929);
			// converting back to float gives the stored value
			else spacing[d] = Double.parseDouble(Float.toString(a));
		}
		return spacing;
	}

	/**
	 * Reads {@code count} voxels of a type into an array of the type's width.
	 * The array starts at {@code initial} voxels and doubles as data arrives,
	 * so a header's claim alone never allocates more than that.
	 */
	private static Object readVoxels(final InputStream in, final Datatype type, final ByteOrder order,
		final int count, final int initial, final String name) throws IOException
	{
		final int width = type.bytesPerVoxel();
		final long total = (long) count * width;
		Object array = newArray(type, initial);
		// no larger than the data: a small volume does not zero a megabyte per read
		final byte[] chunk = new byte[(int) Math.min(CHUNK, total)];
		final ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
		for (int done = 0; done < count;) {
			final int n = Math.min(count - done, chunk.length / width);
			final int got = in.readNBytes(chunk, 0, n * width);
			if (got < n * width) throw truncated(name, (long) done * width + got, total);
			final int capacity = java.lang.reflect.Array.getLength(array);
			if (done + n > capacity) {
				final Object grown = newArray(type, (int) Math.min(count, Math.max(done + n, 2L *
					capacity)));
				System.arraycopy(array, 0, grown, 0, done);
				array = grown;
			}
			switch (type) {
				case INT16:
				case UINT16:
					buffer.asShortBuffer().get((short[]) array, done, n);
					break;
				case INT32:
				case UINT32:
					buffer.asIntBuffer().get((int[]) array, done, n);
					break;
				case INT64:
				case UINT64:
					buffer.asLongBuffer().get((long[]) array, done, n);
					break;
				case FLOAT32:
					buffer.asFloatBuffer().get((float[]) array, done, n);
					break;
				case FLOAT64:
					buffer.asDoubleBuffer().get((double[]) array, done, n);
					break;
				default:
					System.arraycopy(chunk, 0, (byte[]) array, done, n);
			}
			done += n;
		}
		return array;
	}

	private static Object newArray(final Datatype type, final int count) {
		switch (type) {
			case INT16:
			case UINT16:
				return new short[count];
			case INT32:
			case UINT32:
				return new int[count];
			case INT64:
			case UINT64:
				return new long[count];
			case FLOAT32:
				return new float[count];
			case FLOAT64:
				return new double[count];
			default:
				return new byte[count];
		}
	}

	/** Skips the header extensions up to {@code vox_offset}. */
	private static void skip(final InputStream in, final long bytes, final String name)
		throws IOException
	{
		final byte[] scratch = new byte[(int) Math.min(bytes, BUFFER)];
		for (long left = bytes; left > 0;) {
			final int got = in.readNBytes(scratch, 0, (int) Math.min(left, scratch.length));
			if (got == 0) {
				throw fail(name, "truncated: the file ends " + left + " bytes before vox_offset " +
					(bytes + HEADER_SIZE));
			}
			left -= got;
		}
	}

	/** Names of the NIfTI-1 datatype codes this reader does not support. */
	private static String datatypeName(final int code) {
		switch (code) {
			case 0:
				return "DT_UNKNOWN";
			case 1:
				return "1-bit binary";
			case 32:
				return "COMPLEX64";
			case 128:
				return "RGB24";
			case 1536:
				return "FLOAT128";
			case 1792:
				return "COMPLEX128";
			case 2048:
				return "COMPLEX256";
			case 2304:
				return "RGBA32";
			default:
				return "not a NIfTI-1 datatype code";
		}
	}

	private static String dims(final ByteBuffer h, final int n) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < n; d++) {
			if (d > 0) sb.append('x');
			sb.append(h.getShort(42 + 2 * d));
		}
		return sb.toString();
	}

	/** Bytes as a quoted string, non-printable ones as {@code \xNN}. */
	private static String quote(final byte[] bytes) {
		final StringBuilder sb = new StringBuilder("\"");
		for (final byte b : bytes) {
			if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') sb.append((char) b);
			else sb.append(String.format(Locale.ROOT, "\\x%02x", b & 0xff));
		}
		return sb.append('"').toString();
	}

	private static IOException truncated(final String name, final long got, final long total) {
		return fail(name, "truncated: the voxel data ends after " + got + " of " + total + " bytes");
	}

	private static IOException fail(final String name, final String problem) {
		return new IOException(name + ": " + problem);
	}

	// -- Writing --

	/**
	 * Writes a mask as uint8 0/1, refusing to replace an existing file; see
	 * {@link #write(Path, Mask, boolean)}.
	 */
	public static void write(final Path file, final Mask mask) throws IOException {
		write(file, mask, false);
	}

	/**
	 * Writes a mask as a uint8 NIfTI-1 image of 0s and 1s with the mask's size
	 * and spacing ({@code cal_min = 0}, {@code cal_max = 1}); gzip-compressed if
	 * the name ends with {@code .gz}. The write is atomic (see the class
	 * description).
	 *
	 * @param overwrite whether an existing {@code file} may be replaced
	 * @throws FileAlreadyExistsException naming the file if it exists and
	 *           {@code overwrite} is false (nothing is written)
	 * @throws IOException if the folder does not exist or the file cannot be
	 *           written (no partial file is left)
	 * @throws IllegalArgumentException if an argument is null, the mask has more
	 *           than 7 dimensions or more than 32767 voxels along an axis, or a
	 *           spacing does not fit a positive 32-bit float
	 */
	public static void write(final Path file, final Mask mask, final boolean overwrite)
		throws IOException
	{
		write(file, mask, overwrite, null);
	}

	/**
	 * Writes a mask as {@link #write(Path, Mask, boolean)} does, placed in the
	 * world as {@code placement} says (qform, sform, units; see
	 * {@link #placement}), or with no world coordinates if it is null.
	 *
	 * @throws IllegalArgumentException also if the placement belongs to images
	 *           of other sizes than the mask
	 */
	public static void write(final Path file, final Mask mask, final boolean overwrite,
		final NiftiPlacement placement) throws IOException
	{
		if (mask == null) throw new IllegalArgumentException("mask must not be null");
		if (placement != null && !placement.fits(mask.grid())) {
			throw new IllegalArgumentException("the placement (" + placement + ") of another image " +
				"cannot be given to the " + mask.grid() + " mask written to " + file);
		}
		final byte[] header = header(mask.grid(), Datatype.UINT8, 0, 1);
		if (placement != null) placement.writeTo(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN));
		final boolean[] v = mask.voxels();
		writeAtomically(file, overwrite, header, out -> {
			final byte[] chunk = new byte[CHUNK];
			for (int done = 0; done < v.length;) {
				final int n = Math.min(v.length - done, CHUNK);
				for (int i = 0; i < n; i++)
					chunk[i] = v[done + i] ? (byte) 1 : 0;
				out.write(chunk, 0, n);
				done += n;
			}
		});
	}

	/**
	 * Writes a real-valued image as float32, refusing to replace an existing
	 * file; see {@link #write(Path, ScalarImage, boolean)}.
	 */
	public static void write(final Path file, final ScalarImage image) throws IOException {
		write(file, image, false);
	}

	/**
	 * Writes a real-valued image as a float32 NIfTI-1 image with its size and
	 * spacing; gzip-compressed if the name ends with {@code .gz}. Values are
	 * written as they are, NaN and infinities included. The write is atomic
	 * (see the class description).
	 *
	 * @param overwrite whether an existing {@code file} may be replaced
	 * @throws FileAlreadyExistsException naming the file if it exists and
	 *           {@code overwrite} is false (nothing is written)
	 * @throws IOException if the folder does not exist or the file cannot be
	 *           written (no partial file is left)
	 * @throws IllegalArgumentException if an argument is null, the image has
	 *           more than 7 dimensions or more than 32767 voxels along an axis,
	 *           or a spacing does not fit a positive 32-bit float
	 */
	public static void write(final Path file, final ScalarImage image, final boolean overwrite)
		throws IOException
	{
		if (image == null) throw new IllegalArgumentException("image must not be null");
		final byte[] header = header(image.grid(), Datatype.FLOAT32, 0, 0);
		final float[] v = image.values();
		writeAtomically(file, overwrite, header, out -> {
			final byte[] chunk = new byte[CHUNK];
			final ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
			for (int done = 0; done < v.length;) {
				final int n = Math.min(v.length - done, CHUNK / 4);
				buffer.asFloatBuffer().put(v, done, n);
				out.write(chunk, 0, 4 * n);
				done += n;
			}
		});
	}

	/** The 352 bytes before the voxels: a little-endian header and an empty extension flag. */
	private static byte[] header(final Grid grid, final Datatype type, final float calMin,
		final float calMax)
	{
		final int n = grid.numDimensions();
		if (n > 7) {
			throw new IllegalArgumentException("NIfTI-1 holds at most 7 dimensions, the image " + grid +
				" has " + n);
		}
		final ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0, HEADER_SIZE);
		h.put(38, (byte) 'r'); // "regular", for Analyze readers
		h.putShort(40, (short) n);
		for (int d = 0; d < n; d++) {
			if (grid.size(d) > MAX_SIZE) {
				throw new IllegalArgumentException("NIfTI-1 holds at most " + MAX_SIZE +
					" voxels along an axis, the image " + grid + " has " + grid.size(d) + " along axis " + d);
			}
			final float s = (float) grid.spacing(d);
			if (!(s > 0) || Float.isInfinite(s)) {
				throw new IllegalArgumentException("spacing " + grid.spacing(d) + " along axis " + d +
					" does not fit a positive 32-bit float");
			}
			h.putShort(42 + 2 * d, (short) grid.size(d));
			h.putFloat(80 + 4 * d, s);
		}
		for (int d = n; d < 7; d++)
			h.putShort(42 + 2 * d, (short) 1);
		h.putShort(70, (short) type.code());
		h.putShort(72, (short) type.bitsPerVoxel());
		h.putFloat(76, 1); // qfac; unused while qform_code = 0
		h.putFloat(108, VOX_OFFSET);
		h.putFloat(112, 1); // scl_slope
		h.putFloat(116, 0); // scl_inter
		h.putFloat(124, calMax);
		h.putFloat(128, calMin);
		// qform_code (252) and sform_code (254) stay 0 unless a placement is written over them
		h.position(344);
		h.put("n+1\0".getBytes(StandardCharsets.US_ASCII));
		return h.array();
	}

	private static void writeAtomically(final Path file, final boolean overwrite, final byte[] header,
		final AtomicWrite.StreamWriter body) throws IOException
	{
		AtomicWrite.write(file, overwrite, out -> {
			out.write(header);
			body.write(out);
		});
	}
}
