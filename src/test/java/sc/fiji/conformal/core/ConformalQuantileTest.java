package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

/** Edge cases of the conformal quantile and its exact rank arithmetic. */
public class ConformalQuantileTest {

	@Test
	public void alphaSevenTenthsNeedsExactArithmetic() {
		// (9+1)(1-0.7) = 3 exactly; in floating point 10 * (1 - 0.7) = 3.0000000000000004
		assertEquals(4, (int) Math.ceil(10 * (1 - 0.7)));
		assertEquals(3, ConformalQuantile.paperRank(9, 0.7));
		final Threshold t = ConformalQuantile.of(new double[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 }, 0.7,
			QuantileRule.PAPER);
		assertEquals(3.0, t.lambda(), 0);
		assertEquals(3, t.k());
	}

	@Test
	public void rankMatchesIntegerArithmetic() {
		final Random r = new Random(1);
		for (int trial = 0; trial < 20000; trial++) {
			final int n = 1 + r.nextInt(2000);
			final int p = 1 + r.nextInt(999); // α = p / 1000
			final double alpha = p / 1000.0;
			final long num = (n + 1L) * (1000 - p);
			final long expected = (num + 999) / 1000; // ceil(num / 1000)
			assertEquals("n=" + n + " α=" + alpha, expected, ConformalQuantile.paperRank(n, alpha));
		}
	}

	@Test
	public void kEqualsN() {
		final Threshold t = ConformalQuantile.of(new double[] { 3, 1, 2, 9, 5, 4, 8, 7, 6 }, 0.1,
			QuantileRule.PAPER);
		assertEquals(9, t.k());
		assertEquals(9.0, t.lambda(), 0);
		assertFalse(t.trivial());
	}

	@Test
	public void kAboveNIsTrivialAndSaysWhatNIsNeeded() {
		final Threshold t = ConformalQuantile.of(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0.1,
			QuantileRule.PAPER);
		assertTrue(t.trivial());
		assertEquals(9, t.k());
		assertEquals(Double.POSITIVE_INFINITY, t.lambda(), 0);
		assertEquals(9, t.nNeeded());
	}

	@Test
	public void nNeededIsTheSmallestWorkingN() {
		for (final QuantileRule rule : QuantileRule.values()) {
			for (int p = 1; p < 1000; p += 7) {
				final double alpha = p / 1000.0;
				int n = 1;
				while (ConformalQuantile.rank(n, alpha, rule) > n)
					n++;
				assertEquals(rule + " α=" + alpha, n, ConformalQuantile.minimumCalibrationSize(alpha, rule));
			}
		}
	}

	@Test
	public void ties() {
		final double[] s = { 2, 1, 1, 2, 1 };
		assertEquals(1.0, ConformalQuantile.of(s, 0.5, QuantileRule.PAPER).lambda(), 0); // k = 3
		assertEquals(2.0, ConformalQuantile.of(s, 0.3, QuantileRule.PAPER).lambda(), 0); // k = 5
	}

	@Test
	public void singleImage() {
		final Threshold ok = ConformalQuantile.of(new double[] { 4 }, 0.5, QuantileRule.PAPER);
		assertEquals(1, ok.k());
		assertEquals(4.0, ok.lambda(), 0);
		final Threshold trivial = ConformalQuantile.of(new double[] { 4 }, 0.4, QuantileRule.PAPER);
		assertTrue(trivial.trivial());
		assertEquals(2, trivial.nNeeded());
	}

	@Test
	public void referenceCodeRules() {
		final double[] s = new double[19];
		for (int i = 0; i < s.length; i++)
			s[i] = i + 1;
		// paper: k = ceil(20 * 0.9) = 18; consema-code takes the 19th; cls-clipped = paper here
		assertEquals(18.0, ConformalQuantile.of(s, 0.1, QuantileRule.PAPER).lambda(), 0);
		assertEquals(19.0, ConformalQuantile.of(s, 0.1, QuantileRule.CONSEMA_CODE).lambda(), 0);
		assertEquals(18.0, ConformalQuantile.of(s, 0.1, QuantileRule.CLS_CLIPPED).lambda(), 0);
		final double[] few = Arrays.copyOf(s, 18); // paper k = ceil(19 * 0.9) = 18
		assertTrue(ConformalQuantile.of(few, 0.1, QuantileRule.CONSEMA_CODE).trivial());
		assertEquals(19, ConformalQuantile.of(few, 0.1, QuantileRule.CONSEMA_CODE).nNeeded());
		final double[] eight = Arrays.copyOf(s, 8); // paper k = 9 > 8
		final Threshold clipped = ConformalQuantile.of(eight, 0.1, QuantileRule.CLS_CLIPPED);
		assertFalse(clipped.trivial());
		assertEquals(8.0, clipped.lambda(), 0);
	}

	@Test
	public void infiniteScoresOrderLast() {
		final double[] s = { 1, Double.POSITIVE_INFINITY, 2, Double.NEGATIVE_INFINITY };
		assertEquals(Double.POSITIVE_INFINITY, ConformalQuantile.of(s, 0.2, QuantileRule.PAPER)
			.lambda(), 0);
		assertEquals(2.0, ConformalQuantile.of(s, 0.5, QuantileRule.PAPER).lambda(), 0); // k = 3
		assertEquals(Double.NEGATIVE_INFINITY, ConformalQuantile.of(s, 0.8, QuantileRule.PAPER)
			.lambda(), 0); // k = 1
	}

	@Test
	public void rejectsBadInput() {
		expectError(() -> ConformalQuantile.of(new double[0], 0.1, QuantileRule.PAPER), "empty");
		expectError(() -> ConformalQuantile.of(new double[] { 1 }, 1.5, QuantileRule.PAPER),
			"alpha must be in (0, 1), got 1.5");
		expectError(() -> ConformalQuantile.of(new double[] { 1 }, 0, QuantileRule.PAPER),
			"alpha must be in (0, 1), got 0.0");
		expectError(() -> ConformalQuantile.of(new double[] { 1 }, Double.NaN, QuantileRule.PAPER),
			"alpha must be in (0, 1), got NaN");
		expectError(() -> ConformalQuantile.of(new double[] { 1, Double.NaN }, 0.5,
			QuantileRule.PAPER), "score 1 is NaN");
	}

	static void expectError(final Runnable r, final String fragment) {
		try {
			r.run();
		}
		catch (final IllegalArgumentException e) {
			assertTrue("message '" + e.getMessage() + "' should contain '" + fragment + "'", e
				.getMessage().contains(fragment));
			return;
		}
		fail("expected an IllegalArgumentException containing '" + fragment + "'");
	}
}
