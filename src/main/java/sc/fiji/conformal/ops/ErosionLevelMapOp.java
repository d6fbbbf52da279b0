package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.BorderRule;
import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Erosion level map: distance to the complement (inner sets are {L &gt; λ}); see {@link LevelMaps#erosion}. */
@Plugin(type = ConformalOp.class, name = "conformal.levelMap.erosion", headless = true, visible = false)
public class ErosionLevelMapOp implements ConformalOp {

	@Parameter(persist = false)
	private Mask mask;

	@Parameter(persist = false, required = false)
	private String shape = "cross";

	@Parameter(persist = false, required = false)
	private String border = "background";

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage levelMap;

	@Override
	public void run() {
		levelMap = OpThreads.apply(threads, mask, m -> LevelMaps.erosion(m, StructuringElement.fromId(
			shape), BorderRule.fromId(border)));
	}
}
