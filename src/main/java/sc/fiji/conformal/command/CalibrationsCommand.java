package sc.fiji.conformal.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.service.ConformalService;

/** Calibrations: list, load from file, save to file, or remove the calibrations of this session. */
@Plugin(type = Command.class, label = "Calibrations", headless = true, visible = false)
public class CalibrationsCommand extends ConformalCommand {

	@Parameter
	private ConformalService conformal;

	@Parameter(persist = false, label = "Action", description = "list, load, save or remove a session calibration", choices = { "list", "load", "save", "remove" })
	private String action = "list";

	@Parameter(label = "Calibration name", description = "the calibration's name in this session", required = false, persist = false)
	private String name = "";

	@Parameter(label = "Calibration file (JSON)", description = "to load or save", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File file;

	@Parameter(label = "Replace an existing file", description = "when saving", required = false, persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "calibrations", description = "The session's calibrations after the action, one \"name: summary\" line each")
	private String calibrations;

	@Override
	public void run() {
		try {
			switch (action) {
				case "load":
					requireFile();
					conformal.load(file, name);
					break;
				case "save":
					requireFile();
					conformal.save(name, file, overwrite);
					break;
				case "remove":
					if (conformal.remove(name) == null) {
						throw new IllegalArgumentException("no calibration named '" + name + "'; known: " + conformal
							.names());
					}
					break;
				case "list":
					break;
				default:
					throw new IllegalArgumentException("action must be list, load, save or remove, got '" + action + "'");
			}
			final StringBuilder sb = new StringBuilder();
			for (final String n : conformal.names()) {
				final Calibration c = conformal.get(n);
				sb.append(n).append(": ").append(c).append('\n');
			}
			calibrations = sb.length() == 0 ? "No calibrations in this session" : sb.toString().trim();
			log.info(calibrations);
		}
		catch (final Exception e) {
			fail("Calibrations (" + action + ")", e);
		}
	}

	private void requireFile() {
		if (file == null) throw new IllegalArgumentException(action + " needs a file");
	}
}
