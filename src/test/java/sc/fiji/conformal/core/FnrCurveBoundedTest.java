package sc.fiji.conformal.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

/**
 * Bounded FNR curves (issue #12: a float score map gave one level per voxel of
 * Y, 36 MB of curve per CT volume): at most {@link FnrCurve#MAX_LEVELS}
 * levels, never below the exact curve and less than 1/(buckets − 1) above it,
 * so risk control stays valid and only slightly more conservative.
 */
public class FnrCurveBoundedTest {

	@Test
	public void shortCurvesStayExact() {
		final Random r = new Random(1);
		final float[] map = new float[5000];
		final boolean[] truth = new boolean[map.length];
		for (int i = 0; i < map.length; i++) {
			map[i] = -r.nextInt(256) / 255f; // an 8-bit map: at most 256 levels
			truth[i] = r.nextBoolean();
		}
		final FnrCurve exact = FnrCurve.exact(map, truth);
		final FnrCurve c = FnrCurve.of(map, truth);
		assertArrayEquals(exact.levels(), c.levels(), 0);
		assertArrayEquals(exact.covered(), c.covered());
		assertSame(exact, FnrCurve.bounded(exact, exact.size() / 2));
	}

	@Test
	public void longCurvesAreBoundedAndNeverBelow() {
		final Random r = new Random(2);
		for (int trial = 0; trial < 60; trial++) {
			final int y = 200 + r.nextInt(20000);
			final float[] map = new float[y + 100];
			final boolean[] truth = new boolean[map.length];
			for (int i = 0; i < map.length; i++) {
				truth[i] = i < y;
				// float scores, with runs of ties and a heavy level now and then
				map[i] = r.nextInt(10) == 0 ? -0.5f : (float) -r.nextDouble();
			}
			final int buckets = 2 + r.nextInt(300);
			final FnrCurve exact = FnrCurve.exact(map, truth);
			final FnrCurve b = FnrCurve.bounded(exact, buckets);
			final String what = "trial " + trial + ", |Y|=" + y + ", buckets " + buckets;
			assertTrue(what + ": " + b.size() + " levels", b.size() <= 2 * buckets);
			assertEquals(what, exact.truthCount(), b.truthCount());
			assertEquals(what, exact.level(exact.size() - 1), b.level(b.size() - 1), 0);
			final float[] levels = exact.levels();
			for (int j = -1; j < levels.length; j++) {
				// at every level and just below the next one
				final double[] at = j < 0 ? new double[] { Double.NEGATIVE_INFINITY, Math.nextDown(
					levels[0]) } : new double[] { levels[j], j + 1 < levels.length ? Math.nextDown(
						levels[j + 1]) : Double.POSITIVE_INFINITY };
				for (final double l : at) {
					final double e = exact.fnr(l), k = b.fnr(l);
					assertTrue(what + " at " + l + ": " + k + " < " + e, k >= e);
					assertTrue(what + " at " + l + ": " + k + " − " + e, k - e < 1.0 / (buckets - 1));
				}
			}
		}
	}

	/**
	 * λ̂ from bounded curves is never below the exact one (the outer set never
	 * smaller), and never above the exact one at α − (n + 1)/n/(buckets − 1);
	 * over random splits, the mean FNR on test images stays at most α.
	 */
	@Test
	public void riskControlStaysValidAndSlightlyConservative() {
		final Random r = new Random(3);
		final int buckets = 41; // coarse on purpose: at most 82 levels for 50–450 distinct ones
		final List<FnrCurve> exact = new ArrayList<>(), bounded = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			final int y = 50 + r.nextInt(400);
			final float[] map = new float[y];
			final boolean[] truth = new boolean[y];
			final double shift = r.nextGaussian() * 0.3;
			for (int v = 0; v < y; v++) {
				truth[v] = true;
				map[v] = (float) -(1 / (1 + Math.exp(-(r.nextGaussian() + 1 + shift))));
			}
			exact.add(FnrCurve.exact(map, truth));
			bounded.add(FnrCurve.bounded(exact.get(i), buckets));
		}
		final double alpha = 0.1;
		double meanFnr = 0;
		final int splits = 300;
		for (int s = 0; s < splits; s++) {
			final List<Integer> order = new ArrayList<>();
			for (int i = 0; i < exact.size(); i++)
				order.add(i);
			java.util.Collections.shuffle(order, r);
			final List<FnrCurve> calE = new ArrayList<>(), calB = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				calE.add(exact.get(order.get(i)));
				calB.add(bounded.get(order.get(i)));
			}
			final double le = ConformalRiskControl.threshold(calE, alpha).lambda();
			final double lb = ConformalRiskControl.threshold(calB, alpha).lambda();
			final double lower = ConformalRiskControl.threshold(calE, alpha - 201.0 / 200 / (buckets - 1))
				.lambda();
			assertTrue("split " + s + ": bounded " + lb + " below exact " + le, lb >= le);
			assertTrue("split " + s + ": bounded " + lb + " above " + lower, lb <= lower);
			double fnr = 0;
			for (int i = 200; i < 400; i++)
				fnr += exact.get(order.get(i)).fnr(lb);
			meanFnr += fnr / 200 / splits;
		}
		assertTrue("mean test FNR " + meanFnr, meanFnr <= alpha);
	}
}
