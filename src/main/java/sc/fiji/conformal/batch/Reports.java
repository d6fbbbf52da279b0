package sc.fiji.conformal.batch;

import java.io.File;
import java.util.Locale;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.io.Dataset;

/** Short human-readable summaries of what a folder operation did, for logs and outputs. */
public final class Reports {

	private Reports() {}

	public static String calibration(final Calibration c, final String name, final File output,
		final Dataset data)
	{
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Calibrated %s on %d image(s) as '%s'", c.method().id(), c
			.n(), name));
		side(sb, c.method(), "inner", c.inner());
		side(sb, c.method(), "outer", c.outer());
		sb.append(". ").append(c.guarantee());
		if (c.trivial()) {
			sb.append(" Too few calibration images for this alpha: the sets are trivial; at least ").append(c
				.nNeeded()).append(" are needed.");
		}
		if (!c.infiniteScoreIds().isEmpty()) {
			sb.append(" ").append(c.infiniteScoreIds().size()).append(
				" image(s) meet the criterion at no level (score +Infinity; they count in the quantile): ")
				.append(c.infiniteScoreIds()).append('.');
		}
		if (!data.failures().isEmpty()) sb.append(" Skipped ").append(data.failures().size()).append(
			" image(s): ").append(data.failures()).append('.');
		if (output != null) sb.append(" Written to ").append(output).append('.');
		return sb.toString();
	}

	public static String validation(final ValidationResult v, final Dataset data, final File output) {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Validated %s over %d split(s) of %d image(s):", v.settings()
			.method().id(), v.splits().size(), v.splits().get(0).nCalibration() + v.splits().get(0)
				.nTest()));
		for (final Measure m : Measure.values()) {
			final double mean = v.mean(m);
			if (!Double.isNaN(mean)) sb.append(String.format(Locale.ROOT, " %s %.4f ± %.4f;", m.id(), mean,
				v.sd(m)));
		}
		if (!data.failures().isEmpty()) sb.append(" Skipped ").append(data.failures().size()).append(
			" image(s): ").append(data.failures()).append('.');
		if (output != null) sb.append(" Table written to ").append(output).append('.');
		return sb.toString();
	}

	private static void side(final StringBuilder sb, final Method m, final String name,
		final Threshold t)
	{
		if (t == null) return;
		sb.append(String.format(Locale.ROOT, ", %s λ̂ = %s", name, format(m.toNatural(t.lambda()))));
		if (t.k() != Threshold.NO_RANK) sb.append(" (k = ").append(t.k()).append(')');
	}

	public static String format(final double v) {
		if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
		return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(
			Locale.ROOT, "%.6g", v);
	}
}
