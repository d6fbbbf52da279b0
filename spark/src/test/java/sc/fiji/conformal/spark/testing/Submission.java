package sc.fiji.conformal.spark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code spark-submit} in a child JVM (Spark's own
 * {@code org.apache.spark.deploy.SparkSubmit}, as the script runs it), in
 * client or cluster mode, against any master ({@code spark://...},
 * {@code local[N]}). The submit JVM ends with the test JVM and is stopped by
 * {@link #close()}.
 */
public final class Submission implements AutoCloseable {

	/** What to submit. Setters return this. */
	public static final class Spec {

		final String name;
		String master;
		String deployMode = "client";
		String mainClass;
		Path jar;
		final List<String> args = new ArrayList<>();
		final Map<String, String> conf = new LinkedHashMap<>();
		String heap = "768m";
		boolean quickStart = true;

		/** @param name names the log files */
		public Spec(final String name) {
			this.name = name;
		}

		public Spec master(final String url) {
			master = url;
			return this;
		}

		/** {@code client} (the default: the driver runs in the submit JVM) or {@code cluster}. */
		public Spec deployMode(final String mode) {
			deployMode = mode;
			return this;
		}

		public Spec mainClass(final String name) {
			mainClass = name;
			return this;
		}

		public Spec jar(final Path file) {
			jar = file;
			return this;
		}

		public Spec args(final String... a) {
			for (final String s : a)
				args.add(s);
			return this;
		}

		public Spec conf(final String key, final String value) {
			conf.put(key, value);
			return this;
		}

		/**
		 * Whether the driver and executor JVMs trade peak speed for a quick
		 * start ({@link SparkHome#QUICK_START}; the default, right for small test
		 * jobs on a busy machine). Benchmarks turn it off.
		 */
		public Spec quickStart(final boolean on) {
			quickStart = on;
			return this;
		}

		/** The heap of the submit JVM (the driver's, in client mode). */
		public Spec heap(final String size) {
			heap = size;
			return this;
		}
	}

	/** How a submission ended. */
	public static final class Result {

		/** The exit code of the application (client mode) or of spark-submit (cluster mode). */
		public final int exitCode;
		/** Cluster mode: the driver's id, and its final state (FINISHED, FAILED, ...); else null. */
		public final String driverId;
		public final String driverState;
		/** The submit JVM's output (the application's, in client mode). */
		public final String stdout;
		public final String stderr;

		Result(final int exitCode, final String driverId, final String driverState,
			final String stdout, final String stderr)
		{
			this.exitCode = exitCode;
			this.driverId = driverId;
			this.driverState = driverState;
			this.stdout = stdout;
			this.stderr = stderr;
		}

		/** True if the application succeeded (exit code 0; in cluster mode, state FINISHED). */
		public boolean succeeded() {
			return exitCode == 0 && (driverState == null || driverState.equals("FINISHED"));
		}
	}

	private static final Pattern DRIVER_END = Pattern.compile(
		"State of driver (\\S+) is (\\w+), exiting");
	private static final Pattern DRIVER_ID = Pattern.compile("Driver successfully submitted as (\\S+)");

	private final Spec spec;
	private final ChildJvm jvm;

	private Submission(final Spec spec, final ChildJvm jvm) {
		this.spec = spec;
		this.jvm = jvm;
	}

	/**
	 * Starts {@code spark-submit} with the loopback-only defaults of the test
	 * clusters (the spec's settings override them).
	 */
	public static Submission start(final SparkHome home, final Path dir, final Spec spec)
		throws IOException
	{
		if (spec.master == null || spec.mainClass == null || spec.jar == null) {
			throw new IllegalArgumentException("a submission needs a master, a main class and a jar");
		}
		final Map<String, String> conf = new LinkedHashMap<>();
		conf.put("spark.driver.host", "127.0.0.1");
		conf.put("spark.driver.bindAddress", "127.0.0.1");
		conf.put("spark.ui.enabled", "false");
		conf.put("spark.driver.memory", spec.heap);
		conf.put("spark.driver.extraJavaOptions", home.javaOptionString() + (spec.quickStart ? " " +
			SparkHome.QUICK_START : ""));
		conf.put("spark.executor.memory", "512m");
		conf.put("spark.executor.cores", "1");
		if (spec.quickStart) conf.put("spark.executor.extraJavaOptions", SparkHome.QUICK_START);
		// a job starts once every worker has its executor, so tasks spread the same way every run
		conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
		conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
		conf.put("spark.standalone.submit.waitAppCompletion", "true");
		conf.putAll(spec.conf);
		final List<String> args = new ArrayList<>();
		args.add("--master");
		args.add(spec.master);
		args.add("--deploy-mode");
		args.add(spec.deployMode);
		args.add("--name");
		args.add(spec.name);
		args.add("--class");
		args.add(spec.mainClass);
		for (final Map.Entry<String, String> e : conf.entrySet()) {
			args.add("--conf");
			args.add(e.getKey() + "=" + e.getValue());
		}
		args.add(spec.jar.toAbsolutePath().toString());
		args.addAll(spec.args);
		final Path local = dir.resolve("local");
		Files.createDirectories(local);
		final List<String> jvmOptions = new ArrayList<>(home.javaOptions());
		jvmOptions.add(0, "-Xmx" + spec.heap);
		if (spec.quickStart) jvmOptions.addAll(Arrays.asList(SparkHome.QUICK_START.split(" ")));
		final ChildJvm jvm = ChildJvm.start("submit-" + spec.name, jvmOptions, home
			.classPath(), "org.apache.spark.deploy.SparkSubmit", args, home.environment(local), dir
				.resolve("logs"));
		return new Submission(spec, jvm);
	}

	/** The submit JVM. */
	public ChildJvm jvm() {
		return jvm;
	}

	/**
	 * Waits for a line of the submit JVM's output (in client mode, the driver's
	 * log) to match.
	 */
	public Matcher await(final Pattern pattern, final Duration timeout) throws TimeoutException,
		InterruptedException, IOException
	{
		return jvm.await(pattern, timeout);
	}

	/**
	 * Waits for the submission to end.
	 *
	 * @throws TimeoutException if it runs longer than {@code timeout} (it is
	 *           then killed, with its driver in client mode)
	 */
	public Result finish(final Duration timeout) throws TimeoutException, InterruptedException,
		IOException
	{
		final int code = jvm.waitFor(timeout);
		final String out = read(jvm.stdout());
		final String err = read(jvm.stderr());
		String id = null;
		String state = null;
		if (spec.deployMode.equals("cluster")) {
			final Matcher submitted = DRIVER_ID.matcher(err);
			if (submitted.find()) id = submitted.group(1);
			final Matcher end = DRIVER_END.matcher(err);
			state = end.find() ? end.group(2) : "UNKNOWN";
			if (id == null && end.find(0)) id = end.group(1);
		}
		return new Result(code, id, state, out, err);
	}

	/** The last output, for failure messages. */
	public String tail() {
		return jvm.tail();
	}

	@Override
	public void close() {
		jvm.close();
	}

	private static String read(final Path f) throws IOException {
		return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
	}
}
