package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.OracleFixtures.Case;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link SetCounts.Sorted#at} (binary search in sorted level values) against
 * {@link SetCounts#of} on the sets {@link ConformalSets#apply} builds from a
 * calibration at the same λ's, and both against a direct voxel count, for
 * every method, on random λ's including ±∞, values present in the map (ties)
 * and their float neighbours.
 */
public class SetCountsTest {

	private static final long[] SEEDS = { 31, 32 };

	/** Settings covering every method and its level-map variants. */
	private static List<Settings> allSettings() {
		final List<Settings> l = new ArrayList<>();
		for (final StructuringElement shape : StructuringElement.values()) {
			l.add(Settings.builder(Method.DILATION).shape(shape).tolerance(0.1).build());
			for (final BorderRule border : BorderRule.values())
				l.add(Settings.builder(Method.EROSION).shape(shape).border(border).tolerance(0.05).build());
		}
		l.add(Settings.builder(Method.THRESHOLD_INNER).tolerance(0.1).build());
		l.add(Settings.builder(Method.THRESHOLD_INNER).threshold(0.3).build());
		l.add(Settings.builder(Method.THRESHOLD_OUTER).tolerance(0.1).build());
		for (final Transform fi : Transform.values())
			for (final Transform fo : Transform.values())
				l.add(Settings.builder(Method.CONFIDENCE_SETS).innerTransform(fi).outerTransform(fo).sigma(
					0.9).build());
		l.add(Settings.builder(Method.CONFIDENCE_SETS).joint(JointRule.MAX).build());
		l.add(Settings.builder(Method.CRC).build());
		return l;
	}

	@Test
	public void testSortedCountsEqualCountsOfAppliedSets() {
		for (final int[] size : OracleFixtures.SIZES) {
			for (final long seed : SEEDS) {
				final Random rnd = new Random(seed);
				for (final Case c : OracleFixtures.cases(seed, size, OracleFixtures.anisotropic(
					size.length), false))
				{
					for (final Settings settings : allSettings()) {
						final Method m = settings.method();
						final LevelMaps.ImageLevelMaps maps = LevelMaps.of(settings, c.sample());
						final Mask truth = c.truthMask();
						final SetCounts.Sorted sorted = new SetCounts.Sorted(m, maps, truth);
						final double[] li = maps.inner() == null ? new double[] { Double.NaN } : lambdas(maps
							.inner(), rnd);
						final double[] lo = maps.outer() == null ? new double[] { Double.NaN } : lambdas(maps
							.outer(), rnd);
						for (int j = 0; j < Math.max(li.length, lo.length); j++) {
							final double lambdaI = li[j % li.length];
							final double lambdaO = lo[j % lo.length];
							final String what = settings + " on " + c.name + " at λ_I=" + lambdaI + ", λ_O=" +
								lambdaO;
							// the sets straight from the maps at every λ; through a calibration at every 5th
							final boolean viaCalibration = j % 5 == 0 && m != Method.CRC && !(m == Method.CONFIDENCE_SETS &&
								settings.joint() == JointRule.MAX);
							final ConformalSets sets = viaCalibration ? ConformalSets.apply(OracleFixtures
								.calibrationAt(settings, lambdaI, lambdaO, rnd), c.unlabelled()) : new ConformalSets(maps
									.predicted(), maps.inner() == null ? null : m.innerSet(maps.inner(),
										lambdaI), maps.outer() == null ? null : maps.outer().atMost(lambdaO));
							final SetCounts expected = direct(c, settings, maps, lambdaI, lambdaO);
							assertEquals(what + ": SetCounts.of", expected, SetCounts.of(sets, truth));
							assertEquals(what + ": Sorted.at", expected, sorted.at(lambdaI, lambdaO));
						}
					}
				}
			}
		}
	}

	/**
	 * λ's for one level map: ±∞, 0, values present in the map (ties) and
	 * their float neighbours, and random values across the map's range.
	 */
	private static double[] lambdas(final ScalarImage level, final Random rnd) {
		final float[] v = level.values();
		final List<Double> l = new ArrayList<>();
		l.add(Double.NEGATIVE_INFINITY);
		l.add(Double.POSITIVE_INFINITY);
		l.add(0.0);
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (final float x : v) {
			if (Float.isInfinite(x)) continue;
			lo = Math.min(lo, x);
			hi = Math.max(hi, x);
		}
		for (int j = 0; j < 10; j++) {
			final float x = v[rnd.nextInt(v.length)];
			l.add((double) x);
			if (!Float.isInfinite(x)) {
				l.add((double) Math.nextDown(x));
				l.add((double) Math.nextUp(x));
			}
			if (lo <= hi) l.add(lo - 1 + (hi - lo + 2) * rnd.nextDouble());
		}
		Collections.shuffle(l, rnd);
		final double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++)
			a[i] = l.get(i);
		return a;
	}

	/**
	 * Counts by definition: O = {L_O ≤ λ_O}, I = {L_I ≥ λ_I} for
	 * threshold-inner and {L_I &gt; λ_I} otherwise, counted voxel by voxel.
	 */
	private static SetCounts direct(final Case c, final Settings settings,
		final LevelMaps.ImageLevelMaps maps, final double li, final double lo)
	{
		final boolean[] y = c.truth;
		final boolean[] p = maps.predicted().voxels();
		int o = SetCounts.ABSENT, oy = SetCounts.ABSENT, oa = SetCounts.ABSENT;
		if (maps.outer() != null) {
			o = oy = oa = 0;
			final float[] l = maps.outer().values();
			for (int i = 0; i < l.length; i++) {
				if (!(l[i] <= lo)) continue;
				o++;
				if (y[i]) oy++;
				if (!p[i]) oa++;
			}
		}
		int in = SetCounts.ABSENT, iy = SetCounts.ABSENT, ifp = SetCounts.ABSENT,
				iout = SetCounts.ABSENT;
		if (maps.inner() != null) {
			in = iy = ifp = iout = 0;
			final float[] l = maps.inner().values();
			final boolean inclusive = settings.method() == Method.THRESHOLD_INNER;
			for (int i = 0; i < l.length; i++) {
				if (!(inclusive ? l[i] >= li : l[i] > li)) continue;
				in++;
				if (y[i]) iy++;
				else {
					iout++;
					if (p[i]) ifp++;
				}
			}
		}
		return new SetCounts(OracleFixtures.count(y), OracleFixtures.count(p), o, oy, oa, in, iy, ifp,
			iout);
	}
}
