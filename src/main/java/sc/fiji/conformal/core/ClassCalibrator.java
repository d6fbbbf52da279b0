package sc.fiji.conformal.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;

/**
 * Calibrates a method per class and per group: every (group g, class c) cell
 * is an ordinary calibration of the method on the one-vs-rest scores of the
 * images of group g (all images when there are no groups). The methods are
 * not changed; only which scores feed a cell and the rank each cell takes
 * depend on the {@link ClassJointRule}. With n_g images in group g and K
 * classes, under exchangeability of the images within each group:
 * <ul>
 * <li>{@code per-class}: λ̂_gc = the conformal quantile at α of class c's
 * scores in g; P(class c's event | g) ≥ 1 − α for each c;</li>
 * <li>{@code bonferroni}: the same at α/K (α/K rounded down to 15 decimals,
 * which only makes k larger); P(every class's event | g) ≥ 1 − α;</li>
 * <li>{@code max}: for each side of each class (a coordinate j), image i's
 * rank ρ_ij = 1 + #{i' in g : r_i'j &lt; r_ij}; A_i = max_j ρ_ij; Q = (the
 * k-th smallest A_i) + 1 with k = ⌈(n_g + 1)(1 − α)⌉; λ̂_gj = the Q-th
 * smallest r_ij; P(every event of every class | g) ≥ 1 − α. Trivial when
 * k &gt; n_g or Q &gt; n_g.</li>
 * </ul>
 * With one class every rule is {@code per-class}. A group too small for its
 * rule gets the trivial set in every cell, which the calibration reports
 * with the n it needs; there is no pooled fallback. Rules over classes need a
 * guarantee in probability: conformal risk control ({@code crc}) takes only
 * {@code per-class}.
 */
public final class ClassCalibrator {

	private ClassCalibrator() {}

	/**
	 * Scores every label-map sample ({@link ClassScores#score}, one task per
	 * image on the runner, all classes in one pass) and calibrates every cell.
	 * The result does not depend on the runner or its threads.
	 *
	 * @param samples images with ground truth, all with the same classes
	 * @throws IllegalArgumentException as {@link #fromScores}, or naming an
	 *           image whose classes differ from the first image's
	 */
	public static ClassCalibration calibrate(final Settings settings, final ClassJointRule rule,
		final Iterable<LabelSample> samples, final Runner runner)
	{
		if (settings == null || rule == null || samples == null || runner == null) {
			throw new IllegalArgumentException("settings, joint rule, samples and runner must be given");
		}
		final List<ClassScores> scores = new ArrayList<>();
		final LabelClasses[] classes = new LabelClasses[1];
		final Iterable<LabelSample> checked = () -> new java.util.Iterator<LabelSample>() {

			final java.util.Iterator<LabelSample> it = samples.iterator();

			@Override
			public boolean hasNext() {
				return it.hasNext();
			}

			@Override
			public LabelSample next() {
				final LabelSample s = it.next();
				if (classes[0] == null) classes[0] = s.classes();
				else if (!classes[0].equals(s.classes())) {
					throw new IllegalArgumentException("label sample '" + s.id() + "' has classes " + s
						.classes() + " but the first sample has " + classes[0]);
				}
				return s;
			}
		};
		try {
			runner.run(checked, s -> ClassScores.score(settings, s), RunMonitor.NONE, scores::add);
		}
		catch (final IOException e) {
			// scoring samples in memory reads no file
			throw new UncheckedIOException(e);
		}
		if (scores.isEmpty()) {
			throw new IllegalArgumentException("the calibration set is empty: need at least one image");
		}
		return fromScores(settings, classes[0], rule, scores);
	}

	/** {@link #calibrate(Settings, ClassJointRule, Iterable, Runner)} on all cores. */
	public static ClassCalibration calibrate(final Settings settings, final ClassJointRule rule,
		final Iterable<LabelSample> samples)
	{
		return calibrate(settings, rule, samples, LocalRunner.allCores());
	}

	/**
	 * The calibration that stored per-image class scores give (no images
	 * needed): the groups in order of first appearance, each cell's λ̂ by the
	 * rule (see the class comment).
	 *
	 * @throws IllegalArgumentException on no scores, an image with another
	 *           number of scores than classes, an image without a group when
	 *           others have one (naming it), a score the method needs that is
	 *           missing, or a rule over classes for a method whose guarantee
	 *           is in expectation
	 */
	public static ClassCalibration fromScores(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores)
	{
		if (settings == null || classes == null || rule == null) {
			throw new IllegalArgumentException("settings, classes and joint rule must be given");
		}
		if (scores == null || scores.isEmpty()) {
			throw new IllegalArgumentException("the calibration set is empty: need at least one image");
		}
		final ClassJointRule r = classes.size() == 1 ? ClassJointRule.PER_CLASS : rule;
		if (r != ClassJointRule.PER_CLASS && settings.method().risk() != null) {
			throw new IllegalArgumentException("jointRule " + r.id() + " needs a guarantee in probability, but method " +
				settings.method().id() + " controls an expectation: use jointRule per-class");
		}
		final Map<String, List<ClassScores>> byGroup = new LinkedHashMap<>();
		final boolean grouped = !scores.get(0).group().isEmpty();
		for (final ClassScores s : scores) {
			if (s.size() != classes.size()) {
				throw new IllegalArgumentException("image '" + s.id() + "' has " + s.size() +
					" class scores but the calibration has " + classes.size() + " classes (" + classes + ")");
			}
			if (s.group().isEmpty() == grouped) {
				throw new IllegalArgumentException("image '" + s.id() + "' has " + (grouped
					? "no group, but other images have one"
					: "group '" + s.group() + "', but other images have none"));
			}
			byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
		}
		final Instant created = Instant.now();
		final Map<String, Calibration[]> cells = new LinkedHashMap<>();
		for (final Map.Entry<String, List<ClassScores>> g : byGroup.entrySet())
			cells.put(g.getKey(), cells(settings, classes.size(), r, g.getValue(), created));
		return new ClassCalibration(settings, classes, r, scores, cells, Collections.emptyMap(),
			Collections.emptyList(), created);
	}

	private static Calibration[] cells(final Settings settings, final int k,
		final ClassJointRule rule, final List<ClassScores> group, final Instant created)
	{
		final Calibration[] out = new Calibration[k];
		final List<List<ImageScore>> perClass = new ArrayList<>();
		for (int c = 0; c < k; c++) {
			final List<ImageScore> l = new ArrayList<>(group.size());
			for (final ClassScores s : group)
				l.add(s.get(c));
			perClass.add(l);
		}
		if (rule == ClassJointRule.MAX) {
			final Method m = settings.method();
			final Threshold[][] t = maxRule(settings, perClass, m.hasInner(), m.hasOuter());
			for (int c = 0; c < k; c++)
				out[c] = new Calibration(settings, perClass.get(c), t[c][0], t[c][1], Collections
					.emptyMap(), Collections.emptyList(), created);
			return out;
		}
		final Settings cell = rule == ClassJointRule.BONFERRONI ? settings.withAlpha(bonferroni(
			settings.alpha(), k)) : settings;
		for (int c = 0; c < k; c++) {
			final Method.Sides sides = cell.method().calibrate(cell, perClass.get(c));
			out[c] = new Calibration(cell, perClass.get(c), sides.inner(), sides.outer(), Collections
				.emptyMap(), Collections.emptyList(), created);
		}
		return out;
	}

	/** α/K rounded down to 15 decimals (never above α/K, so never less conservative). */
	static double bonferroni(final double alpha, final int k) {
		return BigDecimal.valueOf(alpha).divide(BigDecimal.valueOf(k), 15, RoundingMode.FLOOR)
			.doubleValue();
	}

	/**
	 * The max rule's thresholds: [class][0 inner, 1 outer], null for a side
	 * the method lacks.
	 */
	static Threshold[][] maxRule(final Settings settings, final List<List<ImageScore>> perClass,
		final boolean inner, final boolean outer)
	{
		final int k = perClass.size();
		final int n = perClass.get(0).size();
		final double alpha = settings.alpha();
		final QuantileRule q = settings.quantile();
		final double[][][] sorted = new double[k][2][];
		final int[] a = new int[n];
		for (int c = 0; c < k; c++) {
			for (int side = 0; side < 2; side++) {
				if (side == 0 ? !inner : !outer) continue;
				final double[] v = Method.sideScores(perClass.get(c), side == 0);
				final double[] s = v.clone();
				Arrays.sort(s);
				sorted[c][side] = s;
				for (int i = 0; i < n; i++)
					a[i] = Math.max(a[i], 1 + lowerBound(s, v[i]));
			}
		}
		final int rank = ConformalQuantile.rank(n, alpha, q);
		int big = Integer.MAX_VALUE;
		if (rank <= n) {
			final int[] as = a.clone();
			Arrays.sort(as);
			big = as[rank - 1] + 1;
			if (q == QuantileRule.CLS_CLIPPED) big = Math.min(big, n);
		}
		final boolean trivial = big > n;
		final int needed = maxRuleMinimumSize(alpha, q);
		final Threshold[][] out = new Threshold[k][2];
		for (int c = 0; c < k; c++)
			for (int side = 0; side < 2; side++) {
				if (sorted[c][side] == null) continue;
				out[c][side] = new Threshold(trivial ? Double.POSITIVE_INFINITY : sorted[c][side][big -
					1], alpha, n, trivial ? Math.max(rank, n + 1) : big, trivial, needed);
			}
		return out;
	}

	/** The number of values in a sorted array strictly below x. */
	private static int lowerBound(final double[] sorted, final double x) {
		int lo = 0, hi = sorted.length;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (sorted[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/**
	 * The smallest n for which the max rule can be non-trivial: its rank k
	 * plus one must not exceed n (without ties the k-th smallest A_i is at
	 * least k).
	 */
	static int maxRuleMinimumSize(final double alpha, final QuantileRule q) {
		if (q == QuantileRule.CLS_CLIPPED) return 1;
		int n = ConformalQuantile.minimumCalibrationSize(alpha, q);
		while (ConformalQuantile.rank(n, alpha, q) + 1 > n)
			n++;
		return n;
	}
}
