package sc.fiji.conformal.ij;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.LoadInputsPreprocessor;
import org.scijava.module.process.ModulePostprocessor;
import org.scijava.module.process.ModulePreprocessor;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.plugin.PluginService;

import ij.IJ;
import ij.Macro;
import sc.fiji.conformal.command.ConformalCommand;
import sc.fiji.conformal.command.ConformalCommand.Outcome;

/**
 * Runs one SciJava command for an ImageJ 1.x menu item, the ImageJ 1.x way:
 * its inputs from a {@link CommandDialog} (or the macro's options), its run
 * on the menu item's own thread in {@link CommandContext}'s context, Esc
 * canceling it between images, and its outcome shown as ImageJ users expect:
 * outputs to the Log and to windows ({@link Outputs}, also for macros to
 * read), a failure as an error message that ends a running macro, a cancel
 * as a status and Log line that ends it too.
 * <p>
 * The run gets SciJava's own pre-processing (services, initializers,
 * required inputs) but no remembered values, no input harvesting (the dialog
 * gave every input) and no post-processing (this class shows the outputs).
 */
final class CommandBridge {

	private static final long ESC_POLL_MS = 100;

	private final Context context;
	private final Module module;
	private final String title;
	private final Map<String, Object> inputs = new LinkedHashMap<>();

	private CommandBridge(final Context context, final Module module) {
		this.context = context;
		this.module = module;
		this.title = module.getInfo().getTitle();
	}

	/**
	 * The command of that class name, in {@link CommandContext#get()}.
	 *
	 * @throws IllegalArgumentException if there is no such command
	 */
	static CommandBridge of(final String className) {
		final Context context = CommandContext.get();
		final CommandInfo info = context.service(CommandService.class).getCommand(className);
		if (info == null) throw new IllegalArgumentException("no command " + className);
		try {
			return new CommandBridge(context, context.service(ModuleService.class).createModule(info));
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("cannot create " + className + ": " + e, e);
		}
	}

	/** The command's title (the menu item's label). */
	String title() {
		return title;
	}

	/** The module that will run (its inputs hold the defaults until {@link #ask}). */
	Module module() {
		return module;
	}

	/**
	 * Asks for the inputs, except those in {@code skip}: a dialog, or the
	 * macro's options. Returns false if the user canceled the dialog.
	 *
	 * @throws IllegalArgumentException naming an input whose value is not valid
	 */
	boolean ask(final Set<String> skip) {
		final Map<String, Object> values = new CommandDialog(module, skip).show(title);
		if (values == null) return false;
		for (final Map.Entry<String, Object> e : values.entrySet())
			set(e.getKey(), e.getValue());
		return true;
	}

	/** Sets an input (also before {@link #ask}, e.g. one the dialog skips). */
	void set(final String name, final Object value) {
		module.setInput(name, value);
		module.resolveInput(name);
		inputs.put(name, value);
	}

	/**
	 * Runs the command with the inputs given so far and shows how it ended:
	 * on success its outputs ({@link Outputs#show}); on failure an ImageJ
	 * error naming the stage and the reason (which also ends a macro); on
	 * cancel (Esc) a status and Log line, ending a macro.
	 */
	Outcome run() {
		return run(Collections.<String> emptySet());
	}

	/** As {@link #run()}, without showing (or keeping for macros) the outputs named in {@code hidden}. */
	Outcome run(final Set<String> hidden) {
		final ModuleRunner runner = new ModuleRunner(context, module, preprocessors(), Collections
			.<ModulePostprocessor> emptyList());
		final Timer esc = watchEscape();
		Outcome outcome;
		String reason;
		try {
			final ModulePreprocessor refused = runner.preProcess();
			if (refused != null) {
				outcome = Outcome.FAILED;
				reason = title + " failed: " + refused.getCancelReason();
			}
			else {
				module.run();
				outcome = ConformalCommand.outcome(module);
				reason = module instanceof Cancelable ? ((Cancelable) module).getCancelReason() : null;
			}
		}
		catch (final OutOfMemoryError e) {
			esc.cancel();
			Outputs.clear(title);
			IJ.outOfMemory(title);
			return Outcome.FAILED;
		}
		catch (final RuntimeException | Error e) {
			// the commands turn their errors into outcomes: this is an error of the bridge or of SciJava
			outcome = Outcome.FAILED;
			reason = title + " failed: " + e;
		}
		finally {
			esc.cancel();
			IJ.showProgress(1.0);
		}
		switch (outcome) {
			case SUCCEEDED:
				Outputs.show(module, hidden);
				IJ.showStatus("");
				break;
			case CANCELED:
				Outputs.clear(title);
				final String why = reason == null || reason.isEmpty() ? title + " canceled" : reason;
				IJ.showStatus(why);
				IJ.log(why);
				if (Macro.getOptions() != null) Macro.abort();
				break;
			default:
				Outputs.clear(title);
				IJ.showStatus("");
				// with a title, IJ.error also ends a running macro
				IJ.error(title, reason == null || reason.isEmpty() ? title + " failed" : reason);
		}
		return outcome;
	}

	/** The inputs set so far, by name. */
	Map<String, Object> inputs() {
		return Collections.unmodifiableMap(inputs);
	}

	/** Cancels the command when Esc is pressed (checked every 100 ms while it runs). */
	private Timer watchEscape() {
		IJ.resetEscape();
		final Timer timer = new Timer(title + ": Esc", true);
		timer.schedule(new TimerTask() {

			@Override
			public void run() {
				if (IJ.escapePressed() && module instanceof Cancelable && !((Cancelable) module)
					.isCanceled()) ((Cancelable) module).cancel(title + " canceled (Esc)");
			}
		}, ESC_POLL_MS, ESC_POLL_MS);
		return timer;
	}

	/**
	 * SciJava's own pre-processors (services, initializers, validity, default
	 * values, required inputs), without the two that load and save remembered
	 * values and without any that other plugins add (input harvesters,
	 * imagej-legacy's macro pre-processor): the dialog gave every input.
	 */
	private List<ModulePreprocessor> preprocessors() {
		final List<ModulePreprocessor> pre = new ArrayList<>();
		for (final PreprocessorPlugin p : context.service(PluginService.class).createInstancesOfType(
			PreprocessorPlugin.class))
		{
			final Class<?> c = p.getClass();
			if (c.getName().startsWith("org.scijava.module.process.") && c != LoadInputsPreprocessor.class &&
				c != SaveInputsPreprocessor.class && !c.getSimpleName().equals("DebugPreprocessor"))
			{
				pre.add(p);
			}
		}
		return pre;
	}
}
