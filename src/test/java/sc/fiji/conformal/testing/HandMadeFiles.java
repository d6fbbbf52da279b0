package sc.fiji.conformal.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * PNG and TIFF files written byte by byte, so that a test controls exactly
 * what the header says (bit depth, palette, photometric interpretation,
 * claimed size) whatever a writer would choose.
 */
public final class HandMadeFiles {

	private HandMadeFiles() {}

	/**
	 * A PNG of one IHDR (as given, whatever the rows hold), an optional PLTE,
	 * the rows (each with its filter byte) deflated in one IDAT, and IEND.
	 */
	public static Path png(final Path f, final long w, final long h, final int depth,
		final int colourType, final byte[] palette, final byte[] rows) throws IOException
	{
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[] { (byte) 137, 'P', 'N', 'G', 13, 10, 26, 10 });
		final ByteBuffer ihdr = ByteBuffer.allocate(13);
		ihdr.putInt((int) w).putInt((int) h).put((byte) depth).put((byte) colourType).put((byte) 0).put((byte) 0)
			.put((byte) 0);
		chunk(out, "IHDR", ihdr.array());
		if (palette != null) chunk(out, "PLTE", palette);
		final ByteArrayOutputStream z = new ByteArrayOutputStream();
		try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
			d.write(rows);
		}
		chunk(out, "IDAT", z.toByteArray());
		chunk(out, "IEND", new byte[0]);
		Files.write(f, out.toByteArray());
		return f;
	}

	private static void chunk(final ByteArrayOutputStream out, final String type, final byte[] data)
		throws IOException
	{
		final DataOutputStream d = new DataOutputStream(out);
		d.writeInt(data.length);
		final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		d.write(t);
		d.write(data);
		final CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		d.writeInt((int) crc.getValue());
	}

	/** A little-endian, uncompressed, one-strip, n x 1 WhiteIsZero TIFF of 8 or 16 bits. */
	public static Path whiteIsZeroTiff(final Path f, final int bits, final int[] values)
		throws IOException
	{
		final int w = values.length, bytes = w * bits / 8, entries = 9;
		final int ifd = 8, data = ifd + 2 + entries * 12 + 4;
		final ByteBuffer b = ByteBuffer.allocate(data + bytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		b.putShort((short) entries);
		entry(b, 256, 3, w); // width
		entry(b, 257, 3, 1); // height
		entry(b, 258, 3, bits); // bits per sample
		entry(b, 259, 3, 1); // no compression
		entry(b, 262, 3, 0); // photometric: WhiteIsZero
		entry(b, 273, 4, data); // strip offset
		entry(b, 277, 3, 1); // samples per pixel
		entry(b, 278, 3, 1); // rows per strip
		entry(b, 279, 4, bytes); // strip byte count
		b.putInt(0);
		for (final int v : values)
			if (bits == 8) b.put((byte) v);
			else b.putShort((short) v);
		Files.write(f, b.array());
		return f;
	}

	private static void entry(final ByteBuffer b, final int tag, final int type, final int value) {
		b.putShort((short) tag).putShort((short) type).putInt(1);
		if (type == 3) b.putShort((short) value).putShort((short) 0);
		else b.putInt(value);
	}
}
