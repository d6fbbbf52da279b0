package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.distance.SignedDistance;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Signed distance to the mask boundary, positive inside; see {@link SignedDistance}. */
@Plugin(type = ConformalOp.class, name = "conformal.signedDistance", headless = true, visible = false)
public class SignedDistanceOp implements ConformalOp {

	@Parameter(persist = false)
	private Mask mask;

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ScalarImage distance;

	@Override
	public void run() {
		distance = OpThreads.apply(threads, mask, SignedDistance::of);
	}
}
