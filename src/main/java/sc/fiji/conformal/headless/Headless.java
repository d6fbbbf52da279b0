package sc.fiji.conformal.headless;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.log.StderrLogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;
import org.scijava.script.ScriptService;
import org.scijava.service.Service;
import org.scijava.util.Types;

import sc.fiji.conformal.command.ConformalCommand;
import sc.fiji.conformal.command.MethodCommand;
import sc.fiji.conformal.script.FallbackLanguages;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.service.DefaultConformalService;

/**
 * Fiji's headless interface for machines without Fiji:
 *
 * <pre>
 * conformal-headless --run "Calibrate Conformal Sets" 'scores="/d/scores",masks="/d/masks",method="dilation",alpha=0.1'
 * conformal-headless path/to/script.groovy 'key="value"'
 * </pre>
 *
 * Runs one command (by title or class name) or one script with the given
 * parameters, prints its outputs as {@code name = value} lines for people
 * ({@link ConformalCommand#readable}), and exits 0 only if it succeeded: 1
 * when it failed while it worked, 2 on a usage error or bad input (see
 * {@link ConformalCommand#failedOnInput}), 3 when it was canceled (with the
 * reason on stderr, once). {@code --help} lists the commands,
 * {@code --help "Title"} one command's parameters. Parameter values
 * remembered from earlier runs are never used: preferences live in a fresh
 * temporary folder.
 */
public final class Headless {

	/** Exit code of a failed command or script. */
	public static final int FAILED = 1;
	/** Exit code of a usage error. */
	public static final int USAGE = 2;
	/** Exit code of a canceled command or script. */
	public static final int CANCELED = 3;

	private Headless() {}

	/** Entry point; see the class description. */
	public static void main(final String... args) {
		isolatePreferences();
		System.exit(run(args, System.out, System.err));
	}

	/** Runs and returns the exit code (0 on success). */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		System.setProperty("java.awt.headless", "true");
		if (args.length == 0) {
			err.println(usage(null));
			return USAGE;
		}
		final String help = helpTarget(args);
		if (help != null) return help(help, out, err);
		final boolean command = args[0].equals("--run");
		if (command && args.length < 2) {
			err.println("--run needs a command title\n" + usage(null));
			return USAGE;
		}
		final String target = command ? args[1] : args[0];
		final String params = command ? (args.length > 2 ? args[2] : "") : (args.length > 1 ? args[1]
			: "");
		if (args.length > (command ? 3 : 2)) {
			err.println("too many arguments: put all parameters in one quoted argument\n" + usage(null));
			return USAGE;
		}
		final Map<String, Object> inputs;
		try {
			inputs = Parameters.parse(params);
		}
		catch (final IllegalArgumentException e) {
			err.println("bad parameters: " + e.getMessage());
			return USAGE;
		}
		try (Context context = new Context(CommandService.class, ScriptService.class,
			ConformalService.class, LogService.class, StatusService.class))
		{
			// scripts report failures only to the log (ScriptModule catches them)
			final List<String> errors = new CopyOnWriteArrayList<>();
			final LogListener listener = m -> {
				if (m.level() != LogLevel.ERROR) return;
				final Throwable t = m.throwable();
				errors.add(t == null ? m.text() : t.getMessage() == null ? t.toString() : t.getMessage());
			};
			final LogService log = context.service(LogService.class);
			quiet(log, err);
			log.addLogListener(listener);
			final Module module;
			try {
				module = command ? runCommand(context, target, inputs) : runScript(context, target, inputs);
			}
			catch (final UsageException e) {
				err.println(e.getMessage());
				return USAGE;
			}
			catch (final CanceledException e) {
				err.println(e.getMessage() == null || e.getMessage().isEmpty() ? target + " was canceled" : e
					.getMessage());
				return CANCELED;
			}
			catch (final ExecutionException e) {
				Throwable cause = e;
				while (cause.getCause() != null && cause.getCause() != cause)
					cause = cause.getCause(); // past ModuleException("Module threw exception")
				err.println(target + " failed: " + (cause.getMessage() == null ? cause.toString() : cause
					.getMessage()));
				return FAILED;
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				err.println(target + " was interrupted");
				return FAILED;
			}
			finally {
				log.removeLogListener(listener);
			}
			final ConformalCommand.Outcome outcome = ConformalCommand.outcome(module);
			if (outcome != ConformalCommand.Outcome.SUCCEEDED) {
				final String reason = module instanceof Cancelable ? ((Cancelable) module)
					.getCancelReason() : null;
				err.println(reason == null || reason.isEmpty() ? target + " was canceled" : reason);
				if (outcome == ConformalCommand.Outcome.CANCELED) return CANCELED;
				return ConformalCommand.failedOnInput(module) ? USAGE : FAILED;
			}
			if (!command && !errors.isEmpty()) {
				err.println(target + " failed: " + String.join("; ", new LinkedHashSet<>(errors)));
				return FAILED;
			}
			for (final ModuleItem<?> item : module.getInfo().outputs()) {
				final String v = ConformalCommand.readable(item.getValue(module));
				if (v != null) out.println(item.getName() + " = " + v);
			}
			return 0;
		}
	}

	private static Module runCommand(final Context context, final String title,
		final Map<String, Object> inputs) throws UsageException, CanceledException,
		InterruptedException, ExecutionException
	{
		final CommandInfo found = find(context, title, false);
		check(context, found, inputs, title);
		if (found.getInput("alphaInner") != null) {
			try {
				MethodCommand.checkTyped(inputs);
			}
			catch (final IllegalArgumentException e) {
				throw new UsageException(title + ": " + e.getMessage());
			}
		}
		return run(context, found, inputs);
	}

	/**
	 * Conformal Segmentation's command of this title or class name; with
	 * {@code lenient}, also by a case-insensitive title or the start of exactly
	 * one title ("calibrate").
	 *
	 * @throws UsageException listing the commands when none (or several) match
	 */
	private static CommandInfo find(final Context context, final String title,
		final boolean lenient) throws UsageException
	{
		final List<CommandInfo> ours = commands(context);
		for (final CommandInfo info : context.service(CommandService.class).getCommands())
			if (title.equals(info.getTitle()) || title.equals(info.getClassName())) return info;
		if (lenient) {
			final List<CommandInfo> starts = new ArrayList<>();
			for (final CommandInfo info : ours) {
				if (info.getTitle().equalsIgnoreCase(title.trim())) return info;
				if (info.getTitle().toLowerCase(Locale.ROOT).startsWith(title.trim().toLowerCase(
					Locale.ROOT))) starts.add(info);
			}
			if (starts.size() == 1) return starts.get(0);
		}
		throw new UsageException("no command titled '" + title + "'; Conformal Segmentation has: " +
			titles(ours));
	}

	/** Conformal Segmentation's commands, in title order. */
	private static List<CommandInfo> commands(final Context context) {
		final List<CommandInfo> ours = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands())
			if (info.getClassName().startsWith("sc.fiji.conformal.command.")) ours.add(info);
		ours.sort(Comparator.comparing(CommandInfo::getTitle));
		return ours;
	}

	private static String titles(final List<CommandInfo> commands) {
		final List<String> t = new ArrayList<>();
		for (final CommandInfo info : commands)
			t.add(info.getTitle());
		return String.join(", ", t);
	}

	/**
	 * What help was asked for: "" for the general usage ({@code --help}), a
	 * command's title ({@code --help T}, {@code --run T --help}, or
	 * {@code T --help} when T is no file), or null when none was.
	 */
	private static String helpTarget(final String[] args) {
		final boolean first = args[0].equals("--help") || args[0].equals("-h");
		if (first) return args.length > 1 ? args[1] : "";
		final boolean command = args[0].equals("--run");
		final int at = command ? 2 : 1;
		if (args.length == at + 1 && (args[at].equals("--help") || args[at].equals("-h")) &&
			(command || !new File(args[0]).isFile()))
		{
			return command ? args[1] : args[0];
		}
		return null;
	}

	/** Prints the usage with the list of commands, or one command's parameters. */
	private static int help(final String target, final PrintStream out, final PrintStream err) {
		try (Context context = new Context(CommandService.class, ModuleService.class,
			ConformalService.class, LogService.class))
		{
			quiet(context.service(LogService.class), err);
			if (target.isEmpty()) {
				out.println(usage(titles(commands(context))));
				return 0;
			}
			final CommandInfo info;
			try {
				info = find(context, target, true);
			}
			catch (final UsageException e) {
				err.println(e.getMessage());
				return USAGE;
			}
			out.println(parameters(context, info));
			return 0;
		}
	}

	/**
	 * A command's parameters, one a line: name, type, default, range or
	 * choices, and its description.
	 */
	private static String parameters(final Context context, final CommandInfo info) {
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = modules.createModule(info); // its fields hold the defaults
		final StringBuilder sb = new StringBuilder(info.getTitle() + ": " + (info
			.getDescription() == null || info.getDescription().isEmpty() ? "" : info.getDescription() +
				"\n") + "parameters (key=value, separated by commas; text in double quotes):\n");
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType())) continue;
			sb.append("  ").append(item.getName()).append(" (").append(item.getType().getSimpleName());
			final String value = ConformalCommand.readable(item.getValue(module));
			if (value != null && !value.isEmpty()) sb.append(", default ").append(value);
			if (item.getChoices() != null && !item.getChoices().isEmpty()) sb.append(", one of ").append(
				item.getChoices());
			else if (item.getMinimumValue() != null || item.getMaximumValue() != null) {
				sb.append(", ").append(item.getMinimumValue() == null ? "" : ConformalCommand.readable(item
					.getMinimumValue())).append("…").append(item.getMaximumValue() == null ? ""
						: ConformalCommand.readable(item.getMaximumValue()));
			}
			if (item.isRequired() && needsValue(item.getType())) sb.append(", required");
			sb.append(")");
			// the dialog's label, then its line of help
			final String label = item.getLabel() == null || item.getLabel().equals(item.getName()) ? ""
				: item.getLabel();
			final String help = item.getDescription() == null ? "" : item.getDescription();
			final String d = label.isEmpty() ? help : help.isEmpty() ? label : label + ": " + help;
			if (!d.isEmpty()) sb.append(": ").append(d);
			sb.append('\n');
		}
		sb.append("outputs:");
		for (final ModuleItem<?> item : info.outputs())
			sb.append(' ').append(item.getName());
		return sb.toString();
	}

	/**
	 * Routes the log: warnings to {@code err}; errors are not printed by the
	 * log, since the launcher reports each failure once itself, and
	 * information is not either, since the outputs carry it.
	 */
	private static void quiet(final LogService log, final PrintStream err) {
		if (!(log instanceof StderrLogService)) return;
		final PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
		((StderrLogService) log).setPrintStreams(level -> level == LogLevel.WARN ? err : nowhere);
	}

	private static Module runScript(final Context context, final String path,
		final Map<String, Object> inputs) throws UsageException, CanceledException,
		InterruptedException, ExecutionException
	{
		final File file = new File(path);
		if (!file.isFile()) throw new UsageException("no such script: " + path);
		// Groovy and Jython, which SciJava does not adapt by itself outside Fiji (only for
		// scripts: a command run never builds the language index)
		FallbackLanguages.addMissing(context);
		final ScriptService scripts = context.service(ScriptService.class);
		if (scripts.getLanguageByExtension(extension(file)) == null) {
			throw new UsageException("no script language for " + path + "; languages: " + scripts
				.getLanguages());
		}
		final ModuleInfo info = scripts.getScript(file);
		check(context, info, inputs, path);
		return run(context, info, inputs);
	}

	/**
	 * Runs a module with the standard pre- and post-processing except the two
	 * steps that load and save remembered input values, so that an unset
	 * parameter always takes its declared default, in-process too (scripts'
	 * declared defaults are passed explicitly, as SciJava leaves unset script
	 * numbers at 0 or null). A pre-processor's cancel, which SciJava records
	 * only on cancelable modules (commands, not scripts), is thrown.
	 */
	private static Module run(final Context context, final ModuleInfo info,
		final Map<String, Object> inputs) throws CanceledException, InterruptedException,
		ExecutionException
	{
		final Map<String, Object> all = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (!inputs.containsKey(item.getName()) && item.getDefaultValue() != null && !Service.class
				.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(item.getType()))
			{
				all.put(item.getName(), item.getDefaultValue());
			}
		}
		all.putAll(inputs);
		final PluginService plugins = context.service(PluginService.class);
		final List<PreprocessorPlugin> pre = DefaultConformalService.preprocessorsWithoutMemory(plugins);
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = modules.run(modules.createModule(info), pre, plugins
			.createInstancesOfType(PostprocessorPlugin.class), all).get();
		for (final PreprocessorPlugin p : pre)
			if (p.isCanceled()) throw new CanceledException(p.getCancelReason());
		return module;
	}

	/** Unknown, missing or unconvertible parameters are usage errors, named. */
	private static void check(final Context context, final ModuleInfo info,
		final Map<String, Object> inputs, final String what) throws UsageException
	{
		final List<String> known = new ArrayList<>();
		final List<String> missing = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType())) continue;
			known.add(item.getName());
			if (item.isRequired() && !inputs.containsKey(item.getName()) && needsValue(item.getType())) {
				missing.add(item.getName());
			}
		}
		for (final String key : inputs.keySet()) {
			if (!known.contains(key)) {
				throw new UsageException(what + " has no parameter '" + key + "'; its parameters: " + known);
			}
		}
		if (!missing.isEmpty()) {
			throw new UsageException(what + " needs the parameter(s) " + missing + "; its parameters: " +
				known);
		}
		final ConvertService convert = context.service(ConvertService.class);
		for (final Map.Entry<String, Object> e : inputs.entrySet()) {
			final Class<?> type = info.getInput(e.getKey()).getType();
			if (e.getValue() != null && convert.convert(e.getValue(), Types.box(type)) == null) {
				throw new UsageException(what + ": parameter '" + e.getKey() + "' must be a " + type
					.getSimpleName() + ", got '" + e.getValue() + "'");
			}
		}
	}

	/**
	 * Whether an unset required input of this type has no usable default:
	 * files, images and other objects (numbers, booleans and text start from
	 * their declared defaults).
	 */
	private static boolean needsValue(final Class<?> type) {
		return !type.isPrimitive() && type != String.class && !Number.class.isAssignableFrom(type) &&
			type != Boolean.class;
	}

	private static String extension(final File f) {
		final String n = f.getName();
		final int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1);
	}

	/** Points Java preferences at a fresh folder, so no remembered value is reused. */
	static void isolatePreferences() {
		try {
			final File dir = Files.createTempDirectory("conformal-prefs").toFile();
			dir.deleteOnExit();
			System.setProperty("java.util.prefs.userRoot", dir.getAbsolutePath());
			System.setProperty("java.util.prefs.systemRoot", dir.getAbsolutePath());
		}
		catch (final IOException e) {
			// without a temp folder, persist = false on every path parameter still applies
		}
	}

	/** The usage, with Conformal Segmentation's commands if known. */
	static String usage(final String commands) {
		return "usage: conformal-headless --run \"Command Title\" 'key=value,key2=\"text\"'\n" +
			"       conformal-headless path/to/script.groovy 'key=value'\n" +
			"       conformal-headless --help [\"Command Title\"]   (a command's parameters)\n" +
			(commands == null ? "commands: conformal-headless --help lists them"
				: "commands: " + commands);
	}

	/** A run canceled before the module ran. */
	static final class CanceledException extends Exception {

		private static final long serialVersionUID = 1L;

		CanceledException(final String reason) {
			super(reason);
		}
	}

	/** A mistake in how the launcher was called. */
	static final class UsageException extends Exception {

		private static final long serialVersionUID = 1L;

		UsageException(final String message) {
			super(message);
		}
	}
}
