package sc.fiji.conformal.batch;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.PortableSettings;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.Indexed;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.io.InputGuard;
import sc.fiji.conformal.io.ScoreScaling;

/**
 * Folder workflows over datasets on disk: calibrate, apply, validate. Each is
 * a map over the dataset's entries on a {@link Runner} (load the image, then
 * score, measure or apply: a pure function of the entry) followed by a merge
 * of the per-image results in entry order, so the outcome does not depend on
 * the number of threads: a calibration file made on 8 threads equals one made
 * on 1, apart from its creation time.
 * <p>
 * One bad image never stops a run: the run collects it as an
 * {@link ImageFailure} (by name, with the reason) and goes on; a run fails
 * only when no valid image remains, and throws {@link BatchCanceledException}
 * when its monitor cancels it. No SciJava here: commands, the service,
 * scripts and ImageJ 1.x plugins all call these.
 */
public final class Batch {

	/** The software version written into provenance. */
	public static final String SOFTWARE_VERSION = version();

	private Batch() {}

	/**
	 * What a run over a dataset produced, with the images it skipped (in entry
	 * order). Immutable.
	 *
	 * @param <T> the type of the value
	 */
	public static final class Result<T> {

		private final T value;
		private final int images;
		private final int total;
		private final List<ImageFailure> failures;

		Result(final T value, final int images, final int total, final List<ImageFailure> failures) {
			this.value = value;
			this.images = images;
			this.total = total;
			this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
		}

		/** The calibration or validation. */
		public T value() {
			return value;
		}

		/** Images used. */
		public int images() {
			return images;
		}

		/** Images in the dataset. */
		public int total() {
			return total;
		}

		/** Images skipped, each with the reason, in entry order. */
		public List<ImageFailure> failures() {
			return failures;
		}
	}

	/**
	 * {@link #calibrate(Dataset, Settings, Path, Runner, Dataset.Monitor)} on
	 * all cores without a monitor; the skipped images are counted in the
	 * provenance ({@code skippedImages}).
	 */
	public static Calibration calibrate(final Dataset data, final Settings settings,
		final Path root) throws IOException
	{
		return calibrate(data, settings, root, LocalRunner.allCores(), null).value();
	}

	/**
	 * Calibrates on a labelled dataset: each image is loaded and scored on the
	 * runner (a window of images in memory), and the scores are taken in entry
	 * order. Records the input files with the SHA-256 of the bytes that were
	 * decoded (each file is read once) and the software version.
	 *
	 * @param root folder that source paths are written relative to, or null
	 * @param monitor sees progress and may cancel, or null
	 * @throws IllegalArgumentException if no valid image remains (every failure
	 *           listed)
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Result<Calibration> calibrate(final Dataset data, final Settings settings,
		final Path root, final Runner runner, final Dataset.Monitor monitor) throws IOException
	{
		final List<ImageScore> scores = new ArrayList<>();
		final List<SourceFile> sources = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final Dimensions dims = new Dimensions();
		try {
			runner.run(data.entries(), new Score(data.loader(), settings, root, true), monitor(monitor,
				data.entries(), null, data.size()), r -> {
					if (!r.ok()) failures.add(r.failure());
					else {
						scores.add(r.value().score);
						sources.addAll(r.value().sources);
						dims.see(r.id(), r.value().dimensions);
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("calibration canceled after " + scores.size() +
				" image(s)", scores.size());
		}
		checkUsable(data, failures, scores.size(), 1, "calibration");
		dims.check("calibration");
		final Map<String, String> provenance = new LinkedHashMap<>();
		provenance.put("softwareVersion", SOFTWARE_VERSION);
		provenance.put("scoreScaling", ScoreScaling.RULE);
		provenance.put(Calibration.DIMENSIONS, dims.value());
		provenance.put("skippedImages", String.valueOf(failures.size()));
		return new Result<>(Calibrator.fromScores(settings, scores).withSources(sources)
			.withProvenance(provenance), scores.size(), data.size(), failures);
	}

	/**
	 * {@link #validate(Dataset, Settings, int, double, long, Runner, Dataset.Monitor)}
	 * on all cores without a monitor.
	 *
	 * @throws UncheckedIOException if writing or reading fails for the run as a
	 *           whole (a bad image is skipped, not thrown)
	 */
	public static ValidationResult validate(final Dataset data, final Settings settings,
		final int splits, final double calibrationFraction, final long seed)
	{
		try {
			return validate(data, settings, splits, calibrationFraction, seed, LocalRunner.allCores(),
				null).value();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Seeded random-split validation on a labelled dataset
	 * ({@link Validation}): two passes on the runner, each reading each image
	 * once. The first loads and scores every image (a bad one is skipped and
	 * reported); the second measures each usable image against every split it
	 * is a test image of; the measures are merged in entry order.
	 *
	 * @param monitor sees progress (both passes) and may cancel, or null
	 * @throws IllegalArgumentException if fewer than two valid images remain,
	 *           on bad split arguments, or if an image cannot be read on the
	 *           second pass (it changed)
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Result<ValidationResult> validate(final Dataset data, final Settings settings,
		final int splits, final double calibrationFraction, final long seed, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		Validation.checkSplits(splits, calibrationFraction);
		final Scored pass = score(data, settings, runner, monitor, "validation");
		checkUsable(data, pass.failures, pass.scores.size(), 2, "validation");
		final Validation.Plan plan = Validation.plan(settings, new double[] { settings.alpha() },
			pass.scores, splits, calibrationFraction, seed);
		final Validation.Merge merge = plan.merge();
		measure(data, pass, new Measure(data.loader(), plan), runner, monitor, merge::add,
			"validation");
		return new Result<>(merge.results().get(settings.alpha()), pass.scores.size(), data.size(),
			pass.failures);
	}

	/**
	 * The first pass of a validation: every image loaded and scored on the
	 * runner; the usable entries, their positions and scores, and the failures.
	 *
	 * @param what names the run in the cancel message
	 * @throws BatchCanceledException if the monitor canceled
	 */
	private static Scored score(final Dataset data, final Settings settings, final Runner runner,
		final Dataset.Monitor monitor, final String what) throws IOException
	{
		final Scored out = new Scored();
		final int[] position = { 0 };
		final Dimensions dims = new Dimensions();
		try {
			runner.run(data.entries(), new Score(data.loader(), settings, null, false), monitor(monitor,
				data.entries(), null, data.size()), r -> {
					final int i = position[0]++;
					if (!r.ok()) out.failures.add(r.failure());
					else {
						dims.see(r.id(), r.value().dimensions);
						out.scores.add(r.value().score);
						out.entries.add(data.entries().get(i));
						out.positions.add(i);
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException(what + " canceled", e.completed());
		}
		dims.check(what);
		return out;
	}

	/**
	 * A second pass: the usable images of a first pass, loaded again (each
	 * file once) and measured on the runner; each measure goes to {@code sink}
	 * in entry order.
	 *
	 * @param task the per-image function, given each usable entry with its
	 *          index among the usable images
	 * @throws IllegalArgumentException if an image that loaded on the first
	 *           pass does not now
	 * @throws BatchCanceledException if the monitor canceled
	 */
	private static <R> void measure(final Dataset data, final Scored first,
		final ImageTask<Indexed<Dataset.Entry>, ImageResult<R>> task, final Runner runner,
		final Dataset.Monitor monitor, final java.util.function.Consumer<? super R> sink,
		final String what) throws IOException
	{
		final List<Indexed<Dataset.Entry>> usable = new ArrayList<>(first.entries.size());
		for (int i = 0; i < first.entries.size(); i++)
			usable.add(new Indexed<>(i, first.entries.get(i)));
		final int[] positions = new int[first.positions.size()];
		for (int i = 0; i < positions.length; i++)
			positions[i] = first.positions.get(i);
		try {
			runner.run(usable, task, monitor(monitor, first.entries, positions, data.size()), r -> {
				if (!r.ok()) {
					throw new IllegalArgumentException("the images changed between passes: " + r.failure() +
						" (it was usable on the first pass)");
				}
				sink.accept(r.value());
			});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException(what + " canceled", e.completed());
		}
	}

	/**
	 * What the first pass of a validation gave: the scores of the usable
	 * images, the usable entries and their positions in the dataset, and the
	 * images skipped, all in entry order.
	 */
	private static final class Scored {

		final List<ImageScore> scores = new ArrayList<>();
		final List<Dataset.Entry> entries = new ArrayList<>();
		final List<Integer> positions = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
	}

	/**
	 * {@link #apply(Calibration, Dataset, Path, ImageFileWriter, boolean, Runner, Dataset.Monitor)}
	 * on all cores without a monitor.
	 */
	public static ApplyReport apply(final Calibration calibration, final Dataset data,
		final Path output, final ImageFileWriter writer, final boolean overwrite) throws IOException
	{
		return apply(calibration, data, output, writer, overwrite, LocalRunner.allCores(), null);
	}

	/**
	 * Applies a calibration to every image of a dataset and writes the inner
	 * and outer masks under {@code output/inner/} and {@code output/outer/},
	 * each with the image's relative path and its score (or prediction) file's
	 * format. Each image is loaded, applied and written on the runner; files
	 * are written with {@link AtomicWrite} (checked, atomic). Before any work:
	 * unless {@code overwrite}, if any target exists nothing is written; a
	 * target that is one of the dataset's own files is refused whatever
	 * {@code overwrite} says; stale temporary files of killed runs are removed
	 * from the output folders. An image that cannot be read is skipped and
	 * reported; an image whose sets cannot be written (a full disk, a name too
	 * long, no permission) does not stop the others, and the run then ends with
	 * {@link WriteFailedException} naming every such image, file and reason.
	 *
	 * @param monitor sees progress and may cancel, or null
	 * @throws IllegalArgumentException if targets exist (all listed), a target
	 *           is an input file, or no image could be processed
	 * @throws WriteFailedException if the sets of some images could not be
	 *           written (after all images were tried)
	 * @throws BatchCanceledException if the monitor canceled (files written so
	 *           far stay)
	 */
	public static ApplyReport apply(final Calibration calibration, final Dataset data,
		final Path output, final ImageFileWriter writer, final boolean overwrite,
		final Runner runner, final Dataset.Monitor monitor) throws IOException
	{
		final boolean inner = calibration.method().hasInner();
		final boolean outer = calibration.method().hasOuter();
		final List<String> existing = new ArrayList<>();
		final InputGuard guard = InputGuard.of(data);
		if (inner) guard.refuseFolder(output.resolve("inner"), "the inner sets' folder");
		if (outer) guard.refuseFolder(output.resolve("outer"), "the outer sets' folder");
		final Set<Path> folders = new LinkedHashSet<>();
		for (final Dataset.Entry e : data.entries()) {
			if (e.problem() != null) continue; // skipped when loaded, nothing written
			// every target is computed (and checked to lie inside output) once, before anything is written
			for (final Path t : new Path[] { inner ? target(output, "inner", e) : null, outer
				? target(output, "outer", e) : null })
			{
				if (t == null) continue;
				guard.refuseFile(t, "the set");
				folders.add(t.toAbsolutePath().getParent());
				if (!overwrite && writer.exists(t)) existing.add(t.toString());
			}
		}
		if (!existing.isEmpty()) {
			throw new IllegalArgumentException(existing.size() + " output file(s) exist already, nothing was written (choose an empty output folder or allow overwriting): " +
				String.join(", ", existing.subList(0, Math.min(10, existing.size()))) + (existing
					.size() > 10 ? ", ..." : ""));
		}
		for (final Path f : folders)
			if (Files.isDirectory(f)) AtomicWrite.removeStale(f);
		final List<Path> written = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final List<ImageFailure> writeFailures = new ArrayList<>();
		final SetWarnings.Sizes sizes = new SetWarnings.Sizes();
		final int[] images = { 0 };
		try {
			runner.run(data.entries(), new Apply(data.loader(), calibration, output, writer, overwrite),
				monitor(monitor, data.entries(), null, data.size()), r -> {
					if (!r.ok()) failures.add(r.failure());
					else {
						for (final String f : r.value().files)
							written.add(Paths.get(f));
						sizes.add(r.value().sizes);
						if (r.value().failure != null) writeFailures.add(r.value().failure);
						else images[0]++;
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("apply canceled after " + images[0] + " image(s); " +
				written.size() + " file(s) written under " + output, images[0]);
		}
		final ApplyReport report = new ApplyReport(output, images[0], written, failures,
			writeFailures, SetWarnings.of(calibration, sizes));
		if (!writeFailures.isEmpty()) throw new WriteFailedException(report);
		if (images[0] == 0) {
			throw new IllegalArgumentException("no image could be processed: " + failures);
		}
		return report;
	}

	/**
	 * The sizes of a calibration's sets on up to {@code max} of a dataset's
	 * images, evenly spaced in dataset order, read one at a time (what
	 * {@link SetWarnings} judges a calibration by); images that cannot be
	 * loaded are left out.
	 */
	public static SetWarnings.Sizes sizes(final Calibration calibration, final Dataset data,
		final int max)
	{
		final SetWarnings.Sizes sizes = new SetWarnings.Sizes();
		final int n = data.size();
		final int count = Math.min(max, n);
		for (int i = 0; i < count; i++) {
			final ImageResult<ConformalSets> sets = data.load(data.entries().get((int) ((long) i * n /
				count))).map(l -> calibration.apply(l.sample()));
			if (sets.ok()) sizes.add(sets.value());
		}
		return sizes;
	}

	/**
	 * The file a set of an image is written to.
	 *
	 * @throws IllegalArgumentException if the image id (e.g. from a manifest)
	 *           is an absolute path or climbs out of {@code output/side} with
	 *           {@code ..}
	 */
	public static Path target(final Path output, final String side, final Dataset.Entry e) {
		final Path primary = e.primary();
		final String ext = ImageFiles.extension(primary);
		final Path folder = output.resolve(side);
		final Path file = folder.resolve(e.id() + (ext == null ? ".tif" : ext));
		if (!file.normalize().startsWith(folder.normalize()) || file.normalize().equals(folder
			.normalize()))
		{
			throw new IllegalArgumentException("image id '" + e.id() + "' would be written outside " +
				folder + ": ids must be relative paths without '..'");
		}
		return file;
	}

	/**
	 * A run monitor over {@code entries} that reports each to the dataset
	 * monitor by its position in the dataset ({@code positions[i]}, or i).
	 */
	static RunMonitor monitor(final Dataset.Monitor m, final List<Dataset.Entry> entries,
		final int[] positions, final int total)
	{
		if (m == null) return RunMonitor.NONE;
		return new RunMonitor() {

			@Override
			public void started(final int index) {
				m.progress(positions == null ? index : positions[index], total, entries.get(index).id());
			}

			@Override
			public boolean isCanceled() {
				return m.isCanceled();
			}
		};
	}

	private static void checkUsable(final Dataset data, final List<ImageFailure> failures,
		final int valid, final int needed, final String what)
	{
		if (valid < needed) {
			throw new IllegalArgumentException("no valid image remains for " + what + " (" + valid +
				" of " + data.size() + " usable): " + failures);
		}
	}

	private static String version() {
		final String v = Batch.class.getPackage() == null ? null : Batch.class.getPackage()
			.getImplementationVersion();
		return v == null ? "development" : v;
	}

	// -- the per-image functions: plain serializable values in, plain values out --

	/** One image's score, with its input files and their SHA-256. */
	static final class ScoredImage implements Serializable {

		private static final long serialVersionUID = 1L;

		final ImageScore score;
		final List<SourceFile> sources;
		final int dimensions;

		ScoredImage(final ImageScore score, final List<SourceFile> sources, final int dimensions) {
			this.score = score;
			this.sources = sources;
			this.dimensions = dimensions;
		}
	}

	/**
	 * The dimensionality of a run's images: the first usable image's, and the
	 * first image that differs from it. A calibration mixes no 2-D and 3-D
	 * images: their scores count different things (pixels or voxels, steps in
	 * a plane or in space).
	 */
	/** The images' number of dimensions, which one calibration must share (recorded as {@link Calibration#DIMENSIONS}). */
	static final class Dimensions {

		private String first, other;
		private int firstDims, otherDims;

		void see(final String id, final int dims) {
			if (first == null) {
				first = id;
				firstDims = dims;
			}
			else if (dims != firstDims && other == null) {
				other = id;
				otherDims = dims;
			}
		}

		/** @throws IllegalArgumentException naming both images if they differ */
		void check(final String what) {
			if (other != null) {
				throw new IllegalArgumentException("image '" + other + "' is " + otherDims +
					"-D but image '" + first + "' is " + firstDims + "-D: a " + what +
					" takes images of one dimensionality (split the dataset)");
			}
		}

		String value() {
			return String.valueOf(firstDims);
		}
	}

	/** Load and score one entry. */
	static final class Score implements ImageTask<Dataset.Entry, ImageResult<ScoredImage>> {

		private static final long serialVersionUID = 1L;

		private final Dataset.Loader loader;
		private final PortableSettings settings;
		private final String root;
		private final boolean sources;

		Score(final Dataset.Loader loader, final Settings settings, final Path root,
			final boolean sources)
		{
			this.loader = loader;
			this.settings = new PortableSettings(settings);
			this.root = root == null ? null : root.toString();
			this.sources = sources;
		}

		@Override
		public ImageResult<ScoredImage> apply(final Dataset.Entry e) {
			return loader.load(e).map(l -> new ScoredImage(ImageScores.score(settings.get(), l
				.sample()), sources ? l.sources(root == null ? null : Paths.get(root)) : Collections
					.emptyList(), l.sample().grid().numDimensions()));
		}
	}

	/** Load one usable entry and measure it for a validation. */
	static final class Measure implements
		ImageTask<Indexed<Dataset.Entry>, ImageResult<Validation.TestMeasures>>
	{

		private static final long serialVersionUID = 1L;

		private final Dataset.Loader loader;
		private final Validation.Plan plan;

		Measure(final Dataset.Loader loader, final Validation.Plan plan) {
			this.loader = loader;
			this.plan = plan;
		}

		@Override
		public ImageResult<Validation.TestMeasures> apply(final Indexed<Dataset.Entry> e) {
			return loader.load(e.value()).map(l -> plan.measure(e.index(), l.sample()));
		}
	}

	/**
	 * What applying wrote for one image, the sizes of its sets (what
	 * {@link SetWarnings} judges), and the write that failed (or null).
	 */
	static final class Written implements Serializable {

		private static final long serialVersionUID = 1L;

		final List<String> files;
		final SetWarnings.Sizes sizes;
		final ImageFailure failure;

		Written(final List<String> files, final SetWarnings.Sizes sizes, final ImageFailure failure) {
			this.files = files;
			this.sizes = sizes;
			this.failure = failure;
		}
	}

	/**
	 * Load one entry, apply the calibration and write its sets; the files
	 * written, the sets' sizes, and the write that failed, if one did.
	 */
	static final class Apply implements ImageTask<Dataset.Entry, ImageResult<Written>> {

		private static final long serialVersionUID = 1L;

		private final Dataset.Loader loader;
		private transient volatile Calibration calibration;
		/** The calibration as its file's JSON: a plain value for another process. */
		private String calibrationJson;
		private final String output;
		private final ImageFileWriter writer;
		private final boolean overwrite;

		Apply(final Dataset.Loader loader, final Calibration calibration, final Path output,
			final ImageFileWriter writer, final boolean overwrite)
		{
			this.loader = loader;
			this.calibration = calibration;
			this.output = output.toString();
			this.writer = writer;
			this.overwrite = overwrite;
		}

		private void writeObject(final ObjectOutputStream out) throws IOException {
			if (calibrationJson == null) calibrationJson = CalibrationFile.toJson(calibration);
			out.defaultWriteObject();
		}

		private Calibration calibration() {
			Calibration c = calibration;
			if (c == null) calibration = c = CalibrationFile.fromJson(calibrationJson, "calibration");
			return c;
		}

		@Override
		public ImageResult<Written> apply(final Dataset.Entry e) {
			final Calibration c = calibration();
			final ImageResult<ConformalSets> sets = loader.load(e).map(l -> c.apply(l.sample()));
			if (!sets.ok()) return ImageResult.failed(sets.failure());
			final Path out = Paths.get(output);
			final List<String> written = new ArrayList<>(2);
			final SetWarnings.Sizes sizes = new SetWarnings.Sizes().add(sets.value());
			for (final String side : new String[] { "inner", "outer" }) {
				final boolean in = side.equals("inner");
				if (in ? !c.method().hasInner() : !c.method().hasOuter()) continue;
				final Path file = target(out, side, e);
				try {
					written.add(write(in ? sets.value().inner() : sets.value().outer(), file, e
						.primary()));
				}
				catch (final IOException | IllegalArgumentException ex) {
					return ImageResult.of(e.id(), new Written(written, sizes, ImageFailure.of(e.id(), file
						.toString(), ex)));
				}
			}
			return ImageResult.of(e.id(), new Written(written, sizes, null));
		}

		/** Writes a set of the image in {@code like}, placed in the world as that image is. */
		private String write(final Mask mask, final Path file, final Path like) throws IOException {
			writer.createFolders(file.toAbsolutePath().getParent());
			writer.writeMask(mask, file, overwrite, like);
			return file.toString();
		}
	}
}
