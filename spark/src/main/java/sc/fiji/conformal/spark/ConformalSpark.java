package sc.fiji.conformal.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.spark.Arguments.UsageException;

/**
 * The Spark driver's entry point:
 *
 * <pre>
 * spark-submit --master spark://host:7077 --class sc.fiji.conformal.spark.ConformalSpark \
 *   conformal-segmentation-spark-driver.jar calibrate --manifest /data/images.csv \
 *   --method dilation --alpha 0.1 --output /data/cal.json
 * </pre>
 *
 * Options have the names and meanings of the Fiji commands' parameters (and of
 * {@code bin/conformal-headless}); {@code --partitions} sets the number of
 * Spark tasks. Paths must name storage that the driver and every executor
 * read at the same path. Prints the results as {@code name = value} lines and
 * exits 0 on success, 1 when the run failed and 2 on a usage error, with the
 * reason on stderr. The same jar runs with {@code --master local[N]}.
 */
public final class ConformalSpark {

	/** Exit code of a failed run. */
	public static final int FAILED = 1;
	/** Exit code of a usage error. */
	public static final int USAGE = 2;

	private static final List<String> COMMANDS = Collections.singletonList("calibrate");
	private static final List<String> DATASET = Arrays.asList("scores", "predictions", "masks",
		"manifest");
	private static final Set<String> FLAGS = Collections.singleton("overwrite");
	private static final Map<String, Set<String>> OPTIONS = new LinkedHashMap<>();
	/** How failure messages name each command's stage, as the Fiji commands do. */
	private static final Map<String, String> STAGES = new LinkedHashMap<>();

	static {
		STAGES.put("calibrate", "Calibration");
		OPTIONS.put("calibrate", Arguments.names(Settings.NAMES, "scores", "predictions", "masks",
			"manifest", "name", "output", "overwrite", "partitions"));
	}

	private ConformalSpark() {}

	/** Entry point for spark-submit; see the class description. */
	public static void main(final String... args) {
		System.setProperty("java.awt.headless", "true");
		final int code = run(args, System.out, System.err);
		if (code != 0) System.exit(code);
	}

	/**
	 * Parses the arguments, starts a Spark context from the configuration
	 * spark-submit gives, runs the commands and stops the context.
	 *
	 * @return the exit code
	 */
	static int run(final String[] args, final PrintStream out, final PrintStream err) {
		final List<Job> jobs = new ArrayList<>();
		final int code = prepare(args, jobs, err);
		if (code != 0) return code;
		final SparkConf conf = new SparkConf().setAppName("Conformal Segmentation " + args[0]);
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			return run(sc, jobs, out, err);
		}
	}

	/**
	 * Runs commands on a running Spark context (which stays running): one, or
	 * several separated by {@code then}, one after the other until one fails.
	 * Every command is checked before the first runs.
	 *
	 * @return the exit code: 0, or that of the first command that failed
	 */
	public static int run(final JavaSparkContext sc, final String[] args, final PrintStream out,
		final PrintStream err)
	{
		final List<Job> jobs = new ArrayList<>();
		final int code = prepare(args, jobs, err);
		return code != 0 ? code : run(sc, jobs, out, err);
	}

	/** One command, checked and ready to run. */
	private interface Job {

		/** Names the command in failure messages ("Calibration failed: ..."). */
		String stage();

		void run(JavaSparkContext sc, PrintStream out) throws IOException;
	}

	/**
	 * Parses and checks every command into {@code jobs}.
	 *
	 * @return 0, or the exit code of a usage error or of invalid settings (the
	 *         reason printed)
	 */
	private static int prepare(final String[] args, final List<Job> jobs, final PrintStream err) {
		final List<Arguments> commands;
		try {
			commands = Arguments.parseAll(args, COMMANDS, OPTIONS, FLAGS);
		}
		catch (final UsageException e) {
			err.println(e.getMessage() + "\n" + usage());
			return USAGE;
		}
		for (final Arguments a : commands) {
			try {
				jobs.add(prepare(a));
			}
			catch (final UsageException e) {
				err.println(e.getMessage() + "\n" + usage());
				return USAGE;
			}
			catch (final IllegalArgumentException e) {
				err.println(STAGES.get(a.command()) + " failed: " + message(e));
				return FAILED;
			}
		}
		return 0;
	}

	private static int run(final JavaSparkContext sc, final List<Job> jobs, final PrintStream out,
		final PrintStream err)
	{
		for (final Job job : jobs) {
			try {
				job.run(sc, out);
			}
			catch (final IOException | IllegalArgumentException e) {
				err.println(job.stage() + " failed: " + message(e));
				return FAILED;
			}
		}
		return 0;
	}

	private static Job prepare(final Arguments a) {
		switch (a.command()) {
			case "calibrate":
				return calibrate(a);
			default:
				throw new UsageException("unknown command '" + a.command() + "'");
		}
	}

	private static Job calibrate(final Arguments a) {
		final Settings settings = settings(a);
		final DatasetLocation location = location(a);
		final String output = a.get("output");
		final boolean overwrite = a.flag("overwrite");
		final int partitions = a.positive("partitions", 0);
		return new Job() {

			@Override
			public String stage() {
				return STAGES.get("calibrate");
			}

			@Override
			public void run(final JavaSparkContext sc, final PrintStream out) throws IOException {
				final Path file = output == null ? null : Paths.get(output);
				// refuse before the cluster works, not after
				if (file != null && !overwrite && Files.exists(file)) {
					throw new FileAlreadyExistsException(file + " exists; give --overwrite to replace it");
				}
				final SparkCalibration.Result r = SparkCalibration.calibrate(sc, location, settings,
					partitions);
				final Calibration c = r.calibration;
				if (file != null) CalibrationFile.write(c, file, overwrite);
				final String name = a.get("name") == null ? settings.method().id() : a.get("name");
				final double in = c.inner() == null ? Double.NaN : settings.method().toNatural(c.inner()
					.lambda());
				final double o = c.outer() == null ? Double.NaN : settings.method().toNatural(c.outer()
					.lambda());
				if (c.inner() != null && c.outer() != null) {
					out.println("lambdaInner = " + in);
					out.println("lambdaOuter = " + o);
				}
				else out.println("lambda = " + (c.inner() != null ? in : o));
				out.println("report = " + Reports.calibration(c, name, file == null ? null : new File(
					output), r.data));
			}
		};
	}

	/**
	 * The settings the options describe, as the commands build them: with
	 * both alphaInner and alphaOuter, alpha is their sum.
	 */
	private static Settings settings(final Arguments a) {
		final Map<String, Object> p = new LinkedHashMap<>(a.subset(Settings.NAMES));
		p.putIfAbsent("method", "dilation");
		if (p.containsKey("alphaInner") && p.containsKey("alphaOuter")) p.remove("alpha");
		return Settings.fromParameters(p);
	}

	private static DatasetLocation location(final Arguments a) {
		if (a.get("manifest") == null && a.get("masks") == null) {
			throw new UsageException("give --manifest, or --masks with --scores and/or --predictions");
		}
		if (a.get("manifest") == null && a.get("scores") == null && a.get("predictions") == null) {
			throw new UsageException("give --scores and/or --predictions with --masks");
		}
		return new DatasetLocation(a.get("scores"), a.get("predictions"), a.get("masks"), a.get(
			"manifest"));
	}

	private static String message(final Throwable e) {
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	static String usage() {
		return "usage: spark-submit [spark options] --class " + ConformalSpark.class.getName() +
			" <driver jar> COMMAND [then COMMAND ...]\n  COMMAND: calibrate (--manifest CSV | --masks DIR (--scores DIR | --predictions DIR))" +
			" [--method M] [--alpha A] [--tolerance T] [--shape S] [...] [--output FILE [--overwrite]]" +
			" [--partitions N]";
	}
}
