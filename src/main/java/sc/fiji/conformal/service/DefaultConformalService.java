package sc.fiji.conformal.service;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.LoadInputsPreprocessor;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.PluginService;
import org.scijava.script.ScriptService;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.scijava.util.Types;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.ops.ConformalOp;

/** The default {@link ConformalService}: calibrations in a concurrent map. */
@Plugin(type = Service.class)
public class DefaultConformalService extends AbstractService implements ConformalService {

	@Parameter
	private CommandService commands;

	@Parameter
	private ModuleService modules;

	@Parameter
	private PluginService plugins;

	@Parameter
	private ConvertService convert;

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
		final String n = name == null || name.trim().isEmpty() ? defaultName(file) : name;
		put(n, c);
		return c;
	}

	/** The name a calibration file is kept under when none is given: its name without .json. */
	public static String defaultName(final File file) {
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
		final Map<String, Object> given = inputs == null ? Collections.emptyMap() : inputs;
		for (final Map.Entry<String, Object> e : given.entrySet()) {
			final ModuleItem<?> input = info.getInput(e.getKey());
			if (input == null) {
				final List<String> known = new ArrayList<>();
				for (final ModuleItem<?> item : info.inputs())
					if (!Service.class.isAssignableFrom(item.getType())) known.add(item.getName());
				throw new IllegalArgumentException("op " + name + " has no input '" + e.getKey() +
					"'; its inputs: " + known);
			}
			if (e.getValue() != null && convert.convert(e.getValue(), Types.box(input.getType())) == null) {
				throw new IllegalArgumentException("op " + name + ": input '" + e.getKey() + "' must be a " +
					input.getType().getSimpleName() + ", got " + e.getValue().getClass().getSimpleName());
			}
		}
		final Module module;
		try {
			module = modules.run(modules.createModule(info), preprocessorsWithoutMemory(plugins), plugins
				.createInstancesOfType(PostprocessorPlugin.class), given).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("op " + name + " was interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = rootCause(e);
			throw new IllegalArgumentException("op " + name + " failed: " + (cause.getMessage() == null
				? cause.toString() : cause.getMessage()), cause);
		}
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			throw new IllegalArgumentException("op " + name + " failed: " + ((Cancelable) module)
				.getCancelReason());
		}
		return outputs(module);
	}

	/**
	 * The standard pre-processing without the two steps that load and save
	 * remembered input values, so a run depends on its given inputs only (ops
	 * here, commands and scripts in the headless launcher).
	 */
	public static List<PreprocessorPlugin> preprocessorsWithoutMemory(final PluginService plugins) {
		final List<PreprocessorPlugin> pre = new ArrayList<>();
		for (final PreprocessorPlugin p : plugins.createInstancesOfType(PreprocessorPlugin.class))
			if (!(p instanceof LoadInputsPreprocessor) && !(p instanceof SaveInputsPreprocessor)) pre.add(p);
		return pre;
	}

	/** The innermost cause (past ExecutionException and ModuleException wrappers). */
	private static Throwable rootCause(final Throwable t) {
		Throwable c = t;
		while (c.getCause() != null && c.getCause() != c)
			c = c.getCause();
		return c;
	}

	private static Map<String, Object> outputs(final Module module) {
		final Map<String, Object> out = new java.util.LinkedHashMap<>();
		for (final ModuleItem<?> item : module.getInfo().outputs())
			out.put(item.getName(), item.getValue(module));
		return out;
	}
}
