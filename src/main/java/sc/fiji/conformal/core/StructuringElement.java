package sc.fiji.conformal.core;

import sc.fiji.conformal.core.distance.DistanceTransform;

/**
 * The structuring element of the morphological methods. Dilating λ times by
 * the cross or the square is exactly the set where the city-block or the
 * chessboard distance is ≤ λ; the Euclidean ball of radius λ (physical units)
 * is the set where the Euclidean distance is ≤ λ.
 */
public enum StructuringElement {

	/** 4-connectivity in 2-D, 6 in 3-D: λ in voxel steps. */
	CROSS(DistanceTransform.Metric.CITY_BLOCK),
	/** 8-connectivity in 2-D, 26 in 3-D: λ in voxel steps. */
	SQUARE(DistanceTransform.Metric.CHESSBOARD),
	/** A ball in physical units of the voxel spacing (may be anisotropic). */
	EUCLIDEAN(DistanceTransform.Metric.EUCLIDEAN);

	private final DistanceTransform.Metric metric;

	StructuringElement(final DistanceTransform.Metric metric) {
		this.metric = metric;
	}

	/** The distance whose sublevel sets are the iterated dilations. */
	public DistanceTransform.Metric metric() {
		return metric;
	}

	/** The name users write: {@code cross}, {@code square}, {@code euclidean}. */
	public String id() {
		return Names.idOf(this);
	}

	/** Parses {@code cross}, {@code square} or {@code euclidean}. */
	public static StructuringElement fromId(final String id) {
		return Names.parse(StructuringElement.class, id, "shape");
	}
}
