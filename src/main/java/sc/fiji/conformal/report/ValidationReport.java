package sc.fiji.conformal.report;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.PortableSettings;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SplitResult;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
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
import sc.fiji.conformal.io.ij.ImageJEncoder;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.InputGuard;
import sc.fiji.conformal.io.ValidationTable;

/**
 * A validation report folder: for each method, seeded random half/half
 * splits at its α and over a range of α, next to the uncalibrated baseline
 * (Ŷ itself, see {@link Baseline}); tables (CSV and Markdown), plots (PNG),
 * overlay panels of a few test images, and an {@code index.md} that links
 * everything and states each guarantee, with the same page as
 * {@code index.html} for a browser.
 * <p>
 * The images are streamed: one pass scores every image for every method (and
 * measures the baseline), then each α costs one more pass
 * ({@link Validation#randomSplits(Settings, List, Iterable, int, double, long)}
 * with the scores); panels are drawn during the first of those passes (as
 * PNG bytes, which the calling thread writes). Both passes' per-image tasks
 * are plain serializable values, so the report runs on any
 * {@link Runner}, a Spark cluster's too. No more than one image is held in
 * memory per thread. The folder is written under a hidden
 * temporary name beside it and renamed when complete; an existing folder is
 * never replaced unless {@link Options#overwrite(boolean) asked}.
 *
 * <pre>
 * ValidationReport.Result r = ValidationReport.write(samples,
 * 	Arrays.asList(dilation, erosion), new ValidationReport.Options().splits(100),
 * 	Paths.get("report"));
 * </pre>
 */
public final class ValidationReport {

	private ValidationReport() {}

	/** How to validate and what to draw. */
	public static final class Options {

		private int splits = 100;
		private double calibrationFraction = 0.5;
		private long seed = 1;
		private double[] alphas = { 0.05, 0.1, 0.15, 0.2, 0.3 };
		private int panels = 4;
		private int panelSize = 240;
		private boolean overwrite;
		private String title = "Validation report";

		/** Random splits per α (default 100). */
		public Options splits(final int value) {
			Validation.checkSplits(value, calibrationFraction);
			splits = value;
			return this;
		}

		/** Share of images for calibration in each split (default 0.5). */
		public Options calibrationFraction(final double value) {
			Validation.checkSplits(splits, value);
			calibrationFraction = value;
			return this;
		}

		/** Seed of the splits (default 1). */
		public Options seed(final long value) {
			seed = value;
			return this;
		}

		/**
		 * The α values of the coverage and set-size plots (each method's own α is
		 * added); default 0.05, 0.1, 0.15, 0.2, 0.3. An empty array draws no sweep.
		 */
		public Options alphas(final double... values) {
			for (final double a : values)
				if (!(a > 0 && a < 1)) throw new IllegalArgumentException("alphas must be in (0, 1), got " + a);
			alphas = values.clone();
			return this;
		}

		/** Number of test images drawn as overlay panels (default 4). */
		public Options panels(final int value) {
			if (value < 0) throw new IllegalArgumentException("panels must be >= 0, got " + value);
			panels = value;
			return this;
		}

		/** Longer side of a panel tile in pixels (default 240). */
		public Options panelSize(final int value) {
			if (value < 16) throw new IllegalArgumentException("panelSize must be >= 16, got " + value);
			panelSize = value;
			return this;
		}

		/** Replace an existing report folder (default false). */
		public Options overwrite(final boolean value) {
			overwrite = value;
			return this;
		}

		/** The title of the index page. */
		public Options title(final String value) {
			if (value != null && !value.trim().isEmpty()) title = value.trim();
			return this;
		}
	}

	/** One method's results. */
	public static final class MethodResult {

		private final String label;
		private final Settings settings;
		private final Calibration calibration;
		private final ValidationResult validation;
		private final Map<Double, ValidationResult> sweep;
		private final double[] baselineMean;
		private final double[] baselineSd;

		MethodResult(final String label, final Settings settings, final Calibration calibration,
			final ValidationResult validation, final Map<Double, ValidationResult> sweep,
			final double[] baselineMean, final double[] baselineSd)
		{
			this.label = label;
			this.settings = settings;
			this.calibration = calibration;
			this.validation = validation;
			this.sweep = Collections.unmodifiableMap(sweep);
			this.baselineMean = baselineMean;
			this.baselineSd = baselineSd;
		}

		/** The file-name prefix of this method's files, e.g. {@code 1-dilation}. */
		public String label() {
			return label;
		}

		/** The settings validated. */
		public Settings settings() {
			return settings;
		}

		/** The calibration on all images (its λ̂ is the one the histogram marks). */
		public Calibration calibration() {
			return calibration;
		}

		/** The validation at the method's own α. */
		public ValidationResult validation() {
			return validation;
		}

		/** The validation at each α of the sweep (including the method's own), by α. */
		public Map<Double, ValidationResult> sweep() {
			return sweep;
		}

		/** Mean over splits of the baseline's measure (NaN if undefined). */
		public double baselineMean(final Measure m) {
			return baselineMean[m.ordinal()];
		}

		/** Sd over splits of the baseline's measure. */
		public double baselineSd(final Measure m) {
			return baselineSd[m.ordinal()];
		}

		/** The band of the validity event at α (joint for confidence sets). */
		public CoverageBand band() {
			return ValidationReport.band(validation, settings.alpha());
		}
	}

	/** What was written. */
	public static final class Result {

		private final Path folder;
		private final int images;
		private final List<String> skipped;
		private final List<ImageFailure> failures;
		private final List<MethodResult> methods;
		private final List<Path> files;

		Result(final Path folder, final int images, final List<String> skipped,
			final List<ImageFailure> failures, final List<MethodResult> methods, final List<Path> files)
		{
			this.folder = folder;
			this.images = images;
			this.skipped = Collections.unmodifiableList(skipped);
			this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
			this.methods = Collections.unmodifiableList(methods);
			this.files = Collections.unmodifiableList(files);
		}

		/** The report folder. */
		public Path folder() {
			return folder;
		}

		/** The index page. */
		public Path index() {
			return folder.resolve("index.md");
		}

		/** The index page as HTML, for a browser. */
		public Path html() {
			return folder.resolve("index.html");
		}

		/** Images used. */
		public int images() {
			return images;
		}

		/** Images skipped, each "id: reason". */
		public List<String> skipped() {
			return skipped;
		}

		/** Images skipped, with the file and the reason, in entry order. */
		public List<ImageFailure> failures() {
			return failures;
		}

		/** Per method, in the order given. */
		public List<MethodResult> methods() {
			return methods;
		}

		/** Every file written, relative to the folder. */
		public List<Path> files() {
			return files;
		}
	}

	/**
	 * {@link #write(Iterable, List, Options, Path, Runner)} on all cores.
	 */
	public static Result write(final Iterable<Sample> samples, final List<Settings> methods,
		final Options options, final Path folder) throws IOException
	{
		return write(samples, methods, options, folder, LocalRunner.allCores());
	}

	/**
	 * Validates the methods on labelled images in memory (or loaded lazily by
	 * the iterable) and writes the report folder. Each pass over the images
	 * runs on the runner; the results do not depend on its threads.
	 *
	 * @param samples labelled images, iterated twice (the same images in the
	 *          same order each time); an image a method cannot score is skipped
	 *          for all methods and listed
	 * @param methods the settings to validate (at least one)
	 * @param folder the report folder to create
	 * @throws FileAlreadyExistsException if the folder exists and overwrite is
	 *           off (checked before any work and again at the end)
	 * @throws IllegalArgumentException if no method is given, fewer than two
	 *           usable images remain, or an id occurs twice
	 */
	public static Result write(final Iterable<Sample> samples, final List<Settings> methods,
		final Options options, final Path folder, final Runner runner) throws IOException
	{
		if (samples == null) throw new IllegalArgumentException("samples must be given");
		return write(new Source<Sample>() {

			@Override
			public Iterable<Sample> entries() {
				return samples;
			}

			@Override
			public String id(final Sample s) {
				return s.id();
			}

			@Override
			public Load<Sample> load() {
				return s -> ImageResult.of(s.id(), s);
			}
		}, methods, options, folder, runner, null);
	}

	/**
	 * {@link #write(Dataset, List, Options, Path, Runner, Dataset.Monitor)} on
	 * all cores without a monitor.
	 */
	public static Result write(final Dataset data, final List<Settings> methods,
		final Options options, final Path folder) throws IOException
	{
		return write(data, methods, options, folder, LocalRunner.allCores(), null);
	}

	/**
	 * Validates the methods on a dataset on disk and writes the report folder:
	 * two passes on the runner, each reading each file once, whatever the
	 * number of methods and α. An image that cannot be loaded or scored is
	 * skipped for all methods and listed ({@link Result#failures()}).
	 *
	 * @param monitor sees progress (both passes) and may cancel, or null
	 * @throws FileAlreadyExistsException if the folder exists and overwrite is
	 *           off
	 * @throws IllegalArgumentException if no method is given, the folder is
	 *           or holds an input file, fewer than two usable images remain, or
	 *           an image usable on the first pass cannot be loaded on the second
	 * @throws RunCanceledException if the monitor canceled (nothing is left
	 *           behind)
	 */
	public static Result write(final Dataset data, final List<Settings> methods,
		final Options options, final Path folder, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		if (data == null) throw new IllegalArgumentException("a dataset must be given");
		if (folder != null) InputGuard.of(data).refuseFolder(folder, "the report folder");
		final Source<Dataset.Entry> source = new Source<Dataset.Entry>() {

			@Override
			public Iterable<Dataset.Entry> entries() {
				return data.entries();
			}

			@Override
			public String id(final Dataset.Entry e) {
				return e.id();
			}

			@Override
			public Load<Dataset.Entry> load() {
				final Dataset.Loader loader = data.loader();
				return e -> loader.load(e).map(Dataset.Loaded::sample);
			}
		};
		try {
			return write(source, methods, options, folder, runner, monitor == null ? null
				: new Progress() {

					@Override
					public void started(final int position) {
						monitor.progress(position, data.size(), data.entries().get(position).id());
					}

					@Override
					public boolean isCanceled() {
						return monitor.isCanceled();
					}
				});
		}
		catch (final RunCanceledException e) {
			throw new RunCanceledException("report canceled", e.completed());
		}
	}

	/** Where a report's images come from: entries, and a pure load of one. */
	private interface Source<E> {

		Iterable<E> entries();

		String id(E entry);

		Load<E> load();
	}

	/** Loads one entry's sample: a pure function, a plain value for another process. */
	private interface Load<E> extends Serializable {

		/** The sample, or a failure naming the image; never throws for a bad image. */
		ImageResult<Sample> load(E entry);
	}

	/** Progress by an entry's position among all entries. */
	private interface Progress {

		void started(int position);

		boolean isCanceled();
	}

	/** What the first pass gives for one image: every method's score and baseline measures. */
	private static final class FirstPass implements Serializable {

		private static final long serialVersionUID = 1L;

		final ImageScore[] scores;
		final double[][] baseline;

		FirstPass(final ImageScore[] scores, final double[][] baseline) {
			this.scores = scores;
			this.baseline = baseline;
		}
	}

	/** Panels are drawn one at a time (ImageJ 1.x drawing is not known to be thread-safe). */
	private static final Object PANEL_LOCK = new Object();

	/** The methods as plain values, for tasks that may run in another process. */
	private static List<PortableSettings> portable(final List<Settings> methods) {
		final List<PortableSettings> out = new ArrayList<>();
		for (final Settings s : methods)
			out.add(new PortableSettings(s));
		return out;
	}

	private static List<Settings> settings(final List<PortableSettings> methods) {
		final List<Settings> out = new ArrayList<>();
		for (final PortableSettings s : methods)
			out.add(s.get());
		return out;
	}

	/** Pass 1 for one image: every method's score, and the baseline's measures. */
	private static final class FirstPassTask<E> implements ImageTask<E, ImageResult<FirstPass>> {

		private static final long serialVersionUID = 1L;

		private final Load<E> load;
		private final List<PortableSettings> methods;
		private transient List<Settings> settings;
		private transient List<Baseline> baselines;

		FirstPassTask(final Load<E> load, final List<Settings> methods) {
			this.load = load;
			this.methods = portable(methods);
		}

		@Override
		public ImageResult<FirstPass> apply(final E entry) {
			if (settings == null) {
				final List<Baseline> b = new ArrayList<>();
				final List<Settings> all = settings(methods);
				for (final Settings s : all)
					b.add(Baseline.of(s));
				baselines = b;
				settings = all;
			}
			final int nm = settings.size();
			return load.load(entry).map(s -> {
				final ImageScore[] sc = new ImageScore[nm];
				final double[][] bl = new double[nm][];
				for (int m = 0; m < nm; m++) {
					sc[m] = ImageScores.score(settings.get(m), s);
					bl[m] = values(baselines.get(m).metrics(s));
				}
				return new FirstPass(sc, bl);
			});
		}
	}

	/** What the second pass gives for one image: every method's test measures, and its panels. */
	private static final class SecondPass implements Serializable {

		private static final long serialVersionUID = 1L;

		final Validation.TestMeasures[] measures;
		/** Names of the panel files (under the report folder), and their PNG bytes. */
		final List<String> panels;
		final List<byte[]> pngs;

		SecondPass(final Validation.TestMeasures[] measures, final List<String> panels,
			final List<byte[]> pngs)
		{
			this.measures = measures;
			this.panels = panels;
			this.pngs = pngs;
		}
	}

	/**
	 * Pass 2 for one usable image: every method's measures at every α, and for
	 * the panel images, their panels drawn with split 1's calibrations (as PNG
	 * bytes, which the caller writes).
	 */
	private static final class SecondPassTask<E> implements
		ImageTask<Indexed<E>, ImageResult<SecondPass>>
	{

		private static final long serialVersionUID = 1L;

		private final Load<E> load;
		private final List<PortableSettings> methods;
		private final List<Validation.Plan> plans;
		private final TreeSet<Integer> panelIndices;
		/** Split 1's calibrations as their files' JSON: plain values for another process. */
		private final List<String> split0;
		private final int panelSize;
		private final List<String> labels;
		private transient List<Settings> settings;
		private transient List<Calibration> calibrations;

		SecondPassTask(final Load<E> load, final List<Settings> methods,
			final List<Validation.Plan> plans, final Set<Integer> panelIndices,
			final List<Calibration> split0, final int panelSize, final List<String> labels)
		{
			this.load = load;
			this.methods = portable(methods);
			this.plans = new ArrayList<>(plans);
			this.panelIndices = new TreeSet<>(panelIndices);
			this.split0 = new ArrayList<>();
			for (final Calibration c : split0)
				this.split0.add(CalibrationFile.toJson(c));
			this.panelSize = panelSize;
			this.labels = new ArrayList<>(labels);
		}

		@Override
		public ImageResult<SecondPass> apply(final Indexed<E> x) throws IOException {
			final ImageResult<Sample> loaded = load.load(x.value());
			if (!loaded.ok()) return ImageResult.failed(loaded.failure());
			final Sample sample = loaded.value();
			final int nm = plans.size();
			final Validation.TestMeasures[] measures = new Validation.TestMeasures[nm];
			for (int m = 0; m < nm; m++)
				measures[m] = plans.get(m).measure(x.index(), sample);
			final List<String> names = new ArrayList<>();
			final List<byte[]> pngs = new ArrayList<>();
			if (panelIndices.contains(x.index())) {
				if (settings == null) {
					final List<Calibration> c = new ArrayList<>();
					for (final String json : split0)
						c.add(CalibrationFile.fromJson(json, "calibration"));
					calibrations = c;
					settings = settings(methods);
				}
				synchronized (PANEL_LOCK) {
					for (int m = 0; m < nm; m++) {
						final ConformalSets sets = calibrations.get(m).apply(sample);
						final ImagePlus p = Panels.of(sample, sets, panelSize, settings.get(m).method().id());
						names.add("panels/" + labels.get(m) + "-" + slug(sample.id()) + ".png");
						pngs.add(png(p));
					}
				}
			}
			return ImageResult.of(sample.id(), new SecondPass(measures, names, pngs));
		}

		/** The panel as PNG bytes, as {@link Plots#savePng} writes it. */
		private static byte[] png(final ImagePlus p) throws IOException {
			final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			ImageJEncoder.png(p, bytes);
			return bytes.toByteArray();
		}
	}

	private static <E> Result write(final Source<E> source, final List<Settings> methods,
		final Options options, final Path folder, final Runner runner, final Progress progress)
		throws IOException
	{
		if (methods == null || methods.isEmpty()) {
			throw new IllegalArgumentException("a report needs at least one method");
		}
		if (runner == null) throw new IllegalArgumentException("a runner must be given");
		final Options o = options == null ? new Options() : options;
		final Path target = folder.toAbsolutePath().normalize();
		Files.createDirectories(target.getParent());
		AtomicWrite.checkFolder(target, o.overwrite);
		final int nm = methods.size();
		final List<String> labels = new ArrayList<>();
		for (int m = 0; m < nm; m++)
			labels.add((m + 1) + "-" + methods.get(m).method().id());

		// pass 1: scores of every method, and the baseline's measures, per image
		final List<List<ImageScore>> scores = new ArrayList<>();
		final List<List<double[]>> baseline = new ArrayList<>();
		for (int m = 0; m < nm; m++) {
			scores.add(new ArrayList<>());
			baseline.add(new ArrayList<>());
		}
		final Set<String> kept = new HashSet<>();
		final List<String> ids = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final List<Integer> positions = new ArrayList<>();
		final int[] position = { 0 };
		runner.run(source.entries(), new FirstPassTask<>(source.load(), methods), monitor(progress,
			null), r -> {
			final int at = position[0]++;
			if (!r.ok()) {
				failures.add(r.failure());
				return;
			}
			if (!kept.add(r.id())) throw new IllegalArgumentException("image id '" + r.id() +
				"' occurs twice");
			ids.add(r.id());
			positions.add(at);
			for (int m = 0; m < nm; m++) {
				scores.get(m).add(r.value().scores[m]);
				baseline.get(m).add(r.value().baseline[m]);
			}
		});
		final List<String> skipped = new ArrayList<>();
		for (final ImageFailure f : failures)
			skipped.add(f.toString());
		final int n = ids.size();
		if (n < 2) {
			throw new IllegalArgumentException("a validation report needs at least 2 usable labelled images, got " +
				n + (skipped.isEmpty() ? "" : "; skipped: " + skipped));
		}

		// the splits, as Validation.randomSplits draws them (same seed, same splits), and each
		// method's validation plan at every α of its sweep
		final boolean[][] isTest = Validation.testMembership(n, o.splits, o.calibrationFraction,
			o.seed);
		final List<Validation.Plan> plans = new ArrayList<>();
		for (int m = 0; m < nm; m++) {
			final Settings s = methods.get(m);
			final TreeSet<Double> alphas = new TreeSet<>();
			for (final double a : o.alphas)
				alphas.add(a);
			alphas.add(s.alpha());
			plans.add(Validation.plan(s, alphas.stream().mapToDouble(Double::doubleValue).toArray(),
				scores.get(m), o.splits, o.calibrationFraction, o.seed));
		}
		final Path tmp = AtomicWrite.newTempFolder(target);
		try {
			final List<Path> files = new ArrayList<>();
			// panels: evenly spaced test images of split 1, with split 1's calibrations
			final Set<Integer> panelIndices = new TreeSet<>();
			final List<Integer> test0 = new ArrayList<>();
			for (int i = 0; i < n; i++)
				if (isTest[0][i]) test0.add(i);
			final int np = Math.min(o.panels, test0.size());
			for (int j = 0; j < np; j++)
				panelIndices.add(test0.get((int) ((long) j * test0.size() / np)));
			final List<Calibration> split0 = new ArrayList<>();
			for (int m = 0; m < nm; m++) {
				final List<ImageScore> cal = new ArrayList<>();
				for (int i = 0; i < n; i++)
					if (!isTest[0][i]) cal.add(scores.get(m).get(i));
				split0.add(Calibrator.fromScores(methods.get(m), cal));
			}
			if (np > 0) Files.createDirectory(tmp.resolve("panels"));
			final List<String> panelFiles = new ArrayList<>();

			// pass 2: every method, every α and the panels, each usable image loaded once
			final List<Validation.Merge> merges = new ArrayList<>();
			for (final Validation.Plan plan : plans)
				merges.add(plan.merge());
			final Iterable<Indexed<E>> usable = () -> new Iterator<Indexed<E>>() {

				private final Iterator<E> it = source.entries().iterator();
				private Indexed<E> ready;
				private int next;

				@Override
				public boolean hasNext() {
					while (ready == null && next < n && it.hasNext()) {
						final E e = it.next();
						if (kept.contains(source.id(e))) ready = new Indexed<>(next++, e);
					}
					return ready != null;
				}

				@Override
				public Indexed<E> next() {
					if (!hasNext()) throw new NoSuchElementException();
					final Indexed<E> e = ready;
					ready = null;
					return e;
				}
			};
			final int[] merged = { 0 };
			runner.run(usable, new SecondPassTask<>(source.load(), methods, plans, panelIndices,
				split0, o.panelSize, labels), monitor(progress, positions), r -> {
				if (!r.ok()) {
					throw new IllegalArgumentException("the images changed between passes: " + r.failure() +
						" (it was usable on the first pass)");
				}
				for (int m = 0; m < nm; m++)
					merges.get(m).add(r.value().measures[m]);
				// panels are written here, on the calling thread, as their tasks drew them
				for (int k = 0; k < r.value().panels.size(); k++) {
					final String name = r.value().panels.get(k);
					try {
						Files.write(tmp.resolve(name), r.value().pngs.get(k));
					}
					catch (final IOException e) {
						throw new UncheckedIOException(e);
					}
					panelFiles.add(name);
				}
				merged[0]++;
			});

			final List<MethodResult> results = new ArrayList<>();
			for (int m = 0; m < nm; m++) {
				final Settings s = methods.get(m);
				final Map<Double, ValidationResult> sweep = merges.get(m).results();
				final double[][] bl = baselineOverSplits(baseline.get(m), isTest);
				results.add(new MethodResult(labels.get(m), s, Calibrator.fromScores(s, scores.get(m)),
					sweep.get(s.alpha()), sweep, bl[0], bl[1]));
			}
			final List<String> panelNames = new ArrayList<>(panelFiles);
			Collections.sort(panelNames);
			final List<List<String>> plotNames = new ArrayList<>();
			for (final MethodResult r : results) {
				final Map<String, ImagePlus> plots = plots(r);
				plotNames.add(new ArrayList<>(plots.keySet()));
				files.addAll(writeMethod(tmp, r, plots));
			}
			files.addAll(panelNames.stream().map(Path::of).collect(java.util.stream.Collectors
				.toList()));
			writeIndex(tmp, o, n, skipped, results, plotNames, panelNames);
			files.add(0, Path.of("index.html"));
			files.add(0, Path.of("index.md"));
			AtomicWrite.commitFolder(tmp, target, o.overwrite);
			return new Result(target, n, skipped, failures, results, files);
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				AtomicWrite.deleteTree(tmp);
			}
			catch (final IOException d) {
				e.addSuppressed(d);
			}
			throw e;
		}
	}

	/**
	 * A run monitor that reports entry i at {@code positions.get(i)} (at i when
	 * {@code positions} is null: the first pass hands out every entry).
	 */
	private static RunMonitor monitor(final Progress progress, final List<Integer> positions) {
		if (progress == null) return RunMonitor.NONE;
		return new RunMonitor() {

			@Override
			public void started(final int index) {
				progress.started(positions == null ? index : positions.get(index));
			}

			@Override
			public boolean isCanceled() {
				return progress.isCanceled();
			}
		};
	}

	// -- splits and baseline --

	/** Mean and sd over splits of the per-split test means of each baseline measure. */
	static double[][] baselineOverSplits(final List<double[]> perImage, final boolean[][] isTest) {
		final int nMeasures = Measure.values().length;
		final double[][] perSplit = new double[isTest.length][nMeasures];
		for (int s = 0; s < isTest.length; s++) {
			for (int x = 0; x < nMeasures; x++) {
				double sum = 0;
				int c = 0;
				for (int i = 0; i < perImage.size(); i++) {
					if (!isTest[s][i]) continue;
					final double v = perImage.get(i)[x];
					if (Double.isNaN(v)) continue;
					sum += v;
					c++;
				}
				perSplit[s][x] = c == 0 ? Double.NaN : sum / c;
			}
		}
		final double[] mean = new double[nMeasures];
		final double[] sd = new double[nMeasures];
		for (int x = 0; x < nMeasures; x++) {
			double sum = 0;
			int c = 0;
			for (final double[] v : perSplit)
				if (!Double.isNaN(v[x])) {
					sum += v[x];
					c++;
				}
			mean[x] = c == 0 ? Double.NaN : sum / c;
			double ss = 0;
			for (final double[] v : perSplit)
				if (!Double.isNaN(v[x])) ss += (v[x] - mean[x]) * (v[x] - mean[x]);
			sd[x] = c < 2 ? Double.NaN : Math.sqrt(ss / (c - 1));
		}
		return new double[][] { mean, sd };
	}

	private static double[] values(final ImageMetrics m) {
		final double[] v = new double[Measure.values().length];
		for (final Measure x : Measure.values())
			v[x.ordinal()] = m.get(x);
		return v;
	}

	// -- bands and summaries --

	/** The band of a coverage with miscoverage α under a validation's split sizes. */
	public static CoverageBand band(final ValidationResult v, final double alpha) {
		final SplitResult s = v.splits().get(0);
		return CoverageBand.of(alpha, s.nCalibration(), s.nTest(), v.splits().size());
	}

	/** λ̂ over splits in natural units: "mean (min–max)". */
	public static String lambdaSummary(final ValidationResult v, final boolean inner) {
		final Method m = v.settings().method();
		double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		int c = 0;
		for (final SplitResult s : v.splits()) {
			final Threshold t = inner ? s.inner() : s.outer();
			if (t == null) continue;
			final double x = m.toNatural(t.lambda());
			sum += x;
			min = Math.min(min, x);
			max = Math.max(max, x);
			c++;
		}
		if (c == 0) return "";
		final double mean = sum / c;
		return min == max ? Tables.number(mean) : Tables.number(mean) + " (" + Tables.number(min) +
			"–" + Tables.number(max) + ")";
	}

	private static final Measure[] COLUMNS = { Measure.VALIDITY, Measure.INNER_VALIDITY,
		Measure.OUTER_VALIDITY, Measure.COVERAGE_RATIO, Measure.FNR, Measure.STRETCH, Measure.CR,
		Measure.ATP, Measure.AFP };

	/** The summary table of one method: conformal row and baseline row. */
	static Tables summary(final MethodResult r) {
		final ValidationResult v = r.validation();
		final List<Measure> shown = new ArrayList<>();
		for (final Measure x : COLUMNS)
			if (!Double.isNaN(v.mean(x)) || !Double.isNaN(r.baselineMean(x))) shown.add(x);
		final List<String> header = new ArrayList<>(Arrays.asList("sets", "target", "band"));
		for (final Measure x : shown)
			header.add(x.id());
		final Method m = r.settings().method();
		if (m.hasInner()) header.add("λ̂ inner");
		if (m.hasOuter()) header.add("λ̂ outer");
		header.add("reaches band");
		final Tables t = new Tables(header);
		final boolean hasValidity = !Double.isNaN(v.mean(Measure.VALIDITY));
		final CoverageBand band = hasValidity ? r.band() : null;
		final Measure risk = m.risk();
		final double target = risk != null ? r.settings().alpha() : 1 - r.settings().alpha();
		final String targetText = risk != null ? "E[" + name(risk) + "] ≤ " + Tables.number(target)
			: "≥ " + Tables.number(target);
		final List<String> conformal = new ArrayList<>(Arrays.asList("conformal α=" + Tables.number(r
			.settings().alpha()), targetText, band == null ? "" : band.toString()));
		final List<String> base = new ArrayList<>(Arrays.asList("baseline Ŷ (t₀=" + Tables.number(r
			.settings().threshold()) + ", λ=0)", targetText, band == null ? "" : band.toString()));
		for (final Measure x : shown) {
			conformal.add(Tables.meanSd(v.mean(x), v.sd(x)));
			base.add(Tables.meanSd(r.baselineMean(x), r.baselineSd(x)));
		}
		if (m.hasInner()) {
			conformal.add(lambdaSummary(v, true));
			base.add(baselineLambda(r.settings(), true));
		}
		if (m.hasOuter()) {
			conformal.add(lambdaSummary(v, false));
			base.add(baselineLambda(r.settings(), false));
		}
		conformal.add(verdict(r.settings(), v));
		base.add(hasValidity ? (band.holds(r.baselineMean(Measure.VALIDITY)) ? "yes" : "no") : "");
		t.row(conformal);
		t.row(base);
		return t;
	}

	/**
	 * "yes" if each of the method's validity measures ({@link Method#validityLevels}) is at or above
	 * its band's lower end; for a guarantee in expectation, if the mean risk is at most α + Z·sd/√S.
	 */
	static String verdict(final Settings s, final ValidationResult v) {
		final Measure risk = s.method().risk();
		if (risk != null) return v.mean(risk) <= riskBound(s.alpha(), v) ? "yes" : "no";
		boolean ok = true;
		for (final Map.Entry<Measure, Double> e : s.method().validityLevels(s).entrySet())
			ok &= band(v, e.getValue()).holds(v.mean(e.getKey()));
		return ok ? "yes" : "no";
	}

	/** α + Z·sd/√S: the bound a mean risk over S splits must stay under. */
	private static double riskBound(final double alpha, final ValidationResult v) {
		return alpha + CoverageBand.Z * v.sd(v.settings().method().risk()) / Math.sqrt(v.splits()
			.size());
	}

	/** A measure's name in text: FNR, CR, … */
	private static String name(final Measure m) {
		return m.id().toUpperCase(Locale.ROOT);
	}

	/** The baseline's λ of a side in natural units (a level just below 0, an open set {d > −0}, reads 0). */
	private static String baselineLambda(final Settings s, final boolean inner) {
		final Calibration b = s.method().baseline(s);
		final double v = b.method().toNatural((inner ? b.inner() : b.outer()).lambda());
		return Tables.number(Math.abs(v) < Float.MIN_NORMAL ? 0 : v);
	}

	/** The sweep table: one row per α. */
	static Tables sweepTable(final MethodResult r) {
		final Method m = r.settings().method();
		final Measure risk = m.risk();
		final List<String> header = new ArrayList<>(Arrays.asList("α", risk != null ? "mean " + name(
			risk) : "validity", risk != null ? "bound" : "band"));
		for (final Measure x : m.sideValidities())
			header.add(x.id());
		if (m.hasOuter()) header.add("stretch");
		if (m.hasInner()) header.add("cr");
		header.add("reaches band");
		final Tables t = new Tables(header);
		for (final Map.Entry<Double, ValidationResult> e : r.sweep().entrySet()) {
			final ValidationResult v = e.getValue();
			final List<String> row = new ArrayList<>();
			row.add(Tables.number(e.getKey()));
			if (risk != null) {
				row.add(Tables.meanSd(v.mean(risk), v.sd(risk)));
				row.add("≤ " + Tables.fixed(riskBound(e.getKey(), v)));
			}
			else {
				row.add(Tables.meanSd(v.mean(Measure.VALIDITY), v.sd(Measure.VALIDITY)));
				row.add(band(v, e.getKey()).toString());
			}
			for (final Measure x : m.sideValidities())
				row.add(Tables.meanSd(v.mean(x), v.sd(x)));
			if (m.hasOuter()) row.add(Tables.meanSd(v.mean(Measure.STRETCH), v.sd(Measure.STRETCH)));
			if (m.hasInner()) row.add(Tables.meanSd(v.mean(Measure.CR), v.sd(Measure.CR)));
			row.add(verdict(v.settings(), v));
			t.row(row);
		}
		return t;
	}

	// -- files --

	/** Writes a method's tables, and its plots ({@link #plots}) as {@code <label>-<suffix>.png}. */
	private static List<Path> writeMethod(final Path dir, final MethodResult r,
		final Map<String, ImagePlus> plots) throws IOException
	{
		final List<Path> files = new ArrayList<>();
		final String l = r.label();
		final Tables summary = summary(r);
		final Tables sweep = sweepTable(r);
		text(dir.resolve(l + ".csv"), summary.csv());
		text(dir.resolve(l + "-alphas.csv"), sweep.csv());
		text(dir.resolve(l + ".md"), "# " + r.settings().method().id() + "\n\n`" + r.settings()
			.parameters() + "`\n\n" + r.calibration().guarantee() + "\n\n" + summary.markdown() +
			"\n## Against α\n\n" + sweep.markdown());
		ValidationTable.writeCsv(r.validation(), dir.resolve(l + "-splits.csv"), false);
		files.addAll(Arrays.asList(Path.of(l + ".md"), Path.of(l + ".csv"), Path.of(l +
			"-alphas.csv"), Path.of(l + "-splits.csv")));
		for (final Map.Entry<String, ImagePlus> p : plots.entrySet()) {
			Plots.savePng(p.getValue(), dir.resolve(l + "-" + p.getKey() + ".png"));
			files.add(Path.of(l + "-" + p.getKey() + ".png"));
		}
		return files;
	}

	/** The method's plots by file suffix: coverage (or risk), scores, size. */
	public static Map<String, ImagePlus> plots(final MethodResult r) {
		final Map<String, ImagePlus> out = new LinkedHashMap<>();
		final Settings s = r.settings();
		final Method m = s.method();
		final List<Double> alphas = new ArrayList<>(r.sweep().keySet());
		final int na = alphas.size();
		final double[] a = new double[na];
		final double[] nominal = new double[na];
		final double[] lo = new double[na];
		final double[] hi = new double[na];
		final double[] val = new double[na], valSd = new double[na];
		final double[] stretch = new double[na], cr = new double[na], risk = new double[na],
			riskSd = new double[na];
		final Measure riskMeasure = m.risk();
		// nominal 1 − α increases as α decreases: fill from the largest α
		for (int j = 0; j < na; j++) {
			final double alpha = alphas.get(na - 1 - j);
			final ValidationResult v = r.sweep().get(alpha);
			a[na - 1 - j] = alpha;
			nominal[j] = 1 - alpha;
			if (riskMeasure == null) {
				final CoverageBand b = band(v, alpha);
				lo[j] = b.lower();
				hi[j] = b.upper();
			}
			val[j] = v.mean(Measure.VALIDITY);
			valSd[j] = v.sd(Measure.VALIDITY);
			stretch[na - 1 - j] = v.mean(Measure.STRETCH);
			cr[na - 1 - j] = v.mean(Measure.CR);
			if (riskMeasure != null) {
				risk[na - 1 - j] = v.mean(riskMeasure);
				riskSd[na - 1 - j] = v.sd(riskMeasure);
			}
		}
		final String name = m.id();
		if (riskMeasure != null) {
			out.put("risk", Plots.risk(name + ": mean " + name(riskMeasure) + " over splits against α",
				a, Collections.singletonList(new Plots.Series("mean " + name(riskMeasure) + " ± sd", risk,
					riskSd))));
		}
		else {
			final List<Plots.Series> series = new ArrayList<>();
			series.add(new Plots.Series(m.sideValidities().isEmpty() ? "validity ± sd"
				: "joint (every side) ± sd", val, valSd));
			out.put("coverage", Plots.coverage(name + ": empirical against nominal coverage", nominal, lo,
				hi, series));
		}
		final Calibration c = r.calibration();
		if (riskMeasure != null) {
			out.put("scores", Plots.histogram(name + ": per-image " + name(riskMeasure) + " at λ̂ = " +
				Tables.number(m.toNatural(c.outer().lambda())), name(riskMeasure), m.calibrationLosses(c),
				s.alpha()));
		}
		else {
			if (m.hasInner()) out.put(m.hasOuter() ? "scores-inner" : "scores", Plots.histogram(name +
				": calibration scores" + (m.hasOuter() ? " (inner)" : ""), m.unit(s, true), natural(s, c,
					true), m.toNatural(c.inner().lambda())));
			if (m.hasOuter()) out.put(m.hasInner() ? "scores-outer" : "scores", Plots.histogram(name +
				": calibration scores" + (m.hasInner() ? " (outer)" : ""), m.unit(s, false), natural(s, c,
					false), m.toNatural(c.outer().lambda())));
		}
		final List<Plots.Series> size = new ArrayList<>();
		if (m.hasOuter()) size.add(new Plots.Series("stretch |O|/|Ŷ|", stretch, null));
		if (m.hasInner()) size.add(new Plots.Series("contraction |I|/|Ŷ|", cr, null));
		out.put("size", Plots.curves(name + ": set size against α", "α", "mean over splits", a, size));
		return out;
	}

	private static double[] natural(final Settings s, final Calibration c, final boolean inner) {
		final double[] v = new double[c.scores().size()];
		for (int i = 0; i < v.length; i++) {
			final ImageScore x = c.scores().get(i);
			v[i] = s.method().toNatural(inner ? x.inner() : x.outer());
		}
		return v;
	}

	/** @param plotNames each method's plot suffixes, as {@link #writeMethod} wrote them */
	private static void writeIndex(final Path dir, final Options o, final int n,
		final List<String> skipped, final List<MethodResult> results,
		final List<List<String>> plotNames, final List<String> panels) throws IOException
	{
		final StringBuilder sb = new StringBuilder();
		sb.append("# ").append(o.title).append("\n\n");
		final SplitResult s0 = results.get(0).validation().splits().get(0);
		sb.append(String.format(Locale.ROOT,
			"%d labelled images; %d seeded random splits (seed %d), %d calibration / %d test images each.%s%n%n",
			n, o.splits, o.seed, s0.nCalibration(), s0.nTest(), skipped.isEmpty() ? ""
				: " " + skipped.size() + " image(s) skipped (listed at the end)."));
		sb.append("**Guarantee.** If the calibration images and a new image are exchangeable, ");
		sb.append("each method's event below holds on the new image with probability at least 1 − α ");
		sb.append("(for a guarantee in expectation, such as crc's: the expected FNR is at most α); ");
		sb.append("the tables check this on held-out test ");
		sb.append("halves.\n\n");
		sb.append(CoverageBand.description()).append(
			" Baseline: the predicted mask Ŷ itself (threshold t₀, λ = 0) as inner and/or outer set, measured the same way.\n\n");
		sb.append("| method | guarantee | validity | band | reaches band | table |\n|---|---|---|---|---|---|\n");
		for (final MethodResult r : results) {
			final ValidationResult v = r.validation();
			final Measure risk = r.settings().method().risk();
			sb.append("| ").append(r.label()).append(" | ").append(r.calibration().guarantee()).append(
				" | ").append(risk != null ? "mean " + name(risk) + " " + Tables.meanSd(v.mean(risk), v.sd(
					risk)) : Tables.meanSd(v.mean(Measure.VALIDITY), v.sd(Measure.VALIDITY))).append(" | ")
				.append(risk != null ? "" : r.band().toString()).append(" | ").append(verdict(r.settings(), v)).append(
							" | [md](").append(r.label()).append(".md), [csv](").append(r.label()).append(
								".csv), [splits](").append(r.label()).append("-splits.csv) |\n");
		}
		for (int i = 0; i < results.size(); i++) {
			final MethodResult r = results.get(i);
			sb.append("\n## ").append(r.label()).append("\n\n`").append(r.settings().parameters()).append(
				"`\n\n").append(r.calibration().guarantee()).append(" On all ").append(n).append(
					" images: ").append(r.calibration()).append(".\n\n");
			final Set<String> warnings = new LinkedHashSet<>(SetWarnings.of(r.calibration()));
			warnings.addAll(SetWarnings.of(r.validation()));
			for (final String w : warnings)
				sb.append("**Warning:** ").append(w).append("\n\n");
			sb.append(summary(r).markdown()).append('\n');
			sb.append(sweepTable(r).markdown()).append('\n');
			for (final String p : plotNames.get(i))
				sb.append("![").append(p).append("](").append(r.label()).append('-').append(p).append(
					".png) ");
			sb.append('\n');
		}
		if (!panels.isEmpty()) {
			sb.append("\n## Panels\n\nTest images of split 1 with split 1's calibration. ").append(Panels
				.legend()).append("\n\n");
			for (final String p : panels)
				sb.append("![").append(p).append("](").append(p).append(")\n");
		}
		if (!skipped.isEmpty()) {
			sb.append("\n## Skipped images\n\n");
			for (final String s : skipped)
				sb.append("- ").append(s).append('\n');
		}
		text(dir.resolve("index.md"), sb.toString());
		text(dir.resolve("index.html"), MarkdownHtml.page(o.title, sb.toString()));
	}

	private static void text(final Path file, final String content) throws IOException {
		final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		AtomicWrite.writeNew(file, out -> out.write(bytes));
	}

	private static String slug(final String id) {
		return id.replaceAll("[^A-Za-z0-9._-]+", "_");
	}

}
