package sc.fiji.conformal.command;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.CalibrationFile;
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

	@Parameter(label = "Group (optional)", description = "a calibration per group: this image's group (one it was calibrated for)", required = false, persist = false)
	private String group = "";

	@Parameter(type = ItemIO.OUTPUT, label = "inner")
	private ImagePlus inner;

	@Parameter(type = ItemIO.OUTPUT, label = "outer")
	private ImagePlus outer;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Override
	public void run() {
		try {
			final ClassCalibration perGroup = perGroup();
			final Calibration cal = perGroup != null ? null : Calibrations.resolve(conformal,
				calibration, calibrationFile);
			final String title = image.getTitle();
			final Sample sample = ImagePlusBridge.sample(image, isScores(imageIs), truth);
			final Mask y = sample.truth();
			final ConformalSets sets = perGroup != null ? perGroup.apply(sample, group).get(0) : cal
				.apply(sample);
			final Calibration used = perGroup != null ? perGroup.cell(group, 0) : cal;
			if (sets.inner() != null) inner = ImagePlusBridge.image(sets.inner(), Calibrations.setTitle(title,
				"inner", calibration, calibrationFile, used));
			if (sets.outer() != null) outer = ImagePlusBridge.image(sets.outer(), Calibrations.setTitle(title,
				"outer", calibration, calibrationFile, used));
			image.setOverlay(SetOverlays.withLegend(SetOverlays.of(sets, y)));
			report = perGroup != null ? "Applied " + perGroup.settings().method().id() + " of group " +
				group + " to " + title + ": " + perGroup.guarantee() : "Applied " + cal.method().id() +
					" to " + title + ": " + cal.guarantee();
			final List<String> warnings = SetWarnings.of(used, new SetWarnings.Sizes().add(sets));
			for (final String w : warnings)
				report += " Warning: " + w;
			log.info(report);
			warn(warnings);
		}
		catch (final Exception e) {
			fail("Apply", e);
		}
	}

	/**
	 * The calibration file's calibration per group, when it is one (a binary
	 * calibration without groups, or a session name: null).
	 *
	 * @throws IllegalArgumentException for a calibration per class, which
	 *           needs label maps: Apply Conformal Sets to Folder applies it
	 */
	private ClassCalibration perGroup() throws java.io.IOException {
		if (calibration != null && !calibration.trim().isEmpty() || calibrationFile == null) return null;
		final ClassCalibration c = CalibrationFile.readClasses(calibrationFile.toPath());
		if (!c.classes().binary()) {
			throw new IllegalArgumentException(calibrationFile + " is a calibration per class (" + c
				.classes() + "): apply it to label maps with Apply Conformal Sets to Folder");
		}
		return c.grouped() ? c : null;
	}
}
