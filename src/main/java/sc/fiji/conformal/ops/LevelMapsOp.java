package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The inner and outer level maps a method uses on one image (null where it has no such side); see {@link LevelMaps#of}. */
@Plugin(type = ConformalOp.class, name = "conformal.levelMaps", headless = true, visible = false)
public class LevelMapsOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false)
	private Sample sample;

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage inner;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage outer;

	@Override
	public void run() {
		final LevelMaps.ImageLevelMaps maps = OpThreads.apply(threads, sample, s -> LevelMaps.of(
			settings, s));
		inner = maps.inner();
		outer = maps.outer();
	}
}
