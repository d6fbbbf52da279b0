package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.QuantileRule;
import sc.fiji.conformal.core.Threshold;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The conformal quantile λ̂ of calibration scores; see {@link ConformalQuantile#of}. */
@Plugin(type = ConformalOp.class, name = "conformal.quantile", headless = true, visible = false)
public class QuantileOp implements ConformalOp {

	@Parameter(persist = false)
	private double[] scores;

	@Parameter(persist = false)
	private double alpha;

	@Parameter(persist = false, required = false, choices = { "paper", "consema-code", "cls-clipped" })
	private String rule = "paper";

	@Parameter(type = ItemIO.OUTPUT)
	private Threshold threshold;

	@Parameter(type = ItemIO.OUTPUT)
	private double lambda;

	@Override
	public void run() {
		threshold = ConformalQuantile.of(scores, alpha, QuantileRule.fromId(rule));
		lambda = threshold.lambda();
	}
}
