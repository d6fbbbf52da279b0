package sc.fiji.conformal.spark.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spark installation for tests, made of the jars Maven resolved for Spark
 * (the build writes their list to {@code target/spark-classpath.txt}): a
 * {@code SPARK_HOME} whose {@code jars/} links to them, as in a Spark
 * distribution, so that workers start executors and drivers the way they do on
 * a real cluster. Also the settings every test JVM shares: loopback only,
 * Spark's Java 17 options, scratch space under the build folder.
 */
public final class SparkHome {

	/** System properties the failsafe configuration sets (see pom.xml). */
	public static final String CLASSPATH_PROPERTY = "conformal.spark.classpath";
	public static final String DRIVER_JAR_PROPERTY = "conformal.spark.driverJar";

	/**
	 * JVM options for a quick start and little CPU: the client compiler only
	 * and the serial collector. Spark's own daemons (master, workers) always
	 * run with them; drivers and executors of tests too (a test job is small,
	 * and the machine has two cores for many JVMs).
	 */
	public static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

	private final Path home;
	private final List<String> javaOptions;

	private SparkHome(final Path home, final List<String> javaOptions) {
		this.home = home;
		this.javaOptions = javaOptions;
	}

	/**
	 * The installation under {@code dir} (made on first use).
	 *
	 * @throws IllegalStateException if the build did not list Spark's jars
	 */
	public static synchronized SparkHome at(final Path dir) throws IOException {
		final String list = System.getProperty(CLASSPATH_PROPERTY);
		if (list == null || !Files.isRegularFile(Paths.get(list))) {
			throw new IllegalStateException("no list of Spark's jars: run through Maven (" +
				CLASSPATH_PROPERTY + " = " + list + ")");
		}
		final String[] jars = new String(Files.readAllBytes(Paths.get(list)), StandardCharsets.UTF_8)
			.trim().split(File.pathSeparator);
		final Path lib = dir.resolve("jars");
		Files.createDirectories(lib);
		for (final String jar : jars) {
			final Path src = Paths.get(jar);
			final Path link = lib.resolve(src.getFileName());
			if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files
				.createSymbolicLink(link, src);
		}
		Files.createDirectories(dir.resolve("conf"));
		// Spark's own list of --add-opens for Java 17, as its launcher scripts use it
		final String opts = org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions();
		final List<String> javaOptions = new ArrayList<>();
		for (final String o : opts.trim().split("\\s+"))
			if (!o.isEmpty()) javaOptions.add(o);
		javaOptions.add("-Djava.awt.headless=true");
		return new SparkHome(dir.toAbsolutePath(), Collections.unmodifiableList(javaOptions));
	}

	/** The packaged driver jar (this project's shaded jar). */
	public static Path driverJar() {
		final String jar = System.getProperty(DRIVER_JAR_PROPERTY);
		if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
			throw new IllegalStateException("no driver jar: run after mvn package (" +
				DRIVER_JAR_PROPERTY + " = " + jar + ")");
		}
		return Paths.get(jar);
	}

	/** The folder. */
	public Path home() {
		return home;
	}

	/** The class path of Spark's own JVMs: every jar of the installation. */
	public List<String> classPath() {
		return Collections.singletonList(home.resolve("jars") + File.separator + "*");
	}

	/** Spark's Java 17 options (JavaModuleOptions: --add-opens ...) and headless AWT. */
	public List<String> javaOptions() {
		return javaOptions;
	}

	/** {@link #javaOptions()} as one string, for spark.*.extraJavaOptions. */
	public String javaOptionString() {
		return String.join(" ", javaOptions);
	}

	/**
	 * The environment of every Spark JVM: this installation, Scala 2.13,
	 * loopback addresses only (RPC and web UIs), scratch space in {@code local}.
	 */
	public Map<String, String> environment(final Path local) {
		final Map<String, String> env = new LinkedHashMap<>();
		env.put("SPARK_HOME", home.toString());
		env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
		env.put("SPARK_SCALA_VERSION", "2.13");
		env.put("SPARK_LOCAL_IP", "127.0.0.1");
		env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
		env.put("SPARK_LOCAL_DIRS", local.toAbsolutePath().toString());
		env.put("JAVA_HOME", System.getProperty("java.home"));
		return env;
	}

	/** Options of Spark's own daemons: a small heap, a quick start, then {@link #javaOptions()}. */
	public List<String> jvm(final String heap) {
		final List<String> o = new ArrayList<>(Arrays.asList("-Xmx" + heap));
		o.addAll(Arrays.asList(QUICK_START.split(" ")));
		o.addAll(javaOptions);
		return o;
	}
}
