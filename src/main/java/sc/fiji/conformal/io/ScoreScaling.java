package sc.fiji.conformal.io;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The one rule that turns an image file's stored values into scores, the
 * same for every format (TIFF, PNG, NIfTI-1) and for images open in ImageJ,
 * so that a threshold such as t₀ = 0.5 means the same for the same data:
 * <ul>
 * <li>integer data is divided by its type's maximum: uint8 by 255, uint16 by
 * 65535, int8 by 127, int16 by 32767, uint32 by 2^32 − 1, int32 by
 * 2^31 − 1. A negative value in a signed type is refused (naming the file,
 * the value and the position), not clamped or shifted: a probability
 * quantised to integers is never negative, so a negative value means the map
 * is something else (a logit, a distance) that belongs in a float file.
 * 64-bit integer score maps are refused: no quantisation uses them (they are
 * NumPy's default for label images), and dividing by 2^63 would make any
 * value of theirs about zero;</li>
 * <li>floating-point data is read as stored;</li>
 * <li>unless the file scales its values itself (a NIfTI file with
 * {@code scl_slope} ≠ 0, see {@link StoredImage#scaledBy}): then
 * {@code stored * scl_slope + scl_inter} is the score, not divided further.
 * The identity (slope 1, intercept 0), which ITK, nibabel and this plugin
 * write into unscaled files, is no scaling.</li>
 * </ul>
 * Scores are 32-bit floats: the rule is computed in double precision and
 * rounded once (so uint8 and uint16 give exactly {@code v / 255f} and
 * {@code v / 65535f}). NaN, infinite and beyond-float-range scores are
 * refused, naming the file and the position.
 * <p>
 * Masks follow one rule too ({@link BinaryMasks}): 0 is background, and at
 * most one distinct non-zero value (after the file's own scaling) is object.
 */
public final class ScoreScaling {

	/**
	 * The rule in one sentence, as recorded in a calibration's provenance
	 * (key {@code scoreScaling}).
	 */
	public static final String RULE = "Scores are the stored values divided by their type's " +
		"maximum for integer data (uint8 255, uint16 65535, int8 127, int16 32767, uint32 " +
		"4294967295, int32 2147483647; negative and 64-bit integer scores are refused) and as " +
		"stored for floating-point data, unless a NIfTI file scales its values (scl_slope not 0, " +
		"other than slope 1 with intercept 0): then value * scl_slope + scl_inter, divided no " +
		"further; the same in TIFF, PNG and NIfTI-1.";

	/** Voxels converted per bulk read. */
	static final int RUN = 4096;

	private ScoreScaling() {}

	/**
	 * The scores of an image, by the rule (see the class description). A
	 * FLOAT32 image given as one array ({@link StoredImage#ofFloats}) without
	 * scaling is wrapped, not copied.
	 *
	 * @param name names the image in errors (its file or title)
	 * @throws IllegalArgumentException naming the image: a 64-bit integer type
	 *           without the file's own scaling; or, with the position of the
	 *           first offending voxel, a negative integer value, a NaN or
	 *           infinite score, or a score beyond the float range
	 */
	public static ScalarImage scores(final StoredImage image, final String name) {
		final Grid grid = image.grid();
		final VoxelType type = image.type();
		final boolean divide = type.isInteger() && !image.scaled();
		if (divide && (type == VoxelType.INT64 || type == VoxelType.UINT64)) {
			throw new IllegalArgumentException(name + " stores its scores as " + type +
				": 64-bit integers have no usual maximum to divide by; store scores as float32 (or " +
				"as uint8 or uint16, divided by 255 or 65535), or give the file a scaling (NIfTI " +
				"scl_slope)");
		}
		final float[] wrapped = image.floats();
		if (wrapped != null && !image.scaled()) {
			for (int i = 0; i < wrapped.length; i++)
				if (!Float.isFinite(wrapped[i])) throw nonFinite(name, wrapped[i], grid, i);
			return new ScalarImage(grid, wrapped);
		}
		final float[] v = new float[grid.count()];
		final Object[] unsigned = image.unsignedPlanes();
		if (unsigned != null) {
			unsigned(unsigned, v);
			return new ScalarImage(grid, v);
		}
		final double max = type.max();
		final double[] run = new double[Math.min(RUN, v.length)];
		for (int from = 0; from < v.length; from += run.length) {
			final int n = Math.min(run.length, v.length - from);
			image.values(from, run, n);
			for (int j = 0; j < n; j++) {
				double x = run[j];
				if (!Double.isFinite(x)) throw nonFinite(name, x, grid, from + j);
				if (divide) {
					if (x < 0) {
						throw new IllegalArgumentException(name + " has a negative score " + (long) x + " at " +
							grid.position(from + j) + " in its " + type + " voxels: integer scores are " +
							"divided by the type's maximum (" + (long) max + ") and must not be negative " +
							"(store signed scores as float32)");
					}
					x /= max;
				}
				v[from + j] = (float) x;
				if (Float.isInfinite(v[from + j])) {
					throw new IllegalArgumentException(name + " has a score " + x + " at " + grid.position(
						from + j) + " beyond the float range (scores must be finite 32-bit numbers)");
				}
			}
		}
		return new ScalarImage(grid, v);
	}

	/** uint8 v as (float) (v / 255.0), exactly what the general loop computes. */
	private static final float[] UINT8_SCORES = new float[256];
	static {
		for (int v = 0; v < 256; v++)
			UINT8_SCORES[v] = (float) (v / 255.0);
	}

	/**
	 * Unsigned 8- or 16-bit planes without scaling: never negative, never
	 * beyond the float range, so the rule needs no checks (the same values as
	 * the general loop, in one short loop per plane).
	 */
	private static void unsigned(final Object[] planes, final float[] v) {
		int at = 0;
		for (final Object plane : planes) {
			if (plane instanceof byte[]) {
				final byte[] b = (byte[]) plane;
				for (int i = 0; i < b.length; i++)
					v[at + i] = UINT8_SCORES[b[i] & 0xff];
				at += b.length;
			}
			else {
				final short[] b = (short[]) plane;
				for (int i = 0; i < b.length; i++)
					v[at + i] = (float) ((b[i] & 0xffff) / 65535.0);
				at += b.length;
			}
		}
	}

	private static IllegalArgumentException nonFinite(final String name, final double x,
		final Grid grid, final int i)
	{
		return new IllegalArgumentException(name + " has " + (Double.isNaN(x) ? "a NaN" : "an infinite") +
			" score at " + grid.position(i) + " (scores must be finite numbers)");
	}
}
