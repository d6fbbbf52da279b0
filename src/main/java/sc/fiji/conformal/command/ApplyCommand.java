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
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.report.SetOverlays;
import sc.fiji.conformal.service.ConformalService;

/**
 * Apply Conformal Sets to an open image (a score map, or a binary
 * prediction for the binary-only methods): returns the inner and outer sets
 * as new 8-bit masks and draws them as an overlay on the image (outer blue,
 * inner red, ground truth yellow when given); the report names the method
 * and states the guarantee.
 */
@Plugin(type = Command.class, label = "Apply Conformal Sets", headless = true, visible = false)
public class ApplyCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(persist = false, label = "Image", description = "the model's output: a score map, or a binary prediction")
	private ImagePlus image;

	@Parameter(persist = false, label = "Image is", description = "a score map, or a binary prediction", choices = {
		"scores", "prediction" })
	private String imageIs = "scores";

	@Parameter(persist = false, label = "Ground truth (optional)", description = "drawn on the image for comparison", required = false)
	private ImagePlus truth;

	@Parameter(label = "Calibration", description = "a calibration of this session, by name", required = false, persist = false)
	private String calibration = "";

	@Parameter(label = "Or a calibration file", description = "used when no session calibration is chosen", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File calibrationFile;

	@Parameter(type = ItemIO.OUTPUT, label = "inner")
	private ImagePlus inner;

	@Parameter(type = ItemIO.OUTPUT, label = "outer")
	private ImagePlus outer;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Override
	public void run() {
		try {
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final String title = image.getTitle();
			final Sample sample = ImagePlusBridge.sample(image, isScores(imageIs), truth);
			final Mask y = sample.truth();
			final ConformalSets sets = cal.apply(sample);
			if (sets.inner() != null) inner = ImagePlusBridge.image(sets.inner(), Calibrations.setTitle(title,
				"inner", calibration, calibrationFile, cal));
			if (sets.outer() != null) outer = ImagePlusBridge.image(sets.outer(), Calibrations.setTitle(title,
				"outer", calibration, calibrationFile, cal));
			image.setOverlay(SetOverlays.withLegend(SetOverlays.of(sets, y)));
			report = "Applied " + cal.method().id() + " to " + title + ": " + cal.guarantee();
			log.info(report);
		}
		catch (final Exception e) {
			fail("Apply", e);
		}
	}
}
