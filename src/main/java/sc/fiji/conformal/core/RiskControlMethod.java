package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;

/**
 * Conformal risk control for the false-negative rate (Angelopoulos et al.,
 * ICLR 2024), the papers' baseline: the outer set {s ≥ t} with t̂ from
 * {@link ConformalRiskControl} on each image's whole FNR curve. Level map
 * L = −s (users see t = −λ). Guarantee in expectation, not in probability:
 * E[FNR] ≤ α (loss bounded by 1), so there is no per-image validity event.
 */
final class RiskControlMethod extends Method {

	RiskControlMethod() {
		super("crc", false, true);
	}

	@Override
	public List<String> parameterNames(final Settings settings) {
		return Collections.singletonList("threshold");
	}

	@Override
	public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
		return new LevelMaps.ImageLevelMaps(sample.predicted(settings.threshold()), null, LevelMaps
			.thresholdOuter(sample.requireScores(this)));
	}

	/** The image's whole FNR curve (no single score). */
	@Override
	public ImageScore score(final Settings settings, final String id,
		final LevelMaps.ImageLevelMaps maps, final Mask truth)
	{
		truth.grid().requireSameSize(maps.outer().grid(), "ground truth", "score map");
		return new ImageScore(id, Double.NaN, Double.NaN, FnrCurve.of(maps.outer().values(), truth
			.voxels()));
	}

	@Override
	public Sides calibrate(final Settings settings, final List<ImageScore> scores) {
		final List<FnrCurve> curves = new ArrayList<>(scores.size());
		for (final ImageScore s : scores) {
			if (s.curve() == null) {
				throw new IllegalArgumentException("score of image '" + s.id() +
					"' has no FNR curve, which crc needs");
			}
			curves.add(s.curve());
		}
		return new Sides(null, ConformalRiskControl.threshold(curves, settings.alpha()));
	}

	/** No per-image event: the guarantee is on the mean FNR. */
	@Override
	public void validity(final Settings settings, final SetCounts counts,
		final Map<Measure, Double> measures)
	{}

	@Override
	public Map<Measure, Double> validityLevels(final Settings settings) {
		return Collections.emptyMap();
	}

	@Override
	public Measure risk() {
		return Measure.FNR;
	}

	/** Each calibration image's FNR at t̂. */
	@Override
	public double[] calibrationLosses(final Calibration c) {
		final double[] f = new double[c.n()];
		for (int i = 0; i < f.length; i++)
			f[i] = c.scores().get(i).curve().fnr(c.outer().lambda());
		return f;
	}

	@Override
	public String guarantee(final Settings settings) {
		final double a = settings.alpha();
		return "On average over new images, the outer set misses at most " + percent(a) +
			" of the true object (E[FNR] ≤ " + a + ").";
	}

	/** Users see the cut-off t = −λ. */
	@Override
	public double toNatural(final double lambda) {
		return -lambda;
	}

	@Override
	public String unit(final Settings settings, final boolean inner) {
		return "score cut-off t";
	}

	/** {s ≥ t₀}, as a threshold-outer calibration. */
	@Override
	public Calibration baseline(final Settings settings) {
		return ThresholdOuterMethod.atPrediction(settings.threshold());
	}

	/**
	 * The FNR curve: {@code truthCount} = |Y|; {@code thresholds}, the distinct
	 * scores inside Y, strictly decreasing (32-bit values); {@code covered},
	 * the Y voxels at or above each, strictly increasing to |Y|.
	 */
	@Override
	public Map<String, Object> encodeScore(final ImageScore score) {
		final FnrCurve curve = score.curve();
		if (curve == null) {
			throw new IllegalArgumentException("score of image '" + score.id() +
				"' has no FNR curve, which crc needs");
		}
		final float[] levels = curve.levels();
		final float[] thresholds = new float[levels.length];
		for (int j = 0; j < levels.length; j++)
			thresholds[j] = -levels[j];
		final Map<String, Object> f = new LinkedHashMap<>();
		f.put("truthCount", curve.truthCount());
		f.put("thresholds", thresholds);
		f.put("covered", curve.covered());
		return f;
	}

	@Override
	public ImageScore decodeScore(final String id, final ScoreFields fields) {
		final int truthCount = fields.integer("truthCount");
		final double[] t = fields.numbers("thresholds");
		final int[] covered = fields.integers("covered");
		if (t.length != covered.length) {
			throw fields.invalid("covered", "must have one count per threshold (" + t.length + "), got " +
				covered.length);
		}
		final float[] levels = new float[t.length];
		for (int j = 0; j < levels.length; j++) {
			levels[j] = (float) -t[j];
			if (j > 0 && !(levels[j] > levels[j - 1])) {
				throw fields.invalid("thresholds[" + j + "]",
					"must be below the previous threshold (thresholds decrease strictly), got " + fields.text(
						"thresholds[" + j + "]") + " after " + fields.text("thresholds[" + (j - 1) + "]"));
			}
			if (covered[j] < 1 || j > 0 && covered[j] <= covered[j - 1]) {
				throw fields.invalid("covered[" + j + "]",
					"must be a count above the previous one (counts increase strictly from 1), got " +
						covered[j]);
			}
		}
		final int last = levels.length == 0 ? 0 : covered[levels.length - 1];
		if (last != truthCount) {
			throw fields.invalid("truthCount", "is " + truthCount + " but the last covered count is " +
				last + " (they must be equal)");
		}
		return new ImageScore(id, Double.NaN, Double.NaN, new FnrCurve(levels, covered, truthCount));
	}
}
