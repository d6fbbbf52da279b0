package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Threshold outer level map L = −s; see {@link LevelMaps#thresholdOuter}. */
@Plugin(type = ConformalOp.class, name = "conformal.levelMap.thresholdOuter", headless = true, visible = false)
public class ThresholdOuterLevelMapOp implements ConformalOp {

	@Parameter(persist = false)
	private ScalarImage scores;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage levelMap;

	@Override
	public void run() {
		levelMap = LevelMaps.thresholdOuter(scores);
	}
}
