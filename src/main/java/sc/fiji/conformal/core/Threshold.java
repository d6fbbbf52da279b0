package sc.fiji.conformal.core;

/**
 * A calibrated level λ̂ of one side (inner or outer) of a conformal method,
 * with how it was found. Immutable.
 */
public final class Threshold {

	/** The rank value of thresholds not chosen by rank (conformal risk control). */
	public static final int NO_RANK = -1;

	private final double lambda;
	private final double alpha;
	private final int n;
	private final int k;
	private final boolean trivial;
	private final int nNeeded;

	/**
	 * @param lambda λ̂ in level-map units ({@code +Infinity} for a trivial set)
	 * @param alpha the miscoverage (or risk level) it was calibrated for
	 * @param n number of calibration scores
	 * @param k the 1-based rank taken, or {@link #NO_RANK}
	 * @param trivial whether the set is trivial because n is too small
	 * @param nNeeded the smallest n that gives a non-trivial set
	 */
	public Threshold(final double lambda, final double alpha, final int n, final int k,
		final boolean trivial, final int nNeeded)
	{
		this.lambda = lambda;
		this.alpha = alpha;
		this.n = n;
		this.k = k;
		this.trivial = trivial;
		this.nNeeded = nNeeded;
	}

	/** λ̂ in level-map units; {@code +Infinity} when trivial. */
	public double lambda() {
		return lambda;
	}

	/** The miscoverage α (or risk level) this side was calibrated for. */
	public double alpha() {
		return alpha;
	}

	/** Number of calibration scores. */
	public int n() {
		return n;
	}

	/** The 1-based rank of λ̂ among the sorted scores, or {@link #NO_RANK}. */
	public int k() {
		return k;
	}

	/**
	 * True when there were too few calibration images for α: the outer set is
	 * then the whole image and the inner set empty.
	 */
	public boolean trivial() {
		return trivial;
	}

	/** The smallest number of calibration images that gives a non-trivial set. */
	public int nNeeded() {
		return nNeeded;
	}

	@Override
	public String toString() {
		return "λ̂=" + lambda + " (α=" + alpha + ", n=" + n + ", k=" + k + (trivial
			? ", trivial: needs n ≥ " + nNeeded : "") + ")";
	}
}
