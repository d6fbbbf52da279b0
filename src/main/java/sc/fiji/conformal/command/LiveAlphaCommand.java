package sc.fiji.conformal.command;

import java.io.File;

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
 * recalibration), drawn as the image's overlay and returned as masks. The
 * interactive slider is the ImageJ 1.x menu item of the same name; this
 * command is its one-α form for scripts.
 */
@Plugin(type = Command.class, label = "Conformal Sets Live Alpha", headless = true)
public class LiveAlphaCommand extends ConformalCommand {

	@Parameter
	private sc.fiji.conformal.service.ConformalService conformal;

	@Parameter(persist = false, label = "image", description = "The model's output: a score map, or a binary prediction")
	private ImagePlus image;

	@Parameter(persist = false, label = "imageIs", choices = { "scores", "prediction" })
	private String imageIs = "scores";

	@Parameter(persist = false, label = "calibration", description = "Name of a calibration in this session", required = false)
	private String calibration = "";

	@Parameter(persist = false, label = "calibrationFile", style = FileWidget.OPEN_STYLE, required = false)
	private File calibrationFile;

	@Parameter(persist = false, label = "alpha", description = "Miscoverage to re-derive λ̂ for", min = "0.001", max = "0.999")
	private double alpha = 0.1;

	@Parameter(type = ItemIO.OUTPUT, label = "inner")
	private ImagePlus inner;

	@Parameter(type = ItemIO.OUTPUT, label = "outer")
	private ImagePlus outer;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final String title = image.getTitle();
			final LiveAlpha live = new LiveAlpha(cal, ImagePlusBridge.sample(image, "scores".equals(
				imageIs), null));
			final Calibration at = live.calibration(alpha);
			final ConformalSets sets = live.sets(at);
			image.setOverlay(live.overlay(sets));
			if (sets.inner() != null) inner = ImagePlusBridge.image(sets.inner(), title + " inner");
			if (sets.outer() != null) outer = ImagePlusBridge.image(sets.outer(), title + " outer");
			summary = LiveAlpha.describe(at);
			log.info(summary);
		}
		catch (final Exception e) {
			fail("Live alpha", e);
		}
	}
}
