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
import java.util.function.Consumer;

import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.Indexed;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;

/**
 * Seeded random-split validation per class and per group: the
 * {@link Validation} of a {@link ClassCalibrator} calibration. The splits are
 * {@link Validation#testMembership} of all images (groups are not
 * stratified), so a binary validation with the same seed and image order uses
 * the same splits. Each split is calibrated from the scores of its
 * calibration images ({@link ClassCalibrator#fromScores}, per group when
 * {@code perGroup}, else one pooled calibration whose groups only sort the
 * test images), and each test image is judged, class by class, at the λ̂ of
 * its group's cell.
 * <p>
 * A map-reduce like {@link Validation}: the scores of every image (one pass,
 * every class at once) fix the {@link Plan}; {@link Plan#measure} is a pure
 * function of the plan and one image (each class's level maps once, then its
 * metrics for every split it is a test image of); a {@link Merge} adds the
 * per-image measures in image order, so every number is the same whatever
 * computed them and however many threads. {@link Plan#count} judges an image
 * from its stored scores instead (no image needed): its event holds when
 * each score is at most its cell's λ̂, exactly the method's criterion on the
 * set at λ̂ for every method but threshold-inner, where it is a lower bound
 * (docs/design.md, section 1).
 * <p>
 * What a split reports per group g and class c: the mean of every
 * {@link Measure} over g's test images (c's event is {@link Measure#VALIDITY}
 * for a guarantee in probability, the method's risk for crc); the joint
 * event, every class's event at once; and the same over all test images
 * (the pooled row, {@link ClassValidationResult#ALL}), summed in image order.
 */
public final class ClassValidation {

	private ClassValidation() {}

	/**
	 * The constant part of a validation: the splits and each split's
	 * calibration.
	 *
	 * @param scores every image's class scores, in image order (with a group,
	 *          or all without)
	 * @param perGroup calibrate each group on its own calibration images
	 *          (Mondrian); else one calibration of the pooled calibration
	 *          images, the groups only sorting the results
	 * @throws IllegalArgumentException on fewer than 2 images, bad split
	 *           arguments ({@link Validation#checkSplits}), or as
	 *           {@link ClassCalibrator#fromScores} (e.g. a split that leaves a
	 *           group without calibration images, naming it)
	 */
	public static Plan plan(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores, final boolean perGroup,
		final int splits, final double calibrationFraction, final long seed)
	{
		Validation.checkSplits(splits, calibrationFraction);
		if (settings == null || classes == null || rule == null || scores == null) {
			throw new IllegalArgumentException("settings, classes, joint rule and scores must be given");
		}
		final int n = scores.size();
		if (n < 2) {
			throw new IllegalArgumentException("validation needs at least 2 labelled images, got " + n);
		}
		return new Plan(settings, classes, rule, scores, perGroup, Validation.testMembership(n,
			splits, calibrationFraction, seed));
	}

	/**
	 * Validates label-map samples held in memory, per group when they have
	 * groups: two passes on the runner (every class scored, then every test
	 * image measured), merged in image order, so the result does not depend
	 * on the runner or its threads.
	 *
	 * @param samples images with ground truth, all with the classes of the
	 *          first; iterated twice, in the same order
	 * @throws IllegalArgumentException as {@link #plan}, or naming an image
	 *           whose classes differ from the first image's or that changed
	 *           between the passes
	 */
	public static ClassValidationResult randomSplits(final Settings settings,
		final ClassJointRule rule, final Iterable<LabelSample> samples, final int splits,
		final double calibrationFraction, final long seed, final Runner runner)
	{
		Validation.checkSplits(splits, calibrationFraction);
		if (settings == null || rule == null || samples == null || runner == null) {
			throw new IllegalArgumentException("settings, joint rule, samples and runner must be given");
		}
		final List<ClassScores> scores = new ArrayList<>();
		final LabelClasses[] classes = new LabelClasses[1];
		run(runner, samples, x -> ClassScores.score(settings, x), scores::add, classes);
		if (classes[0] == null) {
			throw new IllegalArgumentException("validation needs at least 2 labelled images, got 0");
		}
		final Plan plan = plan(settings, classes[0], rule, scores, true, splits, calibrationFraction,
			seed);
		final Merge merge = plan.merge();
		final int n = scores.size();
		final Iterable<Indexed<LabelSample>> numbered = () -> new Iterator<Indexed<LabelSample>>() {

			private final Iterator<LabelSample> it = samples.iterator();
			private int next;

			@Override
			public boolean hasNext() {
				return next < n && it.hasNext();
			}

			@Override
			public Indexed<LabelSample> next() {
				if (!hasNext()) throw new NoSuchElementException();
				return new Indexed<>(next++, it.next());
			}
		};
		run(runner, numbered, x -> plan.measure(x.index(), x.value()), merge::add, null);
		return merge.result();
	}

	/**
	 * Runs a pass over samples in memory (which reads no file); with
	 * {@code classes}, records the first sample's classes and refuses a sample
	 * with others, naming it.
	 */
	private static <E, R> void run(final Runner runner, final Iterable<E> entries,
		final ImageTask<? super E, ? extends R> task, final Consumer<? super R> sink,
		final LabelClasses[] classes)
	{
		final Iterable<E> checked = classes == null ? entries : () -> new Iterator<E>() {

			private final Iterator<E> it = entries.iterator();

			@Override
			public boolean hasNext() {
				return it.hasNext();
			}

			@Override
			public E next() {
				final E e = it.next();
				final LabelSample s = (LabelSample) e;
				if (classes[0] == null) classes[0] = s.classes();
				else if (!classes[0].equals(s.classes())) {
					throw new IllegalArgumentException("label sample '" + s.id() + "' has classes " + s
						.classes() + " but the first sample has " + classes[0]);
				}
				return e;
			}
		};
		try {
			runner.run(checked, task, RunMonitor.NONE, sink);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * {@link #plan}, then every image counted from its scores
	 * ({@link Plan#count}) and merged: a validation without images.
	 */
	public static ClassValidationResult fromScores(final Settings settings,
		final LabelClasses classes, final ClassJointRule rule, final List<ClassScores> scores,
		final boolean perGroup, final int splits, final double calibrationFraction, final long seed)
	{
		final Plan plan = plan(settings, classes, rule, scores, perGroup, splits,
			calibrationFraction, seed);
		final Merge merge = plan.merge();
		for (int i = 0; i < scores.size(); i++)
			merge.add(plan.count(i));
		return merge.result();
	}

	/**
	 * The splits of a validation and each split's λ̂ per group, class and
	 * side, as plain serializable values (what {@link #measure} needs), plus,
	 * in the process that made it, the calibrations for the {@link Merge}.
	 * Immutable.
	 */
	public static final class Plan implements Serializable {

		private static final long serialVersionUID = 1L;

		private final PortableSettings settings;
		/** Each class's cell settings (α/K under Bonferroni). */
		private final PortableSettings[] cell;
		private final int[] labels;
		private final String[] names;
		private final boolean binary;
		private final ClassJointRule rule;
		private final boolean perGroup;
		private final String[] ids;
		/** Each image's group index. */
		private final int[] group;
		private final String[] groups;
		private final boolean[][] isTest;
		/** [split][group][class][0 inner, 1 outer], level-map units, NaN for a side the method lacks. */
		private final double[][][][] lambda;
		/** Each image's scores [image][class][side], for {@link #count}. */
		private final double[][][] score;
		/** [split], only where the plan was made. */
		private final transient ClassCalibration[] calibrations;

		Plan(final Settings settings, final LabelClasses classes, final ClassJointRule rule,
			final List<ClassScores> scores, final boolean perGroup, final boolean[][] isTest)
		{
			final int n = scores.size();
			final int k = classes.size();
			final int splits = isTest.length;
			this.settings = new PortableSettings(settings);
			labels = classes.labels();
			names = classes.names().toArray(new String[0]);
			binary = classes.binary();
			this.perGroup = perGroup;
			this.isTest = isTest;
			ids = new String[n];
			group = new int[n];
			score = new double[n][k][2];
			final Map<String, Integer> index = new LinkedHashMap<>();
			for (int i = 0; i < n; i++) {
				final ClassScores s = scores.get(i);
				ids[i] = s.id();
				final Integer g = index.get(s.group());
				group[i] = g == null ? index.size() : g;
				if (g == null) index.put(s.group(), group[i]);
				for (int c = 0; c < Math.min(k, s.size()); c++) {
					score[i][c][0] = s.get(c).inner();
					score[i][c][1] = s.get(c).outer();
				}
			}
			groups = index.keySet().toArray(new String[0]);
			calibrations = new ClassCalibration[splits];
			lambda = new double[splits][groups.length][k][2];
			ClassJointRule used = rule;
			PortableSettings[] cells = null;
			for (int sp = 0; sp < splits; sp++) {
				final List<ClassScores> cal = new ArrayList<>();
				for (int i = 0; i < n; i++)
					if (!isTest[sp][i]) cal.add(perGroup ? scores.get(i) : new ClassScores(ids[i], null,
						perClass(scores.get(i))));
				final ClassCalibration c = ClassCalibrator.fromScores(settings, classes, rule, cal);
				calibrations[sp] = c;
				used = c.jointRule();
				for (int g = 0; g < groups.length; g++) {
					final String calibrated = perGroup ? groups[g] : "";
					if (perGroup && !c.groups().contains(calibrated)) {
						throw new IllegalArgumentException("split " + sp + " has no calibration image in group '" +
							calibrated + "': the group has too few images for a calibration fraction (give it more, or fewer groups)");
					}
					for (int j = 0; j < k; j++) {
						final Calibration cj = c.cell(calibrated, j);
						lambda[sp][g][j][0] = cj.inner() == null ? Double.NaN : cj.inner().lambda();
						lambda[sp][g][j][1] = cj.outer() == null ? Double.NaN : cj.outer().lambda();
					}
				}
				if (cells == null) {
					cells = new PortableSettings[k];
					for (int j = 0; j < k; j++)
						cells[j] = new PortableSettings(c.cell(c.groups().get(0), j).settings());
				}
			}
			this.rule = used;
			cell = cells;
		}

		private static List<ImageScore> perClass(final ClassScores s) {
			final List<ImageScore> l = new ArrayList<>(s.size());
			for (int c = 0; c < s.size(); c++)
				l.add(s.get(c));
			return l;
		}

		/** Number of images. */
		public int size() {
			return ids.length;
		}

		/** Number of splits. */
		public int splits() {
			return isTest.length;
		}

		/** Number of classes. */
		public int classes() {
			return labels.length;
		}

		private LabelClasses labelClasses() {
			return binary ? LabelClasses.BINARY : LabelClasses.of(labels, names);
		}

		/** True if image {@code image} is a test image of split {@code split}. */
		public boolean isTest(final int split, final int image) {
			return isTest[split][image];
		}

		/**
		 * The measures of a label-map image as a test image: each class's
		 * one-vs-rest sample's level maps once, then its metrics at its group's
		 * cell λ̂ for every split it is a test image of. A pure function of the
		 * plan and the image.
		 *
		 * @throws IllegalArgumentException if the sample is not that image (the
		 *           images changed since they were scored), has other classes,
		 *           no ground truth or lacks what the method needs
		 */
		public Validation.TestMeasures measure(final int image, final LabelSample sample) {
			check(image, sample.id());
			if (!sample.classes().equals(labelClasses())) {
				throw new IllegalArgumentException("label sample '" + sample.id() + "' has classes " +
					sample.classes() + " but the validation has " + labelClasses());
			}
			final Sample[] perClass = new Sample[labels.length];
			for (int c = 0; c < perClass.length; c++)
				perClass[c] = sample.oneVsRest(c);
			return measure(image, perClass);
		}

		/**
		 * The measures of a binary image (one class, its group the one it was
		 * scored with) as a test image; see {@link #measure(int, LabelSample)}.
		 */
		public Validation.TestMeasures measure(final int image, final Sample sample) {
			check(image, sample.id());
			if (labels.length != 1) {
				throw new IllegalArgumentException("this validation has " + labels.length +
					" classes: measure a label-map sample, not the binary sample '" + sample.id() + "'");
			}
			return measure(image, new Sample[] { sample });
		}

		private void check(final int image, final String id) {
			if (image < 0 || image >= ids.length) {
				throw new IllegalArgumentException("image index " + image + " is outside the " +
					ids.length + " images of the validation");
			}
			if (!id.equals(ids[image])) {
				throw new IllegalArgumentException("the images changed between passes: expected '" +
					ids[image] + "', got '" + id + "'");
			}
		}

		private Validation.TestMeasures measure(final int image, final Sample[] perClass) {
			final int[] testOf = testOf(image);
			final int k = labels.length;
			final int m = Measure.values().length;
			final double[] values = new double[testOf.length * k * m];
			if (testOf.length == 0) return new Validation.TestMeasures(ids[image], image, testOf, values);
			final Settings base = settings.get();
			final int g = group[image];
			for (int c = 0; c < k; c++) {
				final SetCounts.Sorted sorted;
				try {
					sorted = new SetCounts.Sorted(base.method(), LevelMaps.of(base, perClass[c]), perClass[c]
						.requireTruth());
				}
				catch (final IllegalArgumentException e) {
					throw new IllegalArgumentException("class " + names[c] + " (label " + labels[c] + "): " + e
						.getMessage(), e);
				}
				final Settings s = cell[c].get();
				for (int t = 0; t < testOf.length; t++) {
					final double[] l = lambda[testOf[t]][g][c];
					final ImageMetrics metrics = ImageMetrics.of(s, sorted.at(l[0], l[1]));
					for (final Measure x : Measure.values())
						values[(t * k + c) * m + x.ordinal()] = metrics.get(x);
				}
			}
			return new Validation.TestMeasures(ids[image], image, testOf, values);
		}

		/**
		 * An image's events judged from its stored scores (no image needed):
		 * class c's event holds in a split when each of its scores is at most
		 * its group's cell λ̂ ({@link Measure#VALIDITY} 1 or 0; every other
		 * measure NaN). Exact for every method but threshold-inner, where it is
		 * a lower bound of the measured event; for crc, whose event is a risk,
		 * no measure is known from the scores.
		 */
		public Validation.TestMeasures count(final int image) {
			if (image < 0 || image >= ids.length) {
				throw new IllegalArgumentException("image index " + image + " is outside the " +
					ids.length + " images of the validation");
			}
			final int[] testOf = testOf(image);
			final int k = labels.length;
			final int m = Measure.values().length;
			final double[] values = new double[testOf.length * k * m];
			java.util.Arrays.fill(values, Double.NaN);
			final boolean risk = settings.get().method().risk() != null;
			for (int t = 0; t < testOf.length; t++)
				for (int c = 0; c < k; c++) {
					if (risk) continue;
					final double[] l = lambda[testOf[t]][group[image]][c];
					final double[] s = score[image][c];
					final boolean holds = (Double.isNaN(l[0]) || s[0] <= l[0]) && (Double.isNaN(l[1]) ||
						s[1] <= l[1]);
					values[(t * k + c) * m + Measure.VALIDITY.ordinal()] = holds ? 1 : 0;
				}
			return new Validation.TestMeasures(ids[image], image, testOf, values);
		}

		private int[] testOf(final int image) {
			int t = 0;
			for (final boolean[] split : isTest)
				if (split[image]) t++;
			final int[] out = new int[t];
			t = 0;
			for (int s = 0; s < isTest.length; s++)
				if (isTest[s][image]) out[t++] = s;
			return out;
		}

		/**
		 * A new merge of this plan's per-image measures.
		 *
		 * @throws IllegalStateException on a plan shipped from another process
		 */
		public Merge merge() {
			if (calibrations == null) {
				throw new IllegalStateException("this validation plan was shipped from another process: merge where it was made");
			}
			return new Merge(this);
		}
	}

	/**
	 * Merges per-image {@link Validation.TestMeasures} in image order (0, 1, 2, ...):
	 * each split's sums per group and pooled are taken in that order. Not
	 * thread-safe: one merge per validation, fed by one thread.
	 */
	public static final class Merge {

		private final Plan plan;
		/** [split][group, pooled last][class][measure]. */
		private final double[][][][] sum;
		private final int[][][][] count;
		/** [split][group, pooled last]: test images, and those meeting every class's event. */
		private final int[][] tests;
		private final int[][] joint;
		private int next;

		Merge(final Plan plan) {
			this.plan = plan;
			final int s = plan.splits(), g = plan.groups.length + 1, k = plan.classes(), m = Measure
				.values().length;
			sum = new double[s][g][k][m];
			count = new int[s][g][k][m];
			tests = new int[s][g];
			joint = new int[s][g];
		}

		/**
		 * Adds the next image's measures.
		 *
		 * @throws IllegalArgumentException if they are not the next image's
		 */
		public void add(final Validation.TestMeasures x) {
			if (next >= plan.size()) {
				throw new IllegalArgumentException("the validation has " + plan.size() +
					" images; got the measures of one more ('" + x.id() + "')");
			}
			if (x.image() != next || !x.id().equals(plan.ids[next])) {
				throw new IllegalArgumentException("measures out of order: expected image " + next + " ('" +
					plan.ids[next] + "'), got image " + x.image() + " ('" + x.id() + "')");
			}
			final int k = plan.classes();
			// the image's own group, and the pooled row
			final int[] into = { plan.group[next], plan.groups.length };
			final int[] splits = x.splits();
			for (int t = 0; t < splits.length; t++) {
				final int sp = splits[t];
				boolean all = true;
				for (int c = 0; c < k; c++) {
					for (final Measure m : Measure.values()) {
						final double v = x.get(t, c, m);
						if (Double.isNaN(v)) continue;
						for (final int g : into) {
							sum[sp][g][c][m.ordinal()] += v;
							count[sp][g][c][m.ordinal()]++;
						}
					}
					all &= x.get(t, c, Measure.VALIDITY) == 1;
				}
				for (final int g : into) {
					tests[sp][g]++;
					if (all) joint[sp][g]++;
				}
			}
			next++;
		}

		/**
		 * The validation.
		 *
		 * @throws IllegalArgumentException if not every image was merged
		 */
		public ClassValidationResult result() {
			if (next < plan.size()) {
				throw new IllegalArgumentException("the images changed between passes: the second pass ended after " +
					next + " of " + plan.size());
			}
			final Settings[] cells = new Settings[plan.classes()];
			for (int c = 0; c < cells.length; c++)
				cells[c] = plan.cell[c].get();
			final int[] images = new int[plan.groups.length + 1];
			for (final int g : plan.group) {
				images[g]++;
				images[plan.groups.length]++;
			}
			return new ClassValidationResult(plan.settings.get(), cells, plan.labelClasses(), plan.rule, plan.perGroup, plan.groups, images, plan.calibrations, plan.lambda,
				sum, count, tests, joint);
		}
	}
}
