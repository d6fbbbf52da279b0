package sc.fiji.conformal.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.Indexed;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.LabelDataset;

/**
 * Validation per class and per group of a data set on disk
 * ({@link ClassValidation}): two passes on the runner, each reading each
 * image once. The first loads every image and scores all its classes (a bad
 * image is skipped and reported); from the scores every split is calibrated
 * (per group when the images have groups: Mondrian); the second pass loads
 * each usable image again and measures every class's sets at each split's
 * λ̂ where it is a test image; the measures are merged in entry order, so
 * the result does not depend on the runner or its threads.
 */
public final class ClassValidate {

	private ClassValidate() {}

	/** A validation with the images it skipped and the warnings of the images used. */
	public static final class Run {

		private final ClassValidationResult validation;
		private final int total;
		private final List<ImageFailure> failures;
		private final List<String> warnings;

		Run(final ClassValidationResult validation, final int total,
			final List<ImageFailure> failures, final List<String> warnings)
		{
			this.validation = validation;
			this.total = total;
			this.failures = Collections.unmodifiableList(failures);
			this.warnings = Collections.unmodifiableList(warnings);
		}

		/** The validation. */
		public ClassValidationResult validation() {
			return validation;
		}

		/** Images in the data set. */
		public int total() {
			return total;
		}

		/** Images skipped, each with the reason, in entry order. */
		public List<ImageFailure> failures() {
			return failures;
		}

		/** Warnings of the images used (e.g. probabilities that do not sum to 1). */
		public List<String> warnings() {
			return warnings;
		}
	}

	/**
	 * Validates every class of a label-map data set, per group when its
	 * entries have groups.
	 *
	 * @param monitor sees progress (both passes) and may cancel, or null
	 * @throws IllegalArgumentException on bad split arguments (before any
	 *           image is read), fewer than 2 usable images (every failure
	 *           listed), a split leaving a group without calibration images, or
	 *           an image that changed between passes
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Run validate(final LabelDataset data, final LabelClasses classes,
		final Settings settings, final ClassJointRule rule, final int splits,
		final double calibrationFraction, final long seed, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		Validation.checkSplits(splits, calibrationFraction);
		final LabelDataset.Loader loader = data.loader(classes, true);
		final First<LabelDataset.Entry> first = score(data.entries(), ClassBatch.ids(data),
			new ClassBatch.ScoreLabels(loader, settings), runner, monitor);
		final ClassValidation.Plan plan = plan(first, settings, classes, rule, splits,
			calibrationFraction, seed, data.entries().size());
		return measure(first, new MeasureLabels(loader, plan), plan, runner, monitor, data.entries()
			.size());
	}

	/**
	 * Validates a binary data set per group ({@link LabelClasses#BINARY}, one
	 * calibration per group: Mondrian).
	 *
	 * @param column the manifest's group column by id, for {@link GroupBy#COLUMN}
	 * @throws IllegalArgumentException as the label-map variant, or naming an
	 *           image without a group
	 * @throws BatchCanceledException if the monitor canceled
	 */
	public static Run validate(final Dataset data, final GroupBy groupBy,
		final Map<String, String> column, final Settings settings, final int splits,
		final double calibrationFraction, final long seed, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		Validation.checkSplits(splits, calibrationFraction);
		final Map<String, String> groups = new LinkedHashMap<>();
		for (final Dataset.Entry e : data.entries())
			groups.put(e.id(), groupBy.groupOf(e.id(), column));
		final First<Dataset.Entry> first = score(data.entries(), new ArrayList<>(groups.keySet()),
			new ClassBatch.ScoreBinary(data.loader(), settings, groups, null), runner, monitor);
		final ClassValidation.Plan plan = plan(first, settings, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, splits, calibrationFraction, seed, data.size());
		return measure(first, new MeasureBinary(data.loader(), plan), plan, runner, monitor, data
			.size());
	}

	/** The first pass: usable entries, their ids and scores, failures and warnings, in entry order. */
	private static final class First<E> {

		final List<Indexed<E>> usable = new ArrayList<>();
		final List<String> ids = new ArrayList<>();
		final List<ClassScores> scores = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
		final List<String> warnings = new ArrayList<>();
	}

	private static <E> First<E> score(final List<E> entries, final List<String> ids,
		final ImageTask<E, ImageResult<ClassBatch.Scored>> task, final Runner runner,
		final Dataset.Monitor monitor) throws IOException
	{
		final First<E> out = new First<>();
		final int[] position = { 0 };
		try {
			runner.run(entries, task, Dataset.Monitor.of(monitor, ids), r -> {
				final int i = position[0]++;
				if (!r.ok()) out.failures.add(r.failure());
				else {
					out.usable.add(new Indexed<>(out.scores.size(), entries.get(i)));
					out.ids.add(ids.get(i));
					out.scores.add(r.value().scores);
					out.warnings.addAll(r.value().warnings);
				}
			});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("validation canceled", e.completed());
		}
		return out;
	}

	private static ClassValidation.Plan plan(final First<?> first, final Settings settings,
		final LabelClasses classes, final ClassJointRule rule, final int splits,
		final double calibrationFraction, final long seed, final int total)
	{
		if (first.scores.size() < 2) {
			throw new IllegalArgumentException("validation needs at least 2 valid images, but " + first
				.scores.size() + " of " + total + " are usable" + (first.failures.isEmpty() ? ""
					: "; skipped: " + first.failures));
		}
		return ClassValidation.plan(settings, classes, rule, first.scores, true, splits,
			calibrationFraction, seed);
	}

	private static <E> Run measure(final First<E> first,
		final ImageTask<Indexed<E>, ImageResult<Validation.TestMeasures>> task,
		final ClassValidation.Plan plan, final Runner runner, final Dataset.Monitor monitor,
		final int total) throws IOException
	{
		final ClassValidation.Merge merge = plan.merge();
		try {
			runner.run(first.usable, task, Dataset.Monitor.of(monitor, first.ids), r -> {
				if (!r.ok()) {
					throw new IllegalArgumentException("the images changed between passes: " + r.failure() +
						" (it was usable on the first pass)");
				}
				merge.add(r.value());
			});
		}
		catch (final RunCanceledException e) {
			throw new BatchCanceledException("validation canceled", e.completed());
		}
		return new Run(merge.result(), total, first.failures, first.warnings);
	}

	/** Load a usable label-map image and measure it for a validation. */
	static final class MeasureLabels implements
		ImageTask<Indexed<LabelDataset.Entry>, ImageResult<Validation.TestMeasures>>
	{

		private static final long serialVersionUID = 1L;

		private final LabelDataset.Loader loader;
		private final ClassValidation.Plan plan;

		MeasureLabels(final LabelDataset.Loader loader, final ClassValidation.Plan plan) {
			this.loader = loader;
			this.plan = plan;
		}

		@Override
		public ImageResult<Validation.TestMeasures> apply(final Indexed<LabelDataset.Entry> e) {
			return loader.load(e.value()).map(l -> plan.measure(e.index(), l.sample()));
		}
	}

	/** Load a usable binary image and measure it for a validation. */
	static final class MeasureBinary implements
		ImageTask<Indexed<Dataset.Entry>, ImageResult<Validation.TestMeasures>>
	{

		private static final long serialVersionUID = 1L;

		private final Dataset.Loader loader;
		private final ClassValidation.Plan plan;

		MeasureBinary(final Dataset.Loader loader, final ClassValidation.Plan plan) {
			this.loader = loader;
			this.plan = plan;
		}

		@Override
		public ImageResult<Validation.TestMeasures> apply(final Indexed<Dataset.Entry> e) {
			return loader.load(e.value()).map(l -> plan.measure(e.index(), l.sample()));
		}
	}
}
