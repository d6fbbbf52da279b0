package sc.fiji.conformal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.report.CoverageBand;

/**
 * A measure's mean within groups of images (say, the data source of each
 * polyp image), over seeded random half/half splits of the whole set, each
 * split calibrated on its pooled calibration half (today's marginal
 * calibration): for each group and split, the mean of the measure over that
 * split's test images of the group; then its mean and sd over splits.
 * <p>
 * The marginal guarantee holds for the pooled test images, not within a
 * group; a group's coverage is compared with the band it would have to reach
 * if the guarantee held inside the group ({@link CoverageBand} for the pooled
 * calibration size and the group's mean number of test images per split).
 * The splits are {@link Validation#testMembership} with the given seed, so
 * the pooled row equals {@link Validation#randomSplits} on the same images.
 */
final class GroupCoverage {

	/** One group's measure over splits. */
	static final class Row {

		final String group;
		final int images;
		final double testPerSplit;
		final double mean;
		final double sd;
		final CoverageBand band;

		Row(final String group, final int images, final double testPerSplit, final double mean,
			final double sd, final CoverageBand band)
		{
			this.group = group;
			this.images = images;
			this.testPerSplit = testPerSplit;
			this.mean = mean;
			this.sd = sd;
			this.band = band;
		}

		/** "under" below the band's lower end, "over" above its upper end, else "in band". */
		String verdict() {
			return mean < band.lower() ? "under" : mean > band.upper() ? "over" : "in band";
		}
	}

	/** The name of the pooled row. */
	static final String ALL = "all (pooled)";

	private GroupCoverage() {}

	/** The data source of a polyp id: its first path element ("Kvasir/cju0…" → "Kvasir"). */
	static String source(final String id) {
		final int slash = id.indexOf('/');
		return slash < 0 ? id : id.substring(0, slash);
	}

	/**
	 * Each group's mean of {@code measure} over {@code splits} random half/half
	 * splits, calibrated at {@code settings.alpha()} on the pooled calibration
	 * half ({@link ClassValidation}, not per group, each test image measured);
	 * the pooled row last. Groups in order of first appearance.
	 *
	 * @param alpha the miscoverage of the measure's event (for the band)
	 */
	static List<Row> of(final Settings settings, final List<Sample> samples,
		final Function<String, String> group, final Measure measure, final double alpha,
		final int splits, final long seed)
	{
		final List<ClassScores> scores = new ArrayList<>(samples.size());
		for (final Sample x : samples)
			scores.add(ClassScores.binary(settings, x, group.apply(x.id())));
		final ClassValidation.Plan plan = ClassValidation.plan(settings, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, scores, false, splits, 0.5, seed);
		final ClassValidation.Merge merge = plan.merge();
		for (int i = 0; i < samples.size(); i++)
			merge.add(plan.measure(i, samples.get(i)));
		final ClassValidationResult v = merge.result();
		final List<Row> rows = new ArrayList<>();
		final List<String> groups = new ArrayList<>(v.groups());
		groups.add(ALL);
		for (final String g : groups) {
			final double testPerSplit = v.testPerSplit(g);
			rows.add(new Row(g, v.images(g), testPerSplit, v.mean(g, 0, measure), v.sd(g, 0, measure),
				CoverageBand.of(alpha, v.nCalibration(), Math.max(1, (int) Math.round(testPerSplit)),
					splits)));
		}
		return rows;
	}
}
