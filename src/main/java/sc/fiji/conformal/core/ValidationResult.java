package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The splits of a validation with their summaries over splits. Immutable. */
public final class ValidationResult {

	private final Settings settings;
	private final List<SplitResult> splits;

	ValidationResult(final Settings settings, final List<SplitResult> splits) {
		this.settings = settings;
		this.splits = Collections.unmodifiableList(new ArrayList<>(splits));
	}

	/** The settings validated. */
	public Settings settings() {
		return settings;
	}

	/** The splits, in order. */
	public List<SplitResult> splits() {
		return splits;
	}

	/** Mean over splits of a measure's per-split mean (NaN splits skipped). */
	public double mean(final Measure m) {
		double s = 0;
		int c = 0;
		for (final SplitResult r : splits) {
			final double v = r.mean(m);
			if (Double.isNaN(v)) continue;
			s += v;
			c++;
		}
		return c == 0 ? Double.NaN : s / c;
	}

	/** Sample standard deviation over splits of a measure's per-split mean. */
	public double sd(final Measure m) {
		final double mu = mean(m);
		double s = 0;
		int c = 0;
		for (final SplitResult r : splits) {
			final double v = r.mean(m);
			if (Double.isNaN(v)) continue;
			s += (v - mu) * (v - mu);
			c++;
		}
		return c < 2 ? Double.NaN : Math.sqrt(s / (c - 1));
	}

	/** Mean over splits of λ̂ in level-map units (inner side if {@code inner}). */
	public double meanLambda(final boolean inner) {
		double s = 0;
		int c = 0;
		for (final SplitResult r : splits) {
			final Threshold t = inner ? r.inner() : r.outer();
			if (t == null) continue;
			s += t.lambda();
			c++;
		}
		return c == 0 ? Double.NaN : s / c;
	}
}
