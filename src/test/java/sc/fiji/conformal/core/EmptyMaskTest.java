package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/** Empty masks follow documented rules instead of crashing. */
public class EmptyMaskTest {

	private static final Grid G = Grid.of(6, 5);

	private static Mask mask(final int... on) {
		final boolean[] v = new boolean[G.count()];
		for (final int i : on)
			v[i] = true;
		return new Mask(G, v);
	}

	@Test
	public void emptyTruthIsCoveredTrivially() {
		final Sample s = Sample.of("a", null, mask(7, 8), mask());
		for (final StructuringElement shape : StructuringElement.values()) {
			final Settings st = Settings.builder(Method.DILATION).shape(shape).build();
			assertEquals(0.0, ImageScores.score(st, s).outer(), 0);
		}
		final Settings outer = Settings.builder(Method.THRESHOLD_OUTER).build();
		final Sample scored = Sample.of("b", G.count() > 0 ? new sc.fiji.conformal.core.image.ScalarImage(G,
			new float[G.count()]) : null, null, mask());
		assertEquals(Double.NEGATIVE_INFINITY, ImageScores.score(outer, scored).outer(), 0);
		// and the validity event holds for any set
		final SetCounts c = SetCounts.of(new ConformalSets(mask(), null, mask()), mask());
		assertEquals(1.0, ImageMetrics.of(Settings.builder(Method.DILATION).build(), c).get(
			Measure.VALIDITY), 0);
		assertEquals(0.0, ImageMetrics.of(Settings.builder(Method.DILATION).build(), c).get(Measure.FNR),
			0);
	}

	@Test
	public void emptyPredictionHasNoFalsePositives() {
		final Sample s = Sample.of("a", null, mask(), mask(3, 4));
		final Settings st = Settings.builder(Method.EROSION).tolerance(0).build();
		assertEquals(0.0, ImageScores.score(st, s).inner(), 0);
		final SetCounts c = SetCounts.of(new ConformalSets(mask(), mask(), null), mask(3, 4));
		final ImageMetrics m = ImageMetrics.of(st, c);
		assertEquals(0.0, m.get(Measure.AFP), 0);
		assertEquals(0.0, m.get(Measure.CR), 0);
		assertEquals(1.0, m.get(Measure.VALIDITY), 0);
	}

	@Test
	public void emptyPredictionCannotCoverUnderDilationAndIsReported() {
		final Settings st = Settings.builder(Method.DILATION).alpha(0.5).build();
		final List<Sample> samples = new ArrayList<>();
		samples.add(Sample.of("missed", null, mask(), mask(3, 4)));
		samples.add(Sample.of("fine", null, mask(3), mask(3, 4)));
		samples.add(Sample.of("fine2", null, mask(3, 4), mask(3, 4)));
		assertEquals(Double.POSITIVE_INFINITY, ImageScores.score(st, samples.get(0)).outer(), 0);
		final Calibration c = Calibrator.calibrate(st, samples);
		assertEquals(Arrays.asList("missed"), c.infiniteScoreIds());
		// k = ceil(4 * 0.5) = 2: λ̂ = 1, the infinite score is counted in the ranking
		assertEquals(1.0, c.outer().lambda(), 0);
		final Calibration strict = c.withAlpha(0.2); // k = ceil(4 * 0.8) = 4 > 3: trivial
		assertTrue(strict.trivial());
		final Calibration high = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.25)
			.build(), samples); // k = 3: the infinite score itself
		assertEquals(Double.POSITIVE_INFINITY, high.outer().lambda(), 0);
		// applying an infinite λ̂ gives the whole image
		final ConformalSets sets = high.apply(samples.get(1));
		assertEquals(G.count(), sets.outer().count());
	}

	@Test
	public void trivialCalibrationGivesWholeImageAndEmptyInner() {
		final Settings st = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build();
		final List<ImageScore> scores = new ArrayList<>();
		scores.add(new ImageScore("one", 0.2, -0.3, null));
		final Calibration c = Calibrator.fromScores(st, scores);
		assertTrue(c.trivial());
		assertEquals(19, c.nNeeded()); // α_I = α_O = 0.05: ⌈0.95 / 0.05⌉
		final float[] s = new float[G.count()];
		Arrays.fill(s, 0.7f);
		final ConformalSets sets = c.apply(Sample.of("x", new sc.fiji.conformal.core.image.ScalarImage(G,
			s), null, null));
		assertEquals(G.count(), sets.outer().count());
		assertEquals(0, sets.inner().count());
	}
}
