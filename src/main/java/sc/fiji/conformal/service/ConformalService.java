package sc.fiji.conformal.service;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.scijava.service.SciJavaService;

import sc.fiji.conformal.core.Calibration;

/**
 * Holds named calibrations for a Fiji session, saves and loads them as
 * calibration files, and runs the {@code conformal.*} ops by name. Scripts
 * get it with {@code #@ ConformalService conformal}. Thread-safe.
 *
 * <pre>
 * #@ ConformalService conformal
 * cal = conformal.load(new File("/data/polyps-dilation.json"), "polyps")
 * out = conformal.op("conformal.sets", [calibration: cal, sample: sample])
 * </pre>
 */
public interface ConformalService extends SciJavaService {

	/**
	 * Keeps a calibration under a name, replacing any with that name.
	 *
	 * @throws IllegalArgumentException on a blank name or a null calibration
	 */
	void put(String name, Calibration calibration);

	/**
	 * The calibration with that name.
	 *
	 * @throws IllegalArgumentException if there is none (the known names are
	 *           listed)
	 */
	Calibration get(String name);

	/** True if a calibration has that name. */
	boolean contains(String name);

	/** The names, sorted. */
	List<String> names();

	/** Forgets a calibration; returns it, or null if there was none. */
	Calibration remove(String name);

	/**
	 * Writes the named calibration to a file (atomically).
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if the file exists and
	 *           overwrite is false
	 */
	void save(String name, File file, boolean overwrite) throws IOException;

	/**
	 * Reads a calibration file and keeps it under {@code name} (the file's base
	 * name when null or blank).
	 *
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException if it is not a valid calibration file
	 *           (file and field named)
	 */
	Calibration load(File file, String name) throws IOException;

	/** The names of the available {@code conformal.*} ops, sorted. */
	List<String> ops();

	/**
	 * Runs an op by name.
	 *
	 * @param inputs the op's inputs by parameter name
	 * @return the op's outputs by parameter name
	 * @throws IllegalArgumentException on an unknown op (known ones listed), or
	 *           an op that fails (its reason)
	 */
	Map<String, Object> op(String name, Map<String, Object> inputs);
}
