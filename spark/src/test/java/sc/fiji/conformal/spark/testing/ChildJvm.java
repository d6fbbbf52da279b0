package sc.fiji.conformal.spark.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JVM started by a test: stdout and stderr go to files, it ends when the
 * test JVM ends ({@link ParentWatch}), and {@link #close()} stops it with
 * every process it started (a worker's executors and drivers), gently first
 * and then by force. A JVM shutdown hook closes whatever is still running.
 */
public final class ChildJvm implements AutoCloseable {

	private static final List<ChildJvm> RUNNING = Collections.synchronizedList(new ArrayList<>());

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (final ChildJvm c : new ArrayList<>(RUNNING))
				c.kill();
		}, "stop child JVMs"));
	}

	private final String name;
	private final Process process;
	private final Path out;
	private final Path err;

	private ChildJvm(final String name, final Process process, final Path out, final Path err) {
		this.name = name;
		this.process = process;
		this.out = out;
		this.err = err;
	}

	/**
	 * Starts {@code java <jvmOptions> -cp <classPath> <mainClass> <args>} with
	 * the environment given (on top of this one's), output in
	 * {@code logs/<name>.out} and {@code .err}.
	 */
	public static ChildJvm start(final String name, final List<String> jvmOptions,
		final List<String> classPath, final String mainClass, final List<String> args,
		final Map<String, String> env, final Path logs) throws IOException
	{
		Files.createDirectories(logs);
		final List<String> cp = new ArrayList<>();
		cp.add(watchDirectory(logs.getParent()).toString());
		cp.addAll(classPath);
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(jvmOptions);
		cmd.add("-cp");
		cmd.add(String.join(File.pathSeparator, cp));
		cmd.add(ParentWatch.class.getName());
		cmd.add(String.valueOf(ProcessHandle.current().pid()));
		cmd.add(mainClass);
		cmd.addAll(args);
		final Path out = logs.resolve(name + ".out");
		final Path err = logs.resolve(name + ".err");
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(
			err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		pb.environment().putAll(env);
		Files.write(logs.resolve(name + ".cmd"), Collections.singletonList(String.join(" ", cmd)),
			StandardCharsets.UTF_8);
		final ChildJvm c = new ChildJvm(name, pb.start(), out, err);
		RUNNING.add(c);
		return c;
	}

	/** The name given at start. */
	public String name() {
		return name;
	}

	/** The process id. */
	public long pid() {
		return process.pid();
	}

	/** True while the JVM runs. */
	public boolean isAlive() {
		return process.isAlive();
	}

	/** The file stdout goes to. */
	public Path stdout() {
		return out;
	}

	/** The file stderr goes to. */
	public Path stderr() {
		return err;
	}

	/**
	 * Waits for the JVM to end.
	 *
	 * @return its exit code
	 * @throws TimeoutException naming the JVM and showing its last output if it
	 *           runs longer than {@code timeout} (it is then killed)
	 */
	public int waitFor(final Duration timeout) throws TimeoutException, InterruptedException {
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			kill();
			throw new TimeoutException(name + " still ran after " + timeout + "; killed it.\n" + tail());
		}
		RUNNING.remove(this);
		return process.exitValue();
	}

	/**
	 * Waits until a line of stdout or stderr matches.
	 *
	 * @return the match
	 * @throws TimeoutException after {@code timeout}, or as soon as the JVM
	 *           ends without printing such a line (with its last output)
	 */
	public Matcher await(final Pattern pattern, final Duration timeout) throws TimeoutException,
		InterruptedException, IOException
	{
		final long end = System.nanoTime() + timeout.toNanos();
		while (true) {
			final boolean alive = process.isAlive();
			for (final Path f : new Path[] { err, out }) {
				for (final String line : lines(f)) {
					final Matcher m = pattern.matcher(line);
					if (m.find()) return m;
				}
			}
			if (!alive) {
				throw new TimeoutException(name + " ended (exit code " + process.exitValue() +
					") without a line matching '" + pattern + "'.\n" + tail());
			}
			if (System.nanoTime() > end) {
				throw new TimeoutException("no line of " + name + " matched '" + pattern + "' within " +
					timeout + ".\n" + tail());
			}
			Thread.sleep(100);
		}
	}

	/** The last lines of stdout and stderr, for failure messages. */
	public String tail() {
		return "--- " + name + " stdout (" + out + "):\n" + tail(out, 30) + "--- " + name +
			" stderr (" + err + "):\n" + tail(err, 60);
	}

	/**
	 * Stops the JVM and everything it started, at once (SIGKILL): what a lost
	 * machine looks like to the rest of a cluster.
	 */
	public void kill() {
		final List<ProcessHandle> tree = tree();
		for (final ProcessHandle p : tree)
			p.destroyForcibly();
		awaitExit(tree, Duration.ofSeconds(10));
		RUNNING.remove(this);
	}

	/**
	 * Stops the JVM gently (SIGTERM, so Spark's shutdown hooks run), then kills
	 * what is left of it and of the processes it started after 15 seconds.
	 */
	@Override
	public void close() {
		final List<ProcessHandle> tree = tree();
		process.destroy();
		if (!awaitExit(Collections.singletonList(process.toHandle()), Duration.ofSeconds(15))) {
			process.destroyForcibly();
		}
		// children of a gently stopped JVM get a moment to end by themselves
		if (!awaitExit(tree, Duration.ofSeconds(10))) {
			for (final ProcessHandle p : tree)
				p.destroyForcibly();
			awaitExit(tree, Duration.ofSeconds(10));
		}
		RUNNING.remove(this);
	}

	@Override
	public String toString() {
		return name + " (pid " + process.pid() + (process.isAlive() ? ", running)" : ", exit code " +
			process.exitValue() + ")");
	}

	/** This process and its descendants, descendants first (taken before any is stopped). */
	private List<ProcessHandle> tree() {
		final List<ProcessHandle> all = process.toHandle().descendants().collect(Collectors
			.toList());
		Collections.reverse(all);
		all.add(process.toHandle());
		return all;
	}

	private static boolean awaitExit(final List<ProcessHandle> ps, final Duration timeout) {
		final long end = System.nanoTime() + timeout.toNanos();
		for (final ProcessHandle p : ps) {
			while (p.isAlive()) {
				if (System.nanoTime() > end) return false;
				try {
					Thread.sleep(50);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	private static List<String> lines(final Path f) throws IOException {
		if (!Files.exists(f)) return Collections.emptyList();
		return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().collect(Collectors
			.toList());
	}

	private static String tail(final Path f, final int n) {
		try {
			final List<String> l = lines(f);
			final StringBuilder sb = new StringBuilder();
			for (final String s : l.subList(Math.max(0, l.size() - n), l.size()))
				sb.append(s).append('\n');
			return sb.toString();
		}
		catch (final IOException e) {
			return "(cannot read " + f + ": " + e.getMessage() + ")\n";
		}
	}

	/** A folder holding only ParentWatch's class file, copied from this class path. */
	private static synchronized Path watchDirectory(final Path base) throws IOException {
		final String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
		final Path dir = base.resolve("parent-watch");
		final Path file = dir.resolve(resource);
		if (!Files.exists(file)) {
			Files.createDirectories(file.getParent());
			try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) throw new IOException("no " + resource + " on the class path");
				Files.copy(in, file);
			}
		}
		return dir;
	}
}
