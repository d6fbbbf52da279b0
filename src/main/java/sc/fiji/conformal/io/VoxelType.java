package sc.fiji.conformal.io;

/**
 * The type an image file stores its voxels in, whatever the format: what
 * {@link ScoreScaling} needs to turn stored values into scores. A NIfTI-1
 * file's type is its datatype ({@link NiftiVolume.Datatype#voxelType()}); a
 * TIFF or PNG file's type is what ImageJ 1.x decodes it to (8-bit: uint8,
 * 16-bit: uint16, or int16 for a signed TIFF, 32-bit: float32, or int32 for a
 * 32-bit integer TIFF).
 */
public enum VoxelType {
	/** Unsigned 8-bit integer, maximum 255. */
	UINT8("uint8", 255),
	/** Signed 8-bit integer, maximum 127. */
	INT8("int8", Byte.MAX_VALUE),
	/** Unsigned 16-bit integer, maximum 65535. */
	UINT16("uint16", 65535),
	/** Signed 16-bit integer, maximum 32767. */
	INT16("int16", Short.MAX_VALUE),
	/** Unsigned 32-bit integer, maximum 4294967295 (2^32 − 1). */
	UINT32("uint32", 4294967295.0),
	/** Signed 32-bit integer, maximum 2147483647 (2^31 − 1). */
	INT32("int32", Integer.MAX_VALUE),
	/** Unsigned 64-bit integer; its maximum 2^64 − 1 is not a double (this gives 2^64). */
	UINT64("uint64", 18446744073709551616.0),
	/** Signed 64-bit integer; its maximum 2^63 − 1 is not a double (this gives 2^63). */
	INT64("int64", 9223372036854775808.0),
	/** IEEE 32-bit float. */
	FLOAT32("float32", Double.NaN),
	/** IEEE 64-bit float. */
	FLOAT64("float64", Double.NaN);

	private final String label;
	private final double max;

	VoxelType(final String label, final double max) {
		this.label = label;
		this.max = max;
	}

	/** True for the integer types, false for {@link #FLOAT32} and {@link #FLOAT64}. */
	public boolean isInteger() {
		return !Double.isNaN(max);
	}

	/** True for the signed integer types. */
	public boolean isSigned() {
		return this == INT8 || this == INT16 || this == INT32 || this == INT64;
	}

	/**
	 * The largest value of an integer type (255 for uint8, 32767 for int16,
	 * ...; exact up to 32 bits), or NaN for a floating-point type.
	 */
	public double max() {
		return max;
	}

	/** The type as NIfTI and NumPy name it, e.g. {@code int16}. */
	@Override
	public String toString() {
		return label;
	}
}
