package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.SetCounts;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Mask;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Counts and measures of one image's sets against its truth; see {@link ImageMetrics}. */
@Plugin(type = ConformalOp.class, name = "conformal.metrics", headless = true, visible = false)
public class MetricsOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false)
	private ConformalSets sets;

	@Parameter(persist = false)
	private Mask truth;

	@Parameter(type = ItemIO.OUTPUT)
	private SetCounts counts;

	@Parameter(type = ItemIO.OUTPUT)
	private ImageMetrics metrics;

	@Override
	public void run() {
		counts = SetCounts.of(sets, truth);
		metrics = ImageMetrics.of(settings, counts);
	}
}
