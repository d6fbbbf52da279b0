package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.Opener;
import sc.fiji.conformal.io.GreyPng;
import sc.fiji.conformal.io.StoredImage;
import sc.fiji.conformal.io.VoxelType;

/**
 * {@link GreyPng} gives exactly what ImageJ 1.x gives when it opens the same
 * file itself ({@code Opener.openImage}, through ImageIO): type, size,
 * spacing and every value, for every row filter, bit depth and chunk layout
 * it decodes; and it leaves every other PNG to ImageJ (returns null). The
 * files are written here byte by byte, so every filter type is present.
 */
public class GreyPngTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Random random = new Random(7);
	private int files;

	@Test
	public void everyFilterDepthAndSizeAsImageJOpensIt() throws IOException {
		final int[][] sizes = { { 1, 1 }, { 1, 9 }, { 7, 1 }, { 13, 5 }, { 64, 33 }, { 257, 19 } };
		for (final int depth : new int[] { 8, 16 }) {
			for (final int[] s : sizes) {
				for (int filters = 0; filters <= 5; filters++) { // 0..4 alone, 5: cycling every type
					final int[] rowFilters = new int[s[1]];
					for (int y = 0; y < s[1]; y++)
						rowFilters[y] = filters == 5 ? y % 5 : filters;
					final byte[] png = new Png(s[0], s[1], depth).filters(rowFilters).bytes();
					sameAsImageJ(png, depth + "-bit " + s[0] + "x" + s[1] + " filters " + filters);
				}
			}
		}
	}

	@Test
	public void splitDataAndHarmlessChunksAsImageJOpensIt() throws IOException {
		for (final String chunk : new String[] { "pHYs", "tEXt", "zTXt", "iTXt", "tIME" }) {
			final byte[] png = new Png(31, 17, 8).filters(4).idatPieces(5).before(chunk).after(chunk)
				.bytes();
			sameAsImageJ(png, "with " + chunk);
		}
		sameAsImageJ(new Png(40, 40, 16).filters(3).idatPieces(64).bytes(), "64 IDAT chunks");
		sameAsImageJ(new Png(40, 40, 8).constant(0).bytes(), "all zero");
		sameAsImageJ(new Png(40, 40, 16).constant(65535).bytes(), "all 65535");
	}

	@Test
	public void leavesEveryOtherPngToImageJ() {
		assertNull("RGB", GreyPng.decode(new Png(5, 5, 8).colourType(2).bytes()));
		assertNull("palette", GreyPng.decode(new Png(5, 5, 8).colourType(3).bytes()));
		assertNull("grey + alpha", GreyPng.decode(new Png(5, 5, 8).colourType(4).bytes()));
		for (final int depth : new int[] { 1, 2, 4 })
			assertNull(depth + "-bit", GreyPng.decode(new Png(5, 5, depth).bytes()));
		assertNull("interlaced", GreyPng.decode(new Png(5, 5, 8).interlaced().bytes()));
		for (final String c : new String[] { "tRNS", "sBIT", "gAMA", "iCCP", "sRGB", "cHRM", "abCd" })
			assertNull(c, GreyPng.decode(new Png(5, 5, 8).before(c).bytes()));
		assertNull("filter type 5", GreyPng.decode(new Png(5, 5, 8).filters(5).bytes()));
		assertNull("a row short", GreyPng.decode(new Png(5, 5, 8).rawRows(4).bytes()));
		assertNull("a row more", GreyPng.decode(new Png(5, 5, 8).rawRows(6).bytes()));
		assertNull("IDAT after another chunk after IDAT", GreyPng.decode(new Png(5, 5, 8).idatPieces(2)
			.between("tEXt").bytes()));
		final byte[] whole = new Png(9, 9, 8).bytes();
		for (int cut = 1; cut < whole.length; cut += 3)
			assertNull("cut at " + cut, GreyPng.decode(java.util.Arrays.copyOf(whole, cut)));
		final byte[] corrupt = whole.clone();
		corrupt[45] ^= 0x5a; // inside the zlib data
		assertNull("corrupt zlib data", GreyPng.decode(corrupt));
		assertNull("not a PNG", GreyPng.decode("GIF89a not at all".getBytes(StandardCharsets.US_ASCII)));
	}

	/** Every PNG of the shared polyp and retina sets decodes here as ImageJ opens it. */
	@Test
	public void realScoreMapsAndMasksAsImageJOpensThem() throws IOException {
		final Path data = Paths.get(System.getProperty("conformal.data", "../shared/data"));
		assumeTrue("real data folder " + data + " is absent", Files.isDirectory(data));
		final List<Path> pngs;
		try (Stream<Path> files = Files.walk(data)) {
			pngs = files.filter(f -> f.toString().endsWith(".png")).sorted().collect(Collectors
				.toList());
		}
		assumeTrue("no PNG files under " + data, !pngs.isEmpty());
		for (final Path f : pngs)
			sameAsImageJ(f, Files.readAllBytes(f), f.toString());
	}

	private void sameAsImageJ(final byte[] png, final String what) throws IOException {
		final Path f = tmp.getRoot().toPath().resolve(files++ + ".png");
		Files.write(f, png);
		sameAsImageJ(f, png, what);
	}

	private static void sameAsImageJ(final Path f, final byte[] png, final String what) {
		final StoredImage here = GreyPng.decode(png);
		assertNotNull(what + ": decoded here", here);
		final ImagePlus imp = new Opener().openImage(f.toString());
		assertNotNull(what + ": ImageJ opens it", imp);
		final StoredImage ij = ImagePlusBridge.stored(imp, what);
		assertEquals(what, ij.grid(), here.grid());
		assertEquals(what, ij.type(), here.type());
		final int n = ij.grid().count();
		final double[] a = new double[n], b = new double[n];
		ij.values(0, a, n);
		here.values(0, b, n);
		for (int i = 0; i < n; i++)
			if (a[i] != b[i]) assertEquals(what + " at " + ij.grid().position(i), a[i], b[i], 0);
	}

	/** A PNG file built chunk by chunk, with chosen row filters and layout. */
	private final class Png {

		private final int w, h, depth;
		private int colourType, interlace, rawRows;
		private int[] filters;
		private int idatPieces = 1;
		private Integer constant;
		private final List<String> before = new ArrayList<>(), after = new ArrayList<>();
		private String between;

		Png(final int w, final int h, final int depth) {
			this.w = w;
			this.h = h;
			this.depth = depth;
			rawRows = h;
			filters = new int[h];
		}

		Png colourType(final int t) {
			colourType = t;
			return this;
		}

		Png interlaced() {
			interlace = 1;
			return this;
		}

		Png filters(final int... f) {
			filters = f.length == 1 ? new int[rawRows] : f;
			if (f.length == 1) java.util.Arrays.fill(filters, f[0]);
			return this;
		}

		Png rawRows(final int n) {
			rawRows = n;
			filters = java.util.Arrays.copyOf(filters, n);
			return this;
		}

		Png idatPieces(final int n) {
			idatPieces = n;
			return this;
		}

		Png constant(final int v) {
			constant = v;
			return this;
		}

		Png before(final String chunk) {
			before.add(chunk);
			return this;
		}

		Png after(final String chunk) {
			after.add(chunk);
			return this;
		}

		Png between(final String chunk) {
			between = chunk;
			return this;
		}

		byte[] bytes() {
			final int channels = colourType == 2 ? 3 : colourType == 4 ? 2 : 1;
			final int rowBytes = (w * channels * depth + 7) / 8, bpp = Math.max(1, channels * depth /
				8);
			final byte[] raw = new byte[rawRows * rowBytes];
			for (int i = 0; i < raw.length; i++)
				raw[i] = (byte) (constant == null ? random.nextInt(256) : depth == 16 && i % 2 == 1
					? constant & 0xff : constant >> (depth == 16 ? 8 : 0));
			final ByteArrayOutputStream rows = new ByteArrayOutputStream();
			for (int y = 0; y < rawRows; y++) {
				rows.write(filters[y]);
				for (int i = 0; i < rowBytes; i++) {
					final int x = raw[y * rowBytes + i] & 0xff;
					final int a = i < bpp ? 0 : raw[y * rowBytes + i - bpp] & 0xff;
					final int b = y == 0 ? 0 : raw[(y - 1) * rowBytes + i] & 0xff;
					final int c = i < bpp || y == 0 ? 0 : raw[(y - 1) * rowBytes + i - bpp] & 0xff;
					rows.write(x - predictor(filters[y], a, b, c));
				}
			}
			final Deflater deflater = new Deflater();
			deflater.setInput(rows.toByteArray());
			deflater.finish();
			final ByteArrayOutputStream z = new ByteArrayOutputStream();
			final byte[] buf = new byte[4096];
			while (!deflater.finished())
				z.write(buf, 0, deflater.deflate(buf));
			deflater.end();
			final byte[] zlib = z.toByteArray();
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(new byte[] { (byte) 137, 'P', 'N', 'G', 13, 10, 26, 10 }, 0, 8);
			chunk(out, "IHDR", new byte[] { (byte) (w >> 24), (byte) (w >> 16), (byte) (w >> 8), (byte) w,
				(byte) (h >> 24), (byte) (h >> 16), (byte) (h >> 8), (byte) h, (byte) depth,
				(byte) colourType, 0, 0, (byte) interlace });
			for (final String c : before)
				chunk(out, c, ancillary(c));
			for (int p = 0; p < idatPieces; p++) {
				final int from = zlib.length * p / idatPieces, to = zlib.length * (p + 1) / idatPieces;
				chunk(out, "IDAT", java.util.Arrays.copyOfRange(zlib, from, to));
				if (p == 0 && between != null) chunk(out, between, ancillary(between));
			}
			for (final String c : after)
				chunk(out, c, ancillary(c));
			chunk(out, "IEND", new byte[0]);
			return out.toByteArray();
		}

		private int predictor(final int filter, final int a, final int b, final int c) {
			switch (filter) {
				case 1:
					return a;
				case 2:
					return b;
				case 3:
					return (a + b) / 2;
				case 4:
					final int pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
					return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
				default:
					return 0;
			}
		}

		private byte[] ancillary(final String type) {
			switch (type) {
				case "pHYs":
					return new byte[] { 0, 0, 11, 19, 0, 0, 11, 19, 1 };
				case "tIME":
					return new byte[] { 7, (byte) 234, 12, 5, 4, 30, 0 };
				case "tEXt":
					return "Comment\0made by a test".getBytes(StandardCharsets.ISO_8859_1);
				case "iTXt":
					return "Comment\0\0\0\0\0made by a test".getBytes(StandardCharsets.ISO_8859_1);
				case "zTXt": {
					final Deflater d = new Deflater();
					d.setInput("made by a test".getBytes(StandardCharsets.ISO_8859_1));
					d.finish();
					final byte[] text = new byte[64];
					final int n = d.deflate(text);
					d.end();
					final ByteArrayOutputStream b = new ByteArrayOutputStream();
					b.write("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, 9);
					b.write(text, 0, n);
					return b.toByteArray();
				}
				case "gAMA":
					return new byte[] { 0, 0, (byte) 0xb1, (byte) 0x8f };
				case "sBIT":
					return new byte[] { 5 };
				case "tRNS":
					return new byte[] { 0, 0 };
				default:
					return "x\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
			}
		}

		private void chunk(final ByteArrayOutputStream out, final String type, final byte[] data) {
			final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
			out.write(data.length >>> 24);
			out.write(data.length >>> 16);
			out.write(data.length >>> 8);
			out.write(data.length);
			out.write(t, 0, 4);
			out.write(data, 0, data.length);
			final CRC32 crc = new CRC32();
			crc.update(t);
			crc.update(data);
			final long v = crc.getValue();
			out.write((int) (v >>> 24));
			out.write((int) (v >>> 16));
			out.write((int) (v >>> 8));
			out.write((int) v);
		}
	}

	@Test
	public void decodesIntoTheStoredTypeOfItsDepth() {
		assertEquals(VoxelType.UINT8, GreyPng.decode(new Png(3, 2, 8).bytes()).type());
		assertEquals(VoxelType.UINT16, GreyPng.decode(new Png(3, 2, 16).bytes()).type());
	}
}
