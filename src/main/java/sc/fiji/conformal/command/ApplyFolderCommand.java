package sc.fiji.conformal.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.batch.ApplyReport;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.service.ConformalService;

/**
 * Apply Conformal Sets to Folder: writes the inner and/or outer mask of every
 * image under {@code output/inner/} and {@code output/outer/}, with the same
 * relative names and formats; existing files are never replaced unless
 * {@code overwrite} is set.
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
			final Calibration cal = Calibrations.resolve(conformal, calibration, calibrationFile);
			final Dataset data = Dataset.fromFolders(path(scores), path(predictions), null,
				new ImageJFiles());
			final ApplyReport r = Batch.apply(cal, data, output.toPath(), new ImageJFiles(), overwrite,
				runner(threads), monitor("Applying"));
			reportSkipped(r.failures(), data.size());
			report = r.summary();
			log.info(report);
			clearStatus();
		}
		catch (final Exception e) {
			fail("Apply", e);
		}
	}
}
