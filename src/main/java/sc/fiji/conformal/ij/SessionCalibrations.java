package sc.fiji.conformal.ij;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ij.IJ;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.service.DefaultConformalService;

/**
 * The named calibrations of an ImageJ 1.x session. Inside Fiji these are the
 * SciJava {@link ConformalService}'s, so menu plugins, commands and scripts
 * share them; in plain ImageJ 1.x a map of their own.
 */
final class SessionCalibrations {

	private static final Map<String, Calibration> LOCAL = new ConcurrentHashMap<>();

	private SessionCalibrations() {}

	/** Fiji's ConformalService, or null in plain ImageJ 1.x. */
	static ConformalService service() {
		try {
			// only Fiji (imagej-legacy) answers this idiom with its context; elsewhere
			// it would build a new one
			Class.forName("net.imagej.legacy.LegacyService", false, SessionCalibrations.class
				.getClassLoader());
			final Object context = IJ.runPlugIn("org.scijava.Context", "");
			if (context instanceof org.scijava.Context) {
				return ((org.scijava.Context) context).getService(ConformalService.class);
			}
		}
		catch (final ClassNotFoundException | RuntimeException | LinkageError e) {
			// no SciJava context here: plain ImageJ 1.x
		}
		return null;
	}

	static void put(final String name, final Calibration c) {
		final ConformalService s = service();
		if (s != null) s.put(name, c);
		else LOCAL.put(name, c);
	}

	static Calibration get(final String name) {
		final ConformalService s = service();
		if (s != null) return s.get(name);
		final Calibration c = LOCAL.get(name);
		if (c == null) throw new IllegalArgumentException("no calibration named '" + name + "'; known: " + names());
		return c;
	}

	static List<String> names() {
		final ConformalService s = service();
		if (s != null) return s.names();
		final List<String> n = new ArrayList<>(LOCAL.keySet());
		Collections.sort(n);
		return n;
	}

	static Calibration remove(final String name) {
		final ConformalService s = service();
		return s != null ? s.remove(name) : LOCAL.remove(name);
	}

	static Calibration load(final File file, final String name) throws IOException {
		final ConformalService s = service();
		if (s != null) return s.load(file, name);
		final Calibration c = CalibrationFile.read(file.toPath());
		final String n = name == null || name.trim().isEmpty() ? DefaultConformalService.defaultName(
			file) : name.trim();
		put(n, c);
		return c;
	}

	/** A calibration by name, else from a file, else the only one there is. */
	static Calibration resolve(final String name, final String file) throws IOException {
		if (name != null && !name.trim().isEmpty()) return get(name.trim());
		if (file != null && !file.trim().isEmpty()) return load(new File(file.trim()), null);
		if (names().size() == 1) return get(names().get(0));
		throw new IllegalArgumentException("name a calibration or a calibration file; in this session: " + names());
	}
}
