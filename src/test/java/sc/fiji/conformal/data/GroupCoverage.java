package sc.fiji.conformal.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.report.CoverageBand;

/**
 * A measure's mean within groups of images (say, the data source of each
 * polyp image), over seeded random half/half splits of the whole set, each
 * split calibrated on its pooled calibration half (today's marginal
 * calibration): for each group and split, the mean of the measure over that
 * split's test images of the group; then its mean and sd over splits.
 * <p>
 * The marginal guarantee holds for the pooled test images, not within a
 * group; a group's coverage is compared with the band it would have to reach
 * if the guarantee held inside the group ({@link CoverageBand} for the pooled
 * calibration size and the group's mean number of test images per split).
 * The splits are {@link Validation#testMembership} with the given seed, so
 * the pooled row equals {@link Validation#randomSplits} on the same images.
 */
final class GroupCoverage {

	/** One group's measure over splits. */
	static final class Row {

		final String group;
		final int images;
		final double testPerSplit;
		final double mean;
		final double sd;
		final CoverageBand band;

		Row(final String group, final int images, final double testPerSplit, final double mean,
			final double sd, final CoverageBand band)
		{
			this.group = group;
			this.images = images;
			this.testPerSplit = testPerSplit;
			this.mean = mean;
			this.sd = sd;
			this.band = band;
		}

		/** "under" below the band's lower end, "over" above its upper end, else "in band". */
		String verdict() {
			return mean < band.lower() ? "under" : mean > band.upper() ? "over" : "in band";
		}
	}

	/** The name of the pooled row. */
	static final String ALL = "all (pooled)";

	private GroupCoverage() {}

	/** The data source of a polyp id: its first path element ("Kvasir/cju0…" → "Kvasir"). */
	static String source(final String id) {
		final int slash = id.indexOf('/');
		return slash < 0 ? id : id.substring(0, slash);
	}

	/**
	 * Each group's mean of {@code measure} over {@code splits} random half/half
	 * splits, calibrated at {@code settings.alpha()} on the pooled calibration
	 * half; the pooled row last. Groups in order of first appearance.
	 *
	 * @param alpha the miscoverage of the measure's event (for the band)
	 */
	static List<Row> of(final Settings settings, final List<Sample> samples,
		final Function<String, String> group, final Measure measure, final double alpha,
		final int splits, final long seed)
	{
		final List<ImageScore> scores = new ArrayList<>(samples.size());
		for (final Sample x : samples)
			scores.add(ImageScores.score(settings, x));
		final Validation.Plan plan = Validation.plan(settings, new double[] { settings.alpha() },
			scores, splits, 0.5, seed);
		final Map<String, double[][]> sums = new LinkedHashMap<>(); // [split] → {sum, count}
		final Map<String, Integer> images = new LinkedHashMap<>();
		for (int i = 0; i < samples.size(); i++) {
			final Sample x = samples.get(i);
			final Validation.TestMeasures m = plan.measure(i, x);
			final int[] testOf = m.splits();
			for (final String g : new String[] { group.apply(x.id()), ALL }) {
				images.merge(g, 1, Integer::sum);
				final double[][] s = sums.computeIfAbsent(g, k -> new double[splits][2]);
				for (int t = 0; t < testOf.length; t++) {
					final double v = m.get(t, 0, measure);
					if (Double.isNaN(v)) continue;
					s[testOf[t]][0] += v;
					s[testOf[t]][1]++;
				}
			}
		}
		final int nCal = samples.size() - countTest(plan, 0);
		final List<Row> rows = new ArrayList<>();
		for (final String g : sums.keySet()) {
			if (g.equals(ALL)) continue;
			rows.add(row(g, images.get(g), sums.get(g), alpha, nCal));
		}
		rows.add(row(ALL, images.get(ALL), sums.get(ALL), alpha, nCal));
		return rows;
	}

	private static Row row(final String g, final int images, final double[][] perSplit,
		final double alpha, final int nCal)
	{
		double sum = 0, tests = 0;
		int c = 0;
		for (final double[] s : perSplit) {
			tests += s[1];
			if (s[1] == 0) continue;
			sum += s[0] / s[1];
			c++;
		}
		final double mean = sum / c;
		double ss = 0;
		for (final double[] s : perSplit)
			if (s[1] > 0) ss += (s[0] / s[1] - mean) * (s[0] / s[1] - mean);
		final double testPerSplit = tests / perSplit.length;
		final CoverageBand band = CoverageBand.of(alpha, nCal, Math.max(1, (int) Math.round(
			testPerSplit)), perSplit.length);
		return new Row(g, images, testPerSplit, mean, c < 2 ? Double.NaN : Math.sqrt(ss / (c - 1)),
			band);
	}

	private static int countTest(final Validation.Plan plan, final int split) {
		int t = 0;
		for (int i = 0; i < plan.size(); i++)
			if (plan.isTest(split, i)) t++;
		return t;
	}
}
