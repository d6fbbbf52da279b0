package sc.fiji.conformal.ij;

import java.util.Arrays;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.service.Service;

import ij.IJ;
import sc.fiji.conformal.service.ConformalService;

/**
 * The SciJava context the ImageJ 1.x menu items run the commands in. Inside
 * Fiji it is Fiji's own (the context of the active imagej-legacy
 * {@code LegacyService}), so menu items, scripts and the search bar share
 * one {@link ConformalService} and its calibrations. In plain ImageJ 1.x it
 * is one narrow context (the commands' services only), made on first use
 * from this plugin's class loader and kept for the session; SciJava
 * disposes it when the JVM exits. Its status messages go to ImageJ's status
 * bar and progress bar (Fiji's own UI does that for Fiji's context).
 */
final class CommandContext {

	private static final String LEGACY_SERVICE = "net.imagej.legacy.LegacyService";

	/** The plain-ImageJ context, made on first use. */
	private static Context plain;

	/** Shows the plain context's status in ImageJ (held here: SciJava keeps subscribers weakly). */
	private static StatusBar statusBar;

	private CommandContext() {}

	/** Fiji's context when imagej-legacy is active, else the one plain-ImageJ context. */
	static Context get() {
		final Context fiji = fiji();
		return fiji != null ? fiji : plain();
	}

	/**
	 * The context of the active imagej-legacy service, or null outside Fiji.
	 * Looked up by name (imagej-legacy is Fiji's, not a dependency of this
	 * plugin); nothing is created when it is absent or inactive.
	 */
	static Context fiji() {
		try {
			final Class<?> legacy = Class.forName(LEGACY_SERVICE, false, CommandContext.class
				.getClassLoader());
			final Object service = legacy.getMethod("getInstance").invoke(null);
			return service instanceof Service ? ((Service) service).getContext() : null;
		}
		catch (final ClassNotFoundException e) {
			return null; // plain ImageJ 1.x
		}
		catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
			IJ.log("Conformal Segmentation: cannot reach Fiji's context (" + e +
				"); using a context of its own");
			return null;
		}
	}

	private static synchronized Context plain() {
		if (plain == null) {
			final ClassLoader loader = CommandContext.class.getClassLoader();
			plain = new Context(Arrays.asList(CommandService.class, ConformalService.class,
				ModuleService.class, LogService.class, StatusService.class, EventService.class),
				new PluginIndex(new DefaultPluginFinder(loader)));
			statusBar = new StatusBar();
			plain.service(EventService.class).subscribe(statusBar);
		}
		return plain;
	}

	/** ImageJ's status and progress bars for the plain context's status events. */
	static final class StatusBar {

		@EventHandler
		public void onEvent(final StatusEvent e) {
			final String message = e.getStatusMessage();
			if (message != null) IJ.showStatus(message);
			final int max = e.getProgressMaximum();
			if (max > 0) IJ.showProgress(e.getProgressValue(), max);
			else if (message == null || message.isEmpty()) IJ.showProgress(1.0);
		}
	}
}
