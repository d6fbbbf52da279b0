package sc.fiji.conformal.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.PortableSettings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.Csv;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.InputGuard;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ScoreScaling;

/**
 * Folder workflows per class and per group: calibrating a label-map data set
 * (all classes scored in one pass per image, images in parallel on a
 * {@link Runner}) or a binary data set per group, and applying such a
 * calibration to a folder: per class and side one mask per image, under
 * {@code output/<class name>/inner/} and {@code output/<class name>/outer/}
 * (a binary calibration: {@code output/inner/}, {@code output/outer/}), and
 * one table, {@code output/volumes.csv}, of each image's set sizes and volume
 * bounds. Bad images are skipped and reported at the end, never silently.
 */
public final class ClassBatch {

	/** The name of the apply table. */
	public static final String VOLUMES = "volumes.csv";

	private ClassBatch() {}

	/** A calibration with the images skipped and the warnings of the images used. */
	public static final class Run {

		private final ClassCalibration calibration;
		private final int total;
		private final List<ImageFailure> failures;
		private final List<String> warnings;

		Run(final ClassCalibration calibration, final int total, final List<ImageFailure> failures,
			final List<String> warnings)
		{
			this.calibration = calibration;
			this.total = total;
			this.failures = Collections.unmodifiableList(failures);
			this.warnings = Collections.unmodifiableList(warnings);
		}

		/** The calibration. */
		public ClassCalibration calibration() {
			return calibration;
		}

		/** Images in the data set. */
		public int total() {
			return total;
		}

		/** Images skipped, each with the reason, in entry order. */
		public List<ImageFailure> failures() {
			return failures;
		}

		/** Warnings (e.g. probabilities that do not sum to 1), each naming its file. */
		public List<String> warnings() {
			return warnings;
		}
	}

	/**
	 * Calibrates every class of a label-map data set (groups as the data set
	 * gives them).
	 *
	 * @throws IllegalArgumentException if no image is usable (every failure listed)
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Run calibrate(final LabelDataset data, final LabelClasses classes,
		final Settings settings, final ClassJointRule rule, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		final List<ClassScores> scores = new ArrayList<>();
		final List<SourceFile> sources = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final List<String> warnings = new ArrayList<>();
		final Batch.Dimensions dims = new Batch.Dimensions();
		try {
			runner.run(data.entries(), new ScoreLabels(data.loader(classes, true), settings), Dataset
				.Monitor.of(monitor, ids(data)), r -> {
					if (!r.ok()) failures.add(r.failure());
					else {
						scores.add(r.value().scores);
						dims.see(r.id(), r.value().dimensions);
						sources.addAll(r.value().sources);
						warnings.addAll(r.value().warnings);
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("calibration canceled after " + scores.size() +
				" image(s)", scores.size());
		}
		return finish(settings, classes, rule, scores, sources, failures, warnings, data.entries()
			.size(), dims);
	}

	/**
	 * Calibrates a binary data set per group ({@link LabelClasses#BINARY}).
	 *
	 * @param column the manifest's group column by id, for {@link GroupBy#COLUMN}
	 * @throws IllegalArgumentException if no image is usable, or an image has no group
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Run calibrate(final Dataset data, final GroupBy groupBy,
		final Map<String, String> column, final Settings settings, final Path root,
		final Runner runner, final Dataset.Monitor monitor) throws IOException
	{
		final Map<String, String> groups = new LinkedHashMap<>();
		for (final Dataset.Entry e : data.entries())
			groups.put(e.id(), groupBy.groupOf(e.id(), column));
		final List<ClassScores> scores = new ArrayList<>();
		final List<SourceFile> sources = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final Batch.Dimensions dims = new Batch.Dimensions();
		try {
			runner.run(data.entries(), new ScoreBinary(data.loader(), settings, groups, root), Dataset
				.Monitor.of(monitor, new ArrayList<>(groups.keySet())), r -> {
					if (!r.ok()) failures.add(r.failure());
					else {
						scores.add(r.value().scores);
						dims.see(r.id(), r.value().dimensions);
						sources.addAll(r.value().sources);
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("calibration canceled after " + scores.size() +
				" image(s)", scores.size());
		}
		return finish(settings, LabelClasses.BINARY, ClassJointRule.PER_CLASS, scores, sources,
			failures, new ArrayList<>(), data.size(), dims);
	}

	private static Run finish(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores, final List<SourceFile> sources,
		final List<ImageFailure> failures, final List<String> warnings, final int total,
		final Batch.Dimensions dims)
	{
		if (scores.isEmpty()) {
			throw new IllegalArgumentException("no valid image remains for calibration (0 of " + total +
				" usable): " + failures);
		}
		dims.check("calibration");
		final Map<String, String> provenance = new LinkedHashMap<>();
		provenance.put("softwareVersion", Batch.SOFTWARE_VERSION);
		provenance.put("scoreScaling", ScoreScaling.RULE);
		provenance.put(Calibration.DIMENSIONS, dims.value());
		provenance.put("skippedImages", String.valueOf(failures.size()));
		return new Run(ClassCalibrator.fromScores(settings, classes, rule, scores).withSources(
			sources).withProvenance(provenance), total, failures, warnings);
	}

	/**
	 * Applies a calibration per class (and group) to every image of a
	 * label-map data set: masks per class and side, and {@value #VOLUMES}.
	 * Unless {@code overwrite}, nothing is written if any target exists.
	 *
	 * @throws IllegalArgumentException if targets exist (listed) or no image
	 *           could be processed
	 * @throws WriteFailedException if the sets of some images could not be
	 *           written (after every image was tried; the report names each)
	 * @throws IOException if the volumes table cannot be written
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Applying apply(final ClassCalibration calibration, final LabelDataset data,
		final Path output, final ImageFileWriter writer, final boolean overwrite,
		final Runner runner, final Dataset.Monitor monitor) throws IOException
	{
		final List<Target> targets = new ArrayList<>();
		for (final LabelDataset.Entry e : data.entries())
			targets.add(new Target(e.id(), e.group(), first(e.prediction(), e.truth(), e
				.probabilities())));
		final List<Path> inputs = new ArrayList<>();
		for (final LabelDataset.Entry e : data.entries())
		{
			inputs.addAll(Arrays.asList(e.truth(), e.prediction(), e.probabilities()));
			inputs.addAll(e.classFiles().values());
		}
		return apply(calibration, targets, InputGuard.of(inputs), output, writer, overwrite, runner,
			monitor, e -> data.loader(calibration.classes(), false).load(data.entries().get(e)).map(
				l -> calibration.apply(l.sample())));
	}

	/**
	 * Applies a binary calibration per group to every image of a binary data
	 * set, each image's group by {@code groupBy}.
	 *
	 * @throws IllegalArgumentException as the label-map variant, or on an image
	 *           whose group was not calibrated
	 */
	public static Applying apply(final ClassCalibration calibration, final Dataset data,
		final GroupBy groupBy, final Map<String, String> column, final Path output,
		final ImageFileWriter writer, final boolean overwrite, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		final List<Target> targets = new ArrayList<>();
		for (final Dataset.Entry e : data.entries())
			targets.add(new Target(e.id(), groupBy.groupOf(e.id(), column), e.primary()));
		return apply(calibration, targets, InputGuard.of(data), output, writer, overwrite, runner,
			monitor, i -> data.load(data.entries().get(i)).map(l -> calibration.apply(l.sample(),
				targets.get(i).group)));
	}

	private static Path first(final Path... paths) {
		for (final Path p : paths)
			if (p != null) return p;
		return null;
	}

	/** One image to apply to: its id, group and the file whose format and placement its sets take. */
	private static final class Target {

		final String id;
		final String group;
		final Path like;

		Target(final String id, final String group, final Path like) {
			this.id = id;
			this.group = group;
			this.like = like;
		}
	}

	private interface SetsOf {

		ImageResult<ClassSets> apply(int index) throws IOException;
	}

	/**
	 * Checks every target before anything is written (none may exist unless
	 * {@code overwrite}; no set, folder of sets or volumes table may be or hold
	 * an input, whatever {@code overwrite} says), then writes each image's sets.
	 */
	private static Applying apply(final ClassCalibration c, final List<Target> targets,
		final InputGuard guard, final Path output, final ImageFileWriter writer,
		final boolean overwrite, final Runner runner, final Dataset.Monitor monitor,
		final SetsOf sets) throws IOException
	{
		final boolean inner = c.settings().method().hasInner();
		final boolean outer = c.settings().method().hasOuter();
		final List<String> existing = new ArrayList<>();
		final Path table = output.resolve(VOLUMES);
		guard.refuseFile(table, "the volumes table");
		if (!overwrite && Files.exists(table)) existing.add(table.toString());
		final Set<Path> folders = new LinkedHashSet<>();
		for (final Target t : targets)
			for (int k = 0; k < c.classes().size(); k++)
				for (final String side : sides(inner, outer)) {
					final Path f = target(output, c.classes(), k, side, t);
					guard.refuseFile(f, "the set");
					if (folders.add(f.getParent())) guard.refuseFolder(f.getParent(), "the sets' folder");
					if (!overwrite && Files.exists(f)) existing.add(f.toString());
				}
		if (!existing.isEmpty()) {
			throw new IllegalArgumentException(existing.size() + " output file(s) exist already, nothing was written (choose an empty output folder or allow overwriting): " +
				String.join(", ", existing.subList(0, Math.min(10, existing.size()))) + (existing
					.size() > 10 ? ", ..." : ""));
		}
		final List<Integer> indices = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++)
			indices.add(i);
		final List<Path> written = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final List<ImageFailure> writeFailures = new ArrayList<>();
		final List<List<String>> rows = new ArrayList<>();
		try {
			runner.run(indices, (ImageTask<Integer, ImageResult<Applied>>) i -> {
				final ImageResult<ClassSets> r = sets.apply(i);
				if (!r.ok()) return ImageResult.failed(r.failure());
				return ImageResult.of(targets.get(i).id, write(c, r.value(), targets.get(i), output,
					writer, overwrite, inner, outer));
			}, Dataset.Monitor.of(monitor, targetIds(targets)), r -> {
				if (!r.ok()) failures.add(r.failure());
				else {
					for (final String f : r.value().files)
						written.add(Paths.get(f));
					rows.addAll(r.value().rows);
					if (r.value().failure != null) writeFailures.add(r.value().failure);
				}
			});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("apply canceled; " + written.size() +
				" file(s) written under " + output, rows.size());
		}
		if (rows.isEmpty() && writeFailures.isEmpty()) {
			throw new IllegalArgumentException("no image could be processed: " + failures);
		}
		final StringBuilder csv = new StringBuilder(Csv.line(HEADER)).append('\n');
		for (final List<String> row : rows)
			csv.append(Csv.line(row)).append('\n');
		Files.createDirectories(output);
		final byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(table, overwrite, out -> out.write(bytes));
		written.add(table);
		final int images = targets.size() - failures.size() - writeFailures.size();
		final List<String> bounds = VolumeRows.lines(c, rows);
		final ApplyReport report = new ApplyReport(output, images, written, failures, writeFailures,
			Collections.emptyList());
		if (!writeFailures.isEmpty()) throw new WriteFailedException(report);
		return new Applying(report, bounds);
	}

	/** What applying gave: the files written, and each image's volume bounds as a Log line. */
	public static final class Applying {

		private final ApplyReport report;
		private final List<String> bounds;

		Applying(final ApplyReport report, final List<String> bounds) {
			this.report = report;
			this.bounds = Collections.unmodifiableList(bounds);
		}

		/** The files written and the images skipped. */
		public ApplyReport report() {
			return report;
		}

		/**
		 * One line per image and class with an inner and an outer set:
		 * {@code id (group) class: lower <= volume <= upper (a to b mL), ...},
		 * volumes in the voxel spacing's units cubed (mm³ for mm).
		 */
		public List<String> bounds() {
			return bounds;
		}
	}

	/** The columns of {@value #VOLUMES} ({@link VolumeRows#HEADER}). */
	public static final List<String> HEADER = VolumeRows.HEADER;

	private static List<String> sides(final boolean inner, final boolean outer) {
		final List<String> s = new ArrayList<>();
		if (inner) s.add("inner");
		if (outer) s.add("outer");
		return s;
	}

	/** One image's files written and its rows of the table. */
	private static final class Applied implements Serializable {

		private static final long serialVersionUID = 1L;

		final List<String> files;
		final List<List<String>> rows;
		/** The write that failed (the image's rows are then left out), or null. */
		final ImageFailure failure;

		Applied(final List<String> files, final List<List<String>> rows, final ImageFailure failure) {
			this.files = files;
			this.rows = rows;
			this.failure = failure;
		}
	}

	private static Applied write(final ClassCalibration c, final ClassSets sets, final Target t,
		final Path output, final ImageFileWriter writer, final boolean overwrite,
		final boolean inner, final boolean outer) throws IOException
	{
		final List<String> files = new ArrayList<>();
		final LabelClasses classes = c.classes();
		for (int k = 0; k < classes.size(); k++) {
			final ConformalSets s = sets.get(k);
			for (final String side : sides(inner, outer)) {
				final Path f = target(output, classes, k, side, t);
				final Mask m = side.equals("inner") ? s.inner() : s.outer();
				try {
					Files.createDirectories(f.toAbsolutePath().getParent());
					writer.writeMask(m, f, overwrite, t.like);
				}
				catch (final IOException | IllegalArgumentException ex) {
					// the other images go on; the run fails at the end naming this one
					return new Applied(files, Collections.emptyList(), ImageFailure.of(t.id, f.toString(),
						ex));
				}
				files.add(f.toString());
			}
		}
		return new Applied(files, VolumeRows.of(c, t.id, t.group, sets), null);
	}

	/**
	 * The file a set is written to: {@code output/<class>/<side>/<id><ext>}
	 * ({@code output/<side>/<id><ext>} for a binary calibration).
	 *
	 * @throws IllegalArgumentException if the id would climb out of the folder
	 */
	static Path target(final Path output, final LabelClasses classes, final int k,
		final String side, final Target t)
	{
		final String ext = t.like == null ? null : ImageFiles.extension(t.like);
		final Path folder = (classes.binary() ? output : output.resolve(classes.name(k))).resolve(
			side);
		final Path file = folder.resolve(t.id + (ext == null ? ".tif" : ext));
		if (!file.normalize().startsWith(folder.normalize()) || file.normalize().equals(folder
			.normalize()))
		{
			throw new IllegalArgumentException("image id '" + t.id + "' (or class name '" + classes.name(
				k) + "') would be written outside " + output + ": ids must be relative paths without '..'");
		}
		return file;
	}

	static List<String> ids(final LabelDataset data) {
		final List<String> ids = new ArrayList<>();
		for (final LabelDataset.Entry e : data.entries())
			ids.add(e.id());
		return ids;
	}

	private static List<String> targetIds(final List<Target> targets) {
		final List<String> ids = new ArrayList<>();
		for (final Target t : targets)
			ids.add(t.id);
		return ids;
	}

	// -- per-image tasks --

	/** One image's class scores with its files and warnings. */
	static final class Scored implements Serializable {

		private static final long serialVersionUID = 1L;

		final ClassScores scores;
		final List<SourceFile> sources;
		final List<String> warnings;
		final int dimensions;

		Scored(final ClassScores scores, final List<SourceFile> sources, final List<String> warnings,
			final int dimensions)
		{
			this.scores = scores;
			this.sources = sources;
			this.warnings = warnings;
			this.dimensions = dimensions;
		}
	}

	/** Load a label-map image and score all its classes. */
	static final class ScoreLabels implements
		ImageTask<LabelDataset.Entry, ImageResult<Scored>>
	{

		private static final long serialVersionUID = 1L;

		private final LabelDataset.Loader loader;
		private final PortableSettings settings;

		ScoreLabels(final LabelDataset.Loader loader, final Settings settings) {
			this.loader = loader;
			this.settings = new PortableSettings(settings);
		}

		@Override
		public ImageResult<Scored> apply(final LabelDataset.Entry e) {
			return loader.load(e).map(l -> new Scored(ClassScores.score(settings.get(), l.sample()), l
				.sources(), l.warnings(), l.sample().grid().numDimensions()));
		}
	}

	/** Load a binary image and score it in its group. */
	static final class ScoreBinary implements ImageTask<Dataset.Entry, ImageResult<Scored>> {

		private static final long serialVersionUID = 1L;

		private final Dataset.Loader loader;
		private final PortableSettings settings;
		private final LinkedHashMap<String, String> groups;
		private final String root;

		ScoreBinary(final Dataset.Loader loader, final Settings settings,
			final Map<String, String> groups, final Path root)
		{
			this.loader = loader;
			this.settings = new PortableSettings(settings);
			this.groups = new LinkedHashMap<>(groups);
			this.root = root == null ? null : root.toString();
		}

		@Override
		public ImageResult<Scored> apply(final Dataset.Entry e) {
			return loader.load(e).map(l -> new Scored(ClassScores.binary(settings.get(), l.sample(),
				groups.get(e.id())), l.sources(root == null ? null : Paths.get(root)), Collections
					.emptyList(), l.sample().grid().numDimensions()));
		}
	}
}
