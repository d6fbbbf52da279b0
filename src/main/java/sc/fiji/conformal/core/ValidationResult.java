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

	/**
	 * A summary for people: the splits and images, the guarantee's empirical
	 * coverage per side against its target (for crc the mean FNR against α),
	 * mean λ̂ per side in natural units, 4 significant digits.
	 */
	@Override
	public String toString() {
		final Method m = settings.method();
		final SplitResult first = splits.get(0);
		final StringBuilder sb = new StringBuilder(m.id() + " validation, " + splits.size() +
			" split(s) of n = " + (first.nCalibration() + first.nTest()) + " (" + first.nCalibration() +
			" calibration, " + first.nTest() + " test):");
		if (m == Method.CRC) {
			sb.append(" mean FNR ").append(Rounding.of(mean(Measure.FNR))).append(" (target ≤ ").append(
				Rounding.of(settings.alpha())).append(')');
		}
		else {
			sb.append(" coverage ").append(Rounding.of(mean(Measure.VALIDITY))).append(" (target ≥ ")
				.append(Rounding.of(1 - settings.alpha())).append(')');
			if (m.hasInner() && m.hasOuter()) {
				sb.append(", inner ").append(Rounding.of(mean(Measure.INNER_VALIDITY))).append(
					" (target ≥ ").append(Rounding.of(1 - settings.alphaInner())).append("), outer ").append(
						Rounding.of(mean(Measure.OUTER_VALIDITY))).append(" (target ≥ ").append(Rounding.of(1 -
							settings.alphaOuter())).append(')');
			}
		}
		if (m.hasInner()) sb.append("; mean inner λ̂: ").append(m.describe(settings, true, meanLambda(
			true)));
		if (m.hasOuter()) sb.append("; mean outer λ̂: ").append(m.describe(settings, false, meanLambda(
			false)));
		return sb.toString();
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
