package sc.fiji.conformal.ops;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;

/**
 * A calibration on labelled images held by a script (a list of samples), on
 * {@code threads} threads (0 = all cores); see
 * {@link Calibrator#calibrate(Settings, Iterable, sc.fiji.conformal.core.run.Runner)}.
 * The result does not depend on the number of threads.
 */
@Plugin(type = ConformalOp.class, name = "conformal.calibrate", headless = true, visible = false)
public class CalibrateOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false, description = "The labelled images (any Iterable of Sample, e.g. a list)")
	private Iterable<Sample> samples;

	@Parameter(persist = false, required = false, min = "0", description = "Threads to score images on (0 = all cores); the result does not depend on it")
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private Calibration calibration;

	@Override
	public void run() {
		calibration = Calibrator.calibrate(settings, samples, LocalRunner.of(threads));
	}
}
