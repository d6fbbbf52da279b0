package sc.fiji.conformal.ops;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.LocalRunner;

/**
 * Seeded random-split validation on labelled images held by a script, on
 * {@code threads} threads (0 = all cores); see
 * {@link Validation#randomSplits(Settings, Iterable, int, double, long, sc.fiji.conformal.core.run.Runner)}.
 * The result does not depend on the number of threads.
 */
@Plugin(type = ConformalOp.class, name = "conformal.validate", headless = true, visible = false)
public class ValidateOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false, description = "The labelled images (any Iterable of Sample, e.g. a list), iterated twice")
	private Iterable<Sample> samples;

	@Parameter(persist = false, required = false, min = "1")
	private int splits = 100;

	@Parameter(persist = false, required = false)
	private double calibrationFraction = 0.5;

	@Parameter(persist = false, required = false)
	private long seed = 1;

	@Parameter(persist = false, required = false, min = "0", description = "Threads to process images on (0 = all cores); the result does not depend on it")
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ValidationResult validation;

	@Override
	public void run() {
		validation = Validation.randomSplits(settings, samples, splits, calibrationFraction, seed,
			LocalRunner.of(threads));
	}
}
