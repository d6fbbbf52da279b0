package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.Test;

import sc.fiji.conformal.core.OracleFixtures.Case;
import sc.fiji.conformal.core.distance.IteratedMorphology;
import sc.fiji.conformal.core.image.Mask;

/**
 * Oracle test of the per-image scores: every score of {@link ImageScores}
 * equals a brute-force search over λ on the actual sets (iterated
 * morphology, exhaustive distances, every threshold candidate), using the
 * definitions of DESIGN.md §1 with tolerances as exact fractions; and the
 * guarantee event, measured on the sets {@link ConformalSets#apply} builds
 * (via {@link SetCounts} and {@link ImageMetrics}), holds at λ = r and fails
 * at the next smaller candidate. Also the crc curves and threshold against
 * exact rational sums.
 */
public class ImageScoresOracleTest {

	private static final long[] SEEDS = { 21, 22 };

	/** Tolerances as fractions {numerator, denominator}. */
	private static final int[][] COVERAGE_TOLERANCES = { { 0, 1 }, { 1, 10 }, { 1, 4 } };
	private static final int[][] AFP_TOLERANCES = { { 0, 1 }, { 1, 20 }, { 1, 5 } };
	private static final int[][] FNR_TOLERANCES = { { 0, 1 }, { 1, 10 }, { 3, 10 } };

	private static List<Case> cases(final boolean anisotropic, final boolean binaryOnly) {
		final List<Case> all = new ArrayList<>();
		for (final int[] size : OracleFixtures.SIZES)
			for (final long seed : SEEDS)
				all.addAll(OracleFixtures.cases(seed, size, anisotropic ? OracleFixtures.anisotropic(
					size.length) : OracleFixtures.unit(size.length), binaryOnly));
		return all;
	}

	private static double tol(final int[] t) {
		return (double) t[0] / t[1];
	}

	/** ⌈(1 − num/den) · total⌉ in integers. */
	private static int required(final int[] t, final int total) {
		final long p = (long) (t[1] - t[0]) * total;
		return (int) ((p + t[1] - 1) / t[1]);
	}

	/** ⌊num/den · total⌋ in integers. */
	private static int allowed(final int[] t, final int total) {
		return (int) ((long) t[0] * total / t[1]);
	}

	// -- dilation --

	@Test
	public void testDilationScoreIsFewestDilationsReachingCoverage() {
		final Random rnd = new Random(1);
		for (final boolean binaryOnly : new boolean[] { false, true }) {
			for (final Case c : cases(false, binaryOnly)) {
				for (final StructuringElement shape : new StructuringElement[] { StructuringElement.CROSS,
					StructuringElement.SQUARE })
				{
					for (final int[] t : binaryOnly ? new int[][] { { 0, 1 } } : COVERAGE_TOLERANCES) {
						final Settings settings = Settings.builder(Method.DILATION).shape(shape).tolerance(tol(t))
							.build();
						final String what = "dilation " + shape + " tolerance " + tol(t) + " on " + c.name;
						final ImageScore score = ImageScores.score(settings, c.sample());
						assertTrue(what + ": no inner score", Double.isNaN(score.inner()));
						final double r = score.outer();
						final boolean[] pred = c.predicted(0.5);
						final int need = required(t, OracleFixtures.count(c.truth));
						// brute force: dilate until the coverage is reached or nothing changes
						double expected = 0;
						boolean[] o = pred;
						while (OracleFixtures.countAnd(o, c.truth) < need) {
							final boolean[] next = IteratedMorphology.dilate(o, c.size,
								shape == StructuringElement.SQUARE);
							if (Arrays.equals(next, o)) {
								expected = Double.POSITIVE_INFINITY;
								break;
							}
							o = next;
							expected++;
						}
						assertEquals(what, expected, r, 0);
						if (OracleFixtures.count(pred) == 0 && OracleFixtures.count(c.truth) > 0) {
							assertEquals(what + ": empty Ŷ, non-empty Y", Double.POSITIVE_INFINITY, r, 0);
						}
						if (OracleFixtures.count(c.truth) == 0) assertEquals(what + ": empty Y", 0, r, 0);
						checkOuterMinimal(settings, c, r, r == Double.POSITIVE_INFINITY ? 1000 : r == 0
							? Double.NaN : r - 1, need, rnd, what);
					}
				}
			}
		}
	}

	@Test
	public void testEuclideanDilationScoreIsSmallestCoveringRadius() {
		final Random rnd = new Random(2);
		for (final Case c : cases(true, false)) {
			final double[] dist = IteratedMorphology.euclideanDistance(c.predicted(0.5), c.size,
				c.spacing, false);
			for (final int[] t : COVERAGE_TOLERANCES) {
				final Settings settings = Settings.builder(Method.DILATION).shape(
					StructuringElement.EUCLIDEAN).tolerance(tol(t)).build();
				final String what = "dilation euclidean tolerance " + tol(t) + " on " + c.name;
				final double r = ImageScores.score(settings, c.sample()).outer();
				final int need = required(t, OracleFixtures.count(c.truth));
				// candidates: 0 and every distance; the first that covers enough of Y
				final TreeSet<Double> candidates = new TreeSet<>();
				candidates.add(0.0);
				for (final double d : dist)
					candidates.add(d);
				double expected = Double.NaN;
				for (final double lambda : candidates) {
					int covered = 0;
					for (int i = 0; i < dist.length; i++)
						if (c.truth[i] && dist[i] <= lambda) covered++;
					if (covered >= need) {
						expected = lambda;
						break;
					}
				}
				assertClose(what, expected, r);
				final double smaller = r > 0 && r != Double.POSITIVE_INFINITY ? Math.nextDown((float) r)
					: r == Double.POSITIVE_INFINITY ? Float.MAX_VALUE : Double.NaN;
				checkOuterMinimal(settings, c, r, smaller, need, rnd, what);
			}
		}
	}

	/**
	 * The guarantee event |O ∩ Y| ≥ need on the applied sets holds at λ = r
	 * and, when {@code smaller} is not NaN, fails there.
	 */
	private static void checkOuterMinimal(final Settings settings, final Case c, final double r,
		final double smaller, final int need, final Random rnd, final String what)
	{
		final SetCounts at = countsAt(settings, c, Double.NaN, r, rnd);
		assertTrue(what + ": coverage must hold at λ=r=" + r + ", " + at, at.outerTruth() >= need);
		assertEquals(what + ": validity at λ=r=" + r, 1, ImageMetrics.of(settings, at).get(
			Measure.VALIDITY), 0);
		if (!Double.isNaN(smaller)) {
			final SetCounts below = countsAt(settings, c, Double.NaN, smaller, rnd);
			assertTrue(what + ": coverage must fail at λ=" + smaller + " < r=" + r + ", " + below, below
				.outerTruth() < need);
			assertEquals(what + ": validity at λ=" + smaller + " < r=" + r, 0, ImageMetrics.of(settings,
				below).get(Measure.VALIDITY), 0);
		}
	}

	// -- erosion --

	@Test
	public void testErosionScoreIsFewestErosionsMeetingAfp() {
		final Random rnd = new Random(3);
		for (final Case c : cases(false, false)) {
			for (final StructuringElement shape : new StructuringElement[] { StructuringElement.CROSS,
				StructuringElement.SQUARE })
			{
				for (final BorderRule border : BorderRule.values()) {
					for (final int[] t : AFP_TOLERANCES) {
						final Settings settings = Settings.builder(Method.EROSION).shape(shape).border(border)
							.tolerance(tol(t)).build();
						final String what = "erosion " + shape + " " + border + " τ=" + tol(t) + " on " + c.name;
						final ImageScore score = ImageScores.score(settings, c.sample());
						assertTrue(what + ": no outer score", Double.isNaN(score.outer()));
						final double r = score.inner();
						final boolean[] pred = c.predicted(0.5);
						final boolean[] fp = OracleFixtures.minus(pred, c.truth);
						final int a = allowed(t, OracleFixtures.count(pred));
						double expected = 0;
						boolean[] in = pred;
						while (OracleFixtures.countAnd(in, fp) > a) {
							final boolean[] next = IteratedMorphology.erode(in, c.size,
								shape == StructuringElement.SQUARE, border == BorderRule.BACKGROUND);
							if (Arrays.equals(next, in)) {
								expected = Double.POSITIVE_INFINITY;
								break;
							}
							in = next;
							expected++;
						}
						assertEquals(what, expected, r, 0);
						if (OracleFixtures.count(pred) == 0) assertEquals(what + ": empty Ŷ", 0, r, 0);
						checkInnerMinimal(settings, c, r, r == Double.POSITIVE_INFINITY ? 1000 : r == 0
							? Double.NaN : r - 1, fp, a, rnd, what);
					}
				}
			}
		}
	}

	@Test
	public void testEuclideanErosionScoreIsSmallestRadiusMeetingAfp() {
		final Random rnd = new Random(4);
		for (final Case c : cases(true, false)) {
			for (final BorderRule border : BorderRule.values()) {
				final double[] dist = IteratedMorphology.euclideanDistance(OracleFixtures.not(c.predicted(
					0.5)), c.size, c.spacing, border == BorderRule.BACKGROUND);
				for (final int[] t : AFP_TOLERANCES) {
					final Settings settings = Settings.builder(Method.EROSION).shape(
						StructuringElement.EUCLIDEAN).border(border).tolerance(tol(t)).build();
					final String what = "erosion euclidean " + border + " τ=" + tol(t) + " on " + c.name;
					final double r = ImageScores.score(settings, c.sample()).inner();
					final boolean[] pred = c.predicted(0.5);
					final boolean[] fp = OracleFixtures.minus(pred, c.truth);
					final int a = allowed(t, OracleFixtures.count(pred));
					final TreeSet<Double> candidates = new TreeSet<>();
					candidates.add(0.0);
					for (int i = 0; i < dist.length; i++)
						if (pred[i]) candidates.add(dist[i]);
					double expected = Double.NaN;
					for (final double lambda : candidates) {
						int kept = 0;
						for (int i = 0; i < dist.length; i++)
							if (fp[i] && dist[i] > lambda) kept++;
						if (kept <= a) {
							expected = lambda;
							break;
						}
					}
					assertClose(what, expected, r);
					final double smaller = r > 0 && r != Double.POSITIVE_INFINITY ? Math.nextDown((float) r)
						: r == Double.POSITIVE_INFINITY ? Float.MAX_VALUE : Double.NaN;
					checkInnerMinimal(settings, c, r, smaller, fp, a, rnd, what);
				}
			}
		}
	}

	/**
	 * The guarantee event |I ∩ (Ŷ∖Y)| ≤ a on the applied sets holds at λ = r
	 * and, when {@code smaller} is not NaN and not below the family's start,
	 * fails there.
	 */
	private static void checkInnerMinimal(final Settings settings, final Case c, final double r,
		final double smaller, final boolean[] fp, final int a, final Random rnd, final String what)
	{
		final SetCounts at = countsAt(settings, c, r, Double.NaN, rnd);
		assertTrue(what + ": AFP must hold at λ=r=" + r + ", " + at, at.innerFalsePositive() <= a);
		assertEquals(what + ": validity at λ=r=" + r, 1, ImageMetrics.of(settings, at).get(
			Measure.VALIDITY), 0);
		final double start = settings.method() == Method.THRESHOLD_INNER ? settings.threshold() : 0;
		if (!Double.isNaN(smaller) && smaller >= start) {
			final SetCounts below = countsAt(settings, c, smaller, Double.NaN, rnd);
			assertTrue(what + ": AFP must fail at λ=" + smaller + " < r=" + r + ", " + below, below
				.innerFalsePositive() > a);
			assertEquals(what + ": validity at λ=" + smaller + " < r=" + r, 0, ImageMetrics.of(settings,
				below).get(Measure.VALIDITY), 0);
		}
		// the counts on the applied sets agree with a direct count
		final boolean[] in = ConformalSets.apply(OracleFixtures.calibrationAt(settings, r, Double.NaN,
			rnd), c.unlabelled()).inner().voxels();
		assertEquals(what + ": |I ∩ (Ŷ∖Y)| at r", OracleFixtures.countAnd(in, fp), at
			.innerFalsePositive());
	}

	// -- threshold-inner --

	@Test
	public void testThresholdInnerScoreIsFirstBreakpointMeetingAfp() {
		final Random rnd = new Random(5);
		for (final Case c : cases(false, false)) {
			for (final double t0 : new double[] { 0.5, 0.3 }) {
				for (final int[] t : AFP_TOLERANCES) {
					final Settings settings = Settings.builder(Method.THRESHOLD_INNER).threshold(t0).tolerance(
						tol(t)).build();
					final String what = "threshold-inner t0=" + t0 + " τ=" + tol(t) + " on " + c.name;
					final ImageScore score = ImageScores.score(settings, c.sample());
					assertTrue(what + ": no outer score", Double.isNaN(score.outer()));
					final double r = score.inner();
					final boolean[] pred = c.predicted(t0);
					final boolean[] fp = OracleFixtures.minus(pred, c.truth);
					final int a = allowed(t, OracleFixtures.count(pred));
					final TreeSet<Double> candidates = new TreeSet<>();
					candidates.add(t0);
					candidates.add(Double.POSITIVE_INFINITY);
					for (int i = 0; i < pred.length; i++)
						if (pred[i] && c.scores[i] >= t0) candidates.add((double) c.scores[i]);
					double expected = Double.NaN;
					double previous = Double.NaN;
					for (final double lambda : candidates) {
						int kept = 0;
						for (int i = 0; i < fp.length; i++)
							if (fp[i] && c.scores[i] >= lambda) kept++;
						if (kept <= a) {
							expected = lambda;
							break;
						}
						previous = lambda;
					}
					assertEquals(what, expected, r, 0);
					checkInnerMinimal(settings, c, r, previous, fp, a, rnd, what);
				}
			}
		}
	}

	// -- threshold-outer --

	@Test
	public void testThresholdOuterScoreIsLargestCutOffMeetingFnr() {
		final Random rnd = new Random(6);
		for (final Case c : cases(false, false)) {
			for (final int[] t : FNR_TOLERANCES) {
				final Settings settings = Settings.builder(Method.THRESHOLD_OUTER).tolerance(tol(t))
					.build();
				final String what = "threshold-outer ε=" + tol(t) + " on " + c.name;
				final ImageScore score = ImageScores.score(settings, c.sample());
				assertTrue(what + ": no inner score", Double.isNaN(score.inner()));
				final double r = score.outer();
				final int y = OracleFixtures.count(c.truth);
				// candidates t: every score value and +∞, from the top down
				final TreeSet<Double> candidates = new TreeSet<>(Collections.reverseOrder());
				candidates.add(Double.POSITIVE_INFINITY);
				for (final float s : c.scores)
					candidates.add((double) s);
				double expected = Double.NaN;
				double larger = Double.NaN;
				for (final double cut : candidates) {
					int covered = 0;
					for (int i = 0; i < c.scores.length; i++)
						if (c.truth[i] && c.scores[i] >= cut) covered++;
					// FNR = 1 − covered/|Y| ≤ num/den, exactly; FNR = 0 when Y is empty
					if ((long) (y - covered) * t[1] <= (long) t[0] * y) {
						expected = cut;
						break;
					}
					larger = cut;
				}
				assertTrue(what + ": expected λ=" + (-expected) + ", got " + r, -expected == r);
				assertTrue(what + ": toNatural(" + r + ") must be t=" + expected, Method.THRESHOLD_OUTER
					.toNatural(r) == expected);
				assertTrue(what + ": fromNatural", Method.THRESHOLD_OUTER.fromNatural(expected) == r);
				final int need = required(t, y);
				checkOuterMinimal(settings, c, r, Double.isNaN(larger) ? Double.NaN : -larger, need, rnd,
					what);
				if (r != Double.NEGATIVE_INFINITY) {
					checkOuterMinimal(settings, c, r, Math.nextDown((float) r), need, rnd, what);
				}
			}
		}
	}

	// -- confidence sets --

	@Test
	public void testConfidenceSetScoresAreMaximaOfTransformedMaps() {
		final Random rnd = new Random(7);
		final double sigma = 1.3;
		for (final Case c : cases(true, false)) {
			final double[][] maps = new double[Transform.values().length][];
			for (final Transform f : Transform.values())
				maps[f.ordinal()] = transformed(c, f, sigma);
			for (final Transform fi : Transform.values()) {
				for (final Transform fo : Transform.values()) {
					final Settings settings = Settings.builder(Method.CONFIDENCE_SETS).innerTransform(fi)
						.outerTransform(fo).sigma(sigma).build();
					final String what = "confidence-sets f_I=" + fi + " f_O=" + fo + " on " + c.name;
					final ImageScore score = ImageScores.score(settings, c.sample());
					final double[] mapI = maps[fi.ordinal()];
					final double[] mapO = maps[fo.ordinal()];
					double tau = Double.NEGATIVE_INFINITY;
					double gamma = Double.NEGATIVE_INFINITY;
					for (int i = 0; i < mapI.length; i++) {
						if (!c.truth[i]) tau = Math.max(tau, mapI[i]);
						else gamma = Math.max(gamma, -mapO[i]);
					}
					assertClose(what + ": τ_i", tau, score.inner());
					assertClose(what + ": γ_i", gamma, score.outer());
					checkConfidenceSets(settings, c, score.inner(), score.outer(), rnd, what);
				}
			}
		}
	}

	/**
	 * On the applied sets: I ⊆ Y iff λ_I ≥ τ_i, Y ⊆ O iff λ_O ≥ γ_i, over λ's
	 * at, just below and just above the scores, random and infinite; and the
	 * validity measures agree.
	 */
	private static void checkConfidenceSets(final Settings settings, final Case c, final double tau,
		final double gamma, final Random rnd, final String what)
	{
		final double[] li = lambdasAround(tau, rnd);
		final double[] lo = lambdasAround(gamma, rnd);
		final Mask truth = c.truthMask();
		for (int j = 0; j < Math.max(li.length, lo.length); j++) {
			final double lambdaI = li[j % li.length];
			final double lambdaO = lo[j % lo.length];
			final ConformalSets sets = ConformalSets.apply(OracleFixtures.calibrationAt(settings,
				lambdaI, lambdaO, rnd), c.unlabelled());
			final boolean innerInY = OracleFixtures.countAnd(sets.inner().voxels(), OracleFixtures.not(
				c.truth)) == 0;
			final boolean yInOuter = OracleFixtures.countAnd(sets.outer().voxels(), c.truth) == OracleFixtures
				.count(c.truth);
			final String at = what + " at λ_I=" + lambdaI + " (τ=" + tau + "), λ_O=" + lambdaO + " (γ=" +
				gamma + ")";
			assertEquals(at + ": I ⊆ Y iff λ_I ≥ τ", lambdaI >= tau, innerInY);
			assertEquals(at + ": Y ⊆ O iff λ_O ≥ γ", lambdaO >= gamma, yInOuter);
			final ImageMetrics m = ImageMetrics.of(settings, SetCounts.of(sets, truth));
			assertEquals(at + ": inner validity", innerInY ? 1 : 0, m.get(Measure.INNER_VALIDITY), 0);
			assertEquals(at + ": outer validity", yInOuter ? 1 : 0, m.get(Measure.OUTER_VALIDITY), 0);
			assertEquals(at + ": validity", innerInY && yInOuter ? 1 : 0, m.get(Measure.VALIDITY), 0);
		}
	}

	/** λ's at, just below and just above x (in float steps), random, and ±∞. */
	private static double[] lambdasAround(final double x, final Random rnd) {
		final List<Double> l = new ArrayList<>();
		l.add(x);
		if (!Double.isInfinite(x)) {
			l.add((double) Math.nextDown((float) x));
			l.add((double) Math.nextUp((float) x));
			l.add(x + 2 * rnd.nextDouble() - 1);
		}
		else {
			l.add((double) Float.MAX_VALUE);
			l.add((double) -Float.MAX_VALUE);
		}
		l.add(Double.POSITIVE_INFINITY);
		l.add(Double.NEGATIVE_INFINITY);
		Collections.shuffle(l, rnd);
		final double[] v = new double[l.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = l.get(i);
		return v;
	}

	/** f(s) by brute force: identity, signed distance, direct Gaussian convolution. */
	private static double[] transformed(final Case c, final Transform f, final double sigma) {
		final double[] out = new double[c.truth.length];
		switch (f) {
			case IDENTITY:
				for (int i = 0; i < out.length; i++)
					out[i] = c.scores[i];
				return out;
			case DISTANCE: {
				final boolean[] p = c.predicted(0.5);
				final double[] dOut = IteratedMorphology.euclideanDistance(p, c.size, c.spacing, false);
				final double[] dIn = IteratedMorphology.euclideanDistance(OracleFixtures.not(p), c.size,
					c.spacing, false);
				double h = Double.POSITIVE_INFINITY;
				for (final double s : c.spacing)
					h = Math.min(h, s);
				for (int i = 0; i < out.length; i++)
					out[i] = p[i] ? dIn[i] - h : -dOut[i];
				return out;
			}
			default:
				return gaussian(c.scores, c.size, c.spacing, sigma);
		}
	}

	/**
	 * Direct n-D convolution with the product of per-axis kernels
	 * exp(−x²/(2σ²)) (σ in voxels, x = −⌈4σ⌉..⌈4σ⌉, normalised), the image
	 * extended by symmetric mirroring with the edge repeated.
	 */
	static double[] gaussian(final float[] v, final int[] size, final double[] spacing,
		final double sigma)
	{
		final int dims = size.length;
		final double[][] k = new double[dims][];
		final int[] r = new int[dims];
		for (int d = 0; d < dims; d++) {
			final double s = sigma / spacing[d];
			r[d] = (int) Math.ceil(4 * s);
			k[d] = new double[2 * r[d] + 1];
			double sum = 0;
			for (int x = -r[d]; x <= r[d]; x++) {
				k[d][x + r[d]] = r[d] == 0 ? 1 : Math.exp(-(x * x) / (2 * s * s));
				sum += k[d][x + r[d]];
			}
			for (int x = 0; x < k[d].length; x++)
				k[d][x] /= sum;
		}
		final double[] out = new double[v.length];
		final int[] x = new int[dims];
		final int[] o = new int[dims];
		final int[] y = new int[dims];
		for (int i = 0; i < v.length; i++) {
			OracleFixtures.coordinates(i, size, x);
			for (int d = 0; d < dims; d++)
				o[d] = -r[d];
			double acc = 0;
			while (true) {
				double w = 1;
				for (int d = 0; d < dims; d++) {
					w *= k[d][o[d] + r[d]];
					y[d] = reflect(x[d] + o[d], size[d]);
				}
				acc += w * v[IteratedMorphology.index(y, size)];
				int d = 0;
				while (d < dims && ++o[d] > r[d]) {
					o[d] = -r[d];
					d++;
				}
				if (d == dims) break;
			}
			out[i] = acc;
		}
		return out;
	}

	/** Symmetric extension with the edge repeated, by walking back and forth. */
	private static int reflect(final int x, final int n) {
		int p = x;
		while (p < 0 || p >= n) {
			if (p < 0) p = -p - 1;
			if (p >= n) p = 2 * n - 1 - p;
		}
		return p;
	}

	// -- crc --

	@Test
	public void testCrcCurvesAreBruteForceFnr() {
		final Random rnd = new Random(8);
		final Settings settings = Settings.builder(Method.CRC).build();
		for (final Case c : cases(false, false)) {
			final FnrCurve curve = ImageScores.score(settings, c.sample()).curve();
			assertNotNull(c.name + ": crc keeps a curve", curve);
			final int y = OracleFixtures.count(c.truth);
			final List<Double> lambdas = new ArrayList<>(Arrays.asList(Double.NEGATIVE_INFINITY,
				Double.POSITIVE_INFINITY, 0.0, -1.0, -0.5));
			for (int j = 0; j < 10; j++) {
				final double s = -c.scores[rnd.nextInt(c.scores.length)];
				lambdas.add(s);
				lambdas.add((double) Math.nextDown((float) s));
				lambdas.add(-rnd.nextDouble());
			}
			for (final double lambda : lambdas) {
				int covered = 0;
				for (int i = 0; i < c.scores.length; i++)
					if (c.truth[i] && -c.scores[i] <= lambda) covered++;
				final double expected = y == 0 ? 0 : 1 - (double) covered / y;
				assertEquals(c.name + ": crc FNR at λ=" + lambda, expected, curve.fnr(lambda), 1e-12);
			}
		}
	}

	@Test
	public void testCrcThresholdIsExactInfimum() {
		final Random rnd = new Random(9);
		final List<Case> all = cases(false, false);
		final List<float[]> levels = new ArrayList<>();
		final List<ImageScore> scores = new ArrayList<>();
		final Settings base = Settings.builder(Method.CRC).build();
		for (final Case c : all) {
			scores.add(ImageScores.score(base, c.sample()));
			final float[] l = new float[OracleFixtures.count(c.truth)];
			for (int i = 0, j = 0; i < c.scores.length; i++)
				if (c.truth[i]) l[j++] = -c.scores[i];
			Arrays.sort(l);
			levels.add(l);
		}
		for (final int n : new int[] { 1, 4, 9, 19, 40, all.size() }) {
			for (int rep = 0; rep < 4; rep++) {
				final List<Integer> pick = new ArrayList<>();
				for (int i = 0; i < all.size(); i++)
					pick.add(i);
				Collections.shuffle(pick, rnd);
				final List<Integer> chosen = pick.subList(0, Math.min(n, all.size()));
				final List<ImageScore> cal = new ArrayList<>();
				for (final int i : chosen)
					cal.add(scores.get(i));
				for (final double alpha : new double[] { 0.05, 0.1, 0.2, 0.3, 0.55 }) {
					final String what = "crc α=" + alpha + " n=" + chosen.size() + " images " + chosen +
						" (seeds " + Arrays.toString(SEEDS) + ")";
					final Threshold got = Calibrator.fromScores(Settings.builder(Method.CRC).alpha(alpha)
						.build(), cal).outer();
					final BigDecimal bound = BigDecimal.valueOf(chosen.size() + 1L).multiply(BigDecimal
						.valueOf(alpha)).subtract(BigDecimal.ONE);
					if (bound.signum() < 0) {
						assertTrue(what + ": trivial", got.trivial());
						assertEquals(what + ": trivial λ̂", Double.POSITIVE_INFINITY, got.lambda(), 0);
						continue;
					}
					final TreeSet<Double> set = new TreeSet<>();
					set.add(Double.NEGATIVE_INFINITY);
					for (final int i : chosen)
						for (final float l : levels.get(i))
							set.add((double) l);
					final Double[] candidates = set.toArray(new Double[0]);
					// Σ FNR_i is non-increasing in λ: bisect for the first candidate that meets the bound
					int lo = 0;
					int hi = candidates.length - 1;
					final List<float[]> cl = new ArrayList<>();
					for (final int i : chosen)
						cl.add(levels.get(i));
					if (!meets(cl, candidates[hi], bound)) fail(what + ": oracle premise: top level must qualify");
					while (lo < hi) {
						final int mid = (lo + hi) >>> 1;
						if (meets(cl, candidates[mid], bound)) hi = mid;
						else lo = mid + 1;
					}
					final double expected = candidates[lo];
					if (lo > 0) assertFalse(what + ": oracle premise", meets(cl, candidates[lo - 1], bound));
					assertFalse(what + ": not trivial", got.trivial());
					assertEquals(what, expected, got.lambda(), 0);
				}
			}
		}
	}

	/**
	 * Σ_i FNR_i(λ) ≤ bound, exactly: the sum as a fraction p/q of integers.
	 * Each array holds the sorted levels of one image's Y voxels.
	 */
	private static boolean meets(final List<float[]> images, final double lambda,
		final BigDecimal bound)
	{
		BigInteger p = BigInteger.ZERO;
		BigInteger q = BigInteger.ONE;
		for (final float[] l : images) {
			final int y = l.length;
			if (y == 0) continue;
			int covered = 0;
			while (covered < y && l[covered] <= lambda)
				covered++;
			final BigInteger b = BigInteger.valueOf(y);
			p = p.multiply(b).add(BigInteger.valueOf(y - covered).multiply(q));
			q = q.multiply(b);
			final BigInteger g = p.gcd(q);
			p = p.divide(g);
			q = q.divide(g);
		}
		return new BigDecimal(p).compareTo(bound.multiply(new BigDecimal(q))) <= 0;
	}

	// -- helpers --

	/** Counts of the sets a calibration at (λ_I, λ_O) gives on the case. */
	private static SetCounts countsAt(final Settings settings, final Case c, final double li,
		final double lo, final Random rnd)
	{
		return SetCounts.of(ConformalSets.apply(OracleFixtures.calibrationAt(settings, li, lo, rnd), c
			.unlabelled()), c.truthMask());
	}

	/** Equal infinities, or equal within float precision. */
	private static void assertClose(final String what, final double expected, final double actual) {
		if (Double.isInfinite(expected) || Double.isNaN(expected)) {
			assertEquals(what, expected, actual, 0);
		}
		else {
			assertEquals(what, expected, actual, 1e-5 * Math.max(1, Math.abs(expected)));
		}
	}
}
