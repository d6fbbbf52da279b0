package sc.fiji.conformal.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * Benchmark work on one synthetic volume, generated on the fly from its index
 * (the plugin's deterministic {@link SyntheticDataset}, standing in for
 * loading a file) and scored: the same task on a {@link SparkRunner} and on
 * a {@link sc.fiji.conformal.core.run.LocalRunner}. Keeps the time of each step.
 */
final class SyntheticScore implements ImageTask<Integer, SyntheticScore.Row> {

	private static final long serialVersionUID = 1L;

	/** One volume's score and the time its generation and its score took. */
	static final class Row implements Serializable {

		private static final long serialVersionUID = 1L;

		final ImageScore score;
		final long generateNanos;
		final long scoreNanos;

		Row(final ImageScore score, final long generateNanos, final long scoreNanos) {
			this.score = score;
			this.generateNanos = generateNanos;
			this.scoreNanos = scoreNanos;
		}
	}

	private final int count;
	private final long seed;
	private final long[] size;
	private final LinkedHashMap<String, Object> settings;
	private transient Settings parsed;
	private transient SyntheticDataset data;

	SyntheticScore(final int count, final long seed, final long[] size,
		final Map<String, Object> settings)
	{
		this.count = count;
		this.seed = seed;
		this.size = size.clone();
		this.settings = new LinkedHashMap<>(settings);
	}

	@Override
	public Row apply(final Integer index) {
		if (data == null) {
			parsed = Settings.fromParameters(settings);
			data = new SyntheticDataset(count, seed, size);
		}
		final long t0 = System.nanoTime();
		final Sample s = data.get(index);
		final long t1 = System.nanoTime();
		final ImageScore score = ImageScores.score(parsed, s);
		final long t2 = System.nanoTime();
		return new Row(score, t1 - t0, t2 - t1);
	}
}
