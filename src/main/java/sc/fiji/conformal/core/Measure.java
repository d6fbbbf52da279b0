package sc.fiji.conformal.core;

/**
 * The per-image measures of conformal sets (see {@link ImageMetrics}); means
 * over images skip undefined (NaN) values.
 */
public enum Measure {
	/** 1 if the method's guarantee event holds on the image, else 0 (NaN for crc). */
	VALIDITY("validity"),
	/** Confidence-sets: 1 if I ⊆ Y. */
	INNER_VALIDITY("innerValidity"),
	/** Confidence-sets: 1 if Y ⊆ O. */
	OUTER_VALIDITY("outerValidity"),
	/** |O ∩ Y| / |Y| (1 when Y is empty). */
	COVERAGE_RATIO("coverageRatio"),
	/** 1 − |O ∩ Y| / |Y| (0 when Y is empty). */
	FNR("fnr"),
	/** Stretch |O| / |Ŷ| (NaN when Ŷ is empty). */
	STRETCH("stretch"),
	/** Voxels added by the outer set, |O ∖ Ŷ|. */
	ADDED("added"),
	/** Contraction ratio |I| / |Ŷ| (0 when Ŷ is empty). */
	CR("cr"),
	/** Accepted true positives |I ∩ Y| / |Ŷ| (0 when Ŷ is empty). */
	ATP("atp"),
	/** Accepted false positives |I ∩ (Ŷ∖Y)| / |Ŷ| (0 when Ŷ is empty). */
	AFP("afp");

	private final String id;

	Measure(final String id) {
		this.id = id;
	}

	/** Column name in tables and files. */
	public String id() {
		return id;
	}
}
