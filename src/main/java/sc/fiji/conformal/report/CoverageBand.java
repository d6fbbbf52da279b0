package sc.fiji.conformal.report;

import java.util.Locale;

import sc.fiji.conformal.core.ConformalQuantile;

/**
 * The binomial band an empirical coverage must lie in: the mean over S random
 * splits (n calibration, m test images each) of the share of test images whose
 * guarantee event holds.
 * <p>
 * Given the calibration half, the coverage of the paper quantile is
 * Beta(k, n+1−k) distributed (k = ⌈(n+1)(1−α)⌉, exact for tie-free scores), so
 * its expectation lies in [1−α, 1−α+1/(n+1)); a split's empirical coverage adds
 * the binomial noise of its m test images. Per split the variance is
 * k(n+1−k)/((n+1)²(n+2)) + α(1−α)/m, and the mean over S splits has standard
 * error √(that / S). The band is
 * [1−α − z·se, 1−α + 1/(n+1) + z·se] with z = {@value #Z} (as the validity
 * tests use). The splits of one dataset are not independent, so this is a
 * check, not an exact test. Scores with ties (integer dilation steps, 8-bit
 * maps) or trivial sets can only push the coverage up, so checks are one-sided
 * (lower end) unless the scores are known to be tie-free.
 */
public final class CoverageBand {

	/** Number of standard errors either side. */
	public static final double Z = 4;

	private final double target;
	private final double lower;
	private final double upper;
	private final double se;

	private CoverageBand(final double target, final double lower, final double upper,
		final double se)
	{
		this.target = target;
		this.lower = lower;
		this.upper = upper;
		this.se = se;
	}

	/**
	 * The band for target 1−α.
	 *
	 * @param alpha the miscoverage of this event (α, α_I or α_O)
	 * @param nCalibration calibration images per split
	 * @param nTest test images per split
	 * @param splits number of splits
	 * @throws IllegalArgumentException on α outside (0, 1) or counts &lt; 1
	 */
	public static CoverageBand of(final double alpha, final int nCalibration, final int nTest,
		final int splits)
	{
		if (nTest < 1 || splits < 1) {
			throw new IllegalArgumentException("nTest and splits must be >= 1, got " + nTest + " and " +
				splits);
		}
		final int n = nCalibration;
		final int k = Math.min(ConformalQuantile.paperRank(n, alpha), n + 1);
		final double beta = (double) k * (n + 1 - k) / ((n + 1.0) * (n + 1.0) * (n + 2.0));
		final double binomial = alpha * (1 - alpha) / nTest;
		final double se = Math.sqrt((beta + binomial) / splits);
		final double t = 1 - alpha;
		return new CoverageBand(t, t - Z * se, Math.min(1, t + 1.0 / (n + 1) + Z * se), se);
	}

	/** The target 1−α. */
	public double target() {
		return target;
	}

	/** Lower end: 1−α − z·se. */
	public double lower() {
		return lower;
	}

	/** Upper end: 1−α + 1/(n+1) + z·se, at most 1. */
	public double upper() {
		return upper;
	}

	/** The standard error of the mean over splits. */
	public double se() {
		return se;
	}

	/** True if {@code coverage} is at or above the lower end. */
	public boolean holds(final double coverage) {
		return coverage >= lower;
	}

	/** True if {@code coverage} lies inside the band. */
	public boolean contains(final double coverage) {
		return coverage >= lower && coverage <= upper;
	}

	/** One sentence stating the band, for reports. */
	public static String description() {
		return "Band: for target 1−α with n calibration and m test images per split over S splits, " +
			"[1−α − 4·se, 1−α + 1/(n+1) + 4·se] with se² = (k(n+1−k)/((n+1)²(n+2)) + α(1−α)/m) / S " +
			"and k = ⌈(n+1)(1−α)⌉ (conditional coverage Beta(k, n+1−k) plus the binomial noise of the " +
			"test images). Coverage above the band is conservative (tied or infinite scores, trivial " +
			"sets), not a failure of the guarantee; \"reaches band\" says whether the coverage is at or " +
			"above the band's lower end.";
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "[%.4f, %.4f]", lower, upper);
	}
}
