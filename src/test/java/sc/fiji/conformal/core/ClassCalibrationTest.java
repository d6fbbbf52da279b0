package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.LocalRunner;

/**
 * Per-class and per-group calibration: class scores equal the binary method on
 * one-vs-rest masks built independently; the joint rules' λ̂ equal brute force;
 * seeded simulations reach 1 − α jointly (and the per-class rule does not);
 * a deliberately harder group is under-covered by a pooled calibration and
 * covered by the group-conditional one.
 */
public class ClassCalibrationTest {

	private static final LabelClasses THREE = LabelClasses.parse("1:a,2:b,5:c");

	/** A random label map sample with three classes, probabilities summing to 1. */
	private static LabelSample randomSample(final Random r, final String id, final String group,
		final Grid g)
	{
		final int n = g.count();
		final int[] truth = new int[n], pred = new int[n];
		final float[][] p = new float[3][n];
		final int[] values = { 0, 1, 2, 5 };
		for (int i = 0; i < n; i++) {
			truth[i] = values[r.nextInt(4)];
			pred[i] = r.nextInt(5) == 0 ? values[r.nextInt(4)] : truth[i];
			double rest = 1;
			for (int c = 0; c < 3; c++) {
				final double x = (THREE.label(c) == truth[i] ? 0.5 : 0) + 0.4 * r.nextDouble();
				p[c][i] = (float) Math.min(rest, x);
				rest -= p[c][i];
			}
		}
		final ScalarImage[] maps = new ScalarImage[3];
		for (int c = 0; c < 3; c++)
			maps[c] = new ScalarImage(g, p[c]);
		return LabelSample.of(id, group, THREE, g, truth, pred, maps);
	}

	private static Mask equal(final Grid g, final int[] map, final int label) {
		final boolean[] v = new boolean[map.length];
		for (int i = 0; i < v.length; i++)
			v[i] = map[i] == label;
		return new Mask(g, v);
	}

	@Test
	public void classScoresAreTheBinaryMethodOnOneVsRestMasks() {
		final Random r = new Random(13);
		final Grid g = Grid.of(new long[] { 9, 7, 5 }, new double[] { 1, 1.5, 2 });
		final List<Settings> all = Arrays.asList(Settings.builder(Method.DILATION).alpha(0.1).build(),
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.1).shape(
				StructuringElement.EUCLIDEAN).build(), Settings.builder(Method.EROSION).alpha(0.1)
					.tolerance(0.05).build(), Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1)
						.tolerance(0.05).build(), Settings.builder(Method.THRESHOLD_INNER).alpha(0.1)
							.tolerance(0.05).build(), Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1)
								.build());
		for (int img = 0; img < 4; img++) {
			final int n = g.count();
			final LabelSample s = randomSample(r, "img" + img, "", g);
			// rebuild the maps independently from the sample's own arrays
			final int[] truth = new int[n];
			for (int i = 0; i < n; i++)
				truth[i] = s.truthLabel(i);
			for (final Settings set : all) {
				final ClassScores cs = ClassScores.score(set, s);
				for (int c = 0; c < 3; c++) {
					final Sample one = s.oneVsRest(c);
					final Sample expected = Sample.of("img" + img, one.scores(), equal(g, predictionOf(s,
						c, n), 1), equal(g, truth, THREE.label(c)));
					final ImageScore want = ImageScores.score(set, expected);
					assertEquals(set.method().id() + " class " + c, want.inner(), cs.get(c).inner(), 0);
					assertEquals(set.method().id() + " class " + c, want.outer(), cs.get(c).outer(), 0);
				}
			}
		}
	}

	/** The predicted mask of class c as a 0/1 map, read voxel by voxel from the one-vs-rest sample. */
	private static int[] predictionOf(final LabelSample s, final int c, final int n) {
		final Mask m = s.oneVsRest(c).prediction();
		final int[] v = new int[n];
		for (int i = 0; i < n; i++)
			v[i] = m.get(i) ? 1 : 0;
		return v;
	}

	@Test
	public void oneVsRestMasksAreTheLabelsOfTheClass() {
		final Grid g = Grid.of(4, 1);
		final LabelSample s = LabelSample.of("x", "", THREE, g, new int[] { 0, 1, 5, 1 }, new int[] {
			1, 1, 2, 0 }, null);
		assertEquals("[false, true, false, true]", Arrays.toString(s.oneVsRest(0).truth().voxels()));
		assertEquals("[true, true, false, false]", Arrays.toString(s.oneVsRest(0).prediction()
			.voxels()));
		assertEquals("[false, false, true, false]", Arrays.toString(s.oneVsRest(2).truth().voxels()));
		assertTrue(s.oneVsRest(2).prediction().isEmpty());
	}

	private static ClassScores outer(final String id, final String group, final double... v) {
		final List<ImageScore> l = new ArrayList<>();
		for (final double x : v)
			l.add(new ImageScore(id, Double.NaN, x, null));
		return new ClassScores(id, group, l);
	}

	/** The max rule by its definition, with O(n²K) ranks. */
	private static double[] bruteMax(final double[][] r, final double alpha) {
		final int n = r.length, k = r[0].length;
		final int[] a = new int[n];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < k; c++) {
				int below = 0;
				for (int j = 0; j < n; j++)
					if (r[j][c] < r[i][c]) below++;
				a[i] = Math.max(a[i], below + 1);
			}
		final int rank = (int) Math.ceil((n + 1) * (1 - alpha) - 1e-9);
		final double[] out = new double[k];
		if (rank > n) {
			Arrays.fill(out, Double.POSITIVE_INFINITY);
			return out;
		}
		final int[] as = a.clone();
		Arrays.sort(as);
		final int q = as[rank - 1] + 1;
		for (int c = 0; c < k; c++) {
			if (q > n) {
				out[c] = Double.POSITIVE_INFINITY;
				continue;
			}
			final double[] col = new double[n];
			for (int i = 0; i < n; i++)
				col[i] = r[i][c];
			Arrays.sort(col);
			out[c] = col[q - 1];
		}
		return out;
	}

	@Test
	public void maxRuleEqualsBruteForceWithTiesAndInfinities() {
		final Random rnd = new Random(5);
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		final LabelClasses k3 = LabelClasses.parse("1,2,3");
		for (int trial = 0; trial < 200; trial++) {
			final int n = 1 + rnd.nextInt(30);
			final double[][] r = new double[n][3];
			final List<ClassScores> scores = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				for (int c = 0; c < 3; c++)
					r[i][c] = rnd.nextInt(20) == 0 ? Double.POSITIVE_INFINITY : rnd.nextInt(6) * (c + 1);
				scores.add(outer("i" + i, "", r[i]));
			}
			final ClassCalibration cal = ClassCalibrator.fromScores(s, k3, ClassJointRule.MAX, scores);
			final double[] want = bruteMax(r, 0.2);
			for (int c = 0; c < 3; c++)
				assertEquals("trial " + trial + " class " + c, want[c], cal.cell("", c).outer().lambda(),
					0);
		}
	}

	@Test
	public void bonferroniTakesEachClassAtAlphaOverK() {
		final Random rnd = new Random(6);
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		final LabelClasses k2 = LabelClasses.parse("1,2");
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 57; i++)
			scores.add(outer("i" + i, "", rnd.nextDouble(), rnd.nextDouble()));
		final ClassCalibration cal = ClassCalibrator.fromScores(s, k2, ClassJointRule.BONFERRONI,
			scores);
		for (int c = 0; c < 2; c++) {
			final double[] col = new double[57];
			for (int i = 0; i < 57; i++)
				col[i] = scores.get(i).get(c).outer();
			Arrays.sort(col);
			// k = ⌈58 · 0.95⌉ = 56
			assertEquals(col[55], cal.cell("", c).outer().lambda(), 0);
			assertEquals(56, cal.cell("", c).outer().k());
		}
		// the report's guarantee states the rule exactly
		assertTrue(cal.guarantee(), cal.guarantee().contains("For all 2 classes (1:label1,2:label2) at " +
			"once, by the bonferroni rule: each class is calibrated at α/2 (5%), so all 2 events hold " +
			"together with probability at least 90% (union bound)."));
		assertTrue(ClassCalibrator.fromScores(s, k2, ClassJointRule.MAX, scores).guarantee().contains(
			"by the max rule: each image's largest per-class rank"));
		assertTrue(ClassCalibrator.fromScores(s, k2, ClassJointRule.PER_CLASS, scores).guarantee()
			.contains("For each class separately (1:label1,2:label2); no claim for all classes at once."));
		assertEquals(0.1 / 3, ClassCalibrator.bonferroni(0.1, 3), 1e-15);
		assertTrue(ClassCalibrator.bonferroni(0.1, 3) <= 0.1 / 3);
	}

	/** Joint coverage over 2,000 seeded trials of n = 49 exchangeable score vectors. */
	private static double jointCoverage(final ClassJointRule rule, final long seed) {
		final Random rnd = new Random(seed);
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		final LabelClasses k3 = LabelClasses.parse("1,2,3");
		final double[] scale = { 1, 10, 0.1 };
		int hits = 0;
		final int trials = 2000;
		for (int t = 0; t < trials; t++) {
			final List<ClassScores> scores = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				final double z = rnd.nextGaussian();
				final double[] v = new double[3];
				for (int c = 0; c < 3; c++)
					v[c] = scale[c] * (0.5 * z + rnd.nextGaussian());
				scores.add(outer("i" + i, "", v));
			}
			final ClassScores test = scores.remove(49);
			final ClassCalibration cal = ClassCalibrator.fromScores(s, k3, rule, scores);
			boolean all = true;
			for (int c = 0; c < 3; c++)
				all &= test.get(c).outer() <= cal.cell("", c).outer().lambda();
			if (all) hits++;
		}
		return hits / (double) trials;
	}

	@Test
	public void jointRulesReachOneMinusAlphaJointlyAndPerClassDoesNot() {
		// 3 binomial standard errors of 2,000 trials at 0.9: 0.020
		final double band = 3 * Math.sqrt(0.9 * 0.1 / 2000);
		final double bonferroni = jointCoverage(ClassJointRule.BONFERRONI, 21);
		final double max = jointCoverage(ClassJointRule.MAX, 21);
		final double perClass = jointCoverage(ClassJointRule.PER_CLASS, 21);
		assertTrue("bonferroni " + bonferroni, bonferroni >= 0.9 - band);
		assertTrue("max " + max, max >= 0.9 - band);
		assertTrue("per-class " + perClass, perClass < 0.9 - band);
	}

	// -- groups --

	/** A square object and a prediction shifted by up to {@code shift} voxels in x and y. */
	private static Sample shifted(final Random r, final String id, final int shift) {
		final Grid g = Grid.of(24, 24);
		final int dx = r.nextInt(shift + 1), dy = r.nextInt(shift + 1);
		final boolean[] y = new boolean[g.count()], p = new boolean[g.count()];
		for (int j = 8; j < 14; j++)
			for (int i = 8; i < 14; i++) {
				y[j * 24 + i] = true;
				p[(j + dy) * 24 + i + dx] = true;
			}
		return Sample.of(id, null, new Mask(g, p), new Mask(g, y));
	}

	@Test
	public void mondrianCoversTheHardGroupThatThePooledCalibrationUnderCovers() {
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		final Random r = new Random(99);
		final List<ClassScores> all = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			final boolean hard = i % 4 == 0;
			all.add(ClassScores.binary(s, shifted(r, "i" + i, hard ? 3 : 1), hard ? "hard" : "easy"));
		}
		final int splits = 300;
		int hardTests = 0, pooledHits = 0, mondrianHits = 0;
		final Random split = new Random(7);
		for (int t = 0; t < splits; t++) {
			final List<ClassScores> shuffled = new ArrayList<>(all);
			Collections.shuffle(shuffled, split);
			final List<ClassScores> cal = shuffled.subList(0, 150), test = shuffled.subList(150, 300);
			final List<ClassScores> pooledCal = new ArrayList<>();
			for (final ClassScores c : cal)
				pooledCal.add(new ClassScores(c.id(), "", Collections.singletonList(c.get(0))));
			final double pooled = ClassCalibrator.fromScores(s, LabelClasses.BINARY,
				ClassJointRule.PER_CLASS, pooledCal).cell("", 0).outer().lambda();
			final ClassCalibration mondrian = ClassCalibrator.fromScores(s, LabelClasses.BINARY,
				ClassJointRule.PER_CLASS, cal);
			assertTrue(mondrian.grouped());
			for (final ClassScores c : test) {
				if (!c.group().equals("hard")) continue;
				hardTests++;
				if (c.get(0).outer() <= pooled) pooledHits++;
				if (c.get(0).outer() <= mondrian.cell("hard", 0).outer().lambda()) mondrianHits++;
			}
		}
		final double pooledCov = pooledHits / (double) hardTests;
		final double mondrianCov = mondrianHits / (double) hardTests;
		// ~37 hard calibration images per split; 4 standard errors of the split mean
		final double band = 4 * Math.sqrt(0.9 * 0.1 / 37 / splits + 0.9 * 0.1 / hardTests);
		assertTrue("pooled coverage of the hard group " + pooledCov, pooledCov < 0.9 - band);
		assertTrue("group-conditional coverage of the hard group " + mondrianCov, mondrianCov >=
			0.9 - band);
	}

	@Test
	public void aSmallGroupIsTrivialWithTheSizeItNeedsAndUnknownGroupsAreRefused() {
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 20; i++)
			scores.add(outer("big" + i, "big", i));
		for (int i = 0; i < 3; i++)
			scores.add(outer("small" + i, "small", i));
		final ClassCalibration c = ClassCalibrator.fromScores(s, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, scores);
		assertEquals(Arrays.asList("big", "small"), c.groups());
		assertFalse(c.trivial("big"));
		assertEquals(18, c.cell("big", 0).outer().lambda(), 0); // k = ⌈21 · 0.9⌉ = 19
		assertTrue(c.trivial("small"));
		assertEquals(9, c.nNeeded("small"));
		assertEquals(Double.POSITIVE_INFINITY, c.cell("small", 0).outer().lambda(), 0);
		final Sample x = shifted(new Random(1), "new", 1);
		try {
			c.apply(x, "other");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'other'") && e.getMessage().contains(
				"big, small"));
		}
		assertSame(x.prediction(), c.apply(x, "big").get(0).predicted());
	}

	@Test
	public void anImageWithoutAGroupAmongGroupedImagesIsNamed() {
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		try {
			ClassCalibrator.fromScores(s, LabelClasses.BINARY, ClassJointRule.PER_CLASS, Arrays.asList(
				outer("a", "g1", 1), outer("b", "", 2)));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'b' has no group"));
		}
	}

	@Test
	public void jointRulesNeedAGuaranteeInProbability() {
		final Settings crc = Settings.builder(Method.CRC).alpha(0.1).build();
		try {
			ClassCalibrator.fromScores(crc, LabelClasses.parse("1,2"), ClassJointRule.MAX, Arrays
				.asList(outer("a", "", 1, 2)));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("per-class"));
		}
	}

	@Test
	public void appliedSetsAreTheBinaryCalibrationsSetsAndVolumesUseTheSpacing() {
		final Random r = new Random(3);
		final Grid g = Grid.of(new long[] { 8, 8, 4 }, new double[] { 0.5, 0.5, 2 });
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build();
		final List<LabelSample> cal = new ArrayList<>();
		for (int i = 0; i < 12; i++)
			cal.add(randomSample(r, "c" + i, "", g));
		final ClassCalibration c = ClassCalibrator.calibrate(s, ClassJointRule.PER_CLASS, cal,
			LocalRunner.of(2));
		final LabelSample x = randomSample(r, "new", "", g);
		final ClassSets sets = c.apply(x);
		for (int k = 0; k < 3; k++) {
			final List<Sample> binary = new ArrayList<>();
			for (final LabelSample l : cal)
				binary.add(l.oneVsRest(k));
			final ConformalSets want = Calibrator.calibrate(s, binary).apply(x.oneVsRest(k));
			assertTrue(Arrays.equals(want.inner().voxels(), sets.get(k).inner().voxels()));
			assertTrue(Arrays.equals(want.outer().voxels(), sets.get(k).outer().voxels()));
			final VolumeBounds v = sets.volumes(k);
			assertEquals(want.inner().count() * 0.5, v.lower(), 1e-12);
			assertEquals(want.outer().count() * 0.5, v.upper(), 1e-12);
			assertEquals(0.8, v.probability(), 1e-12);
		}
	}
}
