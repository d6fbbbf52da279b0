package sc.fiji.conformal.core;

/**
 * The score transforms f of conformal confidence sets (Davenport et al.).
 */
public enum Transform {

	/** f(s) = s. */
	IDENTITY,

	/**
	 * f(s) = signed distance to the boundary of Ŷ = {s ≥ t₀} (or the given
	 * prediction), positive inside; see
	 * {@link sc.fiji.conformal.core.distance.SignedDistance}. Needs only the
	 * binary prediction.
	 */
	DISTANCE,

	/** f(s) = s smoothed by a Gaussian of standard deviation σ (physical units). */
	GAUSSIAN;

	/** The name users write: {@code identity}, {@code distance}, {@code gaussian}. */
	public String id() {
		return Names.idOf(this);
	}

	/** Parses {@code identity}, {@code distance} or {@code gaussian}. */
	public static Transform fromId(final String id) {
		return Names.parse(Transform.class, id, "transform");
	}
}
