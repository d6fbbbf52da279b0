package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.Test;

/** Conformal risk control against a brute-force search over all levels. */
public class ConformalRiskControlTest {

	@Test
	public void matchesBruteForce() {
		final Random r = new Random(3);
		for (int trial = 0; trial < 300; trial++) {
			final int n = 1 + r.nextInt(40);
			final double alpha = (1 + r.nextInt(60)) / 100.0;
			final List<FnrCurve> curves = new ArrayList<>();
			final TreeSet<Float> levels = new TreeSet<>();
			for (int i = 0; i < n; i++) {
				final int y = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(30);
				final boolean[] truth = new boolean[y + 5];
				final float[] map = new float[y + 5];
				for (int v = 0; v < map.length; v++) {
					truth[v] = v < y;
					map[v] = -r.nextInt(12) / 11f; // L = −s with ties, 8-bit-like
					if (truth[v]) levels.add(map[v]);
				}
				curves.add(FnrCurve.of(map, truth));
			}
			final Threshold t = ConformalRiskControl.threshold(curves, alpha);
			// brute force: the smallest candidate λ with (sum FNR + 1) / (n + 1) <= α
			final List<Double> candidates = new ArrayList<>();
			candidates.add(Double.NEGATIVE_INFINITY);
			for (final float l : levels)
				candidates.add((double) l);
			Double expected = null;
			for (final double l : candidates) {
				double sum = 0;
				for (final FnrCurve c : curves)
					sum += c.fnr(l);
				if ((sum + 1) / (n + 1) <= alpha + 1e-12) {
					expected = l;
					break;
				}
			}
			final String what = "trial " + trial + " n=" + n + " α=" + alpha;
			if (expected == null) {
				assertTrue(what + " should be trivial", t.trivial());
				assertEquals(what, Double.POSITIVE_INFINITY, t.lambda(), 0);
			}
			else {
				assertEquals(what, expected, t.lambda(), 0);
			}
		}
	}

	@Test
	public void tooFewImagesIsTrivial() {
		final List<FnrCurve> one = new ArrayList<>();
		one.add(FnrCurve.of(new float[] { -1f }, new boolean[] { true }));
		final Threshold t = ConformalRiskControl.threshold(one, 0.1);
		assertTrue(t.trivial());
		assertEquals(9, t.nNeeded());
	}

	@Test
	public void exactBoundaryIsAccepted() {
		// n = 9, α = 0.2: bound (n+1)α − 1 = 1, so a total FNR of exactly 1 qualifies
		final List<FnrCurve> curves = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			// three truth voxels at levels −0.9, −0.5, −0.1 for all images
			curves.add(FnrCurve.of(new float[] { -0.9f, -0.5f, -0.1f }, new boolean[] { true, true,
				true }));
		}
		// at λ = −0.5 each FNR is 1/3 and the sum is 3 > 1; at −0.1 it is 0
		assertEquals(-0.1f, ConformalRiskControl.threshold(curves, 0.2).lambda(), 0);
		// with 3 images missing everything at −0.5 except ... check the sum = 1 case
		final List<FnrCurve> mixed = new ArrayList<>();
		for (int i = 0; i < 6; i++)
			mixed.add(FnrCurve.of(new float[] { -0.9f }, new boolean[] { true }));
		for (int i = 0; i < 3; i++)
			mixed.add(FnrCurve.of(new float[] { -0.9f, -0.5f, -0.1f }, new boolean[] { true, true,
				true }));
		// at λ = −0.5: sum = 3 × 1/3 = 1 = bound (computed in floating point as 0.9999999999999999 or 1)
		assertEquals(-0.5f, ConformalRiskControl.threshold(mixed, 0.2).lambda(), 0);
	}
}
