package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link SetWarnings} on calibrations with known λ̂ (from chosen per-image
 * scores) and images whose set sizes are counted by hand: each rule fires on
 * its case and stays silent just inside its limit.
 */
public class SetWarningsTest {

	private static final int N = 10;

	/** n images with the same outer score (dilation steps, cut-offs, ...). */
	private static Calibration outer(final Settings s, final double score, final int n) {
		final List<ImageScore> scores = new ArrayList<>();
		for (int i = 0; i < n; i++)
			scores.add(new ImageScore("i" + i, Double.NaN, score, null));
		return Calibrator.fromScores(s, scores);
	}

	/** A 10×10 image with one predicted pixel at (5, 5) and scores 0.5 there, 0.2 elsewhere. */
	private static Sample onePixel() {
		final Grid g = Grid.of(N, N);
		final boolean[] p = new boolean[N * N];
		p[5 * N + 5] = true;
		final float[] v = new float[N * N];
		Arrays.fill(v, 0.2f);
		v[5 * N + 5] = 0.5f;
		return Sample.of("one", new ScalarImage(g, v), new Mask(g, p), null);
	}

	private static List<String> sized(final Calibration c, final Sample s) {
		return SetWarnings.of(c, new SetWarnings.Sizes().add(c.apply(s)));
	}

	@Test
	public void tooFewImagesNamesTheNNeeded() {
		final Calibration c = outer(Settings.builder(Method.DILATION).alpha(0.1).build(), 1, 5);
		assertTrue(c.trivial());
		final List<String> w = SetWarnings.of(c);
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("n = 5 calibration images are too few for α = 0.1"));
		assertTrue(w.get(0), w.get(0).contains("at least " + c.nNeeded()));
		assertEquals(9, c.nNeeded());
	}

	/**
	 * Dilating one pixel 3 times with a cross gives the diamond of 2·3·4 + 1 =
	 * 25 pixels: 25× the prediction (above 5×), 25% of the image (below half);
	 * 1 step gives 5 pixels, exactly 5×: no warning.
	 */
	@Test
	public void outerSetManyTimesThePredictionIsWarned() {
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).build();
		final Calibration three = outer(s, 3, 20);
		assertEquals(3, three.outer().lambda(), 0);
		assertEquals(25, three.apply(onePixel()).outer().count());
		List<String> w = sized(three, onePixel());
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("3 steps"));
		assertTrue(w.get(0), w.get(0).contains("25× the prediction"));
		assertTrue(w.get(0), !w.get(0).contains("% of the image,"));
		assertTrue(w.get(0), w.get(0).contains("tolerance 0.05"));
		w = sized(outer(s, 1, 20), onePixel());
		assertTrue(w.toString(), w.isEmpty());
		assertTrue(SetWarnings.of(three).isEmpty());
	}

	/** 7 steps cover 2·7·8 + 1 = 113 > 50 of 100 pixels, clipped at the border: more than half the image. */
	@Test
	public void outerSetOverHalfTheImageIsWarned() {
		final Calibration c = outer(Settings.builder(Method.DILATION).alpha(0.1).build(), 7, 20);
		final int o = c.apply(onePixel()).outer().count();
		assertTrue(o + " pixels", o > 50);
		final List<String> w = sized(c, onePixel());
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains(Math.round(o * 100.0 / (N * N)) + "% of the image"));
	}

	/**
	 * Identity confidence sets at λ̂_I = 1 and λ̂_O = 0 (saturated 8-bit maps):
	 * the inner set is empty and the outer set the whole image, each said
	 * once, not again by the sizes.
	 */
	@Test
	public void identityConfidenceSetsAtTheEndsOfTheRange() {
		final List<ImageScore> scores = new ArrayList<>();
		for (int i = 0; i < 20; i++)
			scores.add(new ImageScore("i" + i, 1, 0, null));
		final Calibration c = Calibrator.fromScores(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1)
			.build(), scores);
		final ConformalSets sets = c.apply(onePixel());
		assertTrue(sets.inner().isEmpty());
		assertEquals(N * N, sets.outer().count());
		final List<String> w = sized(c, onePixel());
		assertEquals(w.toString(), 2, w.size());
		assertTrue(w.get(0), w.get(0).startsWith("The inner set is empty"));
		assertTrue(w.get(1), w.get(1).startsWith("The outer set is the whole image"));
		for (final String s : w) {
			assertTrue(s, s.contains("Saturated scores"));
			assertTrue(s, s.contains("distance transform"));
		}
		assertEquals(w, SetWarnings.of(c));
	}

	/** A cut-off t ≤ 0 keeps every voxel; t = 0.3 does not warn. */
	@Test
	public void thresholdOuterCutOffAtZero() {
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).build();
		List<String> w = SetWarnings.of(outer(s, s.method().fromNatural(0), 20));
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("t = 0"));
		w = sized(outer(s, s.method().fromNatural(0.3), 20), onePixel());
		assertTrue(w.toString(), w.isEmpty());
	}

	/** λ̂ = ∞ with enough images: the images with an infinite score are counted. */
	@Test
	public void infiniteLambdaSaysWhy() {
		final List<ImageScore> scores = new ArrayList<>();
		for (int i = 0; i < 20; i++)
			scores.add(new ImageScore("i" + i, Double.NaN, i < 5 ? Double.POSITIVE_INFINITY : 2,
				null));
		final Calibration c = Calibrator.fromScores(Settings.builder(Method.DILATION).alpha(0.1)
			.build(), scores);
		assertEquals(Double.POSITIVE_INFINITY, c.outer().lambda(), 0);
		final List<String> w = SetWarnings.of(c);
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("the whole image"));
		assertTrue(w.get(0), w.get(0).contains("5 image(s) with an infinite score"));
	}
}
