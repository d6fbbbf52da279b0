package sc.fiji.conformal.ops;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelSample;

/**
 * The conformal sets of every class of one label-map image, by the
 * calibration of its group; see {@link ClassCalibration#apply(LabelSample)}.
 */
@Plugin(type = ConformalOp.class, name = "conformal.classSets", headless = true, visible = false)
public class ClassSetsOp implements ConformalOp {

	@Parameter(persist = false)
	private ClassCalibration calibration;

	@Parameter(persist = false)
	private LabelSample sample;

	@Parameter(type = ItemIO.OUTPUT)
	private ClassSets sets;

	@Override
	public void run() {
		sets = calibration.apply(sample);
	}
}
