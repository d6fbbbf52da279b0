package sc.fiji.conformal.spark.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A real Spark standalone cluster on this machine, for tests: one master and
 * N workers, each a separate JVM started from Spark's own classes
 * ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}), bound to 127.0.0.1 on free
 * ports chosen by the system, one core and 1 GB for executors per worker.
 * Logs, work and scratch folders live under the folder given. Workers start
 * executors (and, in cluster mode, drivers) as child JVMs, as on any cluster.
 * {@link #close()} stops everything, and every JVM ends with the test JVM.
 *
 * <pre>
 * try (StandaloneCluster c = StandaloneCluster.start(dir, 2)) {
 * 	Submission.Result r = c.submit(new Submission.Spec("calibrate").mainClass(...).jar(...).args(...),
 * 		Duration.ofMinutes(3));
 * }
 * </pre>
 */
public final class StandaloneCluster implements AutoCloseable {

	private static final Duration START = Duration.ofSeconds(90);
	private static final Pattern MASTER_URL = Pattern.compile(
		"Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
	private static final Pattern MASTER_WEB_UI = Pattern.compile(
		"Bound MasterWebUI to \\S+, and started at (http://\\S+)");
	private static final Pattern MASTER_ALIVE = Pattern.compile("I have been elected leader");
	private static final Pattern REGISTERED = Pattern.compile("Successfully registered with master");
	private static final Pattern WORKER_ADDRESS = Pattern.compile(
		"Starting Spark worker (127\\.0\\.0\\.1:\\d+)");
	private static final Pattern GRANTED = Pattern.compile(
		"Granted executor ID \\S+/(\\d+) on hostPort (\\S+)");

	private final Path dir;
	private final SparkHome home;
	private final ChildJvm master;
	private final String url;
	private final List<ChildJvm> workers = new ArrayList<>();
	private final List<Path> workDirs = new ArrayList<>();
	private final List<String> addresses = new ArrayList<>();

	private StandaloneCluster(final Path dir, final SparkHome home, final ChildJvm master,
		final String url)
	{
		this.dir = dir;
		this.home = home;
		this.master = master;
		this.url = url;
	}

	/**
	 * Starts a master and {@code workers} workers, and waits until every worker
	 * has registered.
	 *
	 * @param dir a folder for logs, work and scratch space (made if needed)
	 * @throws TimeoutException if a JVM does not get ready within 90 s (all
	 *           are stopped; the message holds their last output)
	 */
	public static StandaloneCluster start(final Path dir, final int workers) throws IOException,
		TimeoutException, InterruptedException
	{
		final SparkHome home = SparkHome.at(dir.getParent().resolve("spark-home"));
		final Path local = dir.resolve("local");
		Files.createDirectories(local);
		final ChildJvm master = ChildJvm.start("master", home.jvm("256m"), home.classPath(),
			"org.apache.spark.deploy.master.Master", Arrays.asList("--host", "127.0.0.1", "--port", "0",
				"--webui-port", "0"), home.environment(local), dir.resolve("logs"));
		StandaloneCluster c = null;
		try {
			final Matcher m = master.await(MASTER_URL, START);
			c = new StandaloneCluster(dir, home, master, m.group(1));
			master.await(MASTER_ALIVE, START);
			for (int i = 0; i < workers; i++)
				c.startWorker();
			for (final ChildJvm w : c.workers) {
				c.addresses.add(w.await(WORKER_ADDRESS, START).group(1));
				w.await(REGISTERED, START);
			}
			return c;
		}
		catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
			if (c != null) c.close();
			else master.close();
			throw e;
		}
	}

	/** The master's URL, {@code spark://127.0.0.1:<port>}. */
	public String masterUrl() {
		return url;
	}

	/**
	 * A driver's state as the master's JSON status page reports it
	 * ({@code <web UI>/json/}, {@code activedrivers} and
	 * {@code completeddrivers}): {@code SUBMITTED}, {@code RUNNING},
	 * {@code FINISHED}, {@code FAILED}, {@code ERROR}, {@code KILLED}, ...; null
	 * if the master does not list it.
	 */
	public String driverState(final String driverId) throws IOException, TimeoutException,
		InterruptedException
	{
		final String web = master.await(MASTER_WEB_UI, Duration.ofSeconds(10)).group(1);
		final String json;
		try (InputStream in = new URL(web + "/json/").openStream()) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		final JsonObject state = JsonParser.parseString(json).getAsJsonObject();
		for (final String list : new String[] { "activedrivers", "completeddrivers" }) {
			if (!state.has(list)) continue;
			for (final JsonElement d : state.getAsJsonArray(list))
				if (driverId.equals(d.getAsJsonObject().get("id").getAsString())) return d
					.getAsJsonObject().get("state").getAsString();
		}
		return null;
	}

	/** The Spark installation the cluster runs. */
	public SparkHome home() {
		return home;
	}

	/** The workers, in start order. */
	public List<ChildJvm> workers() {
		return Collections.unmodifiableList(workers);
	}

	/**
	 * Starts {@code spec} against this cluster ({@link Submission#start}); close
	 * it, or call {@link Submission#finish}.
	 */
	public Submission start(final Submission.Spec spec) throws IOException {
		return Submission.start(home, dir, spec.master(url));
	}

	/** Submits {@code spec} and waits for it to end (at most {@code timeout}). */
	public Submission.Result submit(final Submission.Spec spec, final Duration timeout)
		throws IOException, TimeoutException, InterruptedException
	{
		try (Submission s = start(spec)) {
			return s.finish(timeout);
		}
	}

	/**
	 * The worker that runs executor {@code executorId} of the client-mode
	 * application {@code s} (from the driver's log).
	 *
	 * @throws IllegalStateException if the log names no such executor
	 */
	public int workerOf(final Submission s, final String executorId) throws IOException {
		final Matcher m = GRANTED.matcher(new String(Files.readAllBytes(s.jvm().stderr()),
			java.nio.charset.StandardCharsets.UTF_8));
		while (m.find())
			if (m.group(1).equals(executorId)) return addresses.indexOf(m.group(2));
		throw new IllegalStateException("no executor " + executorId + " in " + s.jvm().stderr());
	}

	/**
	 * Kills worker {@code i} with its executors and drivers at once (SIGKILL):
	 * a machine lost mid-job.
	 */
	public void killWorker(final int i) {
		workers.get(i).kill();
	}

	/**
	 * A cluster-mode driver's stdout or stderr ({@code which}), from the work
	 * folder of the worker that ran it.
	 *
	 * @throws IOException if no worker has that driver
	 */
	public Path driverLog(final String driverId, final String which) throws IOException {
		for (final Path w : workDirs) {
			final Path f = w.resolve(driverId).resolve(which);
			if (Files.exists(f)) return f;
		}
		throw new IOException("no worker ran driver " + driverId + " (work folders " + workDirs + ")");
	}

	/** The executors' stderr files of every application so far (for failure messages). */
	public List<Path> executorLogs() throws IOException {
		final List<Path> out = new ArrayList<>();
		for (final Path w : workDirs) {
			if (!Files.isDirectory(w)) continue;
			try (Stream<Path> s = Files.walk(w)) {
				s.filter(p -> p.getFileName().toString().equals("stderr")).forEach(out::add);
			}
		}
		return out;
	}

	/** Stops the workers (with their executors and drivers), then the master. */
	@Override
	public void close() {
		for (final ChildJvm w : workers)
			w.close();
		master.close();
	}

	private void startWorker() throws IOException {
		final int i = workers.size();
		final Path work = dir.resolve("worker-" + i);
		final Path local = dir.resolve("local-" + i);
		Files.createDirectories(work);
		Files.createDirectories(local);
		workDirs.add(work);
		workers.add(ChildJvm.start("worker-" + i, home.jvm("256m"), home.classPath(),
			"org.apache.spark.deploy.worker.Worker", Arrays.asList("--host", "127.0.0.1", "--port",
				"0", "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work
					.toAbsolutePath().toString(), url), home.environment(local), dir.resolve("logs")));
	}
}
