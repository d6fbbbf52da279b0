package sc.fiji.conformal.io;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import sc.fiji.conformal.core.image.Grid;

/**
 * Decodes the PNG files that score maps and masks almost always are (8- or
 * 16-bit greyscale, not interlaced, no transparency) straight into their
 * stored values, without ImageIO or AWT: a fraction of their cost per image
 * and a fraction of the code the JIT must compile in a short run.
 * <p>
 * <b>Same values as ImageJ.</b> It decodes only files whose values ImageJ
 * (through ImageIO) takes as stored, and says so by returning null for every
 * other file, which the caller then opens as before: other colour types or
 * bit depths, interlacing, a {@code tRNS}, {@code sBIT}, {@code gAMA},
 * {@code iCCP}, {@code sRGB}, {@code cHRM} or any chunk not listed below,
 * and any file it cannot decode exactly (bad or truncated zlib data, an
 * unknown row filter, data left over): those keep ImageJ's reading and its
 * error messages. Chunks it reads past: {@code pHYs} (ImageJ ignores a PNG's
 * resolution), {@code tEXt}, {@code zTXt}, {@code iTXt}, {@code tIME}.
 * The grid's spacing is 1, as ImageJ's for a PNG. Chunk CRCs are not
 * checked, as ImageIO does not. The ImageJ codec tries this decoder first,
 * before ImageJ itself starts, whatever ImageJ's "open using plugins" option
 * (a plugin it would hand such a file to reads the same values).
 */
public final class GreyPng {

	private static final byte[] SIGNATURE = { (byte) 137, 'P', 'N', 'G', 13, 10, 26, 10 };
	private static final String[] HARMLESS = { "pHYs", "tEXt", "zTXt", "iTXt", "tIME" };

	private GreyPng() {}

	/**
	 * The stored values of a PNG file's bytes (uint8 or uint16 on a 2-D grid
	 * of spacing 1), or null when this decoder leaves the file to ImageJ (see
	 * the class comment). Never throws on bad bytes.
	 */
	public static StoredImage decode(final byte[] png) {
		try {
			return decodeOrNull(png);
		}
		catch (final DataFormatException | RuntimeException e) {
			return null; // left to ImageJ, which names the problem
		}
	}

	private static StoredImage decodeOrNull(final byte[] b) throws DataFormatException {
		if (b.length < 8 + 25) return null;
		for (int i = 0; i < SIGNATURE.length; i++)
			if (b[i] != SIGNATURE[i]) return null;
		if (int32(b, 8) != 13 || !type(b, 12, "IHDR")) return null;
		final long w = int32(b, 16), h = int32(b, 20);
		final int depth = b[24] & 0xff, colour = b[25] & 0xff;
		if (colour != 0 || depth != 8 && depth != 16 || b[26] != 0 || b[27] != 0 || b[28] != 0) {
			return null;
		}
		if (w < 1 || h < 1 || w * h > Integer.MAX_VALUE - 8) return null;
		final int bpp = depth / 8;
		final long rowBytes = w * bpp;
		final long size = h * (rowBytes + 1);
		if (size > Integer.MAX_VALUE - 8) return null;
		final byte[] filtered = new byte[(int) size];
		final byte[] extra = new byte[1];
		final Inflater inflater = new Inflater();
		try {
			int got = 0;
			boolean seenData = false, dataEnded = false, end = false;
			for (int at = 8 + 25; !end;) {
				if (at + 12 > b.length) return null;
				final long length = int32(b, at);
				if (length < 0 || at + 12 + length > b.length) return null;
				final int data = at + 8;
				if (type(b, at + 4, "IDAT")) {
					if (dataEnded) return null;
					seenData = true;
					inflater.setInput(b, data, (int) length);
					while (!inflater.needsInput() && !inflater.finished()) {
						final int n;
						if (got < filtered.length) {
							n = inflater.inflate(filtered, got, filtered.length - got);
							got += n;
						}
						else if ((n = inflater.inflate(extra)) > 0) return null; // more data than rows
						// no progress with room to write: a preset dictionary, or a stall
						if (n == 0 && !inflater.needsInput() && !inflater.finished()) return null;
					}
				}
				else {
					dataEnded |= seenData;
					if (type(b, at + 4, "IEND")) end = true;
					else if (!harmless(b, at + 4)) return null;
				}
				at = data + (int) length + 4;
			}
			if (got != filtered.length || !inflater.finished() || inflater.getRemaining() > 0) return null;
		}
		finally {
			inflater.end();
		}
		final int width = (int) w, height = (int) h;
		if (!unfilter(filtered, height, (int) rowBytes, bpp)) return null;
		final Grid grid = Grid.of(new long[] { width, height }, new double[] { 1, 1 });
		if (bpp == 1) {
			final byte[] v = new byte[width * height];
			for (int y = 0; y < height; y++)
				System.arraycopy(filtered, y * (width + 1) + 1, v, y * width, width);
			return StoredImage.ofPlanes(grid, VoxelType.UINT8, (Object) v);
		}
		final short[] v = new short[width * height];
		for (int y = 0, i = 0; y < height; y++) {
			final int row = y * (2 * width + 1) + 1;
			for (int x = 0; x < width; x++)
				v[i++] = (short) ((filtered[row + 2 * x] & 0xff) << 8 | filtered[row + 2 * x + 1] & 0xff);
		}
		return StoredImage.ofPlanes(grid, VoxelType.UINT16, (Object) v);
	}

	/**
	 * Undoes the row filters in place (PNG specification, section 9): each row
	 * is its filter byte then {@code rowBytes} bytes; {@code bpp} is the bytes
	 * per pixel. False for an unknown filter type.
	 */
	static boolean unfilter(final byte[] d, final int height, final int rowBytes, final int bpp) {
		final int stride = rowBytes + 1;
		for (int y = 0; y < height; y++) {
			final int row = y * stride + 1, prior = row - stride; // prior < 0 on the first row
			final boolean first = y == 0;
			switch (d[row - 1]) {
				case 0:
					break;
				case 1: // Sub
					for (int i = bpp; i < rowBytes; i++)
						d[row + i] += d[row + i - bpp];
					break;
				case 2: // Up
					if (!first) for (int i = 0; i < rowBytes; i++)
						d[row + i] += d[prior + i];
					break;
				case 3: // Average
					for (int i = 0; i < rowBytes; i++) {
						final int left = i < bpp ? 0 : d[row + i - bpp] & 0xff;
						final int up = first ? 0 : d[prior + i] & 0xff;
						d[row + i] += (byte) ((left + up) >>> 1);
					}
					break;
				case 4: // Paeth
					for (int i = 0; i < rowBytes; i++) {
						final int a = i < bpp ? 0 : d[row + i - bpp] & 0xff;
						final int b = first ? 0 : d[prior + i] & 0xff;
						final int c = i < bpp || first ? 0 : d[prior + i - bpp] & 0xff;
						final int pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
						d[row + i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
					}
					break;
				default:
					return false;
			}
		}
		return true;
	}

	private static boolean harmless(final byte[] b, final int at) {
		for (final String t : HARMLESS)
			if (type(b, at, t)) return true;
		return false;
	}

	private static boolean type(final byte[] b, final int at, final String t) {
		for (int i = 0; i < 4; i++)
			if (b[at + i] != t.charAt(i)) return false;
		return true;
	}

	/** A big-endian unsigned 32-bit value. */
	private static long int32(final byte[] b, final int at) {
		return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] &
			0xff;
	}
}
