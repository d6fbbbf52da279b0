package sc.fiji.conformal.core;

/**
 * What erosion assumes beyond the image border.
 */
public enum BorderRule {

	/**
	 * Outside counts as background: an object touching the border is eroded
	 * from there too (scipy's {@code binary_erosion} default, used by the
	 * morphological-sets reference code). The default.
	 */
	BACKGROUND,

	/**
	 * Outside does not count: only background voxels inside the image erode
	 * (as if the object continued beyond the border).
	 */
	IGNORE;

	/** The name users write: {@code background} or {@code ignore}. */
	public String id() {
		return Names.idOf(this);
	}

	/** Parses {@code background} or {@code ignore}. */
	public static BorderRule fromId(final String id) {
		return Names.parse(BorderRule.class, id, "border");
	}
}
