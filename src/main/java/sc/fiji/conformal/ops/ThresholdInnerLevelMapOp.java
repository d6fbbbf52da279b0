package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Threshold inner level map: s on the mask, −∞ elsewhere; see {@link LevelMaps#thresholdInner}. */
@Plugin(type = ConformalOp.class, name = "conformal.levelMap.thresholdInner", headless = true, visible = false)
public class ThresholdInnerLevelMapOp implements ConformalOp {

	@Parameter(persist = false)
	private ScalarImage scores;

	@Parameter(persist = false)
	private Mask mask;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage levelMap;

	@Override
	public void run() {
		levelMap = LevelMaps.thresholdInner(scores, mask);
	}
}
