package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A validation per class and per group ({@link ClassValidation}): for every
 * split, group and class the mean of each {@link Measure} over the group's
 * test images, the share of them meeting every class's event at once (the
 * joint event), and each cell's λ̂; and their summaries over splits. A
 * split whose group has no test image is left out of that group's means
 * over splits. Groups are named as the data set names them, in order of first
 * appearance ({@code ""} alone without groups), and {@link #ALL} names the
 * pooled row: every test image, each judged at its own group's cell.
 * Immutable.
 */
public final class ClassValidationResult {

	/** The name of the pooled row (all test images). */
	public static final String ALL = "all (pooled)";

	private final Settings settings;
	private final Settings[] cells;
	private final LabelClasses classes;
	private final ClassJointRule rule;
	private final boolean perGroup;
	private final List<String> groups;
	private final int[] images;
	private final ClassCalibration[] calibrations;
	private final double[][][][] lambda;
	private final double[][][][] sum;
	private final int[][][][] count;
	private final int[][] tests;
	private final int[][] joint;

	ClassValidationResult(final Settings settings, final Settings[] cells,
		final LabelClasses classes, final ClassJointRule rule, final boolean perGroup,
		final String[] groups, final int[] images, final ClassCalibration[] calibrations,
		final double[][][][] lambda, final double[][][][] sum, final int[][][][] count,
		final int[][] tests, final int[][] joint)
	{
		this.settings = settings;
		this.cells = cells;
		this.classes = classes;
		this.rule = rule;
		this.perGroup = perGroup;
		this.groups = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(groups)));
		this.images = images;
		this.calibrations = calibrations;
		this.lambda = lambda;
		this.sum = sum;
		this.count = count;
		this.tests = tests;
		this.joint = joint;
	}

	/** The settings validated (α is the total α of the guarantee). */
	public Settings settings() {
		return settings;
	}

	/** The classes ({@link LabelClasses#BINARY} for binary masks). */
	public LabelClasses classes() {
		return classes;
	}

	/** The joint rule used ({@code per-class} with one class). */
	public ClassJointRule jointRule() {
		return rule;
	}

	/** True if each group was calibrated on its own images (Mondrian). */
	public boolean perGroup() {
		return perGroup;
	}

	/** True if the images have groups. */
	public boolean grouped() {
		return !groups.get(0).isEmpty();
	}

	/** The groups in order of first appearance ({@code [""]} without groups), without {@link #ALL}. */
	public List<String> groups() {
		return groups;
	}

	/** The groups, then {@link #ALL} when there is more than one group: the rows of a report. */
	public List<String> rows() {
		final List<String> r = new ArrayList<>(groups);
		if (groups.size() > 1) r.add(ALL);
		return r;
	}

	/** Number of splits. */
	public int splits() {
		return tests.length;
	}

	/** The images of a group (or {@link #ALL}). */
	public int images(final String group) {
		return images[index(group)];
	}

	/** Calibration images per split (all groups). */
	public int nCalibration() {
		return images(ALL) - tests[0][groups.size()];
	}

	/** Test images of a group (or {@link #ALL}) in a split. */
	public int nTest(final int split, final String group) {
		return tests[split][index(group)];
	}

	/** Mean over splits of the test images of a group (or {@link #ALL}). */
	public double testPerSplit(final String group) {
		final int g = index(group);
		double s = 0;
		for (final int[] t : tests)
			s += t[g];
		return s / tests.length;
	}

	/**
	 * The calibration images a group's λ̂ comes from, per split on average:
	 * the group's own (per group), else all of them.
	 */
	public double calibrationPerSplit(final String group) {
		return perGroup ? images(group) - testPerSplit(group) : nCalibration();
	}

	/** The miscoverage each class's cell was calibrated at (α/K under Bonferroni, else α). */
	public double classAlpha(final int c) {
		return cells[c].alpha();
	}

	/**
	 * True if the rule claims every class's event at once (Bonferroni, max,
	 * or one class) for a guarantee in probability; per-class makes no joint
	 * claim.
	 */
	public boolean jointClaim() {
		return settings.method().risk() == null && (rule != ClassJointRule.PER_CLASS || classes
			.size() == 1);
	}

	/**
	 * The measure of each class's event: {@link Measure#VALIDITY} for a
	 * guarantee in probability (target ≥ 1 − α), the method's risk for a
	 * guarantee in expectation (crc: FNR, target ≤ α).
	 */
	public Measure event() {
		final Measure risk = settings.method().risk();
		return risk == null ? Measure.VALIDITY : risk;
	}

	/** A split's mean of a measure of class c over a group's test images (NaN if undefined). */
	public double mean(final int split, final String group, final int c, final Measure m) {
		final int g = index(group);
		final int n = count[split][g][c][m.ordinal()];
		return n == 0 ? Double.NaN : sum[split][g][c][m.ordinal()] / n;
	}

	/**
	 * A split's share of a group's test images meeting every class's event at
	 * once (NaN without test images in the group, or for a guarantee in
	 * expectation).
	 */
	public double joint(final int split, final String group) {
		final int g = index(group);
		return tests[split][g] == 0 || settings.method().risk() != null ? Double.NaN
			: (double) joint[split][g] / tests[split][g];
	}

	/** Mean over splits of a class's measure in a group (splits without a value skipped). */
	public double mean(final String group, final int c, final Measure m) {
		return meanOf(perSplit(group, c, m));
	}

	/** Sample sd over splits of a class's measure in a group. */
	public double sd(final String group, final int c, final Measure m) {
		return sdOf(perSplit(group, c, m));
	}

	/** Mean over splits of a class's event ({@link #event()}) in a group: its coverage (crc: its risk). */
	public double coverage(final String group, final int c) {
		return mean(group, c, event());
	}

	/** Sample sd over splits of a class's event in a group. */
	public double coverageSd(final String group, final int c) {
		return sd(group, c, event());
	}

	/** Mean over splits of the joint event in a group. */
	public double jointCoverage(final String group) {
		return meanOf(jointPerSplit(group));
	}

	/** Sample sd over splits of the joint event in a group. */
	public double jointSd(final String group) {
		return sdOf(jointPerSplit(group));
	}

	/**
	 * A split's λ̂ of a group's cell of class c, in level-map units (NaN for
	 * a side the method lacks; +∞ for a trivial cell). Under a pooled
	 * calibration every group has the pooled λ̂.
	 */
	public double lambda(final int split, final String group, final int c, final boolean inner) {
		return lambda[split][groupIndex(group)][c][inner ? 0 : 1];
	}

	/** Mean over splits of a cell's λ̂ in level-map units (infinite if a split's cell was trivial). */
	public double meanLambda(final String group, final int c, final boolean inner) {
		double s = 0;
		for (int sp = 0; sp < splits(); sp++)
			s += lambda(sp, group, c, inner);
		return s / splits();
	}

	/** The calibration of a split (in the process that validated). */
	public ClassCalibration calibration(final int split) {
		return calibrations[split];
	}

	private double[] perSplit(final String group, final int c, final Measure m) {
		final double[] v = new double[splits()];
		for (int sp = 0; sp < v.length; sp++)
			v[sp] = mean(sp, group, c, m);
		return v;
	}

	private double[] jointPerSplit(final String group) {
		final double[] v = new double[splits()];
		for (int sp = 0; sp < v.length; sp++)
			v[sp] = joint(sp, group);
		return v;
	}

	private static double meanOf(final double[] v) {
		double s = 0;
		int c = 0;
		for (final double x : v)
			if (!Double.isNaN(x)) {
				s += x;
				c++;
			}
		return c == 0 ? Double.NaN : s / c;
	}

	private static double sdOf(final double[] v) {
		final double mu = meanOf(v);
		double s = 0;
		int c = 0;
		for (final double x : v)
			if (!Double.isNaN(x)) {
				s += (x - mu) * (x - mu);
				c++;
			}
		return c < 2 ? Double.NaN : Math.sqrt(s / (c - 1));
	}

	private int index(final String group) {
		return ALL.equals(group) ? groups.size() : groupIndex(group);
	}

	private int groupIndex(final String group) {
		final int g = groups.indexOf(group == null ? "" : group);
		if (g < 0) {
			throw new IllegalArgumentException("group '" + group + "' is not in the validation; its groups: " +
				String.join(", ", groups));
		}
		return g;
	}

	/**
	 * A summary for people: splits and images, then per row (group) each
	 * class's coverage against its target and the joint coverage (or that the
	 * rule makes no joint claim), 4 significant digits.
	 */
	@Override
	public String toString() {
		final boolean risk = settings.method().risk() != null;
		final StringBuilder sb = new StringBuilder(settings.method().id() + " validation per class (" +
			classes + ", " + rule.id() + ")" + (grouped() ? (perGroup ? " per group" : " pooled, by group")
				: "") + ", " + splits() + " split(s) of n = " + images(ALL) + " (" + nCalibration() +
			" calibration, " + (images(ALL) - nCalibration()) + " test):");
		for (final String g : rows()) {
			sb.append(g.isEmpty() ? "" : " [" + g + "]");
			for (int c = 0; c < classes.size(); c++) {
				sb.append(' ').append(classes.binary() ? "" : classes.name(c) + " ").append(risk
					? event().id() + " " : classes.binary() ? "coverage " : "").append(
					Rounding.of(coverage(g, c))).append(risk ? " (target ≤ " : " (target ≥ ").append(Rounding
						.of(risk ? classAlpha(c) : 1 - classAlpha(c))).append(");");
			}
			if (classes.size() > 1) {
				sb.append(" joint ").append(Rounding.of(jointCoverage(g))).append(jointClaim()
					? " (target ≥ " + Rounding.of(1 - settings.alpha()) + ");" : " (no joint claim);");
			}
		}
		return sb.toString();
	}
}
