package sc.fiji.conformal.ops;

import java.util.Locale;

import sc.fiji.conformal.core.distance.DistanceTransform;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Distance from every voxel to the nearest voxel of the mask; see {@link DistanceTransform}. */
@Plugin(type = ConformalOp.class, name = "conformal.distance", headless = true, visible = false)
public class DistanceOp implements ConformalOp {

	@Parameter(persist = false)
	private Mask mask;

	@Parameter(persist = false, required = false, choices = { "city-block", "chessboard", "euclidean" })
	private String metric = "euclidean";

	@Parameter(persist = false, required = false)
	private boolean outsideIsFeature;

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage distance;

	@Override
	public void run() {
		final DistanceTransform.Metric m = DistanceTransform.Metric.valueOf(metric.trim().toUpperCase(
			Locale.ROOT).replace('-', '_'));
		distance = OpThreads.apply(threads, mask, x -> DistanceTransform.distanceTo(x, m,
			outsideIsFeature));
	}
}
