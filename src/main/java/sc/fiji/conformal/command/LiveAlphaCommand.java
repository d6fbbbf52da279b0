package sc.fiji.conformal.command;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.report.LiveAlpha;

/**
 * Conformal Sets Live Alpha as a SciJava command: the sets of an image at
 * another α, re-derived from the calibration's stored scores (no
 * recalibration), drawn as the image's overlay (with the ground truth, when
 * given) and returned as masks. The ImageJ 1.x menu item of the same name
 * first shows a slider that redraws the overlay as α moves
 * ({@link #prepare}), then runs this command at the chosen α; from macros and
 * scripts it runs at the given α.
 */
@Plugin(type = Command.class, label = "Conformal Sets Live Alpha", headless = true, visible = false)
public class LiveAlphaCommand extends ConformalCommand {

	@Parameter
	private sc.fiji.conformal.service.ConformalService conformal;

	@Parameter(persist = false, label = "Image", description = "the model's output: a score map, or a binary prediction")
	private ImagePlus image;

	@Parameter(persist = false, label = "Image is", description = "a score map, or a binary prediction", choices = {
		"scores", "prediction" })
	private String imageIs = "scores";

	@Parameter(persist = false, label = "Ground truth (optional)", description = "drawn on the image for comparison", required = false)
	private ImagePlus truth;

	@Parameter(persist = false, label = "Calibration", description = "a calibration of this session, by name", required = false)
	private String calibration = "";

	@Parameter(persist = false, label = "Or a calibration file", description = "used when no session calibration is chosen", style = FileWidget.OPEN_STYLE, required = false)
	private File calibrationFile;

	@Parameter(persist = false, label = "Miscoverage α (0–1)", description = "the α to re-derive λ̂ for", min = "0.001", max = "0.999")
	private double alpha = 0.1;

	@Parameter(type = ItemIO.OUTPUT, label = "inner")
	private ImagePlus inner;

	@Parameter(type = ItemIO.OUTPUT, label = "outer")
	private ImagePlus outer;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	private LiveAlpha live;

	/**
	 * The image's sets for any α, from this command's inputs (the calibration,
	 * the image and what it is, the truth): its level maps, computed once. The
	 * ImageJ 1.x menu item's live slider asks for it before the run; the run
	 * then uses the same.
	 *
	 * @throws IOException if the calibration file cannot be read
	 * @throws IllegalArgumentException if the calibration or the image cannot
	 *           be used (named)
	 */
	public LiveAlpha prepare() throws IOException {
		if (live == null) {
			live = new LiveAlpha(Calibrations.resolve(conformal, calibration, calibrationFile),
				ImagePlusBridge.sample(image, isScores(imageIs), truth));
		}
		return live;
	}

	@Override
	public void run() {
		try {
			final LiveAlpha live = prepare();
			final String title = image.getTitle();
			final Calibration at = live.calibration(alpha);
			final ConformalSets sets = live.sets(at);
			image.setOverlay(live.overlay(sets));
			if (sets.inner() != null) inner = ImagePlusBridge.image(sets.inner(), Calibrations.setTitle(title,
				"inner", calibration, calibrationFile, at));
			if (sets.outer() != null) outer = ImagePlusBridge.image(sets.outer(), Calibrations.setTitle(title,
				"outer", calibration, calibrationFile, at));
			summary = LiveAlpha.describe(at);
			log.info(summary);
		}
		catch (final Exception e) {
			fail("Live alpha", e);
		}
	}
}
