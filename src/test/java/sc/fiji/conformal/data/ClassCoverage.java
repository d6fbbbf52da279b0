package sc.fiji.conformal.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ImageScore;
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
	 * {@code splits} random half/half splits; groups in order of first
	 * appearance, then the pooled row (all test images, each judged by its own
	 * group's cells).
	 *
	 * @param scores every image's class scores (with its group, or none)
	 * @throws IllegalArgumentException as {@link ClassCalibrator#fromScores},
	 *           e.g. when a split leaves a group without calibration images
	 */
	static List<Row> of(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores, final int splits, final long seed)
	{
		final int n = scores.size();
		final int k = classes.size();
		final boolean[][] isTest = Validation.testMembership(n, splits, 0.5, seed);
		final Map<String, double[][]> hits = new LinkedHashMap<>(); // group → [split][class…, joint]
		final Map<String, double[]> tests = new LinkedHashMap<>(); // group → [split]
		final Map<String, Integer> images = new LinkedHashMap<>();
		for (final ClassScores s : scores) {
			images.merge(s.group(), 1, Integer::sum);
			hits.computeIfAbsent(s.group(), g -> new double[splits][k + 1]);
			tests.computeIfAbsent(s.group(), g -> new double[splits]);
		}
		double[] alpha = null;
		for (int sp = 0; sp < splits; sp++) {
			final List<ClassScores> cal = new ArrayList<>();
			for (int i = 0; i < n; i++)
				if (!isTest[sp][i]) cal.add(scores.get(i));
			final ClassCalibration c = ClassCalibrator.fromScores(settings, classes, rule, cal);
			if (alpha == null) alpha = alphas(c, k);
			for (int i = 0; i < n; i++) {
				if (!isTest[sp][i]) continue;
				final ClassScores s = scores.get(i);
				final double[] h = hits.get(s.group())[sp];
				boolean all = true;
				for (int j = 0; j < k; j++) {
					final boolean holds = holds(c.cell(s.group(), j), s.get(j));
					if (holds) h[j]++;
					all &= holds;
				}
				if (all) h[k]++;
				tests.get(s.group())[sp]++;
			}
		}
		final double jointAlpha = rule == ClassJointRule.PER_CLASS && k > 1 ? Double.NaN : settings
			.alpha();
		final List<Row> rows = new ArrayList<>();
		final double[][] pooledHits = new double[splits][k + 1];
		final double[] pooledTests = new double[splits];
		for (final String g : hits.keySet()) {
			rows.add(row(g, images.get(g), hits.get(g), tests.get(g), alpha, jointAlpha, splits));
			for (int sp = 0; sp < splits; sp++) {
				pooledTests[sp] += tests.get(g)[sp];
				for (int j = 0; j <= k; j++)
					pooledHits[sp][j] += hits.get(g)[sp][j];
			}
		}
		if (hits.size() > 1) rows.add(row(ALL, n, pooledHits, pooledTests, alpha, jointAlpha, splits));
		return rows;
	}

	/** True if the image's score meets the cell's λ̂ on every side the method has. */
	static boolean holds(final Calibration cell, final ImageScore s) {
		return (cell.inner() == null || s.inner() <= cell.inner().lambda()) && (cell.outer() == null ||
			s.outer() <= cell.outer().lambda());
	}

	/** Each class's miscoverage under the rule (α/K for Bonferroni). */
	private static double[] alphas(final ClassCalibration c, final int k) {
		final double[] a = new double[k];
		final String g = c.groups().get(0);
		for (int j = 0; j < k; j++)
			a[j] = c.cell(g, j).settings().alpha();
		return a;
	}

	private static Row row(final String g, final int images, final double[][] hits,
		final double[] tests, final double[] alpha, final double jointAlpha, final int splits)
	{
		final int k = alpha.length;
		double testSum = 0;
		for (final double t : tests)
			testSum += t;
		final double testPerSplit = testSum / splits;
		final double calPerSplit = images - testPerSplit;
		final int nCal = (int) Math.round(calPerSplit);
		final int nTest = Math.max(1, (int) Math.round(testPerSplit));
		final double[] mean = new double[k + 1], sd = new double[k + 1];
		final CoverageBand[] band = new CoverageBand[k + 1];
		for (int j = 0; j <= k; j++) {
			double sum = 0, ss = 0;
			int c = 0;
			for (int sp = 0; sp < splits; sp++)
				if (tests[sp] > 0) {
					sum += hits[sp][j] / tests[sp];
					c++;
				}
			mean[j] = sum / c;
			for (int sp = 0; sp < splits; sp++)
				if (tests[sp] > 0) ss += (hits[sp][j] / tests[sp] - mean[j]) * (hits[sp][j] / tests[sp] -
					mean[j]);
			sd[j] = c < 2 ? Double.NaN : Math.sqrt(ss / (c - 1));
			final double a = j < k ? alpha[j] : jointAlpha;
			band[j] = Double.isNaN(a) ? null : CoverageBand.of(a, nCal, nTest, splits);
		}
		return new Row(g, images, calPerSplit, testPerSplit, mean, sd, band);
	}
}
