package sc.fiji.conformal.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.conformal.batch.ApplyReport;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.CalibrationFileException;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.report.ValidationReport;
import sc.fiji.conformal.spark.Arguments.UsageException;

/**
 * The Spark driver's entry point:
 *
 * <pre>
 * spark-submit --master spark://host:7077 --class sc.fiji.conformal.spark.ConformalSpark \
 *   conformal-segmentation-spark-VERSION-driver.jar \
 *   calibrate --manifest /data/images.csv --method dilation --alpha 0.1 --output /data/cal.json
 * </pre>
 *
 * Commands: {@code calibrate}, {@code validate}, {@code apply}, with the
 * parameters of the Fiji commands of the same purpose (and of
 * {@code bin/conformal-headless}) as {@code --name value} options;
 * {@code --partitions} sets the number of Spark tasks. Several commands
 * separated by {@code then} run one after the other in one application. The
 * work runs through the plugin's own folder workflows ({@link Batch}) on a
 * {@link SparkRunner}: executors load and process images, the driver merges
 * their results in dataset order, so every output equals the one-machine
 * run's. A path is a local path, which the driver and every executor must
 * read (and, for {@code apply}, write) at the same place (a shared mount), or
 * the URI of a Hadoop file system the cluster provides ({@code hdfs://},
 * {@code s3a://}, {@code file://}; {@link HadoopFiles}): the driver lists
 * folders and reads manifests through it, executors read images and write
 * sets through it. A dataset's paths are all on one file system; outputs may
 * be on another.
 * <p>
 * Prints the results as {@code name = value} lines and exits 0 on success, 1
 * when a command failed (the first failure stops the chain) and 2 on a usage
 * error, with the reason on stderr. An image that cannot be used is reported
 * by name on stderr and skipped; a command fails only when no usable image
 * remains. The same jar runs with {@code --master local[N]}.
 */
public final class ConformalSpark {

	/** Exit code of a failed run. */
	public static final int FAILED = 1;
	/** Exit code of a usage error. */
	public static final int USAGE = 2;

	private static final List<String> COMMANDS = Arrays.asList("calibrate", "validate", "apply");
	private static final List<String> DATASET = Arrays.asList("scores", "predictions", "masks",
		"manifest");
	private static final Set<String> FLAGS = Collections.singleton("overwrite");
	private static final Map<String, Set<String>> OPTIONS = new LinkedHashMap<>();
	/** How failure messages name each command's stage, as the Fiji commands do. */
	private static final Map<String, String> STAGES = new LinkedHashMap<>();

	static {
		final List<String> method = new ArrayList<>(Settings.NAMES);
		method.addAll(DATASET);
		method.add("partitions");
		OPTIONS.put("calibrate", Arguments.names(method, "name", "output", "overwrite"));
		OPTIONS.put("validate", Arguments.names(method, "splits", "calibrationFraction", "seed",
			"output", "reportFolder", "overwrite"));
		OPTIONS.put("apply", Arguments.names(Arrays.asList("calibrationFile", "scores",
			"predictions", "manifest", "output", "overwrite", "partitions")));
		STAGES.put("calibrate", "Calibration");
		STAGES.put("validate", "Validation");
		STAGES.put("apply", "Apply");
	}

	private ConformalSpark() {}

	/** Entry point for spark-submit; see the class description. */
	public static void main(final String... args) {
		System.setProperty("java.awt.headless", "true");
		final int code = run(args, System.out, System.err);
		if (code != 0) System.exit(code);
	}

	/**
	 * Parses and checks the arguments, starts a Spark context from the
	 * configuration spark-submit gives, runs the commands and stops the
	 * context.
	 *
	 * @return the exit code
	 */
	static int run(final String[] args, final PrintStream out, final PrintStream err) {
		final List<Job> jobs = new ArrayList<>();
		final int code = prepare(args, jobs, err);
		if (code != 0) return code;
		final SparkConf conf = new SparkConf().setAppName("Conformal Segmentation " + String.join(
			" then ", commands(jobs)));
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
	private abstract static class Job {

		final Arguments args;

		Job(final Arguments args) {
			this.args = args;
		}

		/** Names the command in failure messages ("Calibration failed: ..."). */
		String stage() {
			return STAGES.get(args.command());
		}

		/**
		 * Runs the command; {@code hadoop} is the driver's Hadoop configuration,
		 * for paths given as file system URIs.
		 */
		abstract void run(SparkRunner runner, Configuration hadoop, PrintStream out, PrintStream err)
			throws IOException;
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
				job.run(new SparkRunner(sc, job.args.positive("partitions", 0)), sc.hadoopConfiguration(),
					out, err);
			}
			catch (final IOException | RuntimeException e) {
				err.println(job.stage() + " failed: " + message(e));
				return FAILED;
			}
		}
		return 0;
	}

	private static Job prepare(final Arguments a) {
		a.positive("partitions", 0);
		a.flag("overwrite");
		switch (a.command()) {
			case "calibrate":
				return calibrate(a);
			case "validate":
				return validate(a);
			case "apply":
				return apply(a);
			default:
				throw new UsageException("unknown command '" + a.command() + "'");
		}
	}

	private static Job calibrate(final Arguments a) {
		final Settings settings = settings(a);
		final DatasetLocation location = labelled(a);
		final PathArgument file = PathArgument.of("output", a.get("output"));
		final boolean overwrite = a.flag("overwrite");
		return new Job(a) {

			@Override
			void run(final SparkRunner runner, final Configuration hadoop, final PrintStream out,
				final PrintStream err) throws IOException
			{
				refuseExisting(file, overwrite, hadoop);
				final Dataset data = location.labelled(hadoop);
				final Batch.Result<Calibration> r = Batch.calibrate(data, settings, location.root(),
					runner, null);
				skipped(r.failures(), data.size(), err);
				final Calibration c = r.value();
				write(file, overwrite, hadoop, f -> CalibrationFile.write(c, f, overwrite));
				final double in = c.inner() == null ? Double.NaN : settings.method().toNatural(c.inner()
					.lambda());
				final double o = c.outer() == null ? Double.NaN : settings.method().toNatural(c.outer()
					.lambda());
				if (c.inner() != null && c.outer() != null) {
					out.println("lambdaInner = " + in);
					out.println("lambdaOuter = " + o);
				}
				else out.println("lambda = " + (c.inner() != null ? in : o));
				final String name = a.get("name") == null ? settings.method().id() : a.get("name");
				out.println("report = " + written(Reports.calibration(c, name, file(file), r.failures()),
					"Written to ", file));
			}
		};
	}

	private static Job validate(final Arguments a) {
		final PathArgument reportFolder = PathArgument.of("reportFolder", a.get("reportFolder"));
		if (reportFolder != null && !reportFolder.local()) {
			throw new UsageException("--reportFolder must be a local folder: the driver writes the report");
		}
		final Settings settings = settings(a);
		final DatasetLocation location = labelled(a);
		final int splits = a.positive("splits", 100);
		final double fraction = a.number("calibrationFraction", 0.5);
		final long seed = a.integer("seed", 1);
		final PathArgument table = PathArgument.of("output", a.get("output"));
		final boolean overwrite = a.flag("overwrite");
		return new Job(a) {

			@Override
			void run(final SparkRunner runner, final Configuration hadoop, final PrintStream out,
				final PrintStream err) throws IOException
			{
				refuseExisting(table, overwrite, hadoop);
				final Dataset data = location.labelled(hadoop);
				final ValidationResult validation;
				final List<ImageFailure> failures;
				Path index = null;
				if (reportFolder == null) {
					final Batch.Result<ValidationResult> r = Batch.validate(data, settings, splits, fraction,
						seed, runner, null);
					validation = r.value();
					failures = r.failures();
				}
				else {
					// as the Fiji command: the report validates at the method's own α too, once
					final ValidationReport.Result r = ValidationReport.write(data, Collections.singletonList(
						settings), new ValidationReport.Options().splits(splits).calibrationFraction(fraction)
							.seed(seed).overwrite(overwrite).title("Validation of " + settings.method().id()),
						reportFolder.path(), runner, null);
					validation = r.methods().get(0).validation();
					failures = r.failures();
					index = r.index();
				}
				skipped(failures, data.size(), err);
				write(table, overwrite, hadoop, f -> ValidationTable.writeCsv(validation, f, overwrite));
				out.println("report = " + written(Reports.validation(validation, failures, file(table)),
					"Table written to ", table) + (index == null ? "" : " Report written to " + index + "."));
			}
		};
	}

	private static Job apply(final Arguments a) {
		final PathArgument calibration = PathArgument.of("calibrationFile", a.get("calibrationFile"));
		if (calibration == null) throw new UsageException("apply needs --calibrationFile");
		if (a.get("manifest") == null && a.get("scores") == null && a.get("predictions") == null) {
			throw new UsageException("apply needs --manifest, or --scores and/or --predictions");
		}
		final PathArgument output = PathArgument.of("output", a.get("output"));
		if (output == null) throw new UsageException("apply needs --output, the folder to write into");
		final DatasetLocation location = new DatasetLocation(PathArgument.of("scores", a.get(
			"scores")), PathArgument.of("predictions", a.get("predictions")), null, PathArgument.of(
				"manifest", a.get("manifest")));
		final boolean overwrite = a.flag("overwrite");
		return new Job(a) {

			@Override
			void run(final SparkRunner runner, final Configuration hadoop, final PrintStream out,
				final PrintStream err) throws IOException
			{
				final Calibration c = calibration.local() ? CalibrationFile.read(calibration.path())
					: CalibrationFile.fromJson(utf8(calibration.files(hadoop).readAllBytes(calibration
						.path()), calibration), calibration.toString());
				final Dataset data = location.unlabelled(hadoop);
				final ImageFileWriter writer = output.local() ? new PortableFiles() : output.files(
					hadoop);
				final ApplyReport r = Batch.apply(c, data, output.path(), writer, overwrite, runner,
					null);
				skipped(r.failures(), data.size(), err);
				out.println("report = " + r.summary());
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

	private static DatasetLocation labelled(final Arguments a) {
		if (a.get("manifest") == null && a.get("masks") == null) {
			throw new UsageException(a.command() +
				" needs --manifest, or --masks with --scores and/or --predictions");
		}
		if (a.get("manifest") == null && a.get("scores") == null && a.get("predictions") == null) {
			throw new UsageException(a.command() + " needs --scores and/or --predictions with --masks");
		}
		return new DatasetLocation(PathArgument.of("scores", a.get("scores")), PathArgument.of(
			"predictions", a.get("predictions")), PathArgument.of("masks", a.get("masks")), PathArgument
				.of("manifest", a.get("manifest")));
	}

	/** Refuses before the cluster works (not after) when an output would not be written. */
	private static void refuseExisting(final PathArgument file, final boolean overwrite,
		final Configuration hadoop) throws IOException
	{
		if (file == null || overwrite) return;
		if (file.local() ? Files.exists(file.path(), LinkOption.NOFOLLOW_LINKS) : file.files(hadoop)
			.exists(file.path()))
		{
			throw new FileAlreadyExistsException(file.toString(), null,
				"refusing to overwrite an existing file (give --overwrite to replace it)");
		}
	}

	/**
	 * Writes an output file, if one is named, with the plugin's writer: in
	 * place, or for a file system URI locally first, then put in place
	 * ({@link HadoopFiles#write}).
	 */
	private static void write(final PathArgument file, final boolean overwrite,
		final Configuration hadoop, final HadoopFiles.LocalWriter writer) throws IOException
	{
		if (file == null) return;
		if (file.local()) writer.write(file.path());
		else file.files(hadoop).write(file.path(), overwrite, writer);
	}

	/** A report line, naming a file system URI it was written to (which {@link Reports} takes as a local file). */
	private static String written(final String report, final String phrase,
		final PathArgument file)
	{
		return file == null || file.local() ? report : report + " " + phrase + file + ".";
	}

	private static String utf8(final byte[] bytes, final PathArgument file) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (final CharacterCodingException e) {
			throw new CalibrationFileException(file + " is not valid JSON: it is not UTF-8 text", e);
		}
	}

	/** Each skipped image by name with the reason, on stderr (as the commands log them). */
	private static void skipped(final List<ImageFailure> failures, final int total,
		final PrintStream err)
	{
		for (final ImageFailure f : failures)
			err.println("Skipped " + f.id() + ": " + f.message());
		if (!failures.isEmpty()) err.println(failures.size() + " of " + total +
			" image(s) were skipped");
	}

	private static List<String> commands(final List<Job> jobs) {
		final List<String> out = new ArrayList<>();
		for (final Job j : jobs)
			out.add(j.args.command());
		return out;
	}

	private static File file(final PathArgument p) {
		return p == null || !p.local() ? null : p.path().toFile();
	}

	private static String message(final Throwable e) {
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	static String usage() {
		return String.join("\n", "usage: spark-submit [spark options] --class " + ConformalSpark.class
			.getName() + " <driver jar> COMMAND [then COMMAND ...]",
			"  calibrate DATASET METHOD [--output FILE] [--name N] [--overwrite] [--partitions N]",
			"  validate  DATASET METHOD [--splits 100] [--calibrationFraction 0.5] [--seed 1]",
			"            [--output CSV] [--reportFolder DIR] [--overwrite] [--partitions N]",
			"  apply     --calibrationFile FILE (--manifest CSV | --scores DIR | --predictions DIR)",
			"            --output DIR [--overwrite] [--partitions N]",
			"  DATASET:  --manifest CSV | --masks DIR with --scores DIR and/or --predictions DIR",
			"  METHOD:   --method dilation|erosion|threshold-inner|threshold-outer|confidence-sets|crc",
			"            [--alpha 0.1] [--tolerance 0] [--shape cross|square|euclidean]",
			"            [--border background|ignore] [--quantile paper|consema-code|cls-clipped]",
			"            [--threshold 0.5] [--joint bonferroni|max] [--alphaInner A --alphaOuter A]",
			"            [--innerTransform T] [--outerTransform T] [--sigma 1]");
	}
}
