package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link ClassValidation} against a brute force written here: the splits
 * re-drawn from their definition (Fisher–Yates with {@code new Random(seed)},
 * the first round(f·n) images calibrate), each split's cells calibrated one
 * class and group at a time by the binary {@link Calibrator} on the
 * one-vs-rest samples (at α/K for Bonferroni; the max rule from its
 * definition over ranks), each test image's sets built in full
 * ({@link Calibration#apply}) and measured ({@link SetCounts#of}). Every
 * split, group and class must agree to 1e-12, and the joint event must be
 * every class's event.
 */
public class ClassValidationOracleTest {

	private static final LabelClasses CLASSES = LabelClasses.parse("1:left,2:right");
	private static final int SPLITS = 12;
	private static final double FRACTION = 0.6;
	private static final long SEED = 5;

	@Test
	public void perClassAndBonferroniMatchOneCalibrationPerClassAndGroup() {
		final List<LabelSample> data = data(36, new Random(11));
		for (final Settings s : Arrays.asList( //
			Settings.builder(Method.DILATION).alpha(0.2).tolerance(0.05).build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.15).tolerance(0.1).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.05).alphaOuter(0.15).build()))
			for (final ClassJointRule rule : new ClassJointRule[] { ClassJointRule.PER_CLASS,
				ClassJointRule.BONFERRONI })
				for (final boolean perGroup : new boolean[] { true, false })
					check(s, rule, perGroup, data);
	}

	@Test
	public void theMaxRuleMatchesItsDefinitionOverRanks() {
		final List<LabelSample> data = data(70, new Random(4));
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.1).alphaOuter(0.2)
			.build();
		final ClassValidationResult v = validate(s, ClassJointRule.MAX, true, data);
		final boolean[][] isTest = splits(data.size());
		for (int sp = 0; sp < SPLITS; sp++)
			for (final String g : new String[] { "easy", "hard" }) {
				final List<LabelSample> cal = new ArrayList<>();
				for (int i = 0; i < data.size(); i++)
					if (!isTest[sp][i] && data.get(i).group().equals(g)) cal.add(data.get(i));
				final double[][] lambda = maxRule(s, cal);
				for (int c = 0; c < 2; c++) {
					assertEquals(v.lambda(sp, g, c, true), lambda[c][0], 0);
					assertEquals(v.lambda(sp, g, c, false), lambda[c][1], 0);
				}
				double hits = 0, joint = 0, tests = 0;
				for (int i = 0; i < data.size(); i++) {
					if (!isTest[sp][i] || !data.get(i).group().equals(g)) continue;
					tests++;
					boolean all = true;
					for (int c = 0; c < 2; c++) {
						final ImageScore x = ImageScores.score(s, data.get(i).oneVsRest(c));
						final boolean holds = x.inner() <= lambda[c][0] && x.outer() <= lambda[c][1];
						if (c == 0 && holds) hits++;
						all &= holds;
					}
					if (all) joint++;
				}
				// confidence sets' events are exactly score ≤ λ̂ (docs/design.md, section 1)
				assertEquals(hits / tests, v.mean(sp, g, 0, Measure.VALIDITY), 1e-12);
				assertEquals(joint / tests, v.joint(sp, g), 1e-12);
			}
	}

	private static void check(final Settings s, final ClassJointRule rule, final boolean perGroup,
		final List<LabelSample> data)
	{
		final String what = s.method().id() + " " + rule.id() + (perGroup ? " per group" : " pooled");
		final ClassValidationResult v = validate(s, rule, perGroup, data);
		final boolean[][] isTest = splits(data.size());
		final Settings cell = rule == ClassJointRule.BONFERRONI ? s.withAlpha(ClassCalibrator
			.bonferroni(s.alpha(), 2)) : s;
		assertEquals(Arrays.asList("easy", "hard"), v.groups());
		for (int sp = 0; sp < SPLITS; sp++) {
			final Map<String, double[]> validity = new LinkedHashMap<>(); // group → class 0, 1, joint, tests
			final Map<String, double[]> stretch = new LinkedHashMap<>();
			for (final String g : new String[] { "easy", "hard", ClassValidationResult.ALL }) {
				validity.put(g, new double[4]);
				stretch.put(g, new double[4]);
			}
			final Map<String, Calibration[]> cells = new LinkedHashMap<>();
			for (final String g : new String[] { "easy", "hard" }) {
				final Calibration[] c = new Calibration[2];
				for (int k = 0; k < 2; k++) {
					final List<Sample> cal = new ArrayList<>();
					for (int i = 0; i < data.size(); i++)
						if (!isTest[sp][i] && (!perGroup || data.get(i).group().equals(g))) cal.add(data.get(i)
							.oneVsRest(k));
					c[k] = Calibrator.calibrate(cell, cal);
					if (cell.method().hasOuter()) assertEquals(what, c[k].outer().lambda(), v.lambda(sp, g, k,
						false), 0);
					if (cell.method().hasInner()) assertEquals(what, c[k].inner().lambda(), v.lambda(sp, g, k,
						true), 0);
				}
				cells.put(g, c);
			}
			for (int i = 0; i < data.size(); i++) {
				if (!isTest[sp][i]) continue;
				final LabelSample x = data.get(i);
				boolean all = true;
				for (final String g : new String[] { x.group(), ClassValidationResult.ALL }) {
					validity.get(g)[3]++;
					stretch.get(g)[3]++;
				}
				for (int k = 0; k < 2; k++) {
					final Sample one = x.oneVsRest(k);
					final ImageMetrics m = ImageMetrics.of(cell, SetCounts.of(cells.get(x.group())[k].apply(
						one), one.requireTruth()));
					all &= m.get(Measure.VALIDITY) == 1;
					for (final String g : new String[] { x.group(), ClassValidationResult.ALL }) {
						validity.get(g)[k] += m.get(Measure.VALIDITY);
						stretch.get(g)[k] += m.get(Measure.ADDED);
					}
				}
				for (final String g : new String[] { x.group(), ClassValidationResult.ALL })
					if (all) validity.get(g)[2]++;
			}
			for (final String g : validity.keySet()) {
				final double[] h = validity.get(g);
				assertEquals(what + " split " + sp + " " + g + " tests", h[3], v.nTest(sp, g), 0);
				for (int k = 0; k < 2; k++) {
					assertEquals(what + " split " + sp + " " + g, h[k] / h[3], v.mean(sp, g, k,
						Measure.VALIDITY), 1e-12);
					if (s.method().hasOuter()) assertEquals(what + " split " + sp + " " + g + " added",
						stretch.get(g)[k] / h[3], v.mean(sp, g, k, Measure.ADDED), 1e-9);
				}
				assertEquals(what + " split " + sp + " " + g + " joint", h[2] / h[3], v.joint(sp, g), 1e-12);
			}
		}
		assertEquals(what, rule != ClassJointRule.PER_CLASS, v.jointClaim());
	}

	private static ClassValidationResult validate(final Settings s, final ClassJointRule rule,
		final boolean perGroup, final List<LabelSample> data)
	{
		final List<ClassScores> scores = new ArrayList<>();
		for (final LabelSample x : data)
			scores.add(ClassScores.score(s, x));
		final ClassValidation.Plan plan = ClassValidation.plan(s, CLASSES, rule, scores, perGroup,
			SPLITS, FRACTION, SEED);
		final ClassValidation.Merge merge = plan.merge();
		for (int i = 0; i < data.size(); i++)
			merge.add(plan.measure(i, data.get(i)));
		return merge.result();
	}

	/** The splits from their definition: a Fisher–Yates permutation per split; its tail is the test part. */
	private static boolean[][] splits(final int n) {
		final Random r = new Random(SEED);
		final int nCal = (int) Math.round(FRACTION * n);
		final boolean[][] isTest = new boolean[SPLITS][n];
		for (int s = 0; s < SPLITS; s++) {
			final int[] p = new int[n];
			for (int i = 0; i < n; i++)
				p[i] = i;
			for (int i = n - 1; i > 0; i--) {
				final int j = r.nextInt(i + 1);
				final int t = p[i];
				p[i] = p[j];
				p[j] = t;
			}
			for (int i = nCal; i < n; i++)
				isTest[s][p[i]] = true;
		}
		return isTest;
	}

	/**
	 * The max rule by its definition: coordinates (class, side); image i's
	 * rank in a coordinate 1 + #{scores below its own}; A_i the largest; Q
	 * the k-th smallest A_i plus one (k = ⌈(n+1)(1−α)⌉); each coordinate's λ̂
	 * its Q-th smallest score (+∞ if Q or k exceed n).
	 */
	private static double[][] maxRule(final Settings s, final List<LabelSample> cal) {
		final int n = cal.size();
		final double[][][] r = new double[2][2][n];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < 2; c++) {
				final ImageScore x = ImageScores.score(s, cal.get(i).oneVsRest(c));
				r[c][0][i] = x.inner();
				r[c][1][i] = x.outer();
			}
		final int[] a = new int[n];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < 2; c++)
				for (int side = 0; side < 2; side++) {
					int below = 0;
					for (int j = 0; j < n; j++)
						if (r[c][side][j] < r[c][side][i]) below++;
					a[i] = Math.max(a[i], 1 + below);
				}
		final int k = (int) Math.ceil((n + 1) * (1 - s.alpha()) - 1e-9);
		final double[][] lambda = new double[2][2];
		final int[] sorted = a.clone();
		Arrays.sort(sorted);
		final int q = k > n ? Integer.MAX_VALUE : sorted[k - 1] + 1;
		for (int c = 0; c < 2; c++)
			for (int side = 0; side < 2; side++) {
				final double[] v = r[c][side].clone();
				Arrays.sort(v);
				lambda[c][side] = q > n ? Double.POSITIVE_INFINITY : v[q - 1];
			}
		assertTrue("a non-trivial max rule needs n large enough: n = " + n, q <= n);
		return lambda;
	}

	/**
	 * Label maps of 10×10: left and right blobs (labels 1, 2) of random
	 * extent, probabilities high inside their class with noise; every other
	 * image is in group "hard", with three times the noise.
	 */
	static List<LabelSample> data(final int n, final Random r) {
		final Grid grid = Grid.of(10, 10);
		final List<LabelSample> out = new ArrayList<>();
		for (int img = 0; img < n; img++) {
			final boolean hard = img % 2 == 1;
			final int[] t = new int[100];
			final float[][] p = new float[2][100];
			final int w1 = 2 + r.nextInt(3), w2 = 2 + r.nextInt(3), top = 1 + r.nextInt(3);
			for (int y = 0; y < 10; y++)
				for (int x = 0; x < 10; x++) {
					final int i = x + 10 * y;
					final boolean rows = y >= top && y < top + 5;
					t[i] = rows && x < w1 ? 1 : rows && x >= 10 - w2 ? 2 : 0;
					for (int c = 0; c < 2; c++)
						p[c][i] = (float) Math.min(1, Math.max(0, (t[i] == c + 1 ? 0.7 : 0.2) + (hard ? 0.3
							: 0.1) * r.nextGaussian()));
				}
			out.add(LabelSample.of("img" + img, hard ? "hard" : "easy", CLASSES, grid, t, null,
				new ScalarImage[] { new ScalarImage(grid, p[0]), new ScalarImage(grid, p[1]) }));
		}
		return out;
	}
}
