package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Mask;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The inner and outer sets of a new image under a calibration; see {@link ConformalSets#apply}. */
@Plugin(type = ConformalOp.class, name = "conformal.sets", headless = true, visible = false)
public class SetsOp implements ConformalOp {

	@Parameter(persist = false)
	private Calibration calibration;

	@Parameter(persist = false)
	private Sample sample;

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ConformalSets sets;

	@Parameter(type = ItemIO.OUTPUT)
	private Mask inner;

	@Parameter(type = ItemIO.OUTPUT)
	private Mask outer;

	@Parameter(type = ItemIO.OUTPUT)
	private Mask uncertainty;

	@Override
	public void run() {
		sets = OpThreads.apply(threads, sample, s -> ConformalSets.apply(calibration, s));
		inner = sets.inner();
		outer = sets.outer();
		uncertainty = sets.uncertainty();
	}
}
