package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * Validating several α in one pass over the images gives, for every method,
 * α and split, what the definition gives: λ̂ from the split's calibration
 * scores at that α, and each measure averaged over the split's test images
 * of the sets that calibration applies (NaN values skipped).
 */
public class ValidationSweepTest {

	private static final SyntheticDataset DATA = new SyntheticDataset(30, 21, 28, 28);

	@Test
	public void sweepEqualsTheDefinitionAtEachAlpha() {
		final List<Sample> samples = new ArrayList<>();
		for (final Sample s : DATA)
			samples.add(s);
		final double[] alphas = { 0.3, 0.05, 0.1, 0.3 };
		final int splits = 7;
		final long seed = 3;
		for (final Settings settings : new Settings[] { Settings.builder(Method.DILATION).alpha(0.1)
			.build(), Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.05).build(), Settings
				.builder(Method.THRESHOLD_INNER).alpha(0.2).tolerance(0.05).build(), Settings.builder(
					Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build(), Settings.builder(
						Method.CONFIDENCE_SETS).alpha(0.1).build(), Settings.builder(Method.CRC).alpha(0.1)
							.build() })
		{
			final List<ImageScore> scores = new ArrayList<>();
			for (final Sample s : samples)
				scores.add(ImageScores.score(settings, s));
			final Map<Double, ValidationResult> sweep = Validation.sweep(settings, alphas, scores,
				samples, splits, 0.5, seed);
			assertEquals("one result per distinct α", 3, sweep.size());
			final boolean[][] isTest = Validation.testMembership(samples.size(), splits, 0.5, seed);
			for (final Map.Entry<Double, ValidationResult> e : sweep.entrySet()) {
				final Settings at = settings.withAlpha(e.getKey());
				for (int s = 0; s < splits; s++) {
					final List<ImageScore> cal = new ArrayList<>();
					final List<Sample> test = new ArrayList<>();
					for (int i = 0; i < samples.size(); i++) {
						if (isTest[s][i]) test.add(samples.get(i));
						else cal.add(scores.get(i));
					}
					final Calibration c = Calibrator.fromScores(at, cal);
					final SplitResult got = e.getValue().splits().get(s);
					final String what = settings.method().id() + " α=" + e.getKey() + " split " + s;
					if (c.inner() != null) assertEquals(what, c.inner().lambda(), got.inner().lambda(), 0);
					if (c.outer() != null) assertEquals(what, c.outer().lambda(), got.outer().lambda(), 0);
					for (final Measure m : Measure.values()) {
						double sum = 0;
						int count = 0;
						for (final Sample t : test) {
							final double v = ImageMetrics.of(at, SetCounts.of(c.apply(t), t.truth())).get(m);
							if (Double.isNaN(v)) continue;
							sum += v;
							count++;
						}
						assertEquals(what + " " + m, count == 0 ? Double.NaN : sum / count, got.mean(m), 1e-12);
					}
				}
			}
		}
	}
}
