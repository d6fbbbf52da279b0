package sc.fiji.conformal.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.batch.ApplyReport;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.ClassBatch;
import sc.fiji.conformal.batch.WriteFailedException;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.MaskRule;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.service.ConformalService;

/**
 * Apply Conformal Sets to Folder: writes the inner and/or outer mask of every
 * image under {@code output/inner/} and {@code output/outer/}, with the same
 * relative names and formats; existing files are never replaced unless
 * {@code overwrite} is set, and input files never. It fails (after trying
 * every image) if the sets of any image could not be written.
 */
@Plugin(type = Command.class, label = "Apply Conformal Sets to Folder", headless = true, visible = false)
public class ApplyFolderCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(label = "Calibration", description = "a calibration of this session, by name", required = false, persist = false)
	private String calibration = "";

	@Parameter(label = "Or a calibration file", description = "used when no session calibration is chosen", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File calibrationFile;

	@Parameter(label = "Score maps folder", description = "the images to apply the calibration to", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File scores;

	@Parameter(label = "Predicted masks folder", description = "binary predictions (for dilation, erosion)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File predictions;

	@Parameter(label = "Or a manifest (CSV)", description = "instead of folders: id,score[,prediction] or id,probabilities,prediction[,group]", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File manifest;

	@Parameter(persist = false, label = "Masks are", description = "binary (0 and one other value), or nonzero (label images: any label is object)", choices = {
		"binary", "nonzero" })
	private String maskRule = "binary";

	@Parameter(persist = false, label = "Groups from", description = "a calibration per group: the manifest's group column, or the first folder", choices = {
		"none", "column", "folder" })
	private String groupBy = "none";

	@Parameter(label = "Output folder", description = "inner/ and outer/ are written into it", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File output;

	@Parameter(label = "Replace existing files", description = "else an existing mask file is an error", required = false, persist = false)
	private boolean overwrite;

	@Parameter(persist = false, label = "Threads (0 = all cores)", description = "the sets do not depend on it", min = "0", required = false)
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Override
	public void run() {
		try {
			if ((calibration == null || calibration.trim().isEmpty()) && calibrationFile != null) {
				final ClassCalibration classes = CalibrationFile.readClasses(calibrationFile.toPath());
				if (!classes.classes().binary() || classes.grouped()) {
					runPerClassOrGroup(classes);
					return;
				}
			}
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final Dataset data = Dataset.fromFolders(path(scores), path(predictions), null,
				new ImageJFiles(MaskRule.fromId(maskRule)));
			final ApplyReport r = Batch.apply(cal, data, output.toPath(), new ImageJFiles(MaskRule.fromId(maskRule)), overwrite,
				runner(threads), monitor("Applying"));
			reportSkipped(r.failures(), data.size());
			report = r.summary();
			log.info(report);
			warn(r.warnings());
			clearStatus();
		}
		catch (final WriteFailedException e) {
			// every other image was written: say what was, and fail naming the rest
			reportSkipped(e.report().failures(), e.report().images() + e.report().failures().size() + e
				.report().writeFailures().size());
			report = e.report().summary();
			fail("Apply", e);
		}
		catch (final Exception e) {
			fail("Apply", e);
		}
	}

	/**
	 * Applies a calibration per class and/or group: label maps (predictions)
	 * and per-class probabilities (scores), or binary data with groups; masks
	 * per class and side, volumes.csv, and the volume bounds in the Log.
	 */
	private void runPerClassOrGroup(final ClassCalibration c) throws Exception {
		final GroupBy by = GroupBy.fromId(groupBy);
		if (c.grouped() && by == GroupBy.NONE) {
			throw new IllegalArgumentException("the calibration is per group (" + String.join(", ", c
				.groups()) + "): give groupBy (column or folder) so each image has its group");
		}
		final ImageFormats formats = ImageJFiles.formats();
		final ClassBatch.Applying r;
		final int total;
		if (c.classes().binary()) {
			final Dataset data = manifest != null ? Dataset.fromManifest(manifest.toPath(),
				new ImageJFiles(MaskRule.fromId(maskRule))) : Dataset.fromFolders(path(scores), path(predictions), null,
					new ImageJFiles(MaskRule.fromId(maskRule)));
			total = data.size();
			r = ClassBatch.apply(c, data, by, by == GroupBy.COLUMN ? GroupBy.column(manifest.toPath())
				: null, output.toPath(), formats, overwrite, runner(threads), monitor("Applying"));
		}
		else {
			final LabelDataset data = manifest != null ? LabelDataset.fromManifest(manifest.toPath(), by,
				formats) : LabelDataset.fromFolders(null, path(predictions), path(scores), by, formats);
			total = data.entries().size();
			r = ClassBatch.apply(c, data, output.toPath(), formats, overwrite, runner(threads), monitor(
				"Applying"));
		}
		reportSkipped(r.report().failures(), total);
		final StringBuilder sb = new StringBuilder(r.report().summary());
		for (final String line : r.bounds())
			sb.append('\n').append(line);
		report = sb.toString();
		log.info(report);
		clearStatus();
	}
}
