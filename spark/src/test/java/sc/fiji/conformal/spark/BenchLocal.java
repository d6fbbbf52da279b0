package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;

/**
 * The benchmark's one-machine side, in a JVM of its own: the same synthetic
 * volumes generated and scored, and the real calibration of a manifest, on a
 * {@link LocalRunner} of N threads. Prints {@code RESULT}
 * lines as {@link BenchJobs} does.
 */
public final class BenchLocal {

	private BenchLocal() {}

	public static void main(final String... args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		for (int i = 0; i < args.length;) {
			switch (args[i]) {
				case "synthetic":
					synthetic(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]), Integer
						.parseInt(args[i + 3]), args[i + 4]);
					i += 5;
					break;
				case "hippocampus":
					hippocampus(args[i + 1], Integer.parseInt(args[i + 2]), args[i + 3]);
					i += 4;
					break;
				case "load":
					load(args[i + 1]);
					i += 2;
					break;
				case "ct":
					ct(args[i + 1], args[i + 2]);
					i += 3;
					break;
				default:
					throw new IllegalArgumentException("unknown section " + args[i]);
			}
		}
	}

	private static void synthetic(final int count, final int size, final int threads,
		final String out) throws IOException
	{
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("alpha", "0.1");
		final SyntheticScore task = new SyntheticScore(count, 7, new long[] { size, size, size }, p);
		final List<Integer> in = new ArrayList<>();
		for (int i = 0; i < count; i++)
			in.add(i);
		final List<ImageScore> scores = new ArrayList<>();
		final long[] nanos = new long[2];
		final long t0 = System.nanoTime();
		LocalRunner.of(threads).run(in, task, RunMonitor.NONE, r -> {
			scores.add(r.score);
			nanos[0] += r.generateNanos;
			nanos[1] += r.scoreNanos;
		});
		final Calibration c = Calibrator.fromScores(Settings.fromParameters(p), scores);
		final long wall = System.nanoTime() - t0;
		CalibrationFile.write(c, Paths.get(out), true);
		System.out.println(String.format(Locale.ROOT,
			"RESULT synthetic count=%d size=%d threads=%d wallMs=%.1f generateMsPerImage=%.1f scoreMsPerImage=%.1f lambda=%s",
			count, size, threads, wall / 1e6, nanos[0] / 1e6 / count, nanos[1] / 1e6 / count, c.outer()
				.lambda()));
	}

	/**
	 * One real CT volume (the CHAOS liver sample, 512 x 512 x 78, anisotropic):
	 * load (decode its binary prediction and ground truth) and score (dilation,
	 * Euclidean ball in mm) on one thread, best of three.
	 */
	private static void ct(final String folder, final String manifest) throws IOException {
		final Path dir = Paths.get(folder);
		Files.write(Paths.get(manifest), Arrays.asList("id,prediction,mask", "ct," + dir.resolve(
			"pred.nii.gz") + "," + dir.resolve("gt.nii.gz")), StandardCharsets.UTF_8);
		final Dataset data = Dataset.fromManifest(Paths.get(manifest), new ImageJFiles());
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("shape", "euclidean");
		final Settings settings = Settings.fromParameters(p);
		long load = Long.MAX_VALUE, score = Long.MAX_VALUE;
		int voxels = 0;
		for (int run = 0; run < 3; run++) {
			final long t0 = System.nanoTime();
			final Sample s = data.load(data.entries().get(0)).value().sample();
			final long t1 = System.nanoTime();
			ImageScores.score(settings, s);
			final long t2 = System.nanoTime();
			load = Math.min(load, t1 - t0);
			score = Math.min(score, t2 - t1);
			voxels = s.grid().count();
		}
		System.out.println(String.format(Locale.ROOT, "RESULT ct voxels=%d loadMs=%.1f scoreMs=%.1f",
			voxels, load / 1e6, score / 1e6));
	}

	/**
	 * Loading alone (decode and hash every file of a manifest) on one thread:
	 * voxels per second, the rate a float32 score map and a mask are read at.
	 */
	private static void load(final String manifest) throws IOException {
		final Dataset data = Dataset.fromManifest(Paths.get(manifest), new ImageJFiles());
		long voxels = 0, bytes = 0;
		final long t0 = System.nanoTime();
		for (final Dataset.Entry e : data.entries()) {
			final Sample s = data.load(e).value().sample();
			voxels += s.grid().count();
			bytes += Files.size(e.score()) + Files.size(e.mask());
		}
		final long wall = System.nanoTime() - t0;
		System.out.println(String.format(Locale.ROOT,
			"RESULT load images=%d voxels=%d fileBytes=%d wallMs=%.1f nsPerVoxel=%.2f", data.size(),
			voxels, bytes, wall / 1e6, wall / (double) voxels));
	}

	private static void hippocampus(final String manifest, final int threads, final String out)
		throws IOException
	{
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("shape", "euclidean");
		p.put("alpha", "0.1");
		final DatasetPaths paths = new DatasetPaths(null, null, null, Paths.get(manifest));
		final long t0 = System.nanoTime();
		final Calibration c = Batch.calibrate(paths.open(new ImageJFiles()), Settings.fromParameters(
			p), paths.root(), LocalRunner.of(threads), null).value();
		final long wall = System.nanoTime() - t0;
		CalibrationFile.write(c, Paths.get(out), true);
		System.out.println(String.format(Locale.ROOT,
			"RESULT hippocampus images=%d threads=%d wallMs=%.1f", c.n(), threads, wall / 1e6));
	}
}
