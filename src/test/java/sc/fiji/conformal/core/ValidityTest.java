package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * The guarantees hold empirically: on synthetic data from a known model, over
 * 500 seeded random half/half splits, each method's mean validity lies in
 * [1 − α, 1 − α + 1/(n+1)] up to a binomial tolerance.
 * <p>
 * Over random splits of a fixed dataset, calibration and test images are
 * exchangeable, so the expected validity given the dataset lies in that
 * interval exactly (the upper end needs scores without ties). The tolerance is
 * 4 standard errors of the mean over splits, with the per-split variance of
 * the conditional coverage (Beta(k, n+1−k)) plus the binomial variance of the
 * test images. Integer-valued scores (cross, square) have ties, so for them
 * the upper end is checked on the strict event r_test &lt; λ̂, whose probability
 * is at most k/(n+1) even with ties.
 */
public class ValidityTest {

	private static final int IMAGES = 200;
	private static final int SPLITS = 500;
	private static final double ALPHA = 0.1;
	private static final SyntheticDataset DATA = new SyntheticDataset(IMAGES, 7, 32, 32);

	@Test
	public void dilationCrossFullCoverage() {
		checkRanked(Settings.builder(Method.DILATION).alpha(ALPHA).tolerance(0).shape(
			StructuringElement.CROSS).build());
	}

	@Test
	public void dilationSquareCoverageRatio() {
		checkRanked(Settings.builder(Method.DILATION).alpha(0.2).tolerance(0.05).shape(
			StructuringElement.SQUARE).build());
	}

	@Test
	public void dilationEuclideanAnisotropic() {
		checkContinuous(Settings.builder(Method.DILATION).alpha(ALPHA).tolerance(0.01).shape(
			StructuringElement.EUCLIDEAN).build(), DATA.withSpacing(1.0, 1.37));
	}

	@Test
	public void erosionCross() {
		checkRanked(Settings.builder(Method.EROSION).alpha(ALPHA).tolerance(0.02).shape(
			StructuringElement.CROSS).build());
	}

	@Test
	public void thresholdInner() {
		checkContinuous(Settings.builder(Method.THRESHOLD_INNER).alpha(ALPHA).tolerance(0.01).build(),
			DATA);
	}

	@Test
	public void thresholdOuter() {
		checkContinuous(Settings.builder(Method.THRESHOLD_OUTER).alpha(0.2).tolerance(0.1).build(),
			DATA);
	}

	@Test
	public void confidenceSetsIdentityBonferroni() {
		checkContinuous(Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08)
			.build(), DATA);
	}

	@Test
	public void confidenceSetsDistanceMax() {
		checkRanked(Settings.builder(Method.CONFIDENCE_SETS).alpha(ALPHA).joint(JointRule.MAX)
			.innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE).build());
	}

	@Test
	public void crcMeanFnr() {
		final Settings s = Settings.builder(Method.CRC).alpha(ALPHA).build();
		final ValidationResult v = Validation.randomSplits(s, DATA, SPLITS, 0.5, 11);
		final int n = v.splits().get(0).nCalibration();
		final double tol = 4 * v.sd(Measure.FNR) / Math.sqrt(SPLITS);
		final double fnr = v.mean(Measure.FNR);
		assertTrue("crc mean FNR " + fnr + " > α + tol", fnr <= ALPHA + tol);
		assertTrue("crc mean FNR " + fnr + " < α − 2/(n+1) − tol", fnr >= ALPHA - 2.0 / (n + 1) - tol);
	}

	/** Validity in [1−α, 1−α+1/(n+1)] for (nearly) tie-free scores. */
	private static void checkContinuous(final Settings s, final Iterable<Sample> data) {
		final ValidationResult v = Validation.randomSplits(s, data, SPLITS, 0.5, 11);
		final int n = v.splits().get(0).nCalibration();
		final int nTest = v.splits().get(0).nTest();
		final double tol = tolerance(s.alpha(), n, nTest);
		final double mean = v.mean(Measure.VALIDITY);
		final String what = s + ": mean validity " + mean + " (n=" + n + ", tol=" + tol + ")";
		assertTrue(what + " below 1−α", mean >= 1 - s.alpha() - tol);
		assertTrue(what + " above 1−α+1/(n+1)", mean <= 1 - s.alpha() + 1.0 / (n + 1) + tol);
		if (s.method() == Method.CONFIDENCE_SETS && s.joint() == JointRule.BONFERRONI) {
			final double in = v.mean(Measure.INNER_VALIDITY);
			final double out = v.mean(Measure.OUTER_VALIDITY);
			assertTrue(s + ": inner validity " + in, in >= 1 - s.alphaInner() - tolerance(s.alphaInner(),
				n, nTest) && in <= 1 - s.alphaInner() + 1.0 / (n + 1) + tolerance(s.alphaInner(), n, nTest));
			assertTrue(s + ": outer validity " + out, out >= 1 - s.alphaOuter() - tolerance(s
				.alphaOuter(), n, nTest) && out <= 1 - s.alphaOuter() + 1.0 / (n + 1) + tolerance(s
					.alphaOuter(), n, nTest));
		}
	}

	/**
	 * For integer-valued (tied) scores: set validity ≥ 1−α, and the strict
	 * event r &lt; λ̂ at most 1−α+1/(n+1), checked with our own splits over the
	 * per-image scores.
	 */
	private static void checkRanked(final Settings s) {
		final ValidationResult v = Validation.randomSplits(s, DATA, SPLITS, 0.5, 11);
		final int n = v.splits().get(0).nCalibration();
		final int nTest = v.splits().get(0).nTest();
		final double tol = tolerance(s.alpha(), n, nTest);
		final double mean = v.mean(Measure.VALIDITY);
		assertTrue(s + ": mean validity " + mean + " below 1−α − " + tol, mean >= 1 - s.alpha() - tol);
		// strict event from the scores
		final List<Double> r = new ArrayList<>();
		for (final ImageScore x : Calibrator.calibrate(s, DATA).scores())
			r.add(rankedScore(s, x));
		final Random random = new Random(5);
		double strict = 0, weak = 0;
		final int N = r.size();
		final double[] cal = new double[n];
		for (int split = 0; split < SPLITS; split++) {
			final List<Double> shuffled = new ArrayList<>(r);
			java.util.Collections.shuffle(shuffled, random);
			for (int i = 0; i < n; i++)
				cal[i] = shuffled.get(i);
			final double lambda = ConformalQuantile.of(cal, s.alpha(), s.quantile()).lambda();
			int st = 0, wk = 0;
			for (int i = n; i < N; i++) {
				if (shuffled.get(i) < lambda) st++;
				if (shuffled.get(i) <= lambda) wk++;
			}
			strict += (double) st / (N - n);
			weak += (double) wk / (N - n);
		}
		strict /= SPLITS;
		weak /= SPLITS;
		assertTrue(s + ": P(r < λ̂) = " + strict + " above 1−α+1/(n+1)", strict <= 1 - s.alpha() + 1.0 /
			(n + 1) + tol);
		assertTrue(s + ": P(r ≤ λ̂) = " + weak + " below 1−α", weak >= 1 - s.alpha() - tol);
		// and the set-based validity agrees with the score-based event up to split noise
		assertEquals(s + ": set validity vs score event", weak, mean, 3 * tol);
	}

	private static double rankedScore(final Settings s, final ImageScore x) {
		if (s.method() == Method.CONFIDENCE_SETS) return Math.max(x.inner(), x.outer());
		return s.method().hasInner() ? x.inner() : x.outer();
	}

	/** 4 standard errors of the mean over splits. */
	private static double tolerance(final double alpha, final int n, final int nTest) {
		final int k = ConformalQuantile.paperRank(n, alpha);
		final double beta = (double) k * (n + 1 - k) / ((n + 1.0) * (n + 1.0) * (n + 2.0));
		final double binomial = alpha * (1 - alpha) / nTest;
		return 4 * Math.sqrt((beta + binomial) / SPLITS);
	}
}
