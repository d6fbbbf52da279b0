package sc.fiji.conformal.service;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.script.ScriptService;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.ops.ConformalOp;

/** The default {@link ConformalService}: calibrations in a concurrent map. */
@Plugin(type = Service.class)
public class DefaultConformalService extends AbstractService implements ConformalService {

	@Parameter
	private CommandService commands;

	@Parameter(required = false)
	private ScriptService scripts;

	private final Map<String, Calibration> calibrations = new ConcurrentHashMap<>();

	@Override
	public void initialize() {
		// scripts may write "#@ ConformalService conformal"
		if (scripts != null) scripts.addAlias(ConformalService.class);
	}

	@Override
	public void put(final String name, final Calibration calibration) {
		if (name == null || name.trim().isEmpty()) {
			throw new IllegalArgumentException("a calibration needs a name, got '" + name + "'");
		}
		if (calibration == null) throw new IllegalArgumentException("calibration '" + name + "' is null");
		calibrations.put(name.trim(), calibration);
	}

	@Override
	public Calibration get(final String name) {
		final Calibration c = name == null ? null : calibrations.get(name.trim());
		if (c == null) {
			throw new IllegalArgumentException("no calibration named '" + name + "'; known: " + names());
		}
		return c;
	}

	@Override
	public boolean contains(final String name) {
		return name != null && calibrations.containsKey(name.trim());
	}

	@Override
	public List<String> names() {
		final List<String> n = new ArrayList<>(calibrations.keySet());
		Collections.sort(n);
		return n;
	}

	@Override
	public Calibration remove(final String name) {
		return name == null ? null : calibrations.remove(name.trim());
	}

	@Override
	public void save(final String name, final File file, final boolean overwrite)
		throws IOException
	{
		CalibrationFile.write(get(name), file.toPath(), overwrite);
	}

	@Override
	public Calibration load(final File file, final String name) throws IOException {
		final Calibration c = CalibrationFile.read(file.toPath());
		final String n = name == null || name.trim().isEmpty() ? baseName(file) : name;
		put(n, c);
		return c;
	}

	private static String baseName(final File file) {
		final String s = file.getName();
		final String stem = ImageFiles.baseName(file.toPath());
		return s.toLowerCase().endsWith(".json") ? s.substring(0, s.length() - 5) : stem;
	}

	@Override
	public List<String> ops() {
		final List<String> names = new ArrayList<>();
		for (final CommandInfo info : commands.getCommandsOfType(ConformalOp.class))
			names.add(info.getName());
		Collections.sort(names);
		return names;
	}

	@Override
	public Map<String, Object> op(final String name, final Map<String, Object> inputs) {
		CommandInfo info = null;
		for (final CommandInfo c : commands.getCommandsOfType(ConformalOp.class))
			if (c.getName().equals(name)) info = c;
		if (info == null) {
			throw new IllegalArgumentException("no op named '" + name + "'; known: " + ops());
		}
		for (final String key : inputs.keySet()) {
			if (info.getInput(key) == null) {
				final List<String> known = new ArrayList<>();
				for (final ModuleItem<?> item : info.inputs())
					if (!Service.class.isAssignableFrom(item.getType())) known.add(item.getName());
				throw new IllegalArgumentException("op " + name + " has no input '" + key + "'; its inputs: " +
					known);
			}
		}
		final CommandModule module;
		try {
			module = commands.run(info, true, inputs).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("op " + name + " was interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause() == null ? e : e.getCause();
			throw new IllegalArgumentException("op " + name + " failed: " + cause.getMessage(), cause);
		}
		if (module.isCanceled()) {
			throw new IllegalArgumentException("op " + name + " failed: " + module.getCancelReason());
		}
		return outputs(module);
	}

	private static Map<String, Object> outputs(final Module module) {
		final Map<String, Object> out = new java.util.LinkedHashMap<>();
		for (final ModuleItem<?> item : module.getInfo().outputs())
			out.put(item.getName(), item.getValue(module));
		return out;
	}
}
