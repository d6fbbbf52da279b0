package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.io.CalibrationFile;

/**
 * The benchmark's Spark application (submitted by {@link SparkBench} with the
 * test jar): in one application, so every section meets warm executors after
 * the first, it times
 * <ul>
 * <li>{@code empty T}: a job of T tasks that do nothing (Spark's own cost per
 * task);</li>
 * <li>{@code synthetic N S P}: N volumes of S³ voxels generated on the
 * executors and scored, in P tasks;</li>
 * <li>{@code hippocampus CSV P}: the real calibration of a manifest
 * ({@link Batch#calibrate} on a {@link SparkRunner}), in P tasks.</li>
 * </ul>
 * Each section prints one {@code RESULT} line of {@code key=value} pairs;
 * per-task times come from Spark's task metrics.
 */
public final class BenchJobs {

	private BenchJobs() {}

	/** Spark's per-task times, summed over the tasks of one job. */
	static final class TaskTimes extends SparkListener {

		final List<long[]> tasks = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void onTaskEnd(final SparkListenerTaskEnd e) {
			if (e.taskMetrics() == null) return;
			tasks.add(new long[] { e.taskInfo().duration(), e.taskMetrics().executorRunTime(), e
				.taskMetrics().executorDeserializeTime(), e.taskMetrics().resultSerializationTime() });
		}

		String summary() {
			final List<long[]> t;
			synchronized (tasks) {
				t = new ArrayList<>(tasks);
				tasks.clear();
			}
			final long[] duration = new long[t.size()];
			long run = 0, deser = 0, ser = 0, total = 0;
			for (int i = 0; i < t.size(); i++) {
				duration[i] = t.get(i)[0] - t.get(i)[1];
				total += t.get(i)[0];
				run += t.get(i)[1];
				deser += t.get(i)[2];
				ser += t.get(i)[3];
			}
			Arrays.sort(duration);
			final int n = Math.max(1, t.size());
			return String.format(Locale.ROOT,
				"tasks=%d taskMs=%.1f runMs=%.1f overheadMs=%.1f overheadMedianMs=%d deserializeMs=%.1f resultSerializeMs=%.1f",
				t.size(), total / (double) n, run / (double) n, (total - run) / (double) n, t.isEmpty() ? 0
					: duration[t.size() / 2], deser / (double) n, ser / (double) n);
		}
	}

	public static void main(final String... args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("bench"))) {
			final TaskTimes times = new TaskTimes();
			sc.sc().addSparkListener(times);
			// wait until every executor has registered (the standalone scheduler does not)
			final int expected = Integer.parseInt(sc.getConf().get("spark.bench.executors", "1"));
			final long end = System.nanoTime() + 120_000_000_000L;
			while (sc.sc().getExecutorMemoryStatus().size() - 1 < expected && System.nanoTime() < end)
				sleep(100);
			for (int i = 0; i < args.length;) {
				switch (args[i]) {
					case "empty":
						empty(sc, times, Integer.parseInt(args[i + 1]));
						i += 2;
						break;
					case "synthetic":
						synthetic(sc, times, Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]),
							Integer.parseInt(args[i + 3]), args[i + 4]);
						i += 5;
						break;
					case "hippocampus":
						hippocampus(sc, times, args[i + 1], Integer.parseInt(args[i + 2]), args[i + 3]);
						i += 4;
						break;
					default:
						throw new IllegalArgumentException("unknown section " + args[i]);
				}
			}
		}
	}

	private static void empty(final JavaSparkContext sc, final TaskTimes times, final int tasks) {
		final List<Integer> in = new ArrayList<>();
		for (int i = 0; i < tasks; i++)
			in.add(i);
		times.summary();
		final long t0 = System.nanoTime();
		sc.parallelize(in, tasks).foreach(x -> {});
		final long wall = System.nanoTime() - t0;
		System.out.println(String.format(Locale.ROOT, "RESULT empty wallMs=%.1f slots=%d %s", wall /
			1e6, sc.sc().defaultParallelism(), times.summary()));
	}

	private static void synthetic(final JavaSparkContext sc, final TaskTimes times,
		final int count, final int size, final int partitions, final String out) throws IOException
	{
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("alpha", "0.1");
		final List<Integer> in = new ArrayList<>();
		for (int i = 0; i < count; i++)
			in.add(i);
		final List<ImageScore> scores = new ArrayList<>();
		final long[] nanos = new long[2];
		times.summary();
		final long t0 = System.nanoTime();
		new SparkRunner(sc, partitions).run(in, new SyntheticScore(count, 7, new long[] { size, size,
			size }, p), RunMonitor.NONE, r -> {
				scores.add(r.score);
				nanos[0] += r.generateNanos;
				nanos[1] += r.scoreNanos;
			});
		final Calibration c = Calibrator.fromScores(Settings.fromParameters(p), scores);
		final long wall = System.nanoTime() - t0;
		CalibrationFile.write(c, Paths.get(out), true);
		System.out.println(String.format(Locale.ROOT,
			"RESULT synthetic count=%d size=%d partitions=%d wallMs=%.1f generateMsPerImage=%.1f scoreMsPerImage=%.1f lambda=%s %s",
			count, size, partitions, wall / 1e6, nanos[0] / 1e6 / count, nanos[1] / 1e6 / count, c
				.outer().lambda(), times.summary()));
	}

	private static void hippocampus(final JavaSparkContext sc, final TaskTimes times,
		final String manifest, final int partitions, final String out) throws IOException
	{
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", "dilation");
		p.put("shape", "euclidean");
		p.put("alpha", "0.1");
		times.summary();
		final long t0 = System.nanoTime();
		final DatasetLocation location = new DatasetLocation(null, null, null, PathArgument.of(
			"manifest", manifest));
		final Calibration c = Batch.calibrate(location.labelled(sc.hadoopConfiguration()), Settings
			.fromParameters(p), location
			.root(), new SparkRunner(sc, partitions), null).value();
		final long wall = System.nanoTime() - t0;
		CalibrationFile.write(c, Paths.get(out), true);
		System.out.println(String.format(Locale.ROOT,
			"RESULT hippocampus images=%d partitions=%d wallMs=%.1f %s", c.n(), partitions, wall / 1e6,
			times.summary()));
	}

	private static void sleep(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
