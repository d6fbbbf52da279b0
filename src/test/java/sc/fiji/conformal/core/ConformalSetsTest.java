package sc.fiji.conformal.core;

import static org.junit.Assert.assertArrayEquals;

import org.junit.Test;

import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * Sets from level maps computed once equal sets computed from the image, for
 * every method and for λ̂ re-derived at other α (what a live α slider does).
 */
public class ConformalSetsTest {

	@Test
	public void precomputedMapsGiveTheSameSetsAtEveryAlpha() {
		final SyntheticDataset data = new SyntheticDataset(30, 4, 24, 20);
		final Sample fresh = new SyntheticDataset(1, 99, 24, 20).get(0);
		final Settings[] all = { Settings.builder(Method.DILATION).build(), Settings.builder(
			Method.EROSION).tolerance(0.05).build(), Settings.builder(Method.THRESHOLD_INNER).tolerance(
				0.05).build(), Settings.builder(Method.THRESHOLD_OUTER).tolerance(0.1).build(), Settings
					.builder(Method.CONFIDENCE_SETS).alphaInner(0.05).alphaOuter(0.15).build(), Settings
						.builder(Method.CRC).build() };
		for (final Settings s : all) {
			final Calibration c = Calibrator.calibrate(s, data);
			final LevelMaps.ImageLevelMaps maps = LevelMaps.of(s, fresh);
			for (final double alpha : new double[] { 0.05, 0.1, 0.2, 0.35 }) {
				final Calibration at = c.withAlpha(alpha);
				final ConformalSets direct = at.apply(fresh);
				final ConformalSets cached = ConformalSets.apply(at, maps);
				final String what = s.method().id() + " α=" + alpha;
				if (direct.inner() != null) assertArrayEquals(what, direct.inner().voxels(), cached.inner()
					.voxels());
				if (direct.outer() != null) assertArrayEquals(what, direct.outer().voxels(), cached.outer()
					.voxels());
			}
		}
	}
}
