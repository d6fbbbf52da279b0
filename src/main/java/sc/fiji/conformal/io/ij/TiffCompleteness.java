package sc.fiji.conformal.io.ij;

import java.io.IOException;
import java.nio.file.Path;

import ij.io.FileInfo;

/**
 * Refuses a TIFF that ends before its own layout says it does. ImageJ's
 * decoder reads such a file without complaint: pixel data cut off comes out
 * as zeros, and pages whose directory was cut off are simply missing. For a
 * calibration either is silently wrong data, so both are errors here.
 */
final class TiffCompleteness {

	private TiffCompleteness() {}

	/**
	 * @param bytes the whole file (a classic TIFF: "II*\0" or "MM\0*")
	 * @param layout what ImageJ's decoder read of the file's directories
	 * @throws IOException naming the file, if a directory in the chain or the
	 *           pixel data of an image lies beyond the end of the file
	 */
	static void check(final byte[] bytes, final FileInfo[] layout, final Path file)
		throws IOException
	{
		final long length = bytes.length;
		if (length < 8) throw truncated(file, "the header needs 8 bytes", length);
		final boolean little = bytes[0] == 'I';
		// the chain of image directories: 2-byte count, 12-byte entries, 4-byte next offset
		long ifd = unsigned(bytes, 4, 4, little);
		for (long seen = 0; ifd != 0 && seen <= length / 6; seen++) {
			if (ifd + 2 > length) throw truncated(file, "an image directory starts at byte " + ifd, length);
			final long next = ifd + 2 + 12 * unsigned(bytes, ifd, 2, little);
			if (next + 4 > length) throw truncated(file, "an image directory ends at byte " + (next + 4),
				length);
			ifd = unsigned(bytes, next, 4, little);
		}
		for (final FileInfo fi : layout) {
			final long end = dataEnd(fi);
			if (end > length) throw truncated(file, "the pixel data ends at byte " + end, length);
		}
	}

	/** Where the image's pixel data ends, as ImageJ reads it; 0 if not known. */
	private static long dataEnd(final FileInfo fi) {
		if (fi.compression > FileInfo.COMPRESSION_NONE) {
			// compressed: each strip where its directory says it is
			if (fi.stripOffsets == null || fi.stripLengths == null) return 0;
			long end = 0;
			for (int i = 0; i < Math.min(fi.stripOffsets.length, fi.stripLengths.length); i++)
				end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL));
			return end;
		}
		// uncompressed: nImages images of one size from the offset, with the gap between them
		final long image;
		if (fi.fileType == FileInfo.BITMAP) image = (fi.width + 7L) / 8 * fi.height;
		else if (fi.fileType == FileInfo.GRAY12_UNSIGNED) image = ((long) fi.width * fi.height * 3 + 1) /
			2;
		// packed 10-bit rows, as ImageJ reads them
		else if (fi.fileType == FileInfo.GRAY10_UNSIGNED) image = ((long) (1.25 * fi.width) + (fi.width &
			1)) * fi.height;
		else image = (long) fi.width * fi.height * fi.getBytesPerPixel();
		final long n = Math.max(1, fi.nImages);
		return fi.getOffset() + n * image + (n - 1) * fi.getGap();
	}

	private static long unsigned(final byte[] b, final long at, final int size, final boolean little) {
		long v = 0;
		for (int k = 0; k < size; k++) {
			final long octet = b[(int) at + (little ? size - 1 - k : k)] & 0xff;
			v = v << 8 | octet;
		}
		return v;
	}

	private static IOException truncated(final Path file, final String where, final long length) {
		return new IOException(file + ": truncated TIFF: " + where + ", but the file has only " +
			length + " bytes");
	}
}
