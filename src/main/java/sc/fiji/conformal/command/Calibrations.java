package sc.fiji.conformal.command;

import java.io.File;
import java.io.IOException;

import ij.WindowManager;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.report.Tables;
import sc.fiji.conformal.service.ConformalService;

/**
 * Finds the calibration a command names (by session name, else from a file),
 * and titles the windows of the sets it makes.
 */
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

	/**
	 * The title of a set's mask window: the image's title, the side, and which
	 * calibration at which α made it ("scores outer (polyps, α = 0.1)"), made
	 * unique among the open images (" #2", " #3", ...), so a choice of
	 * images never lists two alike.
	 *
	 * @param name the calibration's name in the session, or blank
	 * @param file the calibration file used when no name is given, or null
	 */
	static String setTitle(final String image, final String side, final String name,
		final File file, final Calibration c)
	{
		return setTitle(image, side, name, file, c.settings());
	}

	/**
	 * As {@link #setTitle(String, String, String, File, Calibration)}, for the
	 * settings of a calibration per class (its α, not a cell's share of it).
	 */
	static String setTitle(final String image, final String side, final String name,
		final File file, final Settings settings)
	{
		final String which = name != null && !name.trim().isEmpty() ? name.trim() : file != null ? file
			.getName() : settings.method().id();
		final String title = image + " " + side + " (" + which + ", α = " + Tables.number(settings
			.alpha()) + ")";
		String unique = title;
		for (int k = 2; WindowManager.getImage(unique) != null; k++)
			unique = title + " #" + k;
		return unique;
	}
}
