package sc.fiji.conformal.ops;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;

/**
 * A calibration per class (and per group, from each sample's group) on
 * labelled label-map samples held by a script, on {@code threads} threads
 * (0 = all cores); see
 * {@link ClassCalibrator#calibrate(Settings, ClassJointRule, Iterable, sc.fiji.conformal.core.run.Runner)}.
 * The result does not depend on the number of threads.
 */
@Plugin(type = ConformalOp.class, name = "conformal.calibrateClasses", headless = true, visible = false)
public class CalibrateClassesOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false, required = false, description = "per-class, bonferroni or max")
	private String jointRule = "per-class";

	@Parameter(persist = false, description = "The labelled label-map images (any Iterable of LabelSample)")
	private Iterable<LabelSample> samples;

	@Parameter(persist = false, required = false, min = "0", description = "Threads to score images on (0 = all cores); the result does not depend on it")
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ClassCalibration calibration;

	@Override
	public void run() {
		calibration = ClassCalibrator.calibrate(settings, ClassJointRule.fromId(jointRule), samples,
			LocalRunner.of(threads));
	}
}
