package sc.fiji.conformal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.Test;

import sc.fiji.conformal.core.OracleFixtures.NamedMask;
import sc.fiji.conformal.core.distance.IteratedMorphology;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Oracle test of the level-map sets: for random masks in 2-D and 3-D, the
 * outer set of dilation and the inner set of erosion, both straight from the
 * level map and through a {@link Calibration} applied with
 * {@link ConformalSets#apply}, equal Ŷ dilated or eroded λ times by
 * {@link IteratedMorphology} (cross and square, both border rules), and the
 * Euclidean sets equal the sets of brute-force physical distances.
 */
public class LevelSetOracleTest {

	/** Largest number of steps compared. */
	private static final int K = 10;

	private static final long[] SEEDS = { 11, 12, 13 };

	@Test
	public void testDilationOuterSetsAreIteratedDilations() {
		for (final StructuringElement shape : new StructuringElement[] { StructuringElement.CROSS,
			StructuringElement.SQUARE })
		{
			final boolean square = shape == StructuringElement.SQUARE;
			final Settings settings = Settings.builder(Method.DILATION).shape(shape).build();
			for (final int[] size : OracleFixtures.SIZES) {
				for (final long seed : SEEDS) {
					final Random rnd = new Random(seed);
					for (final NamedMask m : OracleFixtures.masks(seed, size)) {
						final Grid grid = OracleFixtures.grid(size, OracleFixtures.anisotropic(size.length));
						final Mask pred = new Mask(grid, m.voxels.clone());
						final ScalarImage level = LevelMaps.dilation(pred, shape);
						final Sample sample = Sample.of("x", null, pred, null);
						boolean[] expected = m.voxels.clone();
						for (int lambda = 0; lambda <= K; lambda++) {
							final String what = "dilation " + shape + " of " + m.name + " at λ=" + lambda;
							same(what + " (level map)", expected, level.atMost(lambda).voxels(), size);
							same(what + " (level map, λ+0.5)", expected, level.atMost(lambda + 0.5).voxels(),
								size);
							final ConformalSets sets = ConformalSets.apply(OracleFixtures.calibrationAt(settings,
								Double.NaN, lambda, rnd), sample);
							same(what + " (calibration)", expected, sets.outer().voxels(), size);
							same(what + " (prediction)", m.voxels, sets.predicted().voxels(), size);
							assertNull(what + ": dilation has no inner set", sets.inner());
							expected = IteratedMorphology.dilate(expected, size, square);
						}
					}
				}
			}
		}
	}

	@Test
	public void testErosionInnerSetsAreIteratedErosions() {
		for (final StructuringElement shape : new StructuringElement[] { StructuringElement.CROSS,
			StructuringElement.SQUARE })
		{
			for (final BorderRule border : BorderRule.values()) {
				final boolean square = shape == StructuringElement.SQUARE;
				final boolean background = border == BorderRule.BACKGROUND;
				final Settings settings = Settings.builder(Method.EROSION).shape(shape).border(border)
					.build();
				for (final int[] size : OracleFixtures.SIZES) {
					for (final long seed : SEEDS) {
						final Random rnd = new Random(seed);
						for (final NamedMask m : OracleFixtures.masks(seed, size)) {
							final Grid grid = OracleFixtures.grid(size, OracleFixtures.unit(size.length));
							final Mask pred = new Mask(grid, m.voxels.clone());
							final ScalarImage level = LevelMaps.erosion(pred, shape, border);
							final Sample sample = Sample.of("x", null, pred, null);
							boolean[] expected = m.voxels.clone();
							for (int lambda = 0; lambda <= K; lambda++) {
								final String what = "erosion " + shape + " " + border + " of " + m.name + " at λ=" +
									lambda;
								same(what + " (level map)", expected, level.above(lambda).voxels(), size);
								same(what + " (level map, λ+0.5)", expected, level.above(lambda + 0.5).voxels(),
									size);
								final ConformalSets sets = ConformalSets.apply(OracleFixtures.calibrationAt(
									settings, lambda, Double.NaN, rnd), sample);
								same(what + " (calibration)", expected, sets.inner().voxels(), size);
								assertNull(what + ": erosion has no outer set", sets.outer());
								expected = IteratedMorphology.erode(expected, size, square, background);
							}
						}
					}
				}
			}
		}
	}

	/**
	 * The same families when Ŷ comes from thresholding a score map at t₀
	 * rather than from a given mask.
	 */
	@Test
	public void testSetsOfThresholdedPredictionsAreIteratedMorphology() {
		for (final int[] size : OracleFixtures.SIZES) {
			for (final long seed : SEEDS) {
				final Random rnd = new Random(seed);
				for (final OracleFixtures.Case c : OracleFixtures.cases(seed, size, OracleFixtures.unit(
					size.length), false))
				{
					for (final double t0 : new double[] { 0.5, 0.3 }) {
						final boolean[] pred = c.predicted(t0);
						final Settings dil = Settings.builder(Method.DILATION).shape(StructuringElement.SQUARE)
							.threshold(t0).build();
						final Settings ero = Settings.builder(Method.EROSION).shape(StructuringElement.CROSS)
							.threshold(t0).border(BorderRule.IGNORE).build();
						boolean[] d = pred.clone();
						boolean[] e = pred.clone();
						for (int lambda = 0; lambda <= 4; lambda++) {
							final String what = c.name + ", t0=" + t0 + ", λ=" + lambda;
							same("dilation square " + what, d, ConformalSets.apply(OracleFixtures.calibrationAt(
								dil, Double.NaN, lambda, rnd), c.unlabelled()).outer().voxels(), size);
							same("erosion cross ignore " + what, e, ConformalSets.apply(OracleFixtures
								.calibrationAt(ero, lambda, Double.NaN, rnd), c.unlabelled()).inner().voxels(),
								size);
							d = IteratedMorphology.dilate(d, size, true);
							e = IteratedMorphology.erode(e, size, false, false);
						}
					}
				}
			}
		}
	}

	/** λ̂ = +∞ (too few calibration images): outer = whole image, inner = empty. */
	@Test
	public void testTrivialCalibrationGivesWholeImageAndEmptyInner() {
		final int[] size = OracleFixtures.SIZES[0];
		for (final NamedMask m : OracleFixtures.masks(5, size)) {
			final Grid grid = OracleFixtures.grid(size, OracleFixtures.unit(2));
			final Sample sample = Sample.of("x", null, new Mask(grid, m.voxels.clone()), null);
			final List<ImageScore> five = new ArrayList<>();
			for (int i = 0; i < 5; i++)
				five.add(new ImageScore("c" + i, i, i, null));
			final Calibration dil = Calibrator.fromScores(Settings.builder(Method.DILATION).build(), five);
			final Calibration ero = Calibrator.fromScores(Settings.builder(Method.EROSION).build(), five);
			assertTrue("n=5, α=0.1 must be trivial", dil.trivial() && ero.trivial());
			assertEquals(m.name + ": trivial outer set must be the whole image", grid.count(), dil.apply(
				sample).outer().count());
			assertEquals(m.name + ": trivial inner set must be empty", 0, ero.apply(sample).inner()
				.count());
		}
	}

	@Test
	public void testEuclideanOuterSetsAreBruteForceBalls() {
		final Settings settings = Settings.builder(Method.DILATION).shape(StructuringElement.EUCLIDEAN)
			.build();
		for (final int[] size : OracleFixtures.SIZES) {
			for (final double[] spacing : new double[][] { OracleFixtures.unit(size.length),
				OracleFixtures.anisotropic(size.length) })
			{
				for (final long seed : SEEDS) {
					final Random rnd = new Random(seed);
					for (final NamedMask m : OracleFixtures.masks(seed, size)) {
						final Grid grid = OracleFixtures.grid(size, spacing);
						final Mask pred = new Mask(grid, m.voxels.clone());
						final double[] dist = IteratedMorphology.euclideanDistance(m.voxels, size, spacing,
							false);
						final ScalarImage level = LevelMaps.dilation(pred, StructuringElement.EUCLIDEAN);
						final Sample sample = Sample.of("x", null, pred, null);
						final List<Double> radii = radii(dist, spacing, rnd);
						for (int j = 0; j < radii.size(); j++) {
							final double r = radii.get(j);
							final boolean[] expected = new boolean[dist.length];
							for (int i = 0; i < dist.length; i++)
								expected[i] = dist[i] <= r;
							final String what = "euclidean dilation of " + m.name + " spacing " + java.util.Arrays
								.toString(spacing) + " at r=" + r;
							same(what + " (level map)", expected, level.atMost(r).voxels(), size);
							// through a calibration for every third radius (each recomputes the map)
							if (j % 3 == 0) same(what + " (calibration)", expected, ConformalSets.apply(
								OracleFixtures.calibrationAt(settings, Double.NaN, r, rnd), sample).outer().voxels(),
								size);
						}
					}
				}
			}
		}
	}

	@Test
	public void testEuclideanInnerSetsAreBruteForceErodedBalls() {
		for (final BorderRule border : BorderRule.values()) {
			final Settings settings = Settings.builder(Method.EROSION).shape(StructuringElement.EUCLIDEAN)
				.border(border).build();
			for (final int[] size : OracleFixtures.SIZES) {
				final double[] spacing = OracleFixtures.anisotropic(size.length);
				for (final long seed : SEEDS) {
					final Random rnd = new Random(seed);
					for (final NamedMask m : OracleFixtures.masks(seed, size)) {
						final Grid grid = OracleFixtures.grid(size, spacing);
						final Mask pred = new Mask(grid, m.voxels.clone());
						final double[] dist = IteratedMorphology.euclideanDistance(OracleFixtures.not(m.voxels),
							size, spacing, border == BorderRule.BACKGROUND);
						final Sample sample = Sample.of("x", null, pred, null);
						final ScalarImage level = LevelMaps.erosion(pred, StructuringElement.EUCLIDEAN, border);
						final List<Double> radii = radii(dist, spacing, rnd);
						for (int j = 0; j < radii.size(); j++) {
							final double r = radii.get(j);
							final boolean[] expected = new boolean[dist.length];
							for (int i = 0; i < dist.length; i++)
								expected[i] = dist[i] > r;
							final String what = "euclidean erosion " + border + " of " + m.name + " at r=" + r;
							same(what + " (level map)", expected, level.above(r).voxels(), size);
							if (j % 3 == 0) same(what + " (calibration)", expected, ConformalSets.apply(
								OracleFixtures.calibrationAt(settings, r, Double.NaN, rnd), sample).inner().voxels(),
								size);
						}
					}
				}
			}
		}
	}

	/**
	 * With equal spacing along two axes, the Euclidean level map must be
	 * symmetric under swapping them: voxels at the same physical distance get
	 * the same level, so the calibrated ball is a ball. Fails today:
	 * {@code DistanceTransform.firstPass} squares the first-axis distance in
	 * float ({@code (k * (float) spacing)^2}) while the later passes use
	 * {@code (double) spacing^2} rounded once, so on spacing {0.73, 0.73, 2.0}
	 * the x-neighbour of a single voxel gets 0.7300000190734863 and the
	 * y-neighbour 0.7299999594688416; at λ̂ = 0.7299999594688416 the outer set
	 * takes the y-neighbours and not the x-neighbours.
	 */
	@Test
	public void testEuclideanLevelMapIsSymmetricUnderAxisSwap() {
		for (final int[] size : new int[][] { { 13, 13 }, { 9, 9, 6 } }) {
			final double[] spacing = size.length == 2 ? new double[] { 0.73, 0.73 } : new double[] {
				0.73, 0.73, 2.0 };
			for (final NamedMask m : OracleFixtures.masks(14, size)) {
				final boolean[] swapped = new boolean[m.voxels.length];
				final int[] x = new int[size.length];
				for (int i = 0; i < swapped.length; i++) {
					OracleFixtures.coordinates(i, size, x);
					final int t = x[0];
					x[0] = x[1];
					x[1] = t;
					swapped[IteratedMorphology.index(x, size)] = m.voxels[i];
				}
				final Grid grid = OracleFixtures.grid(size, spacing);
				for (final boolean erosion : new boolean[] { false, true }) {
					final ScalarImage a = erosion ? LevelMaps.erosion(new Mask(grid, m.voxels.clone()),
						StructuringElement.EUCLIDEAN, BorderRule.BACKGROUND) : LevelMaps.dilation(new Mask(grid,
							m.voxels.clone()), StructuringElement.EUCLIDEAN);
					final ScalarImage b = erosion ? LevelMaps.erosion(new Mask(grid, swapped),
						StructuringElement.EUCLIDEAN, BorderRule.BACKGROUND) : LevelMaps.dilation(new Mask(grid,
							swapped), StructuringElement.EUCLIDEAN);
					for (int i = 0; i < swapped.length; i++) {
						OracleFixtures.coordinates(i, size, x);
						final int t = x[0];
						x[0] = x[1];
						x[1] = t;
						final int j = IteratedMorphology.index(x, size);
						if (Float.compare(a.get(i), b.get(j)) != 0) {
							OracleFixtures.coordinates(i, size, x);
							throw new AssertionError((erosion ? "erosion" : "dilation") + " level of " + m.name +
								" spacing " + java.util.Arrays.toString(spacing) + " at " + java.util.Arrays.toString(
									x) + " is " + (double) a.get(i) + " but " + (double) b.get(j) +
								" at the swapped voxel of the swapped mask");
						}
					}
				}
			}
		}
	}

	/**
	 * Radii away from ties: 0, midpoints between consecutive distinct finite
	 * distances (skipping gaps too small to separate in float), one beyond the
	 * largest, +∞, and, on an integer-valued unit grid, the exact integers.
	 */
	private static List<Double> radii(final double[] dist, final double[] spacing,
		final Random rnd)
	{
		final TreeSet<Double> distinct = new TreeSet<>();
		for (final double d : dist)
			if (!Double.isInfinite(d)) distinct.add(d);
		final List<Double> r = new ArrayList<>();
		r.add(0.0);
		Double prev = null;
		for (final double d : distinct) {
			if (prev != null && d - prev > 1e-4 * d) r.add((prev + d) / 2);
			prev = d;
		}
		if (prev != null) r.add(prev + 1 + rnd.nextDouble());
		r.add(Double.POSITIVE_INFINITY);
		boolean unit = true;
		for (final double s : spacing)
			unit &= s == 1;
		if (unit) for (int k = 1; k <= 6; k++)
			r.add((double) k);
		return r;
	}

	private static void same(final String what, final boolean[] expected, final boolean[] actual,
		final int[] size)
	{
		final String diff = OracleFixtures.difference(expected, actual, size);
		if (diff != null) throw new AssertionError(what + ": " + diff);
	}
}
