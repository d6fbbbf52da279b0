package sc.fiji.conformal.ops;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;

/**
 * Seeded random-split validation per class (and per group, from each
 * sample's group) on labelled label-map samples held by a script, on
 * {@code threads} threads (0 = all cores); see
 * {@link ClassValidation#randomSplits(Settings, ClassJointRule, Iterable, int, double, long, sc.fiji.conformal.core.run.Runner)}.
 * The result does not depend on the number of threads.
 */
@Plugin(type = ConformalOp.class, name = "conformal.validateClasses", headless = true, visible = false)
public class ValidateClassesOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false, required = false, description = "per-class, bonferroni or max")
	private String jointRule = "per-class";

	@Parameter(persist = false, description = "The labelled label-map images (any Iterable of LabelSample), iterated twice")
	private Iterable<LabelSample> samples;

	@Parameter(persist = false, required = false, min = "1")
	private int splits = 100;

	@Parameter(persist = false, required = false)
	private double calibrationFraction = 0.5;

	@Parameter(persist = false, required = false)
	private long seed = 1;

	@Parameter(persist = false, required = false, min = "0", description = "Threads to process images on (0 = all cores); the result does not depend on it")
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ClassValidationResult validation;

	@Override
	public void run() {
		validation = ClassValidation.randomSplits(settings, ClassJointRule.fromId(jointRule), samples,
			splits, calibrationFraction, seed, LocalRunner.of(threads));
	}
}
