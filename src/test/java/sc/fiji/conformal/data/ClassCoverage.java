package sc.fiji.conformal.data;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.report.CoverageBand;

/**
 * Coverage of per-class and group-conditional calibrations
 * ({@link ClassCalibrator}) over seeded random half/half splits, from the
 * per-image class scores alone: each split is calibrated on the scores of
 * its calibration images (one λ̂ per group, class and side, by the joint
 * rule), and a test image meets class c's event when each of its scores is at
 * most the λ̂ of its group's cell — exactly the method's criterion on the set
 * at λ̂, because the sets are nested (docs/design.md, section 1;
 * {@code ClassCoverageTest} checks it against {@link Validation}'s measured
 * sets for dilation, erosion, threshold-outer and confidence sets). For
 * threshold-inner, whose score is a breakpoint of the image's own scores (at
 * or above the infimum λ that meets the criterion), counting from scores is
 * a lower bound of the measured coverage. The joint event is every class's
 * event at once.
 * <p>
 * Per group: the mean over splits of the share of the split's test images of
 * the group meeting each class's event and the joint one, with the binomial
 * band of the group's mean calibration and test sizes per split. The splits
 * are {@link Validation#testMembership} of all images (groups are not
 * stratified), so a marginal validation with the same seed uses the same
 * splits.
 */
final class ClassCoverage {

	/** The pooled row's group name. */
	static final String ALL = GroupCoverage.ALL;

	/** One group's coverages over splits. */
	static final class Row {

		final String group;
		final int images;
		final double calPerSplit, testPerSplit;
		/** Per class, then the joint event last: mean and sd over splits. */
		final double[] mean, sd;
		/** The band of each class's event and of the joint event (null: no joint guarantee). */
		final CoverageBand[] band;

		Row(final String group, final int images, final double calPerSplit,
			final double testPerSplit, final double[] mean, final double[] sd, final CoverageBand[] band)
		{
			this.group = group;
			this.images = images;
			this.calPerSplit = calPerSplit;
			this.testPerSplit = testPerSplit;
			this.mean = mean;
			this.sd = sd;
			this.band = band;
		}
	}

	private ClassCoverage() {}

	/**
	 * The coverage of each group's class events and joint event over
	 * {@code splits} random half/half splits ({@link ClassValidation#fromScores},
	 * per group); groups in order of first appearance, then the pooled row
	 * (all test images, each judged by its own group's cells) when there are
	 * several groups.
	 *
	 * @param scores every image's class scores (with its group, or none)
	 * @throws IllegalArgumentException as {@link ClassCalibrator#fromScores},
	 *           e.g. when a split leaves a group without calibration images
	 */
	static List<Row> of(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores, final int splits, final long seed)
	{
		final ClassValidationResult v = ClassValidation.fromScores(settings, classes, rule, scores,
			true, splits, 0.5, seed);
		final List<Row> rows = new ArrayList<>();
		for (final String g : v.rows())
			rows.add(row(v, g));
		return rows;
	}

	private static Row row(final ClassValidationResult v, final String g) {
		final int k = v.classes().size();
		final int nCal = (int) Math.round(v.images(g) - v.testPerSplit(g));
		final int nTest = Math.max(1, (int) Math.round(v.testPerSplit(g)));
		final double[] mean = new double[k + 1], sd = new double[k + 1];
		final CoverageBand[] band = new CoverageBand[k + 1];
		for (int j = 0; j <= k; j++) {
			mean[j] = j < k ? v.coverage(g, j) : v.jointCoverage(g);
			sd[j] = j < k ? v.coverageSd(g, j) : v.jointSd(g);
			final double a = j < k ? v.classAlpha(j) : v.jointClaim() ? v.settings().alpha() : Double.NaN;
			band[j] = Double.isNaN(a) ? null : CoverageBand.of(a, nCal, nTest, v.splits());
		}
		return new Row(g, v.images(g), v.images(g) - v.testPerSplit(g), v
			.testPerSplit(g), mean, sd, band);
	}
}
