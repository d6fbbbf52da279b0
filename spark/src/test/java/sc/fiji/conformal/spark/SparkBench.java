package sc.fiji.conformal.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.conformal.spark.testing.ChildJvm;
import sc.fiji.conformal.spark.testing.SparkHome;
import sc.fiji.conformal.spark.testing.StandaloneCluster;
import sc.fiji.conformal.spark.testing.Submission;

/**
 * The Spark benchmark ({@code spark/bench}): the same work on a real
 * two-worker standalone cluster on this machine (one core each) and on one
 * machine with two threads, each in fresh JVMs with the full JIT:
 * <ol>
 * <li>one machine: N synthetic S³ volumes generated and scored on 2 threads;
 * the hippocampus-msd calibration; each JVM timed from start to exit;</li>
 * <li>the cluster: Spark's cost per task (jobs of empty tasks), the
 * hippocampus calibration and the synthetic volumes (one task per volume),
 * in one application; then the hippocampus calibration as a user submits it
 * ({@code spark-submit ... calibrate}), timed from submit to exit.</li>
 * </ol>
 * Checks that both sides give the same calibration files, and writes
 * {@code report.md} with the figures under {@code target/spark-bench/}.
 */
public final class SparkBench {

	private static final Pattern RESULT = Pattern.compile("^RESULT (\\w+) (.*)$", Pattern.MULTILINE);

	private SparkBench() {}

	public static void main(final String... args) throws Exception {
		int count = 500;
		int size = 128;
		String data = "../../shared/data";
		for (final String a : args) {
			if (a.equals("--quick")) {
				count = 40;
				size = 64;
			}
			else if (a.startsWith("--count=")) count = Integer.parseInt(a.substring(8));
			else if (a.startsWith("--size=")) size = Integer.parseInt(a.substring(7));
			else if (a.startsWith("--data=")) data = a.substring(7);
			else throw new IllegalArgumentException("unknown argument " + a +
				"; expected --quick, --count=N, --size=S, --data=DIR");
		}
		final Path dir = Folders.fresh("target/spark-bench");
		final Path manifest = Paths.get(data, "hippocampus-msd", "manifest.csv").toAbsolutePath()
			.normalize();
		final boolean hippocampus = Files.isRegularFile(manifest);
		if (!hippocampus) System.err.println("hippocampus-msd is absent (" + manifest +
			"): that section is skipped");
		final List<String> report = new ArrayList<>();
		report.add("# Spark benchmark");
		report.add("");
		report.add(String.format(Locale.ROOT,
			"Machine: %d cores, Java %s; load average at start %s. Cluster: standalone master + 2 workers (1 core, 1 GB each), 127.0.0.1. Synthetic: %d volumes of %d³ voxels (dilation, cross).",
			Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load(),
			count, size));
		report.add("");

		// 1. one machine, two threads
		final List<String> localArgs = new ArrayList<>(Arrays.asList("synthetic", String.valueOf(
			count), String.valueOf(size), "2", dir.resolve("local-synthetic.json").toString()));
		final long l0 = System.nanoTime();
		final Map<String, Map<String, String>> local = results(runLocal(dir, "local-synthetic",
			localArgs));
		final double localSyntheticJvm = (System.nanoTime() - l0) / 1e6;
		Map<String, Map<String, String>> localH = null;
		double localHippocampusJvm = Double.NaN;
		if (hippocampus) {
			final long h0 = System.nanoTime();
			localH = results(runLocal(dir, "local-hippocampus", Arrays.asList("hippocampus", manifest
				.toString(), "2", dir.resolve("local-hippocampus.json").toString())));
			localHippocampusJvm = (System.nanoTime() - h0) / 1e6;
		}

		final Path ctDir = Paths.get(data, "chaos-ct-liver-sample").toAbsolutePath().normalize();
		Map<String, String> ct = null;
		if (Files.isRegularFile(ctDir.resolve("pred.nii.gz"))) {
			ct = results(runLocal(dir, "local-ct", Arrays.asList("ct", ctDir.toString(), dir.resolve(
				"ct-manifest.csv").toString()))).get("ct");
		}

		final Map<String, String> load = results(runLocal(dir, "local-load", Arrays.asList("load",
			TestData.synthetic(Folders.path("target/data/synthetic-3d-120"), 120, 17, 64, 64, 48)
				.toString()))).get("load");

		// 2. the cluster
		final long c0 = System.nanoTime();
		final Map<String, Map<String, String>> spark;
		double sparkHippocampusSubmit = Double.NaN;
		double clusterStart;
		try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
			clusterStart = (System.nanoTime() - c0) / 1e6;
			final List<String> jobs = new ArrayList<>(Arrays.asList("empty", "200", "empty", "1000"));
			if (hippocampus) jobs.addAll(Arrays.asList("hippocampus", manifest.toString(), "16", dir
				.resolve("spark-hippocampus.json").toString()));
			jobs.addAll(Arrays.asList("synthetic", String.valueOf(count), String.valueOf(size), String
				.valueOf(count), dir.resolve("spark-synthetic.json").toString()));
			final Submission.Result r = cluster.submit(spec("jobs").mainClass(BenchJobs.class
				.getName()).conf("spark.jars", testJar().toString()).args(jobs.toArray(new String[0])),
				Duration.ofHours(2));
			if (r.exitCode != 0) throw new IllegalStateException("the benchmark jobs failed:\n" +
				r.stderr);
			spark = results(r.stdout);
			if (hippocampus) {
				final long s0 = System.nanoTime();
				final Submission.Result h = cluster.submit(spec("calibrate-hippocampus").mainClass(
					ConformalSpark.class.getName()).args("calibrate", "--manifest", manifest.toString(),
						"--method", "dilation", "--shape", "euclidean", "--alpha", "0.1", "--output", dir
							.resolve("spark-hippocampus-cli.json").toString()), Duration.ofMinutes(30));
				sparkHippocampusSubmit = (System.nanoTime() - s0) / 1e6;
				if (h.exitCode != 0) throw new IllegalStateException("calibrate failed:\n" + h.stderr);
			}
		}

		// 3. the same numbers?
		final boolean syntheticSame = same(dir.resolve("local-synthetic.json"), dir.resolve(
			"spark-synthetic.json"));
		final boolean hippocampusSame = !hippocampus || same(dir.resolve("local-hippocampus.json"), dir
			.resolve("spark-hippocampus.json")) && same(dir.resolve("local-hippocampus.json"), dir
				.resolve("spark-hippocampus-cli.json"));

		final Map<String, String> ls = local.get("synthetic");
		final Map<String, String> ss = spark.get("synthetic");
		report.add("| work | one machine, 2 threads | cluster, 2 workers × 1 core |");
		report.add("|---|---|---|");
		report.add(String.format(Locale.ROOT, "| synthetic: map + merge (s) | %.1f | %.1f |", num(ls,
			"wallMs") / 1e3, num(ss, "wallMs") / 1e3));
		report.add(String.format(Locale.ROOT,
			"| synthetic: generate / score per volume, one core (ms) | %.0f / %.0f | %.0f / %.0f |", num(
				ls, "generateMsPerImage"), num(ls, "scoreMsPerImage"), num(ss, "generateMsPerImage"), num(
					ss, "scoreMsPerImage")));
		report.add(String.format(Locale.ROOT, "| synthetic: whole JVM run (s) | %.1f | — |",
			localSyntheticJvm / 1e3));
		if (hippocampus) {
			final Map<String, String> sh = spark.get("hippocampus");
			report.add(String.format(Locale.ROOT,
				"| hippocampus-msd (%s volumes): calibration (s) | %.2f | %.2f (warm executors) |",
				sh.get("images"), num(localH.get("hippocampus"), "wallMs") / 1e3, num(sh, "wallMs") /
					1e3));
			report.add(String.format(Locale.ROOT,
				"| hippocampus-msd: end to end, JVM start or spark-submit to exit (s) | %.1f | %.1f |",
				localHippocampusJvm / 1e3, sparkHippocampusSubmit / 1e3));
		}
		report.add(String.format(Locale.ROOT, "| cluster start: master + 2 workers ready (s) | — | %.1f |",
			clusterStart / 1e3));
		report.add(String.format(Locale.ROOT,
			"| reading float32 score maps + masks (.nii.gz, %s volumes of 64×64×48), one core (ns/voxel) | %.1f | — |",
			load.get("images"), num(load, "nsPerVoxel")));
		if (ct != null) {
			report.add(String.format(Locale.ROOT,
				"| one CT volume (CHAOS, %s voxels): load / score, one core (ms) | %.0f / %.0f | — |", ct
					.get("voxels"), num(ct, "loadMs"), num(ct, "scoreMs")));
		}
		report.add("");
		report.add("Spark's cost per task (duration at the driver minus the executor's run time, mean / median):");
		report.add("");
		for (final String k : Arrays.asList("empty", "hippocampus", "synthetic")) {
			final Map<String, String> m = spark.get(k);
			if (m == null) continue;
			report.add(String.format(Locale.ROOT,
				"- %s: %s tasks, task %.1f ms, run %.1f ms, overhead %.1f / %s ms (deserialize %.1f ms, result %.1f ms)%s",
				k, m.get("tasks"), num(m, "taskMs"), num(m, "runMs"), num(m, "overheadMs"), m.get(
					"overheadMedianMs"), num(m, "deserializeMs"), num(m, "resultSerializeMs"), m.containsKey(
						"slots") ? String.format(Locale.ROOT, "; whole job %.0f ms", num(m, "wallMs")) : ""));
		}
		report.add("");
		report.add("Identical calibration files (apart from `created`): synthetic " + syntheticSame +
			(hippocampus ? ", hippocampus-msd " + hippocampusSame : "") + ".");
		report.add("");
		report.add("Raw results: one machine " + local + (localH != null ? " " + localH : "") +
			"; cluster " + spark + ".");
		Files.write(dir.resolve("report.md"), report, StandardCharsets.UTF_8);
		for (final String line : report)
			System.out.println(line);
		if (!syntheticSame || !hippocampusSame) {
			System.err.println("the cluster's calibration differs from the one machine's");
			System.exit(1);
		}
	}

	private static Submission.Spec spec(final String name) {
		return new Submission.Spec(name).jar(SparkHome.driverJar()).quickStart(false).heap("1g").conf(
			"spark.executor.memory", "1g").conf("spark.bench.executors", "2");
	}

	private static String runLocal(final Path dir, final String name, final List<String> args)
		throws Exception
	{
		final List<String> cp = Arrays.asList(System.getProperty("java.class.path").split(
			File.pathSeparator));
		try (ChildJvm jvm = ChildJvm.start(name, Arrays.asList("-Xmx2g", "-Djava.awt.headless=true"),
			cp, BenchLocal.class.getName(), args, new LinkedHashMap<>(), dir.resolve("logs")))
		{
			final int code = jvm.waitFor(Duration.ofHours(2));
			if (code != 0) throw new IllegalStateException(name + " failed:\n" + jvm.tail());
			return new String(Files.readAllBytes(jvm.stdout()), StandardCharsets.UTF_8);
		}
	}

	private static Map<String, Map<String, String>> results(final String out) {
		final Map<String, Map<String, String>> r = new LinkedHashMap<>();
		final Matcher m = RESULT.matcher(out);
		while (m.find()) {
			final Map<String, String> kv = new LinkedHashMap<>();
			for (final String pair : m.group(2).trim().split("\\s+")) {
				final int eq = pair.indexOf('=');
				kv.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
			// a section that runs twice (empty) keeps its last, larger run
			r.put(m.group(1), kv);
		}
		return r;
	}

	private static double num(final Map<String, String> m, final String key) {
		return m == null || m.get(key) == null ? Double.NaN : Double.parseDouble(m.get(key));
	}

	private static boolean same(final Path a, final Path b) throws IOException {
		return TestData.withoutCreated(TestData.read(a)).equals(TestData.withoutCreated(TestData.read(
			b)));
	}

	private static Path testJar() {
		final Path jar = Paths.get(SparkHome.driverJar().toString().replace("-driver.jar",
			"-tests.jar"));
		if (!Files.isRegularFile(jar)) throw new IllegalStateException("no test jar " + jar +
			": run mvn package first");
		return jar;
	}

	private static String load() throws IOException {
		final Path f = Paths.get("/proc/loadavg");
		return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim()
			.split(" ")[0] : "unknown";
	}
}
