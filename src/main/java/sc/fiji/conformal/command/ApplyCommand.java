package sc.fiji.conformal.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.batch.VolumeRows;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.io.ij.LabelImages;
import sc.fiji.conformal.report.ClassOverlays;
import sc.fiji.conformal.report.SetOverlays;
import sc.fiji.conformal.report.Tables;
import sc.fiji.conformal.service.ConformalService;

/**
 * Apply Conformal Sets to an open image (a score map, or a binary
 * prediction for the binary-only methods): returns the inner and outer sets
 * as new 8-bit masks and draws them as an overlay on the image (outer blue,
 * inner red, ground truth yellow when given); the report names the method
 * and states the guarantee.
 * <p>
 * A calibration per class (a calibration file of label maps) applies to
 * per-class probabilities opened as a hyperstack, channel index = label
 * value as in the folder workflow ({@link LabelImages}), or, for the
 * binary-only methods, to a predicted label map; the truth, if given, is a
 * label map. The inner and outer sets are then images with one channel per
 * class (outer sets of neighbouring classes overlap; each channel keeps its
 * class's), the overlay has one colour per class ({@link ClassOverlays}), and
 * a method with both sides gives each class's volume bounds ({@code volumes},
 * the rows of the folder apply's volumes.csv, and in the report).
 */
@Plugin(type = Command.class, label = "Apply Conformal Sets", headless = true, visible = false)
public class ApplyCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(persist = false, label = "Image", description = "the model's output: a score map or a binary prediction (per class: the probabilities, one channel per label, or a label map)")
	private ImagePlus image;

	@Parameter(persist = false, label = "Image is", description = "a score map, or a binary prediction", choices = {
		"scores", "prediction" })
	private String imageIs = "scores";

	@Parameter(persist = false, label = "Ground truth (optional)", description = "drawn on the image for comparison (per class: a label map)", required = false)
	private ImagePlus truth;

	@Parameter(label = "Calibration", description = "a calibration of this session, by name", required = false, persist = false)
	private String calibration = "";

	@Parameter(label = "Or a calibration file", description = "used when no session calibration is chosen", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File calibrationFile;

	@Parameter(label = "Group (optional)", description = "a calibration per group (or class and group): this image's group (one it was calibrated for)", required = false, persist = false)
	private String group = "";

	@Parameter(type = ItemIO.OUTPUT, label = "inner")
	private ImagePlus inner;

	@Parameter(type = ItemIO.OUTPUT, label = "outer")
	private ImagePlus outer;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "Volume bounds")
	private Tables volumes;

	@Override
	public void run() {
		try {
			final ClassCalibration fromFile = fromFile();
			if (fromFile != null && !fromFile.classes().binary()) {
				runPerClass(fromFile);
				return;
			}
			final ClassCalibration perGroup = fromFile != null && fromFile.grouped() ? fromFile : null;
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
	 * Applies a calibration per class (and group): per-class probabilities or a
	 * predicted label map, sets per class as channels, one overlay colour per
	 * class, volume bounds where the method has both sides.
	 */
	private void runPerClass(final ClassCalibration c) {
		final String title = image.getTitle();
		final LabelSample sample = LabelImages.sample(image, isScores(imageIs), truth, c.classes(),
			group);
		final ClassSets sets = c.apply(sample);
		final LabelClasses classes = c.classes();
		final int k = classes.size();
		final Mask[] in = new Mask[k], out = new Mask[k], y = sample.hasTruth() ? new Mask[k] : null;
		final List<String> warnings = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			in[i] = sets.get(i).inner();
			out[i] = sets.get(i).outer();
			if (y != null) y[i] = sample.oneVsRest(i).truth();
			for (final String w : SetWarnings.of(c.cell(group, i), new SetWarnings.Sizes().add(sets.get(
				i))))
				warnings.add(classes.name(i) + ": " + w);
		}
		if (in[0] != null) inner = LabelImages.image(in, classes.names(), Calibrations.setTitle(title,
			"inner", calibration, calibrationFile, c.settings()));
		if (out[0] != null) outer = LabelImages.image(out, classes.names(), Calibrations.setTitle(title,
			"outer", calibration, calibrationFile, c.settings()));
		image.setOverlay(ClassOverlays.withLegend(ClassOverlays.of(sets, y, image.isHyperStack() ||
			image.getNChannels() > 1), classes));
		final List<List<String>> rows = VolumeRows.of(c, title, group, sets);
		final StringBuilder sb = new StringBuilder("Applied " + c.settings().method().id() +
			" per class (" + classes + ")" + (c.grouped() ? " of group " + group : "") + " to " +
			title + ": " + c.guarantee());
		for (final String w : warnings)
			sb.append(" Warning: ").append(w);
		final List<String> bounds = VolumeRows.lines(c, rows);
		if (!bounds.isEmpty()) {
			final Tables t = new Tables(VolumeRows.HEADER);
			for (final List<String> row : rows)
				t.row(row);
			volumes = t;
			for (final String line : bounds)
				sb.append('\n').append(line);
		}
		report = sb.toString();
		log.info(report);
		warn(warnings);
	}

	/**
	 * The calibration file's calibration, when the calibration is one of
	 * classes or groups (version 2), else null (a binary calibration file
	 * without groups is read as a named calibration is; a session name: null).
	 */
	private ClassCalibration fromFile() throws java.io.IOException {
		if (calibration != null && !calibration.trim().isEmpty() || calibrationFile == null) return null;
		final ClassCalibration c = CalibrationFile.readClasses(calibrationFile.toPath());
		return c.grouped() || !c.classes().binary() ? c : null;
	}
}
