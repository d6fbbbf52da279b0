package sc.fiji.conformal.command;

import java.io.File;
import java.io.IOException;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.service.ConformalService;

/** Finds the calibration a command names: by session name, else from a file. */
final class Calibrations {

	private Calibrations() {}

	static Calibration resolve(final ConformalService service, final String name, final File file)
		throws IOException
	{
		if (name != null && !name.trim().isEmpty()) return service.get(name);
		if (file != null) return service.load(file, null);
		if (service.names().size() == 1) return service.get(service.names().get(0));
		throw new IllegalArgumentException("name a calibration or a calibration file; in this session: " +
			service.names());
	}
}
