package sc.fiji.conformal.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;

import net.imglib2.parallel.Parallelization;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.ClassBatch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.distance.DistanceTransform;
import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.distance.IteratedMorphology;
import sc.fiji.conformal.core.distance.Reference;
import sc.fiji.conformal.core.distance.SignedDistance;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.data.PaperProtocolsTest;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.Nifti;

/**
 * The performance benchmark (not a unit test; run it with {@code bench/run},
 * see docs/performance.md). Every figure is a median over repetitions after
 * warm-up, with its min–max spread, and is reported as a ratio against a
 * baseline measured in the same run:
 * <ul>
 * <li>{@code maps}: each level map against a memory pass (read the mask, write
 * a new float map) and against the textbook line-by-line transform;</li>
 * <li>{@code threads}: the same on 1 and on 2 threads;</li>
 * <li>{@code images}: level map + score of one image against iterated
 * dilation until the truth is covered, at λ = 6, 17, 69;</li>
 * <li>{@code data}: in-process calibration of the shared real datasets;</li>
 * <li>{@code parallel}: in-process calibration of the retina (40 large maps)
 * and hippocampus (257 NIfTI volumes) sets on 1 and on 2 threads
 * ({@link LocalRunner}), the two interleaved in the same run, with the
 * calibrations checked identical;</li>
 * <li>{@code launcher}: whole-process calibration of the shared datasets (and
 * of one image) through {@code bin/conformal-headless}, as shipped, without
 * its class-data sharing archive, with the JVM's default compile thresholds
 * and with the client compiler only, against the Python
 * reference {@code bench/reference.py} (numpy + scipy.ndimage), which must
 * give the same λ̂;</li>
 * <li>{@code heap}: peak heap calibrating 100 and 1,000 synthetic 512²
 * images on 1 and on 2 threads, each in its own JVM;</li>
 * <li>{@code classes} (only when named): the two-class hippocampus
 * ({@code manifest-multiclass.csv}) calibrated per class in one pass against
 * two binary one-vs-rest passes over files derived from it, on 1 and on 2
 * threads, alternated, with the same λ̂ per class; the {@code classes=auto}
 * pre-pass; the heap retained by a calibration of 2 and of 4 classes
 * (synthetic) and the most live heap while calibrating (a JVM each);</li>
 * <li>{@code validation} (only when named): regenerates docs/validation.md
 * and its figures from the real data, by running {@link PaperProtocolsTest}
 * with {@code conformal.writeDocs} (several minutes; fails on any coverage
 * below its band).</li>
 * </ul>
 * Arguments: section names (default all), {@code --quick} for small sizes and
 * few repetitions, {@code --data=DIR} for the shared data folder,
 * {@code --root=DIR} for the project (for the launcher), {@code --baseline=DIR}
 * for another checkout whose launcher the launcher section times too (say,
 * before a change).
 */
public final class Bench {

	private static volatile double sink;

	private static boolean quick;
	private static Path data = Paths.get("../shared/data");
	private static Path root = Paths.get(".");
	private static Path baseline;

	private Bench() {}

	public static void main(final String... args) throws Exception {
		final Set<String> sections = new LinkedHashSet<>();
		for (final String a : args) {
			if (a.equals("--quick")) quick = true;
			else if (a.startsWith("--data=")) data = Paths.get(a.substring(7));
			else if (a.startsWith("--root=")) root = Paths.get(a.substring(7));
			else if (a.startsWith("--baseline=")) baseline = Paths.get(a.substring(11));
			else sections.add(a);
		}
		if (sections.contains("classes-heap-child")) {
			classesHeapChild(args[args.length - 1]);
			return;
		}
		if (sections.contains("heap-child")) {
			heapChild(Integer.parseInt(args[args.length - 2]), Integer.parseInt(args[args.length - 1]));
			return;
		}
		if (sections.isEmpty()) sections.addAll(Arrays.asList("maps", "threads", "images", "data",
			"parallel", "launcher", "heap"));
		System.out.printf(Locale.ROOT, "# Conformal Segmentation benchmark%s%n", quick ? " (quick)" : "");
		System.out.printf(Locale.ROOT, "java %s (%s), %d processors, max heap %d MB, %s %s%n",
			System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime()
				.availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty(
					"os.name"), System.getProperty("os.arch"));
		System.out.println("times: median [min–max] over repetitions, in ms; ratios of medians");
		for (final String s : sections) {
			System.out.println();
			switch (s) {
				case "maps":
					maps();
					break;
				case "threads":
					threads();
					break;
				case "images":
					images();
					break;
				case "data":
					data();
					break;
				case "parallel":
					parallel();
					break;
				case "launcher":
					launcher();
					break;
				case "heap":
					heap();
					break;
				case "validation":
					validation();
					break;
				case "scale3d":
					ScaleBench.volumes(quick);
					break;
				case "calfile":
					ScaleBench.calibrationFile(quick);
					break;
				case "classes":
					classes();
					break;
				default:
					throw new IllegalArgumentException("unknown section '" + s +
						"'; sections: maps threads images data parallel launcher heap validation scale3d calfile classes");
			}
		}
	}

	/**
	 * docs/validation.md and docs/validation/*.png, regenerated: the real-data
	 * protocols of {@link PaperProtocolsTest}, run here with the data folder
	 * and project root of this benchmark.
	 */
	private static void validation() {
		System.out.println("## validation: docs/validation.md from " + data);
		System.setProperty("java.awt.headless", "true");
		System.setProperty("conformal.writeDocs", "true");
		System.setProperty("conformal.sharedData", data.toString());
		System.setProperty("basedir", root.toString());
		final Result r = JUnitCore.runClasses(PaperProtocolsTest.class);
		for (final Failure f : r.getFailures())
			System.out.println("FAILED " + f.getTestHeader() + ": " + f.getMessage());
		System.out.printf(Locale.ROOT, "%d protocols run, %d skipped, %d failed, %.0f s%n", r
			.getRunCount(), r.getIgnoreCount(), r.getFailureCount(), r.getRunTime() / 1e3);
		if (!r.wasSuccessful()) throw new IllegalStateException("the validation failed (see above)");
	}

	// --- timing -----------------------------------------------------------

	/** Median and spread of repeated timings, in ms. */
	static final class Stats {

		final double median, min, max;

		Stats(final double[] ms) {
			final double[] s = ms.clone();
			Arrays.sort(s);
			median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
			min = s[0];
			max = s[s.length - 1];
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%9s [%s–%s]", fmt(median), fmt(min), fmt(max));
		}
	}

	static String fmt(final double ms) {
		return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : ms >= 10 ? String.format(
			Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
	}

	/** Times {@code task} {@code reps} times after {@code warmup} runs. */
	static Stats time(final int warmup, final int reps, final Callable<?> task) throws Exception {
		for (int i = 0; i < warmup; i++)
			consume(task.call());
		final double[] ms = new double[reps];
		for (int i = 0; i < reps; i++) {
			final long t0 = System.nanoTime();
			consume(task.call());
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		return new Stats(ms);
	}

	private static void consume(final Object o) {
		if (o instanceof ScalarImage) sink += ((ScalarImage) o).values()[((ScalarImage) o).values().length / 2];
		else if (o instanceof float[]) sink += ((float[]) o)[((float[]) o).length / 2];
		else if (o != null) sink += o.hashCode();
	}

	private static String ratio(final Stats a, final Stats b) {
		return String.format(Locale.ROOT, "%.2f×", a.median / b.median);
	}

	// --- level maps against a memory pass ------------------------------------

	/** Random features of density 0.001, seeded. */
	static Mask randomMask(final Grid grid, final double density, final long seed) {
		final Random r = new Random(seed);
		final boolean[] v = new boolean[grid.count()];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextDouble() < density;
		return new Mask(grid, v);
	}

	/** The practical floor of a level map: read the mask once, write a new float map once. */
	static float[] memoryPass(final Mask m) {
		final boolean[] v = m.voxels();
		final float[] out = new float[v.length];
		for (int i = 0; i < v.length; i++)
			out[i] = v[i] ? 0 : 1;
		return out;
	}

	/** The memory pass split over the caller's executor (for the 2-thread floor). */
	static float[] memoryPassParallel(final Mask m) {
		final boolean[] v = m.voxels();
		final float[] out = new float[v.length];
		final int tasks = Parallelization.getTaskExecutor().getParallelism();
		final List<Integer> chunks = new ArrayList<>();
		for (int t = 0; t < tasks; t++)
			chunks.add(t);
		Parallelization.getTaskExecutor().forEach(chunks, t -> {
			final int from = (int) ((long) v.length * t / tasks);
			final int to = (int) ((long) v.length * (t + 1) / tasks);
			for (int i = from; i < to; i++)
				out[i] = v[i] ? 0 : 1;
		});
		return out;
	}

	private static Grid[] mapGrids() {
		return quick ? new Grid[] { Grid.of(512, 512), Grid.of(64, 64, 64).withSpacing(0.73, 0.73,
			2.0) } : new Grid[] { Grid.of(2048, 2048), Grid.of(256, 256, 256).withSpacing(0.73, 0.73,
				2.0) };
	}

	private static void maps() throws Exception {
		System.out.println("## Level maps, 1 thread, random features of density 0.001");
		System.out.println("(before = the textbook line-by-line transform in a double[] work array, measured in this run)");
		System.out.printf(Locale.ROOT, "%-10s %-22s %-28s %-10s %-28s %s%n", "image", "map", "ms",
			"vs memory", "before ms", "speed-up");
		final int reps = quick ? 5 : 11;
		for (final Grid g : mapGrids()) {
			final Mask m = randomMask(g, 0.001, 1);
			final Stats floor = Parallelization.runSingleThreaded(() -> time(5, reps, () -> memoryPass(
				m)));
			row(g, "memory pass", floor, floor, null);
			for (final Metric metric : Metric.values()) {
				final Stats s = single(reps, () -> DistanceTransform.distanceTo(m, metric, false));
				final Stats before = single(quick ? 3 : 5, () -> Reference.linewise(m, metric, false));
				row(g, name(metric), s, floor, before);
			}
			for (final Metric metric : Metric.values()) {
				final Stats s = single(reps, () -> DistanceTransform.distanceToComplement(m, metric,
					true));
				final Stats before = single(quick ? 3 : 5, () -> Reference.linewise(m.not(), metric, true));
				row(g, name(metric) + " (erosion)", s, floor, before);
			}
			row(g, "signed distance", single(reps, () -> SignedDistance.of(m)), floor, null);
			if (g.numDimensions() == 2) {
				// fractional spacing: the double-precision envelope instead of the whole-number one
				final Mask ms = new Mask(g.withSpacing(0.5, 0.7), m.voxels());
				row(g, "euclidean, 0.5×0.7", single(reps, () -> DistanceTransform.distanceTo(ms,
					Metric.EUCLIDEAN, false)), floor, single(quick ? 3 : 5, () -> Reference.linewise(ms,
						Metric.EUCLIDEAN, false)));
			}
		}
	}

	private static Stats single(final int reps, final Callable<?> task) throws Exception {
		return Parallelization.runSingleThreaded(() -> time(Math.max(5, reps), reps, task));
	}

	private static String name(final Metric m) {
		return m == Metric.CITY_BLOCK ? "city-block" : m == Metric.CHESSBOARD ? "chessboard"
			: "euclidean";
	}

	private static void row(final Grid g, final String what, final Stats s, final Stats floor,
		final Stats before)
	{
		System.out.printf(Locale.ROOT, "%-10s %-22s %-28s %-10s %-28s %s%n", g, what, s, ratio(s,
			floor), before == null ? "" : before.toString(), before == null ? "" : ratio(before, s));
	}

	// --- threads ---------------------------------------------------------------

	private static void threads() throws Exception {
		System.out.println("## 1 vs 2 threads (Parallelization.runWithNumThreads)");
		System.out.printf(Locale.ROOT, "%-10s %-18s %-28s %-28s %s%n", "image", "map", "1 thread ms",
			"2 threads ms", "speed-up");
		final int reps = quick ? 5 : 11;
		for (final Grid g : mapGrids()) {
			final Mask m = randomMask(g, 0.001, 1);
			threadRow(g, "memory pass", reps, () -> memoryPassParallel(m));
			for (final Metric metric : Metric.values())
				threadRow(g, name(metric), reps, () -> DistanceTransform.distanceTo(m, metric, false));
			threadRow(g, "signed distance", reps, () -> SignedDistance.of(m));
		}
	}

	private static void threadRow(final Grid g, final String what, final int reps,
		final Callable<?> task) throws Exception
	{
		final Stats one = Parallelization.runWithNumThreads(1, () -> time(reps, reps, task));
		final Stats two = Parallelization.runWithNumThreads(2, () -> time(reps, reps, task));
		System.out.printf(Locale.ROOT, "%-10s %-18s %-28s %-28s %s%n", g, what, one, two, ratio(one,
			two));
	}

	// --- per image against iterated dilation ------------------------------------

	/**
	 * One dilation step by the cross, in a tight loop over the flat array (what
	 * scipy's binary_dilation does): the fair form of iterated morphology.
	 */
	static boolean[] dilateCross(final boolean[] m, final int[] size) {
		final boolean[] out = m.clone();
		int stride = 1;
		for (int d = 0; d < size.length; d++) {
			final int n = size[d];
			final int block = stride * n;
			for (int base = 0; base < m.length; base += block) {
				for (int x = 0; x < n; x++) {
					final int r = base + x * stride;
					if (x > 0) for (int i = 0; i < stride; i++)
						out[r + i] |= m[r - stride + i];
					if (x < n - 1) for (int i = 0; i < stride; i++)
						out[r + i] |= m[r + stride + i];
				}
			}
			stride *= n;
		}
		return out;
	}

	private static boolean covers(final boolean[] o, final boolean[] y) {
		for (int i = 0; i < o.length; i++)
			if (y[i] && !o[i]) return false;
		return true;
	}

	/** The reference route: dilate until Y is covered; the score is the number of steps. */
	static int iteratedScore(final Mask predicted, final Mask truth, final boolean oracle) {
		final int[] size = new int[predicted.grid().numDimensions()];
		for (int d = 0; d < size.length; d++)
			size[d] = predicted.grid().size(d);
		boolean[] o = predicted.voxels();
		int k = 0;
		while (!covers(o, truth.voxels())) {
			o = oracle ? IteratedMorphology.dilate(o, size, false) : dilateCross(o, size);
			k++;
		}
		return k;
	}

	private static void images() throws Exception {
		System.out.println("## Per image: level map + score against iterated dilation (cross, full coverage), 1 thread");
		System.out.println("(iterated = dilate once, check coverage, repeat, in a tight loop as scipy does;");
		System.out.println(" oracle = the test suite's brute-force IteratedMorphology, on the smaller images)");
		System.out.printf(Locale.ROOT, "%-12s %-4s %-28s %-28s %-9s %-28s %s%n", "image", "λ",
			"level map + score ms", "iterated ms", "speed-up", "oracle ms", "speed-up");
		final Grid[] grids = quick ? new Grid[] { Grid.of(352, 352), Grid.of(64, 64, 64) }
			: new Grid[] { Grid.of(352, 352), Grid.of(1024, 1024), Grid.of(2048, 2048), Grid.of(128, 128,
				128), Grid.of(256, 256, 256) };
		final Settings settings = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(
			StructuringElement.CROSS).build();
		for (final Grid g : grids) {
			for (final int lambda : new int[] { 6, 17, 69 }) {
				final Mask predicted = ball(g);
				final Mask truth = DistanceTransform.cityBlock(predicted).atMost(lambda);
				final Sample sample = Sample.of("bench", null, predicted, truth);
				final double engine = ImageScores.score(settings, sample).outer();
				final int iterated = iteratedScore(predicted, truth, false);
				if (engine != lambda || iterated != lambda) {
					throw new IllegalStateException("scores differ on " + g + ": engine " + engine +
						", iterated " + iterated + ", expected " + lambda);
				}
				final boolean big = g.count() > 2_000_000;
				final Stats fast = single(quick ? 5 : 9, () -> ImageScores.score(settings, sample));
				final Stats slow = Parallelization.runSingleThreaded(() -> time(1, quick || big ? 3 : 5,
					() -> iteratedScore(predicted, truth, false)));
				Stats oracle = null;
				if (g.count() <= 2_100_000 && (g.numDimensions() == 2 || lambda <= 17)) {
					oracle = time(0, 1, () -> iteratedScore(predicted, truth, true));
				}
				System.out.printf(Locale.ROOT, "%-12s %-4d %-28s %-28s %-9s %-28s %s%n", g, lambda, fast,
					slow, ratio(slow, fast), oracle == null ? "" : oracle.toString(), oracle == null ? ""
						: ratio(oracle, fast));
			}
		}
	}

	/** A ball of radius min(size)/8 at the centre (voxel units). */
	static Mask ball(final Grid g) {
		int r = Integer.MAX_VALUE;
		for (int d = 0; d < g.numDimensions(); d++)
			r = Math.min(r, g.size(d) / 8);
		final boolean[] v = new boolean[g.count()];
		final int[] x = new int[g.numDimensions()];
		for (int i = 0; i < v.length; i++) {
			int rest = i;
			long d2 = 0;
			for (int d = 0; d < x.length; d++) {
				final int c = rest % g.size(d) - g.size(d) / 2;
				rest /= g.size(d);
				d2 += (long) c * c;
			}
			v[i] = d2 <= (long) r * r;
		}
		return new Mask(g, v);
	}

	// --- real data, in process -----------------------------------------------------

	private static final String[][] DATASETS = { { "polyps-pranet", "777 polyp maps 50x50" }, {
		"retina-vessels-retinaunet", "40 retina maps 565x584/700x605" } };

	private static Settings fullCoverage() {
		return Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(StructuringElement.CROSS)
			.build();
	}

	private static void data() throws Exception {
		System.out.println("## Calibration of the shared datasets in process (dilation, cross, α = 0.1, full coverage)");
		System.out.printf(Locale.ROOT, "%-28s %-6s %-28s %-28s %-28s %s%n", "dataset", "λ̂",
			"calibrate (files) ms", "read only ms", "score only ms", "score, 2 threads (images in parallel) ms");
		for (final String[] d : DATASETS) {
			final Path dir = data.resolve(d[0]);
			if (!Files.isDirectory(dir)) {
				System.out.println(d[0] + ": not found under " + data + " (use --data=DIR)");
				continue;
			}
			final Settings s = fullCoverage();
			final Calibration c = Batch.calibrate(dataset(dir), s, null, LocalRunner.of(1), null).value();
			final int reps = quick ? 3 : 7;
			final Stats all = single(reps, () -> Batch.calibrate(dataset(dir), s, null, LocalRunner.of(1),
				null));
			final List<Sample> loaded = new ArrayList<>();
			final Stats read = single(reps, () -> {
				loaded.clear();
				for (final Sample x : dataset(dir))
					loaded.add(x);
				return loaded.size();
			});
			final Stats score = single(reps, () -> Calibrator.calibrate(s, loaded, LocalRunner.of(1)));
			final Stats two = time(1, reps, () -> Calibrator.calibrate(s, loaded, LocalRunner.of(2)));
			System.out.printf(Locale.ROOT, "%-28s %-6.0f %-28s %-28s %-28s %s%n", d[1], c.outer().lambda(),
				all, read, score, two);
		}
	}

	private static Dataset dataset(final Path dir) throws IOException {
		return Dataset.fromFolders(dir.resolve("pred"), null, dir.resolve("gt"), new ImageJFiles());
	}

	// --- real data on 1 and 2 threads ----------------------------------------------------

	private static void parallel() throws Exception {
		System.out.println("## Calibration in process on 1 and 2 threads (LocalRunner; dilation, cross, α = 0.1, full coverage)");
		System.out.println("(load + score of every image, then λ̂; the 1- and 2-thread runs alternate, so drift hits both;");
		System.out.println(" the calibrations are checked identical apart from their creation time)");
		System.out.println(" cpu/wall = this process's CPU time over wall time, median: about 2 on 2 threads only when");
		System.out.println(" both cores were ours; below that, other processes had them)");
		System.out.printf(Locale.ROOT, "%-34s %-6s %-28s %-28s %-9s %s%n", "dataset", "λ̂",
			"1 thread ms", "2 threads ms", "speed-up", "cpu/wall 1 / 2 threads");
		final Settings s = fullCoverage();
		final String[][] sets = { { "retina-vessels-retinaunet", "40 retina maps 565x584/700x605",
			"folders" }, { "hippocampus-msd", "257 hippocampus volumes (NIfTI gz)", "manifest" } };
		final int reps = quick ? 3 : 9;
		for (final String[] d : sets) {
			final Path dir = data.resolve(d[0]);
			if (!Files.isDirectory(dir)) {
				System.out.println(d[0] + ": not found under " + data + " (use --data=DIR)");
				continue;
			}
			final Callable<Dataset> open = () -> d[2].equals("folders") ? Dataset.fromFolders(dir.resolve(
				"pred"), null, dir.resolve("gt"), new ImageJFiles()) : Dataset.fromManifest(dir.resolve(
					"manifest.csv"), new ImageJFiles());
			final Calibration one = Batch.calibrate(open.call(), s, dir, LocalRunner.of(1), null).value();
			final Calibration two = Batch.calibrate(open.call(), s, dir, LocalRunner.of(2), null).value();
			if (!json(one).equals(json(two))) {
				throw new IllegalStateException(d[0] + ": the calibrations on 1 and 2 threads differ");
			}
			final Stats[] t = paired(reps, () -> Batch.calibrate(open.call(), s, dir, LocalRunner.of(1),
				null), () -> Batch.calibrate(open.call(), s, dir, LocalRunner.of(2), null));
			System.out.printf(Locale.ROOT, "%-34s %-6.0f %-28s %-28s %-9s %.2f / %.2f%n", d[1], one
				.outer().lambda(), t[0], t[1], ratio(t[0], t[1]), t[2].median, t[3].median);
		}
	}

	private static String json(final Calibration c) {
		return CalibrationFile.toJson(c).replaceFirst("\"created\": \"[^\"]*\"", "");
	}

	/**
	 * Times two tasks alternately, after warm-up runs of each (the JIT compiles
	 * the reading and scoring paths for about 15 calibrations: a warm-up too short
	 * leaves its compiling on the second core, which the 1-thread runs get for
	 * free and the 2-thread runs pay for): wall times of a and b, then their
	 * CPU-time-over-wall-time ratios (this process).
	 */
	private static Stats[] paired(final int reps, final Callable<?> a, final Callable<?> b)
		throws Exception
	{
		for (int i = 0; i < (quick ? 1 : 10); i++) {
			consume(a.call());
			consume(b.call());
		}
		final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		final double[] ta = new double[reps], tb = new double[reps], ca = new double[reps],
			cb = new double[reps];
		for (int i = 0; i < reps; i++) {
			long c0 = os.getProcessCpuTime();
			long t0 = System.nanoTime();
			consume(a.call());
			ta[i] = (System.nanoTime() - t0) / 1e6;
			ca[i] = (os.getProcessCpuTime() - c0) / 1e6 / ta[i];
			c0 = os.getProcessCpuTime();
			t0 = System.nanoTime();
			consume(b.call());
			tb[i] = (System.nanoTime() - t0) / 1e6;
			cb[i] = (os.getProcessCpuTime() - c0) / 1e6 / tb[i];
		}
		return new Stats[] { new Stats(ta), new Stats(tb), new Stats(ca), new Stats(cb) };
	}

	// --- classes: one pass for all classes against one binary pass per class ---------------

	/**
	 * The two-class hippocampus calibrated per class (dilation, cross, α = 0.1,
	 * full coverage): both classes in ONE pass ({@link ClassBatch}: each
	 * image's label maps and 4-D probabilities read once, both classes scored)
	 * against TWO binary one-vs-rest passes ({@link Batch#calibrate}), one per
	 * class, over files derived once before timing from the same images (mask =
	 * label c, prediction = predicted label c, score = the probability of c, as
	 * gzip NIfTI), on 1 and on 2 threads; the variants alternate run by run
	 * after warm-up. Each class's λ̂ must be the same in both, or the bench
	 * stops. Then the {@code classes=auto} pre-pass
	 * ({@link LabelDataset#foundClasses}) against the one pass, and the heap
	 * with 2 and with 4 classes, each in its own JVM.
	 */
	private static void classes() throws Exception {
		System.out.println("## Per-class calibration: one pass for both classes against two binary one-vs-rest passes");
		final Path dir = data.resolve("hippocampus-msd");
		final Path manifest = dir.resolve("manifest-multiclass.csv");
		if (!Files.isRegularFile(manifest)) {
			System.out.println(manifest + ": not found (use --data=DIR)");
			return;
		}
		final Settings s = fullCoverage();
		final LabelClasses both = LabelClasses.parse("1:anterior,2:posterior");
		final LabelDataset labels = LabelDataset.fromManifest(manifest, GroupBy.NONE, ImageJFiles
			.formats());
		final Path work = Files.createTempDirectory("bench-classes");
		try {
			final Path[] binary = oneVsRestManifests(labels, both, work);
			final Callable<ClassCalibration> onePass1 = () -> ClassBatch.calibrate(labels, both, s,
				ClassJointRule.PER_CLASS, LocalRunner.of(1), null).calibration();
			final ClassCalibration one = onePass1.call();
			final String group = one.groups().get(0);
			for (int k = 0; k < both.size(); k++) {
				final double l = Batch.calibrate(Dataset.fromManifest(binary[k], new ImageJFiles()), s,
					work, LocalRunner.of(1), null).value().outer().lambda();
				if (l != one.cell(group, k).outer().lambda()) {
					throw new IllegalStateException("class " + both.name(k) + ": one pass gives λ̂ = " + one
						.cell(group, k).outer().lambda() + ", its binary pass " + l);
				}
			}
			System.out.printf(Locale.ROOT, "257 volumes; λ̂ anterior %.0f, posterior %.0f (the same in both variants)%n",
				one.cell(group, 0).outer().lambda(), one.cell(group, 1).outer().lambda());
			final int reps = quick ? 3 : 7;
			System.out.println("(" + reps + " alternating pairs after " + (quick ? 1 : 10) +
				" warm-up pairs; ms, median [min–max]; ratio = two passes / one pass)");
			System.out.printf(Locale.ROOT, "%-10s %-28s %-28s %-8s %s%n", "threads", "one pass, 2 classes",
				"2 binary passes", "ratio", "cpu/wall one / two");
			Stats onePass2 = null;
			for (final int threads : new int[] { 1, 2 }) {
				final Stats[] t = paired(reps, () -> ClassBatch.calibrate(labels, both, s,
					ClassJointRule.PER_CLASS, LocalRunner.of(threads), null), () -> {
						final List<Calibration> c = new ArrayList<>();
						for (final Path m : binary)
							c.add(Batch.calibrate(Dataset.fromManifest(m, new ImageJFiles()), s, work, LocalRunner
								.of(threads), null).value());
						return c;
					});
				System.out.printf(Locale.ROOT, "%-10d %-28s %-28s %-8s %.2f / %.2f%n", threads, t[0],
					t[1], ratio(t[1], t[0]), t[2].median, t[3].median);
				if (threads == 2) onePass2 = t[0];
			}
			final Stats[] auto = paired(reps, () -> labels.foundClasses(LocalRunner.of(2), null),
				() -> ClassBatch.calibrate(labels, both, s, ClassJointRule.PER_CLASS, LocalRunner.of(2),
					null));
			System.out.printf(Locale.ROOT,
				"classes=auto pre-pass (label maps only), 2 threads: %s ms = %.0f %% of the one pass (%s ms here, %s ms above)%n",
				auto[0], 100 * auto[0].median / auto[1].median, fmt(auto[1].median), fmt(onePass2.median));
		}
		finally {
			deleteTree(work);
		}
		classesHeap();
	}

	/**
	 * Writes, per class, the one-vs-rest binary files of every image (mask,
	 * prediction, score of the class, gzip NIfTI) and a manifest
	 * {@code id,score,mask,prediction}; returns the manifests.
	 */
	private static Path[] oneVsRestManifests(final LabelDataset labels, final LabelClasses classes,
		final Path work) throws IOException
	{
		final Path[] manifests = new Path[classes.size()];
		final List<StringBuilder> rows = new ArrayList<>();
		for (int k = 0; k < classes.size(); k++) {
			Files.createDirectories(work.resolve(classes.name(k)));
			rows.add(new StringBuilder("id,score,mask,prediction\n"));
		}
		final LabelDataset.Loader loader = labels.loader(classes, true);
		for (final LabelDataset.Entry e : labels.entries()) {
			final LabelSample sample = loader.load(e).value().sample();
			for (int k = 0; k < classes.size(); k++) {
				final Sample o = sample.oneVsRest(k);
				final Path d = work.resolve(classes.name(k));
				Nifti.write(d.resolve(e.id() + "-score.nii.gz"), o.scores());
				Nifti.write(d.resolve(e.id() + "-mask.nii.gz"), o.truth());
				Nifti.write(d.resolve(e.id() + "-prediction.nii.gz"), o.prediction());
				rows.get(k).append(e.id()).append(',').append(e.id()).append("-score.nii.gz,").append(e
					.id()).append("-mask.nii.gz,").append(e.id()).append("-prediction.nii.gz\n");
			}
		}
		for (int k = 0; k < classes.size(); k++)
			manifests[k] = Files.write(work.resolve(classes.name(k)).resolve("manifest.csv"), rows.get(
				k).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return manifests;
	}

	private static void deleteTree(final Path dir) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
			for (final Path f : (Iterable<Path>) files.sorted(Collections.reverseOrder())::iterator)
				Files.delete(f);
		}
	}

	/**
	 * The heap of a per-class calibration of 2 and of 4 classes (one pass, 1
	 * thread), each in its own JVM (-Xmx256m, serial GC), twice: the most heap
	 * live after any collection while calibrating, and the heap the finished
	 * calibration retains (used after GC holding it, minus after dropping it).
	 * The hippocampus has 2 classes only (its truth maps hold both labels, so
	 * one class alone is refused), so both sets are synthetic, of its size: 257
	 * label maps of 35×50×36 voxels with 5-channel uint8 probabilities, labels
	 * 1–4 in one set and the same regions merged into 1–2 in the other; the
	 * files are the same size, so only the classes scored and kept differ.
	 */
	private static void classesHeap() throws Exception {
		System.out.println();
		System.out.println("## Heap of a per-class calibration: 2 classes against 4 (synthetic, 257 label maps of 35x50x36, 5-channel uint8 probabilities;");
		System.out.println(" one JVM each, -Xmx256m, serial GC, 1 thread, twice)");
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final Path work = Files.createTempDirectory("bench-classes-heap");
		try {
			final Path two = writeLabelMaps(work.resolve("two"), 2), four = writeLabelMaps(work.resolve(
				"four"), 4);
			for (int round = 0; round < 2; round++) {
				final double[][] f = new double[2][];
				for (final Path set : new Path[] { two, four }) {
					final String out = exec(new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
						System.getProperty("java.class.path"), Bench.class.getName(), "classes-heap-child", set
							.toString())).trim();
					System.out.printf(Locale.ROOT, "%s classes: %s%n", set == two ? "2" : "4", out);
					final Matcher m = CLASSES_HEAP_LINE.matcher(out);
					if (!m.find()) throw new IllegalStateException("unexpected child output: " + out);
					f[set == two ? 0 : 1] = new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m
						.group(2)), Double.parseDouble(m.group(3)) };
				}
				System.out.printf(Locale.ROOT,
					"4 minus 2 classes: %+.0f image scores, the calibration retains %+.1f kB (%.0f B per extra image score), live while calibrating %+.2f MB%n",
					f[1][0] - f[0][0], f[1][2] - f[0][2], (f[1][2] - f[0][2]) * 1024 / (f[1][0] - f[0][0]),
					f[1][1] - f[0][1]);
			}
		}
		finally {
			deleteTree(work);
		}
	}

	/**
	 * Writes 257 synthetic label maps (truth, noisy prediction, 5-channel
	 * probabilities) with {@code classes} labels (2 or 4: the 4 regions of a
	 * box, or those merged in pairs) and their manifest; returns the manifest.
	 */
	private static Path writeLabelMaps(final Path dir, final int classes) throws IOException {
		Files.createDirectories(dir);
		final Random r = new Random(11);
		final int[] size = { 35, 50, 36 };
		final int n = size[0] * size[1] * size[2];
		final StringBuilder rows = new StringBuilder("id,probabilities,labels,prediction\n");
		for (int img = 0; img < 257; img++) {
			final int[] t = new int[n], p = new int[n], q = new int[5 * n];
			final int x0 = 8 + r.nextInt(4), y0 = 10 + r.nextInt(4);
			for (int i = 0; i < n; i++) {
				final int x = i % size[0], y = i / size[0] % size[1], z = i / (size[0] * size[1]);
				final boolean in = x >= x0 && x < x0 + 16 && y >= y0 && y < y0 + 24 && z >= 8 && z < 28;
				final int region = !in ? 0 : 1 + (x - x0) / 8 + 2 * ((y - y0) / 12);
				t[i] = classes == 4 ? region : (region + 1) / 2;
				p[i] = r.nextInt(8) == 0 ? r.nextInt(classes + 1) : t[i];
				for (int c = 0; c < 5; c++)
					q[c * n + i] = c == p[i] ? 215 : 10;
			}
			sc.fiji.conformal.io.LabelDatasetTest.writeUint8(dir.resolve("t" + img + ".nii"), size, t, 0);
			sc.fiji.conformal.io.LabelDatasetTest.writeUint8(dir.resolve("p" + img + ".nii"), size, p, 0);
			sc.fiji.conformal.io.LabelDatasetTest.writeUint8(dir.resolve("q" + img + ".nii"), new int[] {
				size[0], size[1], size[2], 5 }, q, 1 / 255f);
			rows.append("img").append(img).append(",q").append(img).append(".nii,t").append(img).append(
				".nii,p").append(img).append(".nii\n");
		}
		return Files.write(dir.resolve("manifest.csv"), rows.toString().getBytes(
			java.nio.charset.StandardCharsets.UTF_8));
	}

	/** A classes heap child's line: image scores, live MB, retained kB. */
	private static final Pattern CLASSES_HEAP_LINE = Pattern.compile(
		"(\\d+) image scores: live while calibrating ([0-9.]+) MB; the calibration retains ([0-9.]+) kB");

	private static void classesHeapChild(final String manifest) throws Exception {
		final long[] live = watchLiveHeap();
		final LabelDataset labels = LabelDataset.fromManifest(Paths.get(manifest), GroupBy.NONE,
			ImageJFiles.formats());
		ClassCalibration c = ClassBatch.calibrate(labels, labels.defaultClasses(), fullCoverage(),
			ClassJointRule.PER_CLASS, LocalRunner.of(1), null).calibration();
		final long held = usedAfterGc();
		int scores = 0;
		for (final ClassScores x : c.scores())
			scores += x.size();
		final int n = c.n(c.groups().get(0));
		c = null;
		final long dropped = usedAfterGc();
		synchronized (live) {
			System.out.printf(Locale.ROOT,
				"n=%d, %d image scores: live while calibrating %.2f MB; the calibration retains %.1f kB (its scores, input files and provenance)",
				n, scores, live[0] / 1048576.0, (held - dropped) / 1024.0);
		}
	}

	/** Heap in use after full collections (the median of three), in bytes. */
	private static long usedAfterGc() throws InterruptedException {
		final long[] u = new long[3];
		for (int i = 0; i < u.length; i++) {
			System.gc();
			Thread.sleep(100);
			u[i] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}
		Arrays.sort(u);
		return u[1];
	}

	// --- the headless launcher against the Python reference ------------------------------

	/** Shared datasets of the launcher section: folder (with a manifest.csv) and label. */
	private static final String[][] LAUNCHER_DATASETS = { { "polyps-pranet", "polyps, 777 × 50²" },
		{ "retina-vessels-retinaunet", "retina, 40 × ~600²" }, { "hippocampus-msd",
			"hippocampus, 257 × ~35×50×36" } };

	/** One way to run a calibration in a fresh process, and its timings. */
	private static final class Variant {

		final String name;
		final List<String> command;
		final Map<String, String> env;
		final List<Double> ms = new ArrayList<>();
		String lambda;
		String skipped;

		Variant(final String name, final List<String> command, final Map<String, String> env) {
			this.name = name;
			this.command = command;
			this.env = env;
		}
	}

	/**
	 * Each shared dataset calibrated (dilation, cross, α = 0.1, full coverage)
	 * in a fresh process: through bin/conformal-headless as shipped, without its
	 * class-data sharing archive, with the JVM's default compile thresholds, with
	 * the client compiler only, through the --baseline checkout's launcher if
	 * given, and by the Python reference (bench/reference.py: numpy +
	 * scipy.ndimage). The variants of a dataset run in turn, round after round
	 * (one warm-up round, which also writes the launcher's archive), so load
	 * changes hit them alike; every variant must give the same λ̂, or the bench
	 * stops.
	 */
	private static void launcher() throws Exception {
		System.out.println("## Whole process: bin/conformal-headless against the Python reference (start-up included)");
		final Path bin = root.resolve("bin/conformal-headless").toAbsolutePath();
		final Path reference = root.resolve("bench/reference.py").toAbsolutePath();
		if (!Files.isExecutable(bin)) {
			System.out.println(bin + " not found (use --root=DIR)");
			return;
		}
		final int reps = quick ? 2 : 7;
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final Path work = Files.createTempDirectory("bench-launcher");
		try {
			// builds the launcher's jar and class paths before timing
			run(bin, Collections.emptyMap(), "--help");
			System.out.println("dilation, cross, α = 0.1, full coverage; " + reps +
				" rounds after a warm-up; ms, median [min–max]; × = the Python reference's median / this one's");
			final String row = "%-34s %-46s %-24s %-8s %s%n";
			System.out.printf(Locale.ROOT, row, "dataset", "run", "wall ms", "λ̂", "×");
			final List<Variant> base = Arrays.asList(new Variant("java -version", Arrays.asList(java,
				"-version"), Collections.emptyMap()), new Variant("launcher --help (JVM, no context)", Arrays
					.asList(bin.toString(), "--help"), Collections.emptyMap()), new Variant(
						"launcher --run Calibrations (JVM + context)", Arrays.asList(bin.toString(), "--run",
							"Calibrations"), Collections.emptyMap()), new Variant(
								"python3: import numpy, scipy.ndimage", Arrays.asList("python3", "-c",
									"import numpy, scipy.ndimage"), Collections.emptyMap()));
			rounds(base, reps);
			for (final Variant v : base)
				System.out.printf(Locale.ROOT, row, "start-up", v.name, v.skipped != null ? "skipped: " +
					v.skipped : new Stats(toArray(v.ms)), "", "");
			final List<String[]> sets = new ArrayList<>();
			final Path polyps = data.resolve("polyps-pranet/manifest.csv");
			if (Files.isRegularFile(polyps)) sets.add(new String[] { "one image (polyps CVC-300/149)",
				manifest(polyps, work.resolve("one.csv"), 1).toString() });
			for (final String[] d : LAUNCHER_DATASETS) {
				final Path csv = data.resolve(d[0]).resolve("manifest.csv");
				if (!Files.isRegularFile(csv)) {
					System.out.println(d[0] + ": not found under " + data + " (use --data=DIR)");
					continue;
				}
				sets.add(new String[] { d[1], manifest(csv, work.resolve(d[0] + ".csv"), Integer.MAX_VALUE)
					.toString() });
			}
			final List<String> mismatches = new ArrayList<>();
			for (final String[] set : sets) {
				final String params = "manifest=\"" + set[1] +
					"\",method=\"dilation\",alpha=0.1,tolerance=0.0,shape=\"cross\"";
				final List<String> launch = Arrays.asList(bin.toString(), "--run", "Calibrate Conformal Sets",
					params);
				final List<Variant> vs = new ArrayList<>();
				vs.add(new Variant("launcher (as shipped)", launch, Collections.emptyMap()));
				vs.add(new Variant("  no CDS archive (CONFORMAL_CDS=off)", launch, Collections
					.singletonMap("CONFORMAL_CDS", "off")));
				vs.add(new Variant("  default JIT thresholds", launch, Collections.singletonMap(
					"CONFORMAL_JAVA_OPTS", "-XX:CompileThresholdScaling=1")));
				vs.add(new Variant("  client compiler only", launch, Collections.singletonMap(
					"CONFORMAL_JAVA_OPTS", "-XX:TieredStopAtLevel=1")));
				if (baseline != null) {
					final List<String> before = new ArrayList<>(launch);
					before.set(0, baseline.resolve("bin/conformal-headless").toAbsolutePath().toString());
					vs.add(new Variant("launcher of --baseline=" + baseline.getFileName(), before, Collections
						.emptyMap()));
				}
				vs.add(new Variant("Python reference (bench/reference.py)", Arrays.asList("python3",
					reference.toString(), set[1]), Collections.emptyMap()));
				rounds(vs, reps);
				final Variant python = vs.get(vs.size() - 1);
				final double py = python.ms.isEmpty() ? Double.NaN : new Stats(toArray(python.ms)).median;
				for (final Variant v : vs) {
					if (v.skipped != null) {
						System.out.printf(Locale.ROOT, row, set[0], v.name, "skipped: " + v.skipped, "", "");
						continue;
					}
					final Stats st = new Stats(toArray(v.ms));
					System.out.printf(Locale.ROOT, row, set[0], v.name, st, v.lambda, Double.isNaN(py) ? ""
						: String.format(Locale.ROOT, "%.2f×", py / st.median));
					if (lambda(v.lambda) != lambda(vs.get(0).lambda)) mismatches.add(set[0] + ": " + v.name + " λ̂ = " +
							v.lambda + ", launcher λ̂ = " + vs.get(0).lambda);
				}
			}
			if (!mismatches.isEmpty()) throw new IllegalStateException("λ̂ differs: " + mismatches);
		}
		finally {
			try (java.util.stream.Stream<Path> files = Files.list(work)) {
				for (final Path f : (Iterable<Path>) files::iterator)
					Files.delete(f);
			}
			Files.delete(work);
		}
	}

	/** λ̂ as printed by the launcher (∞ since its output is rounded) or the reference (inf). */
	private static double lambda(final String printed) {
		return Double.parseDouble(printed.replace("∞", "Infinity").replace("inf", "Infinity"));
	}

	/**
	 * A copy of a shared manifest with the launcher's header (id,score,mask:
	 * the {@code pred}/{@code gt} columns of the 2-D sets) and absolute paths,
	 * limited to its first {@code rows} rows.
	 */
	private static Path manifest(final Path csv, final Path out, final int rows) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		final List<String> header = Arrays.asList(lines.get(0).trim().split(","));
		final int id = header.indexOf("id");
		final int score = header.contains("score") ? header.indexOf("score") : header.indexOf("pred");
		final int mask = header.contains("mask") ? header.indexOf("mask") : header.indexOf("gt");
		if (id < 0 || score < 0 || mask < 0) throw new IllegalArgumentException(csv +
			": expected columns id, score or pred, mask or gt; got " + header);
		final List<String> copy = new ArrayList<>();
		copy.add("id,score,mask");
		for (final String line : lines.subList(1, (int) Math.min(lines.size(), rows + 1L))) {
			if (line.trim().isEmpty()) continue;
			final String[] f = line.split(",", -1);
			final Path dir = csv.toAbsolutePath().getParent();
			copy.add(f[id] + "," + dir.resolve(f[score]) + "," + dir.resolve(f[mask]));
		}
		Files.write(out, copy);
		return out;
	}

	/** One warm-up round, then {@code reps} rounds, each running every variant once. */
	private static void rounds(final List<Variant> variants, final int reps) throws Exception {
		for (int r = 0; r <= reps; r++) {
			for (final Variant v : variants) {
				if (v.skipped != null) continue;
				final ProcessBuilder pb = new ProcessBuilder(v.command).redirectErrorStream(true);
				pb.environment().putAll(v.env);
				final long t0 = System.nanoTime();
				final Process p;
				try {
					p = pb.start();
				}
				catch (final IOException e) {
					v.skipped = e.getMessage();
					continue;
				}
				final String out = new String(p.getInputStream().readAllBytes());
				final int code = p.waitFor();
				final double ms = (System.nanoTime() - t0) / 1e6;
				if (code == 4 && out.startsWith("skipped: ")) {
					v.skipped = out.substring(9).trim();
					continue;
				}
				if (code != 0) throw new IllegalStateException(v.command + " failed (exit " + code + "):\n" +
					out);
				for (final String line : out.split("\n"))
					if (line.startsWith("lambda = ")) v.lambda = line.substring(9).trim();
				if (r > 0) v.ms.add(ms);
			}
		}
	}

	private static double[] toArray(final List<Double> values) {
		final double[] a = new double[values.size()];
		for (int i = 0; i < a.length; i++)
			a[i] = values.get(i);
		return a;
	}

	private static String run(final Path bin, final Map<String, String> env, final String... args)
		throws Exception
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add(bin.toString());
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().putAll(env);
		return exec(pb);
	}

	static String exec(final ProcessBuilder pb) throws Exception {
		pb.redirectErrorStream(true);
		final Process p = pb.start();
		final String out = new String(p.getInputStream().readAllBytes());
		if (p.waitFor() != 0) throw new IllegalStateException(pb.command() + " failed:\n" + out);
		return out;
	}

	// --- peak heap -----------------------------------------------------------------------

	private static void heap() throws Exception {
		System.out.println("## Peak heap calibrating synthetic 512x512 images (dilation, cross), one JVM each");
		System.out.println("(live = most heap in use after any collection; peak = pools' peak usage; -Xmx512m, serial GC;");
		System.out.println(" LocalRunner on 1 and 2 threads, a window of 2 x threads images)");
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final int[] counts = quick ? new int[] { 20, 200 } : new int[] { 100, 1000 };
		for (final int threads : new int[] { 1, 2 }) {
			final double[][] mb = new double[counts.length][];
			for (int c = 0; c < counts.length; c++) {
				final int n = counts[c];
				final long t0 = System.nanoTime();
				final String out = exec(new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
					System.getProperty("java.class.path"), Bench.class.getName(), "heap-child", String.valueOf(
						n), String.valueOf(threads))).trim();
				System.out.printf(Locale.ROOT, "%d thread(s), %5d images: %s, %.1f s%n", threads, n, out,
					(System.nanoTime() - t0) / 1e9);
				mb[c] = heapFigures(out);
			}
			System.out.printf(Locale.ROOT,
				"%d thread(s): %d minus %d images: live %+.1f MB, peak %+.1f MB (bound: 20 MB)%n", threads,
				counts[1], counts[0], mb[1][0] - mb[0][0], mb[1][1] - mb[0][1]);
		}
	}

	/** live and peak MB from a heap child's line. */
	private static double[] heapFigures(final String line) {
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
			"live ([0-9.]+) MB, peak ([0-9.]+) MB").matcher(line);
		if (!m.find()) throw new IllegalStateException("unexpected heap child output: " + line);
		return new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)) };
	}

	private static void heapChild(final int n, final int threads) throws Exception {
		final long[] live = watchLiveHeap();
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(
			StructuringElement.CROSS).build();
		final Calibration c = Calibrator.calibrate(s, new SyntheticDataset(n, 7, 512, 512), LocalRunner
			.of(threads));
		System.gc();
		Thread.sleep(200);
		final long peak = peakHeap();
		final long end = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		synchronized (live) {
			System.out.printf(Locale.ROOT, "n=%d λ̂=%.0f live %.1f MB, peak %.1f MB, after final GC %.1f MB",
				c.n(), c.outer().lambda(), live[0] / 1048576.0, peak / 1048576.0, end / 1048576.0);
		}
	}

	/**
	 * Starts watching the heap: element 0 of the result is (under its own lock)
	 * the most heap in use after any collection so far, in bytes.
	 */
	static long[] watchLiveHeap() {
		final long[] live = { 0 };
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
				if (!notification.getType().equals(
					GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
				final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
					(CompositeData) notification.getUserData());
				long used = 0;
				for (final Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc()
					.entrySet())
					if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey()
						.contains("Class")) used += e.getValue().getUsed();
				synchronized (live) {
					live[0] = Math.max(live[0], used);
				}
			}, null, null);
		}
		return live;
	}

	/** The heap pools' peak usage so far, in bytes. */
	static long peakHeap() {
		long peak = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
		return peak;
	}
}
