package sc.fiji.conformal.spark;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.io.ValidationTable;

/**
 * The conformance suite of the Spark driver: for every method, calibrate,
 * validate and apply on one dataset as one chain of commands (one Spark
 * application), and the same three runs on one machine (the plugin's folder
 * workflows on a two-thread {@link LocalRunner}, as the Fiji commands and
 * {@code bin/conformal-headless} run them). Outputs must be equal: the
 * calibration files apart from {@code created}, the validation tables and
 * every set file byte for byte.
 */
final class Conformance {

	/** Every method, each with parameters that differ from the defaults somewhere. */
	static final List<String[]> METHODS = Collections.unmodifiableList(Arrays.asList(new String[] {
		"dilation", "--shape", "euclidean", "--tolerance", "0.02" }, new String[] { "erosion",
			"--tolerance", "0.1", "--border", "ignore" }, new String[] { "threshold-inner",
				"--tolerance", "0.1" }, new String[] { "threshold-outer", "--tolerance", "0.05" },
		new String[] { "confidence-sets", "--joint", "max", "--innerTransform", "distance" },
		new String[] { "crc" }));

	/** A dataset: a manifest, or folders of scores and masks. */
	static final class Data {

		final Path manifest;
		final Path scores;
		final Path masks;

		private Data(final Path manifest, final Path scores, final Path masks) {
			this.manifest = manifest;
			this.scores = scores;
			this.masks = masks;
		}

		static Data manifest(final Path csv) {
			return new Data(csv, null, null);
		}

		static Data folders(final Path scores, final Path masks) {
			return new Data(null, scores, masks);
		}

		/** The options that name it for calibrate and validate, each path as {@code name} gives it. */
		List<String> labelled(final Function<Path, String> name) {
			return manifest != null ? Arrays.asList("--manifest", name.apply(manifest)) : Arrays.asList(
				"--scores", name.apply(scores), "--masks", name.apply(masks));
		}

		/** The options that name it for apply. */
		List<String> unlabelled(final Function<Path, String> name) {
			return manifest != null ? Arrays.asList("--manifest", name.apply(manifest)) : Arrays.asList(
				"--scores", name.apply(scores));
		}

		DatasetPaths paths() {
			return new DatasetPaths(scores, null, masks, manifest);
		}
	}

	private Conformance() {}

	/**
	 * The driver's arguments: for every method, {@code calibrate}, then
	 * {@code validate}, then {@code apply} with the calibration just written,
	 * outputs under {@code out}.
	 */
	static String[] args(final Data data, final double alpha, final int splits, final Path out) {
		return args(data, alpha, splits, out, METHODS);
	}

	/** {@link #args(Data, double, int, Path)} for some methods only. */
	static String[] args(final Data data, final double alpha, final int splits, final Path out,
		final List<String[]> methods)
	{
		return args(data, alpha, splits, out, methods, Path::toString);
	}

	/**
	 * {@link #args(Data, double, int, Path, List)} with every path as
	 * {@code name} gives it (a file system URI, say).
	 */
	static String[] args(final Data data, final double alpha, final int splits, final Path out,
		final List<String[]> methods, final Function<Path, String> name)
	{
		final List<String> a = new ArrayList<>();
		for (final String[] m : methods) {
			final List<String> method = new ArrayList<>(Arrays.asList("--method", m[0], "--alpha", String
				.valueOf(alpha)));
			method.addAll(Arrays.asList(m).subList(1, m.length));
			if (!a.isEmpty()) a.add("then");
			a.add("calibrate");
			a.addAll(data.labelled(name));
			a.addAll(method);
			a.addAll(Arrays.asList("--output", name.apply(calibration(out, m[0]))));
			a.add("then");
			a.add("validate");
			a.addAll(data.labelled(name));
			a.addAll(method);
			a.addAll(Arrays.asList("--splits", String.valueOf(splits), "--seed", "3", "--output", name
				.apply(table(out, m[0]))));
			a.add("then");
			a.add("apply");
			a.add("--calibrationFile");
			a.add(name.apply(calibration(out, m[0])));
			a.addAll(data.unlabelled(name));
			a.addAll(Arrays.asList("--output", name.apply(sets(out, m[0]))));
		}
		return a.toArray(new String[0]);
	}

	/**
	 * Runs the same on one machine into {@code local} and checks that the
	 * driver's outputs under {@code spark} are the same.
	 */
	static void assertSameAsLocal(final Data data, final double alpha, final int splits,
		final Path spark, final Path local) throws IOException
	{
		assertSameAsLocal(data, alpha, splits, spark, local, METHODS);
	}

	/** {@link #assertSameAsLocal(Data, double, int, Path, Path)} for some methods only. */
	static void assertSameAsLocal(final Data data, final double alpha, final int splits,
		final Path spark, final Path local, final List<String[]> methods) throws IOException
	{
		Files.createDirectories(local);
		for (final String[] m : methods) {
			final Settings settings = settings(m, alpha);
			final Dataset labelled = data.paths().open(new ImageJFiles());
			final Calibration c = Batch.calibrate(labelled, settings, data.paths().root(), LocalRunner.of(
				2), null).value();
			CalibrationFile.write(c, calibration(local, m[0]), false);
			final ValidationResult v = Batch.validate(data.paths().open(new ImageJFiles()), settings,
				splits, 0.5, 3, LocalRunner.of(2), null).value();
			ValidationTable.writeCsv(v, table(local, m[0]), false);
			final Dataset unlabelled = data.manifest != null ? Dataset.fromManifest(data.manifest,
				new ImageJFiles()) : Dataset.fromFolders(data.scores, null, null, new ImageJFiles());
			Batch.apply(c, unlabelled, sets(local, m[0]), new ImageJFiles(), false, LocalRunner.of(2),
				null);

			assertEquals(m[0] + " calibration", TestData.withoutCreated(TestData.read(calibration(
				local, m[0]))), TestData.withoutCreated(TestData.read(calibration(spark, m[0]))));
			assertEquals(m[0] + " validation", TestData.read(table(local, m[0])), TestData.read(table(
				spark, m[0])));
			assertSameFiles(m[0] + " sets", sets(local, m[0]), sets(spark, m[0]));
		}
	}

	/** Both folders hold the same files (relative paths) with the same bytes. */
	static void assertSameFiles(final String what, final Path expected, final Path actual)
		throws IOException
	{
		final List<String> e = files(expected);
		assertTrue(what + ": no files under " + expected, !e.isEmpty());
		assertEquals(what + ": files", e, files(actual));
		for (final String f : e)
			assertArrayEquals(what + ": " + f, Files.readAllBytes(expected.resolve(f)), Files
				.readAllBytes(actual.resolve(f)));
	}

	static Settings settings(final String[] m, final double alpha) {
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", m[0]);
		p.put("alpha", String.valueOf(alpha));
		for (int i = 1; i < m.length; i += 2)
			p.put(m[i].substring(2), m[i + 1]);
		return Settings.fromParameters(p);
	}

	static Path calibration(final Path dir, final String method) {
		return dir.resolve(method + ".json");
	}

	static Path table(final Path dir, final String method) {
		return dir.resolve(method + "-validation.csv");
	}

	static Path sets(final Path dir, final String method) {
		return dir.resolve(method + "-sets");
	}

	private static List<String> files(final Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return Collections.emptyList();
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
				.collect(Collectors.toList());
		}
	}
}
