package sc.fiji.conformal.core.distance;

import sc.fiji.conformal.core.distance.DistanceTransform.Metric;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The textbook line-by-line distance transform (double work array, one line
 * at a time), for benchmarks and checks outside this package.
 */
public final class Reference {

	private Reference() {}

	/** {@link DistanceTransform#distanceTo} computed line by line in double precision. */
	public static ScalarImage linewise(final Mask features, final Metric metric,
		final boolean outsideIsFeature)
	{
		return new ScalarImage(features.grid(), DistanceTransform.linewise(features, metric,
			outsideIsFeature));
	}
}
