package sc.fiji.conformal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.ij.ImageJFiles;

/**
 * The scale sections of {@link Bench}, each run in child JVMs whose heap is
 * watched ({@link Bench#watchLiveHeap}):
 * <ul>
 * <li>{@code scale3d}: calibrations (dilation, crc) on 10 and 50 NIfTI
 * volumes of 512x512x300 (float32 scores, uint8 masks), from a manifest that
 * cycles through 5 distinct volume pairs written to a temporary folder (about
 * 2 GB, deleted at the end): wall time, live and peak heap, and the growth
 * of the live heap from 10 to 50 volumes, which should be the scores only;</li>
 * <li>{@code calfile}: reading a calibration file of 5 million scores: time
 * and live heap.</li>
 * </ul>
 */
final class ScaleBench {

	private static final int DISTINCT = 5;

	private ScaleBench() {}

	/**
	 * Child entry point: {@code volumes manifest method threads}, {@code write
	 * file n} (a dilation calibration file of n scores) or {@code read file}
	 * (which times and watches any build's reader, given its classes first on
	 * the class path).
	 */
	public static void main(final String... args) throws Exception {
		if (args[0].equals("volumes")) volumesChild(Paths.get(args[1]), args[2], Integer.parseInt(
			args[3]));
		else if (args[0].equals("write")) writeChild(Paths.get(args[1]), Integer.parseInt(args[2]));
		else readChild(Paths.get(args[1]));
	}

	// --- 3-D volumes -------------------------------------------------------

	static void volumes(final boolean quick) throws Exception {
		final long[] size = quick ? new long[] { 128, 128, 60 } : new long[] { 512, 512, 300 };
		final int[] counts = quick ? new int[] { 4, 12 } : new int[] { 10, 50 };
		final String xmx = System.getProperty("bench.scale3d.xmx", quick ? "1g" : "4g");
		final int threads = Integer.getInteger("bench.scale3d.threads", 1);
		System.out.printf(Locale.ROOT, "## Calibrating %s and %s NIfTI volumes of %dx%dx%d " +
			"(float32 scores, uint8 masks; %d distinct pairs cycled), one JVM each%n", counts[0],
			counts[1], size[0], size[1], size[2], DISTINCT);
		System.out.printf(Locale.ROOT, "(-Xmx%s, serial GC, %d thread(s); live = most heap in use " +
			"after any collection; peak = pools' peak usage; the file written is the calibration)%n",
			xmx, threads);
		final Path dir = Files.createTempDirectory("conformal-scale3d");
		try {
			final long t0 = System.nanoTime();
			for (int v = 0; v < DISTINCT; v++)
				writeVolume(dir, v, size);
			System.out.printf(Locale.ROOT, "wrote %d volume pairs (%d MB) in %.1f s%n", DISTINCT,
				folderBytes(dir) >> 20, (System.nanoTime() - t0) / 1e9);
			final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
			for (final String method : new String[] { "dilation", "crc" }) {
				final double[][] mb = new double[counts.length][];
				for (int c = 0; c < counts.length; c++) {
					final Path manifest = manifest(dir, counts[c]);
					final long t1 = System.nanoTime();
					final String out = Bench.exec(new ProcessBuilder(java, "-Xmx" + xmx,
						"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ScaleBench.class
							.getName(), "volumes", manifest.toString(), method, String.valueOf(threads))).trim();
					System.out.printf(Locale.ROOT, "%-8s %3d volumes: %s, %.1f s wall%n", method, counts[c],
						out, (System.nanoTime() - t1) / 1e9);
					mb[c] = figures(out);
				}
				System.out.printf(Locale.ROOT,
					"%-8s %d minus %d volumes: live %+.1f MB, peak %+.1f MB, file %+.2f MB%n", method,
					counts[1], counts[0], mb[1][0] - mb[0][0], mb[1][1] - mb[0][1], mb[1][2] - mb[0][2]);
			}
		}
		finally {
			delete(dir);
		}
	}

	/**
	 * Volume pair v: a sphere of scores (a smooth ramp through 0.5 at radius
	 * r) and a true ellipsoid slightly off it, both placed by v.
	 */
	private static void writeVolume(final Path dir, final int v, final long[] size)
		throws IOException
	{
		final Grid g = Grid.of(size, new double[] { 0.8, 0.8, 1.5 });
		final int nx = (int) size[0], ny = (int) size[1], nz = (int) size[2];
		final float[] s = new float[g.count()];
		final boolean[] m = new boolean[g.count()];
		final double cx = nx * (0.45 + 0.02 * v), cy = ny * (0.5 - 0.015 * v), cz = nz * 0.5;
		final double r = Math.min(nx, nz) * (0.25 + 0.01 * v);
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) {
					final double dx = x - cx, dy = y - cy, dz = z - cz;
					final double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
					s[i] = (float) (1 / (1 + Math.exp((d - r) / 4)));
					final double ex = dx / (r * 1.08), ey = (dy - 3) / (r * 0.95), ez = dz / r;
					m[i] = ex * ex + ey * ey + ez * ez <= 1;
				}
		Nifti.write(dir.resolve("score" + v + ".nii"), new ScalarImage(g, s));
		Nifti.write(dir.resolve("mask" + v + ".nii"), new Mask(g, m));
	}

	private static Path manifest(final Path dir, final int n) throws IOException {
		final List<String> lines = new ArrayList<>();
		lines.add("id,score,mask");
		for (int i = 0; i < n; i++)
			lines.add(String.format(Locale.ROOT, "v%03d,score%d.nii,mask%d.nii", i, i % DISTINCT, i %
				DISTINCT));
		final Path csv = dir.resolve("manifest-" + n + ".csv");
		Files.write(csv, lines, StandardCharsets.UTF_8);
		return csv;
	}

	private static void volumesChild(final Path manifest, final String method, final int threads)
		throws Exception
	{
		final long[] live = Bench.watchLiveHeap();
		final Settings s = Settings.builder(Method.fromId(method)).alpha(0.1).build();
		final Dataset d = Dataset.fromManifest(manifest, new ImageJFiles());
		final long t0 = System.nanoTime();
		final Batch.Result<Calibration> r = Batch.calibrate(d, s, manifest.getParent(), LocalRunner.of(
			threads), null);
		final double calibrate = (System.nanoTime() - t0) / 1e9;
		final Path out = manifest.resolveSibling(method + "-" + d.size() + ".json");
		CalibrationFile.write(r.value(), out, true);
		final long bytes = Files.size(out);
		Files.delete(out);
		System.gc();
		Thread.sleep(200);
		synchronized (live) {
			System.out.printf(Locale.ROOT, "n=%d skipped %d, calibrate %.1f s, live %.1f MB, " +
				"peak %.1f MB, file %.2f MB", r.value().n(), r.failures().size(), calibrate, live[0] /
					1048576.0, Bench.peakHeap() / 1048576.0, bytes / 1048576.0);
		}
	}

	private static double[] figures(final String line) {
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
			"live ([0-9.]+) MB, peak ([0-9.]+) MB, file ([0-9.]+) MB").matcher(line);
		if (!m.find()) throw new IllegalStateException("unexpected child output: " + line);
		return new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double
			.parseDouble(m.group(3)) };
	}

	// --- a large calibration file --------------------------------------------

	static void calibrationFile(final boolean quick) throws Exception {
		final int n = quick ? 500_000 : 5_000_000;
		System.out.printf(Locale.ROOT, "## Reading a dilation calibration file of %d scores, " +
			"one JVM (-Xmx3g, serial GC)%n", n);
		final Path dir = Files.createTempDirectory("conformal-calfile");
		try {
			final Path file = dir.resolve("big.json");
			final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
			Bench.exec(new ProcessBuilder(java, "-Xmx6g", "-cp", System.getProperty("java.class.path"),
				ScaleBench.class.getName(), "write", file.toString(), String.valueOf(n)));
			final String out = Bench.exec(new ProcessBuilder(java, "-Xmx3g", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), ScaleBench.class.getName(), "read", file
					.toString())).trim();
			System.out.printf(Locale.ROOT, "%.1f MB file: %s%n", Files.size(file) / 1048576.0, out);
		}
		finally {
			delete(dir);
		}
	}

	private static void writeChild(final Path file, final int n) throws IOException {
		final List<ImageScore> scores = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			scores.add(new ImageScore(String.format(Locale.ROOT, "case/%07d", i), Double.NaN, i % 97,
				null));
		CalibrationFile.write(Calibration.restore(Settings.builder(Method.DILATION).build(), scores,
			java.util.Collections.emptyMap(), java.util.Collections.emptyList(), java.time.Instant.parse(
				"2026-01-01T00:00:00Z")), file, false);
	}

	private static void readChild(final Path file) throws Exception {
		final long[] live = Bench.watchLiveHeap();
		final long t0 = System.nanoTime();
		final Calibration c = CalibrationFile.read(file);
		final double s = (System.nanoTime() - t0) / 1e9;
		System.gc();
		Thread.sleep(200);
		final long held = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		synchronized (live) {
			System.out.printf(Locale.ROOT, "n=%d read in %.1f s, live %.1f MB, peak %.1f MB, " +
				"calibration held %.1f MB", c.n(), s, live[0] / 1048576.0, Bench.peakHeap() / 1048576.0,
				held / 1048576.0);
		}
	}

	// --- files -------------------------------------------------------------

	private static long folderBytes(final Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			long sum = 0;
			for (final Path f : (Iterable<Path>) files::iterator)
				sum += Files.size(f);
			return sum;
		}
	}

	private static void delete(final Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (final Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator)
				Files.deleteIfExists(f);
		}
	}
}
