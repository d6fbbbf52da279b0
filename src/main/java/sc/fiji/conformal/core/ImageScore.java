package sc.fiji.conformal.core;

import java.io.Serializable;

/**
 * One calibration image's conformal score(s), in level-map units: the
 * smallest λ at which the image meets the method's criterion. Methods with one
 * side leave the other NaN; confidence-sets has both (τ_i inner, γ_i outer);
 * conformal risk control keeps the image's whole {@link FnrCurve} instead.
 * A score of {@code +Infinity} means no λ works (e.g. an empty prediction with
 * a non-empty truth under dilation). Immutable.
 */
public final class ImageScore implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String id;
	private final double inner;
	private final double outer;
	private final FnrCurve curve;

	/**
	 * @param id the image id
	 * @param inner the inner score, or NaN
	 * @param outer the outer score, or NaN
	 * @param curve the FNR curve (crc), or null
	 */
	public ImageScore(final String id, final double inner, final double outer,
		final FnrCurve curve)
	{
		if (id == null) throw new IllegalArgumentException("score id must be given");
		this.id = id;
		this.inner = inner;
		this.outer = outer;
		this.curve = curve;
	}

	/** The image id. */
	public String id() {
		return id;
	}

	/** The inner score (level-map units), or NaN. */
	public double inner() {
		return inner;
	}

	/** The outer score (level-map units), or NaN. */
	public double outer() {
		return outer;
	}

	/** The FNR curve (crc only), or null. */
	public FnrCurve curve() {
		return curve;
	}

	@Override
	public String toString() {
		return id + ": inner=" + inner + ", outer=" + outer;
	}
}
