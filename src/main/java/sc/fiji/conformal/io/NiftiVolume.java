package sc.fiji.conformal.io;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The voxels of a NIfTI-1 file as {@link Nifti#read read}: its {@link Grid}
 * (size and voxel spacing), its stored {@link Datatype}, and the voxel values
 * in stored order (first axis fastest, exactly the {@link Grid} order; no
 * reorientation, qform and sform are not applied).
 * <p>
 * Values are kept in the stored type (a {@code short[]} for int16, a
 * {@code byte[]} for uint8, ...) and scaled on access by the file's
 * {@code scl_slope} and {@code scl_inter} when the slope is non-zero and
 * finite: {@code value = stored * slope + inter}. Immutable.
 */
public final class NiftiVolume {

	/**
	 * The NIfTI-1 voxel types this package reads, with their NIfTI codes. Other
	 * codes (binary, complex, RGB, float128) are rejected by the reader.
	 */
	public enum Datatype {
		/** Unsigned 8-bit integer, code 2. */
		UINT8(2, 8, "uint8"),
		/** Signed 16-bit integer, code 4. */
		INT16(4, 16, "int16"),
		/** Signed 32-bit integer, code 8. */
		INT32(8, 32, "int32"),
		/** IEEE 32-bit float, code 16. */
		FLOAT32(16, 32, "float32"),
		/** IEEE 64-bit float, code 64. */
		FLOAT64(64, 64, "float64"),
		/** Signed 8-bit integer, code 256. */
		INT8(256, 8, "int8"),
		/** Unsigned 16-bit integer, code 512. */
		UINT16(512, 16, "uint16"),
		/** Unsigned 32-bit integer, code 768. */
		UINT32(768, 32, "uint32"),
		/**
		 * Signed 64-bit integer, code 1024 (NumPy's default integer type, so
		 * common for masks saved from Python); values beyond 2^53 lose precision
		 * as {@code double}.
		 */
		INT64(1024, 64, "int64"),
		/**
		 * Unsigned 64-bit integer, code 1280; values beyond 2^53 lose precision
		 * as {@code double}.
		 */
		UINT64(1280, 64, "uint64");

		private final int code;
		private final int bits;
		private final String label;

		Datatype(final int code, final int bits, final String label) {
			this.code = code;
			this.bits = bits;
			this.label = label;
		}

		/** The NIfTI-1 {@code datatype} code (e.g. 4 for int16). */
		public int code() {
			return code;
		}

		/** Bits per voxel, the NIfTI-1 {@code bitpix} (e.g. 16 for int16). */
		public int bitsPerVoxel() {
			return bits;
		}

		/** Bytes per voxel. */
		public int bytesPerVoxel() {
			return bits / 8;
		}

		/**
		 * The type with a NIfTI-1 code, or {@code null} if this package does not
		 * read that code.
		 */
		public static Datatype fromCode(final int code) {
			for (final Datatype t : values())
				if (t.code == code) return t;
			return null;
		}

		/** The same type in the format-neutral terms of the score rule ({@link ScoreScaling}). */
		public VoxelType voxelType() {
			return VoxelType.valueOf(name());
		}

		/** The type as NIfTI and NumPy name it, e.g. {@code int16}. */
		@Override
		public String toString() {
			return label;
		}
	}

	private final String name;
	private final Grid grid;
	private final Datatype datatype;
	private final Object data;
	private final double slope;
	private final double inter;
	private final boolean scaled;

	/**
	 * @param data a {@code byte[]} (uint8, int8), {@code short[]} (int16,
	 *          uint16), {@code int[]} (int32, uint32), {@code long[]} (int64,
	 *          uint64), {@code float[]} or {@code double[]}, of the grid's voxel
	 *          count; unsigned types are stored in the signed array of their width
	 */
	NiftiVolume(final String name, final Grid grid, final Datatype datatype, final Object data,
		final double slope, final double inter)
	{
		this.name = name;
		this.grid = grid;
		this.datatype = datatype;
		this.data = data;
		this.slope = slope;
		this.inter = inter;
		scaled = slope != 1 || inter != 0;
	}

	/** The file this volume was read from, as given to {@link Nifti#read}. */
	public String name() {
		return name;
	}

	/**
	 * The size (trailing singleton dimensions dropped, at least 2 dimensions)
	 * and spacing ({@code |pixdim|}, in the file's units, usually mm; 1 where
	 * the file stores 0 or a non-finite value).
	 */
	public Grid grid() {
		return grid;
	}

	/** The type the voxels are stored in. */
	public Datatype datatype() {
		return datatype;
	}

	/**
	 * The slope applied to the stored values: {@code scl_slope}, or 1 when the
	 * file stores 0 or a non-finite slope (no scaling).
	 */
	public double slope() {
		return slope;
	}

	/**
	 * The intercept added to the scaled values: {@code scl_inter}, or 0 when the
	 * file's slope is 0 or non-finite (no scaling).
	 */
	public double intercept() {
		return inter;
	}

	/**
	 * The scaled value at a linear index (first axis fastest), exact for every
	 * type except 64-bit integers beyond 2^53.
	 *
	 * @throws ArrayIndexOutOfBoundsException unless
	 *           {@code 0 <= index < grid().count()}
	 */
	public double get(final int index) {
		// unscaled values are returned as stored: -0.0 * 1 + 0 would be +0.0
		return scaled ? stored(index) * slope + inter : stored(index);
	}

	private double stored(final int i) {
		switch (datatype) {
			case UINT8:
				return ((byte[]) data)[i] & 0xff;
			case INT8:
				return ((byte[]) data)[i];
			case INT16:
				return ((short[]) data)[i];
			case UINT16:
				return ((short[]) data)[i] & 0xffff;
			case INT32:
				return ((int[]) data)[i];
			case UINT32:
				return ((int[]) data)[i] & 0xffffffffL;
			case INT64:
				return ((long[]) data)[i];
			case UINT64: {
				final long v = ((long[]) data)[i];
				return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
			}
			case FLOAT32:
				return ((float[]) data)[i];
			case FLOAT64:
				return ((double[]) data)[i];
			default:
				throw new IllegalStateException("unhandled datatype " + datatype);
		}
	}

	/**
	 * All scaled values as a new {@code float[]}, first axis fastest. Values of
	 * 32- and 64-bit types are rounded to the nearest float; NaN and infinite
	 * values are kept.
	 */
	public float[] values() {
		final float[] v = new float[grid.count()];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) get(i);
		return v;
	}

	/**
	 * The stored voxels in the format-neutral form the score and mask rules
	 * read: the datatype's {@link VoxelType}, the stored values, and the file's
	 * scaling when it has one ({@link #slope()}, {@link #intercept()}; none for
	 * the identity slope 1, intercept 0).
	 */
	public StoredImage storedImage() {
		final StoredImage s = StoredImage.ofPlanes(grid, datatype.voxelType(), data);
		return scaled ? s.scaledBy(slope, inter) : s;
	}

	/** A score map named after the file; see {@link #toScores(String)}. */
	public ScalarImage toScores() {
		return toScores(name);
	}

	/**
	 * The voxels as a score map on this volume's grid, by the score rule every
	 * format follows ({@link ScoreScaling}): a file that scales its values
	 * gives {@code stored * slope + inter}; otherwise integer types are divided
	 * by their maximum (uint8 by 255, int16 by 32767, ...) and floating-point
	 * values are taken as stored. Float precision, in a new array.
	 *
	 * @param imageName names the image in error messages (e.g. its file)
	 * @throws IllegalArgumentException naming {@code imageName} (and the
	 *           position of the first offending value): NaN or infinite values,
	 *           values too large for a float, negative integer values, or
	 *           64-bit integer data without scaling
	 */
	public ScalarImage toScores(final String imageName) {
		return ScoreScaling.scores(storedImage(), imageName);
	}

	/** A mask named after the file; see {@link #toMask(String)}. */
	public Mask toMask() {
		return toMask(name);
	}

	/**
	 * The voxels as a binary mask: every scaled value must be exactly 0 or 1.
	 * This is stricter than the rule mask files follow in datasets and
	 * commands ({@link BinaryMasks}: 0 and any one non-zero value, through
	 * {@link ImageFormats}); it is for callers who know their files are 0/1.
	 * A 0/255 mask is rejected (as is any other coding) rather than guessed at:
	 * the caller converts such a file through {@link #get}. (A 0/255 file with
	 * {@code scl_slope = 1/255} does not qualify either, as 255 times the
	 * 32-bit float nearest 1/255 is not exactly 1.)
	 *
	 * @param imageName names the image in error messages (e.g. its file)
	 * @throws IllegalArgumentException naming {@code imageName}, the value and
	 *           the position of the first value that is neither 0 nor 1
	 */
	public Mask toMask(final String imageName) {
		final boolean[] v = new boolean[grid.count()];
		for (int i = 0; i < v.length; i++) {
			final double x = get(i);
			if (x == 1) v[i] = true;
			else if (x != 0) {
				throw new IllegalArgumentException(imageName + " is not a binary mask: value " + x +
					" at " + grid.position(i) + " (expected 0 or 1)");
			}
		}
		return new Mask(grid, v);
	}

	/** E.g. {@code liver.nii.gz: 512x512x78 uint8}. */
	@Override
	public String toString() {
		return name + ": " + grid + " " + datatype;
	}
}
