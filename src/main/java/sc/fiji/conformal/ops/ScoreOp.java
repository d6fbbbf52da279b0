package sc.fiji.conformal.ops;

import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The conformal score of one labelled image; see {@link ImageScores#score}. */
@Plugin(type = ConformalOp.class, name = "conformal.score", headless = true, visible = false)
public class ScoreOp implements ConformalOp {

	@Parameter(persist = false)
	private Settings settings;

	@Parameter(persist = false)
	private Sample sample;

	@Parameter(persist = false, required = false, min = "0", description = OpThreads.DESCRIPTION)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ImageScore score;

	@Override
	public void run() {
		score = OpThreads.apply(threads, sample, s -> ImageScores.score(settings, s));
	}
}
