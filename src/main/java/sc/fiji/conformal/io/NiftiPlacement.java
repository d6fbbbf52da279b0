package sc.fiji.conformal.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

import sc.fiji.conformal.core.image.Grid;

/**
 * Where a NIfTI-1 image lies in the world: the header fields that map voxel
 * indices to scanner or template coordinates (qform: {@code pixdim[0]} = qfac,
 * the quaternion and offset; sform: the three {@code srow} rows; their codes)
 * and the spatial and temporal units, together with the voxel layout they
 * belong to. A mask computed from a NIfTI image is written with its
 * placement so that it overlays that image in any viewer. Immutable.
 */
public final class NiftiPlacement {

	private final int[] size;
	private final short qformCode;
	private final short sformCode;
	private final byte units;
	/** pixdim[0], quatern_b..d, qoffset_x..z, srow_x, srow_y, srow_z: 1 + 6 + 12 floats. */
	private final float[] fields;

	private NiftiPlacement(final int[] size, final short qformCode, final short sformCode,
		final byte units, final float[] fields)
	{
		this.size = size;
		this.qformCode = qformCode;
		this.sformCode = sformCode;
		this.units = units;
		this.fields = fields;
	}

	/** The placement in a header (in its own byte order) of an image of these sizes. */
	static NiftiPlacement of(final ByteBuffer header, final int[] size) {
		final float[] f = new float[19];
		f[0] = header.getFloat(76);
		for (int k = 0; k < 18; k++)
			f[1 + k] = header.getFloat(256 + 4 * k);
		return new NiftiPlacement(size.clone(), header.getShort(252), header.getShort(254), header.get(
			123), f);
	}

	/** Whether this placement belongs to images of the grid's sizes. */
	public boolean fits(final Grid grid) {
		if (grid.numDimensions() > size.length) return false;
		for (int d = 0; d < size.length; d++)
			if (size[d] != (d < grid.numDimensions() ? grid.size(d) : 1)) return false;
		return true;
	}

	/** Writes the fields into a header being built (in its byte order). */
	void writeTo(final ByteBuffer header) {
		header.putFloat(76, fields[0]);
		for (int k = 0; k < 18; k++)
			header.putFloat(256 + 4 * k, fields[1 + k]);
		header.putShort(252, qformCode);
		header.putShort(254, sformCode);
		header.put(123, units);
	}

	/**
	 * The spatial unit of the voxel spacing ({@code xyzt_units}): "m", "mm",
	 * "µm", or "" when the file does not say.
	 */
	public String spatialUnit() {
		switch (units & 0x07) {
			case 1:
				return "m";
			case 2:
				return "mm";
			case 3:
				return "µm";
			default:
				return "";
		}
	}

	public int qformCode() {
		return qformCode;
	}

	public int sformCode() {
		return sformCode;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof NiftiPlacement)) return false;
		final NiftiPlacement p = (NiftiPlacement) o;
		return Arrays.equals(size, p.size) && qformCode == p.qformCode && sformCode == p.sformCode &&
			units == p.units && Arrays.equals(fields, p.fields);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(fields) * 31 + qformCode * 7 + sformCode;
	}

	@Override
	public String toString() {
		return "qform_code " + qformCode + ", sform_code " + sformCode + ", size " + Arrays.toString(
			size);
	}
}
