package sc.fiji.conformal.batch;

import java.io.File;
import java.util.List;
import java.util.Locale;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Rounding;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.ImageFailure;

/** Short human-readable summaries of what a folder operation did, for logs and outputs. */
public final class Reports {

	private Reports() {}

	/**
	 * What a calibration gave, the images it skipped and where it was written.
	 *
	 * @param skipped the images skipped, or an empty list
	 * @param output the file written, or null
	 */
	public static String calibration(final Calibration c, final String name, final File output,
		final List<ImageFailure> skipped)
	{
		return calibration(c, name, output, skipped, SetWarnings.of(c));
	}

	/**
	 * What a calibration gave, the images it skipped, where it was written,
	 * and the warnings given ({@link SetWarnings}), each as "Warning: ...".
	 */
	public static String calibration(final Calibration c, final String name, final File output,
		final List<ImageFailure> skipped, final List<String> warnings)
	{
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Calibrated %s on %d image(s) as '%s'", c.method().id(), c
			.n(), name));
		side(sb, c, "inner", c.inner());
		side(sb, c, "outer", c.outer());
		sb.append(". ").append(c.guarantee());
		if (!c.infiniteScoreIds().isEmpty()) {
			sb.append(" ").append(c.infiniteScoreIds().size()).append(
				" image(s) meet the criterion at no level (score +Infinity; they count in the quantile): ")
				.append(c.infiniteScoreIds()).append('.');
		}
		if (!skipped.isEmpty()) sb.append(" Skipped ").append(skipped.size()).append(" image(s): ")
			.append(skipped).append('.');
		if (output != null) sb.append(" Written to ").append(output).append('.');
		warnings(sb, warnings);
		return sb.toString();
	}

	private static void warnings(final StringBuilder sb, final List<String> warnings) {
		for (final String w : warnings)
			sb.append(" Warning: ").append(w);
	}

	/**
	 * What a calibration per class and/or group gave: per group and class n
	 * and λ̂ (natural units), trivial cells with the n their group needs, the
	 * guarantee, the images skipped, warnings, and where it was written.
	 *
	 * @param output the file written, or null
	 */
	public static String classCalibration(final ClassCalibration c, final File output,
		final List<ImageFailure> skipped, final List<String> warnings)
	{
		final StringBuilder sb = new StringBuilder();
		final Method m = c.settings().method();
		sb.append(String.format(Locale.ROOT, "Calibrated %s on %d image(s)%s%s, joint rule %s:", m.id(),
			c.scores().size(), c.classes().binary() ? "" : " per class (" + c.classes() + ")", c
				.grouped() ? " per group" : "", c.jointRule().id()));
		for (final String g : c.groups()) {
			for (int k = 0; k < c.classes().size(); k++) {
				final Calibration cell = c.cell(g, k);
				sb.append("\n  ").append(g.isEmpty() ? "" : "group " + g + ", ").append(c.classes()
					.binary() ? "" : "class " + c.classes().name(k) + ", ").append("n=").append(cell.n());
				side(sb, cell, "inner", cell.inner());
				side(sb, cell, "outer", cell.outer());
			}
			if (c.trivial(g)) {
				sb.append("\n  ").append(g.isEmpty() ? "The calibration" : "Group " + g).append(
					" has too few images for this alpha and rule: its sets are trivial; it needs at least ")
					.append(c.nNeeded(g)).append('.');
			}
		}
		sb.append("\n").append(c.guarantee());
		for (final String w : warnings)
			sb.append("\nWarning: ").append(w);
		if (!skipped.isEmpty()) sb.append("\nSkipped ").append(skipped.size()).append(" image(s): ")
			.append(skipped).append('.');
		if (output != null) sb.append("\nWritten to ").append(output).append('.');
		return sb.toString();
	}

	/**
	 * What a validation gave (mean ± sd of each measure over splits), the
	 * images it skipped, where its table was written, and its warnings
	 * ({@link SetWarnings#of(ValidationResult)}).
	 *
	 * @param skipped the images skipped, or an empty list
	 * @param output the table written, or null
	 */
	public static String validation(final ValidationResult v, final List<ImageFailure> skipped,
		final File output)
	{
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Validated %s over %d split(s) of %d image(s):", v.settings()
			.method().id(), v.splits().size(), v.splits().get(0).nCalibration() + v.splits().get(0)
				.nTest()));
		for (final Measure m : Measure.values()) {
			final double mean = v.mean(m);
			if (!Double.isNaN(mean)) sb.append(' ').append(m.id()).append(' ').append(Rounding.of(mean))
				.append(" ± ").append(Rounding.of(v.sd(m))).append(';');
		}
		if (!skipped.isEmpty()) sb.append(" Skipped ").append(skipped.size()).append(" image(s): ")
			.append(skipped).append('.');
		if (output != null) sb.append(" Table written to ").append(output).append('.');
		warnings(sb, SetWarnings.of(v));
		return sb.toString();
	}

	private static void side(final StringBuilder sb, final Calibration c, final String name,
		final Threshold t)
	{
		if (t == null) return;
		sb.append(", ").append(name).append(" λ̂: ").append(c.method().describe(c.settings(), t == c
			.inner(), t.lambda()));
		if (t.k() != Threshold.NO_RANK) sb.append(" (k = ").append(t.k()).append(')');
	}
}
