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

	@Parameter(label = "calibration", description = "Name of a calibration in this session", required = false, persist = false)
	private String calibration = "";

	@Parameter(label = "calibrationFile", description = "Calibration file (used when no name is given)", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File calibrationFile;

	@Parameter(label = "scores", description = "Folder of score maps", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File scores;

	@Parameter(label = "predictions", description = "Folder of binary predicted masks", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File predictions;

	@Parameter(label = "output", description = "Folder to write inner/ and outer/ into", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File output;

	@Parameter(label = "overwrite", description = "Replace existing files", required = false, persist = false)
	private boolean overwrite;

	@Parameter(persist = false, label = "threads", description = "Threads to process images on (0 = all cores); the sets do not depend on it", min = "0", required = false)
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
			warn(r.warnings());
			clearStatus();
		}
		catch (final Exception e) {
			fail("Apply", e);
		}
	}
}
