package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random-split validation: the labelled images are split at random
 * into a calibration part and a test part, many times; each split is
 * calibrated and its sets measured on its test images. Over random splits the
 * calibration and test images are exchangeable by construction, so the mean
 * validity over splits estimates the guaranteed probability.
 * <p>
 * Streaming in two passes over the images: the first scores every image once,
 * the second builds each image's level maps once and measures it for every
 * split it is a test image of (each threshold costs O(log |V|)). Memory holds
 * the scores and the per-split sums, never more than one image.
 */
public final class Validation {

	private Validation() {}

	/**
	 * Runs {@code splits} random splits.
	 *
	 * @param samples labelled images; iterated twice, in the same order
	 * @param calibrationFraction share of images used for calibration in each
	 *          split (the rest are test images); at least one of each
	 * @param seed seed of the splits: the same seed gives the same splits
	 * @throws IllegalArgumentException on fewer than 2 images, splits &lt; 1, a
	 *           fraction outside (0, 1), or a second pass that yields other
	 *           images than the first
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final Iterable<Sample> samples, final int splits, final double calibrationFraction,
		final long seed)
	{
		if (splits < 1) throw new IllegalArgumentException("splits must be >= 1, got " + splits);
		if (!(calibrationFraction > 0 && calibrationFraction < 1)) {
			throw new IllegalArgumentException("calibration fraction must be in (0, 1), got " +
				calibrationFraction);
		}
		final List<ImageScore> scores = new ArrayList<>();
		for (final Sample s : samples)
			scores.add(ImageScores.score(settings, s));
		return randomSplits(settings, scores, samples, splits, calibrationFraction, seed);
	}

	/**
	 * Runs {@code splits} random splits with the images' scores already known
	 * (one pass over the images instead of two).
	 *
	 * @param scores the score of every image, in the order {@code samples}
	 *          yields them
	 * @throws IllegalArgumentException as above, or if the images do not match
	 *           the scores
	 */
	public static ValidationResult randomSplits(final Settings settings,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed)
	{
		return sweep(settings, new double[] { settings.alpha() }, scores, samples, splits,
			calibrationFraction, seed).get(settings.alpha());
	}

	/**
	 * {@link #randomSplits(Settings, List, Iterable, int, double, long)} at
	 * several α with one pass over the images: the scores, the splits and each
	 * test image's level maps do not depend on α, only λ̂ does. The settings
	 * at α are {@code settings.withAlpha(α)} ({@code settings} itself at its
	 * own α).
	 *
	 * @return the result at each α, in the order given (a repeated α once)
	 * @throws IllegalArgumentException as
	 *           {@link #randomSplits(Settings, List, Iterable, int, double, long)},
	 *           or if no α is given
	 */
	public static Map<Double, ValidationResult> sweep(final Settings settings, final double[] alphas,
		final List<ImageScore> scores, final Iterable<Sample> samples, final int splits,
		final double calibrationFraction, final long seed)
	{
		if (splits < 1) throw new IllegalArgumentException("splits must be >= 1, got " + splits);
		if (!(calibrationFraction > 0 && calibrationFraction < 1)) {
			throw new IllegalArgumentException("calibration fraction must be in (0, 1), got " +
				calibrationFraction);
		}
		if (alphas.length == 0) throw new IllegalArgumentException("no α to validate");
		final int n = scores.size();
		if (n < 2) {
			throw new IllegalArgumentException("validation needs at least 2 labelled images, got " + n);
		}
		final Map<Double, Settings> at = new LinkedHashMap<>();
		for (final double a : alphas)
			at.put(a, a == settings.alpha() ? settings : settings.withAlpha(a));
		final List<Settings> each = new ArrayList<>(at.values());
		final int k = each.size();
		final boolean[][] isTest = testMembership(n, splits, calibrationFraction, seed);
		int nCal = 0;
		for (final boolean t : isTest[0])
			if (!t) nCal++;
		final Calibration[][] cal = new Calibration[k][splits];
		final Accumulator[][] acc = new Accumulator[k][splits];
		for (int s = 0; s < splits; s++) {
			final List<ImageScore> calScores = new ArrayList<>(nCal);
			for (int i = 0; i < n; i++)
				if (!isTest[s][i]) calScores.add(scores.get(i));
			for (int j = 0; j < k; j++) {
				cal[j][s] = Calibrator.fromScores(each.get(j), calScores);
				acc[j][s] = new Accumulator();
			}
		}
		final Iterator<Sample> it = samples.iterator();
		for (int i = 0; i < n; i++) {
			if (!it.hasNext()) {
				throw new IllegalArgumentException("the images changed between passes: the second pass ended after " +
					i + " of " + n);
			}
			final Sample sample = it.next();
			if (!sample.id().equals(scores.get(i).id())) {
				throw new IllegalArgumentException("the images changed between passes: expected '" + scores
					.get(i).id() + "', got '" + sample.id() + "'");
			}
			final SetCounts.Sorted sorted = new SetCounts.Sorted(settings.method(), LevelMaps.of(settings,
				sample), sample.requireTruth());
			for (int s = 0; s < splits; s++) {
				if (!isTest[s][i]) continue;
				for (int j = 0; j < k; j++) {
					final Calibration c = cal[j][s];
					final double li = c.inner() == null ? Double.NaN : c.inner().lambda();
					final double lo = c.outer() == null ? Double.NaN : c.outer().lambda();
					acc[j][s].add(ImageMetrics.of(each.get(j), sorted.at(li, lo)));
				}
			}
		}
		final Map<Double, ValidationResult> out = new LinkedHashMap<>();
		int j = 0;
		for (final Map.Entry<Double, Settings> e : at.entrySet()) {
			final List<SplitResult> results = new ArrayList<>(splits);
			for (int s = 0; s < splits; s++)
				results.add(new SplitResult(s, nCal, n - nCal, cal[j][s].inner(), cal[j][s].outer(),
					acc[j][s].means()));
			out.put(e.getKey(), new ValidationResult(e.getValue(), results));
			j++;
		}
		return out;
	}

	/**
	 * Which images are test images in each split: split s draws a uniformly
	 * random permutation (Fisher–Yates with {@code new Random(seed)}, splits in
	 * order) and takes its first round(fraction · n) images, at least one and
	 * at most n − 1, for calibration. The same arguments give the same splits.
	 *
	 * @return {@code isTest[split][image]}
	 */
	public static boolean[][] testMembership(final int n, final int splits, final double fraction,
		final long seed)
	{
		final int nCal = Math.max(1, Math.min(n - 1, (int) Math.round(fraction * n)));
		final Random random = new Random(seed);
		final boolean[][] isTest = new boolean[splits][n];
		final int[] perm = new int[n];
		for (int s = 0; s < splits; s++) {
			for (int i = 0; i < n; i++)
				perm[i] = i;
			for (int i = n - 1; i > 0; i--) {
				final int j = random.nextInt(i + 1);
				final int t = perm[i];
				perm[i] = perm[j];
				perm[j] = t;
			}
			for (int i = nCal; i < n; i++)
				isTest[s][perm[i]] = true;
		}
		return isTest;
	}

	/** Sums of each measure over the images where it is defined. */
	static final class Accumulator {

		private final double[] sum = new double[Measure.values().length];
		private final int[] count = new int[Measure.values().length];

		void add(final ImageMetrics m) {
			for (final Measure x : Measure.values()) {
				final double v = m.get(x);
				if (Double.isNaN(v)) continue;
				sum[x.ordinal()] += v;
				count[x.ordinal()]++;
			}
		}

		double[] means() {
			final double[] mean = new double[sum.length];
			for (int i = 0; i < sum.length; i++)
				mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
			return mean;
		}
	}
}
