package sc.fiji.conformal.core;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Consumer;

import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.Indexed;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;

/**
 * Seeded random-split validation: the labelled images are split at random
 * into a calibration part and a test part, many times; each split is
 * calibrated and its sets measured on its test images. Over random splits the
 * calibration and test images are exchangeable by construction, so the mean
 * validity over splits estimates the guaranteed probability.
 * <p>
 * A map-reduce in two passes over the images, on a {@link Runner}: the first
 * scores every image once ({@link ImageScores#score}); from the scores, a
 * {@link Plan} fixes every split and its calibration at every α; the second
 * pass measures each image ({@link Plan#measure}, a pure function of the
 * plan and the image: its level maps once, then its metrics for every split
 * it is a test image of, each threshold costing O(log |V|)); a {@link Merge}
 * adds those per-image measures in image order. The sums are taken in the
 * same order whatever the number of threads, so every number is the same to
 * the last bit. Memory holds the scores, the per-split sums and a runner's
 * window of images.
 */
public final class Validation {

	/**
	 * The most random splits of one validation: the validity's standard error
	 * is then below 0.0016 at any level, and each split costs a λ̂ per α and a
	 * test measure per test image, so more only costs time and memory.
	 */
	public static final int MAX_SPLITS = 100_000;

	private Validation() {}

	/**
	 * Runs {@code splits} random splits on all cores
	 * ({@link LocalRunner#allCores()}); see
	 * {@link #randomSplits(Settings, Iterable, int, double, long, Runner)}.
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final Iterable<Sample> samples, final int splits, final double calibrationFraction,
		final long seed)
	{
		return randomSplits(settings, samples, splits, calibrationFraction, seed, LocalRunner
			.allCores());
	}

	/**
	 * Runs {@code splits} random splits: two passes over the images on the
	 * runner. The result does not depend on the runner or its threads.
	 *
	 * @param samples labelled images; iterated twice, in the same order
	 * @param calibrationFraction share of images used for calibration in each
	 *          split (the rest are test images); at least one of each
	 * @param seed seed of the splits: the same seed gives the same splits
	 * @throws IllegalArgumentException on fewer than 2 images, splits &lt; 1, a
	 *           fraction outside (0, 1), or a second pass that yields other
	 *           images than the first
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final Iterable<Sample> samples, final int splits, final double calibrationFraction,
		final long seed, final Runner runner)
	{
		checkSplits(splits, calibrationFraction);
		final List<ImageScore> scores = new ArrayList<>();
		run(runner, samples, s -> ImageScores.score(settings, s), scores::add);
		return randomSplits(settings, scores, samples, splits, calibrationFraction, seed, runner);
	}

	/**
	 * Runs {@code splits} random splits with the images' scores already known
	 * (one pass over the images instead of two), on all cores.
	 *
	 * @param scores the score of every image, in the order {@code samples}
	 *          yields them
	 * @throws IllegalArgumentException as above, or if the images do not match
	 *           the scores
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed)
	{
		return randomSplits(settings, scores, samples, splits, calibrationFraction, seed, LocalRunner
			.allCores());
	}

	/**
	 * {@link #randomSplits(Settings, List, Iterable, int, double, long)} on the
	 * given runner.
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed, final Runner runner)
	{
		return sweep(settings, new double[] { settings.alpha() }, scores, samples, splits,
			calibrationFraction, seed, runner).get(settings.alpha());
	}

	/**
	 * {@link #randomSplits(Settings, List, Iterable, int, double, long)} at
	 * several α with one pass over the images, on all cores; see
	 * {@link #sweep(Settings, double[], List, Iterable, int, double, long, Runner)}.
	 */
	public static Map<Double, ValidationResult> sweep(final Settings settings, final double[] alphas,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed)
	{
		return sweep(settings, alphas, scores, samples, splits, calibrationFraction, seed, LocalRunner
			.allCores());
	}

	/**
	 * {@link #randomSplits(Settings, List, Iterable, int, double, long)} at
	 * several α with one pass over the images: the scores, the splits and each
	 * test image's level maps do not depend on α, only λ̂ does. The settings
	 * at α are {@code settings.withAlpha(α)} ({@code settings} itself at its
	 * own α). The same as {@link #plan} followed by {@link Plan#measure} on
	 * every image and a {@link Merge} of the results in image order.
	 *
	 * @return the result at each α, in the order given (a repeated α once)
	 * @throws IllegalArgumentException as
	 *           {@link #randomSplits(Settings, List, Iterable, int, double, long)},
	 *           or if no α is given
	 */
	public static Map<Double, ValidationResult> sweep(final Settings settings, final double[] alphas,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed, final Runner runner)
	{
		final Plan plan = plan(settings, alphas, scores, splits, calibrationFraction, seed);
		final Merge merge = plan.merge();
		final int n = plan.size();
		final Iterable<Indexed<Sample>> numbered = () -> new Iterator<Indexed<Sample>>() {

			private final Iterator<Sample> it = samples.iterator();
			private int next;

			@Override
			public boolean hasNext() {
				return next < n && it.hasNext();
			}

			@Override
			public Indexed<Sample> next() {
				if (!hasNext()) throw new NoSuchElementException();
				return new Indexed<>(next++, it.next());
			}
		};
		run(runner, numbered, x -> plan.measure(x.index(), x.value()), merge::add);
		return merge.results();
	}

	/**
	 * The constant part of a validation, from the scores of every image in
	 * order: the test images of each split ({@link #testMembership}) and each
	 * split's calibration at each α (from the scores of its calibration
	 * images).
	 *
	 * @param alphas the α to validate at (a repeated α once); the settings at
	 *          α are {@code settings.withAlpha(α)}, {@code settings} itself at
	 *          its own α
	 * @throws IllegalArgumentException on fewer than 2 images, splits &lt; 1, a
	 *           fraction outside (0, 1), no α, or scores the method cannot
	 *           calibrate on
	 */
	public static Plan plan(final Settings settings, final double[] alphas,
		final List<ImageScore> scores, final int splits, final double calibrationFraction,
		final long seed)
	{
		checkSplits(splits, calibrationFraction);
		if (alphas.length == 0) throw new IllegalArgumentException("no α to validate");
		final int n = scores.size();
		if (n < 2) {
			throw new IllegalArgumentException("validation needs at least 2 labelled images, got " + n);
		}
		return new Plan(settings, alphas, scores, testMembership(n, splits, calibrationFraction,
			seed));
	}

	/**
	 * Checks the split arguments of a validation (before any image is read).
	 *
	 * @throws IllegalArgumentException on splits outside [1,
	 *           {@link #MAX_SPLITS}] or a fraction outside (0, 1), naming the
	 *           value
	 */
	public static void checkSplits(final int splits, final double calibrationFraction) {
		if (splits < 1 || splits > MAX_SPLITS) {
			throw new IllegalArgumentException("splits must be in [1, " + MAX_SPLITS + "], got " + splits);
		}
		if (!(calibrationFraction > 0 && calibrationFraction < 1)) {
			throw new IllegalArgumentException("calibration fraction must be in (0, 1), got " +
				calibrationFraction);
		}
	}

	/** Runs a pass over images in memory, which reads no file. */
	private static <E, R> void run(final Runner runner, final Iterable<? extends E> entries,
		final ImageTask<? super E, ? extends R> task, final Consumer<? super R> sink)
	{
		if (runner == null) throw new IllegalArgumentException("a runner must be given");
		try {
			runner.run(entries, task, RunMonitor.NONE, sink);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * The constant part of a validation ({@link Validation#plan}): what the
	 * per-image function of the second pass needs, as plain serializable
	 * values (the settings as parameters, each split's λ̂ at each α, the test
	 * images of each split, the image ids), plus, in the process that made it,
	 * the splits' calibrations for the {@link Merge}. Immutable.
	 */
	public static final class Plan implements Serializable {

		private static final long serialVersionUID = 1L;

		private final PortableSettings settings;
		private final double[] alphas;
		private final PortableSettings[] each;
		private final double[][] lambdaInner;
		private final double[][] lambdaOuter;
		private final boolean[][] isTest;
		private final String[] ids;
		private final int nCalibration;
		/** [α][split], only where the plan was made. */
		private final transient Calibration[][] calibrations;

		Plan(final Settings settings, final double[] alphas, final List<ImageScore> scores,
			final boolean[][] isTest)
		{
			final Map<Double, Settings> at = new LinkedHashMap<>();
			for (final double a : alphas)
				at.put(a, a == settings.alpha() ? settings : settings.withAlpha(a));
			final int k = at.size();
			final int n = scores.size();
			final int splits = isTest.length;
			this.settings = new PortableSettings(settings);
			this.alphas = new double[k];
			this.each = new PortableSettings[k];
			int j = 0;
			for (final Map.Entry<Double, Settings> e : at.entrySet()) {
				this.alphas[j] = e.getKey();
				each[j++] = new PortableSettings(e.getValue());
			}
			this.isTest = isTest;
			ids = new String[n];
			for (int i = 0; i < n; i++)
				ids[i] = scores.get(i).id();
			int nCal = 0;
			for (final boolean t : isTest[0])
				if (!t) nCal++;
			nCalibration = nCal;
			calibrations = new Calibration[k][splits];
			lambdaInner = new double[k][splits];
			lambdaOuter = new double[k][splits];
			for (int s = 0; s < splits; s++) {
				final List<ImageScore> calScores = new ArrayList<>(nCal);
				for (int i = 0; i < n; i++)
					if (!isTest[s][i]) calScores.add(scores.get(i));
				for (j = 0; j < k; j++) {
					final Calibration c = Calibrator.fromScores(each[j].get(), calScores);
					calibrations[j][s] = c;
					lambdaInner[j][s] = c.inner() == null ? Double.NaN : c.inner().lambda();
					lambdaOuter[j][s] = c.outer() == null ? Double.NaN : c.outer().lambda();
				}
			}
		}

		/** Number of images. */
		public int size() {
			return ids.length;
		}

		/** Number of splits. */
		public int splits() {
			return isTest.length;
		}

		/** The distinct α, in the order given. */
		public double[] alphas() {
			return alphas.clone();
		}

		/** True if image {@code image} is a test image of split {@code split}. */
		public boolean isTest(final int split, final int image) {
			return isTest[split][image];
		}

		/**
		 * The measures of image {@code image} (0-based, in the order of the
		 * scores) as a test image: its level maps once, then the metrics of its
		 * sets at each split's λ̂ for every split it is a test image of and
		 * every α. A pure function of the plan and the image.
		 *
		 * @throws IllegalArgumentException if the sample is not that image (the
		 *           images changed since they were scored), has no ground truth
		 *           or lacks what the method needs
		 */
		public TestMeasures measure(final int image, final Sample sample) {
			if (image < 0 || image >= ids.length) {
				throw new IllegalArgumentException("image index " + image + " is outside the " +
					ids.length + " images of the validation");
			}
			if (!sample.id().equals(ids[image])) {
				throw new IllegalArgumentException("the images changed between passes: expected '" +
					ids[image] + "', got '" + sample.id() + "'");
			}
			final int splits = isTest.length;
			int t = 0;
			for (int s = 0; s < splits; s++)
				if (isTest[s][image]) t++;
			final int[] testOf = new int[t];
			final int k = each.length;
			final int m = Measure.values().length;
			final double[] values = new double[t * k * m];
			if (t == 0) return new TestMeasures(sample.id(), image, testOf, values);
			final Settings base = settings.get();
			final SetCounts.Sorted sorted = new SetCounts.Sorted(base.method(), LevelMaps.of(base,
				sample), sample.requireTruth());
			int at = 0;
			t = 0;
			for (int s = 0; s < splits; s++) {
				if (!isTest[s][image]) continue;
				testOf[t++] = s;
				for (int j = 0; j < k; j++) {
					final ImageMetrics metrics = ImageMetrics.of(each[j].get(), sorted.at(lambdaInner[j][s],
						lambdaOuter[j][s]));
					for (final Measure x : Measure.values())
						values[at++] = metrics.get(x);
				}
			}
			return new TestMeasures(sample.id(), image, testOf, values);
		}

		/**
		 * A new merge of this plan's per-image measures.
		 *
		 * @throws IllegalStateException on a plan deserialized in another
		 *           process (it has no calibrations; merge where it was made)
		 */
		public Merge merge() {
			if (calibrations == null) {
				throw new IllegalStateException("this validation plan was shipped from another process: merge where it was made");
			}
			return new Merge(this);
		}
	}

	/**
	 * One image's measures as a test image ({@link Plan#measure}, and
	 * {@link ClassValidation.Plan#measure}): for each split it is a test image
	 * of, in split order, and each α of the plan (each class of a validation
	 * per class), the value of every {@link Measure} (NaN where undefined). A
	 * plain serializable value. Immutable.
	 */
	public static final class TestMeasures implements Serializable {

		private static final long serialVersionUID = 1L;

		private final String id;
		private final int image;
		private final int[] splits;
		private final double[] values;

		TestMeasures(final String id, final int image, final int[] splits, final double[] values) {
			this.id = id;
			this.image = image;
			this.splits = splits;
			this.values = values;
		}

		/** The image id. */
		public String id() {
			return id;
		}

		/** The image's index in the plan. */
		public int image() {
			return image;
		}

		/** The splits it is a test image of, in order. */
		public int[] splits() {
			return splits.clone();
		}

		/**
		 * The value of a measure in the {@code t}-th split of {@link #splits()}
		 * at the plan's {@code j}-th α (or {@code j}-th class).
		 */
		public double get(final int t, final int j, final Measure m) {
			final int k = splits.length == 0 ? 0 : values.length / (splits.length * Measure.values().length);
			return values[(t * k + j) * Measure.values().length + m.ordinal()];
		}
	}

	/**
	 * Merges per-image {@link TestMeasures} into a validation: they must come
	 * in image order (0, 1, 2, ...), and each split's sums are taken in that
	 * order, so the result is the same whatever computed the measures. Not
	 * thread-safe: one merge per validation, fed by one thread.
	 */
	public static final class Merge {

		private final Plan plan;
		private final Accumulator[][] acc;
		private int next;

		Merge(final Plan plan) {
			this.plan = plan;
			acc = new Accumulator[plan.each.length][plan.splits()];
			for (final Accumulator[] a : acc)
				for (int s = 0; s < a.length; s++)
					a[s] = new Accumulator();
		}

		/**
		 * Adds the next image's measures.
		 *
		 * @throws IllegalArgumentException if they are not the next image's, in
		 *           image order
		 */
		public void add(final TestMeasures m) {
			if (next >= plan.size()) {
				throw new IllegalArgumentException("the validation has " + plan.size() +
					" images; got the measures of one more ('" + m.id + "')");
			}
			if (m.image != next || !m.id.equals(plan.ids[next])) {
				throw new IllegalArgumentException("measures out of order: expected image " + next + " ('" +
					plan.ids[next] + "'), got image " + m.image + " ('" + m.id + "')");
			}
			final int k = plan.each.length;
			final int nm = Measure.values().length;
			for (int t = 0; t < m.splits.length; t++)
				for (int j = 0; j < k; j++)
					acc[j][m.splits[t]].add(m.values, (t * k + j) * nm);
			next++;
		}

		/** Images merged so far. */
		public int count() {
			return next;
		}

		/**
		 * The result at each α of the plan, in order.
		 *
		 * @throws IllegalArgumentException if not every image was merged (the
		 *           images changed between passes)
		 */
		public Map<Double, ValidationResult> results() {
			final int n = plan.size();
			if (next < n) {
				throw new IllegalArgumentException("the images changed between passes: the second pass ended after " +
					next + " of " + n);
			}
			final Map<Double, ValidationResult> out = new LinkedHashMap<>();
			for (int j = 0; j < plan.each.length; j++) {
				final List<SplitResult> results = new ArrayList<>(plan.splits());
				for (int s = 0; s < plan.splits(); s++) {
					final Calibration c = plan.calibrations[j][s];
					results.add(new SplitResult(s, plan.nCalibration, n - plan.nCalibration, c.inner(), c
						.outer(), acc[j][s].means()));
				}
				out.put(plan.alphas[j], new ValidationResult(plan.each[j].get(), results));
			}
			return out;
		}
	}

	/**
	 * Which images are test images in each split: split s draws a uniformly
	 * random permutation (Fisher–Yates with {@code new Random(seed)}, splits in
	 * order) and takes its first round(fraction · n) images, at least one and
	 * at most n − 1, for calibration. The same arguments give the same splits.
	 *
	 * @return {@code isTest[split][image]}
	 */
	public static boolean[][] testMembership(final int n, final int splits, final double fraction,
		final long seed)
	{
		final int nCal = Math.max(1, Math.min(n - 1, (int) Math.round(fraction * n)));
		final Random random = new Random(seed);
		final boolean[][] isTest = new boolean[splits][n];
		final int[] perm = new int[n];
		for (int s = 0; s < splits; s++) {
			for (int i = 0; i < n; i++)
				perm[i] = i;
			for (int i = n - 1; i > 0; i--) {
				final int j = random.nextInt(i + 1);
				final int t = perm[i];
				perm[i] = perm[j];
				perm[j] = t;
			}
			for (int i = nCal; i < n; i++)
				isTest[s][perm[i]] = true;
		}
		return isTest;
	}

	/** Sums of each measure over the images where it is defined. */
	static final class Accumulator {

		private final double[] sum = new double[Measure.values().length];
		private final int[] count = new int[Measure.values().length];

		void add(final ImageMetrics m) {
			for (final Measure x : Measure.values()) {
				final double v = m.get(x);
				if (Double.isNaN(v)) continue;
				sum[x.ordinal()] += v;
				count[x.ordinal()]++;
			}
		}

		/** Adds the measures at {@code values[from ...]}, in {@link Measure} order. */
		void add(final double[] values, final int from) {
			for (int x = 0; x < sum.length; x++) {
				final double v = values[from + x];
				if (Double.isNaN(v)) continue;
				sum[x] += v;
				count[x]++;
			}
		}

		double[] means() {
			final double[] mean = new double[sum.length];
			for (int i = 0; i < sum.length; i++)
				mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
			return mean;
		}
	}
}
