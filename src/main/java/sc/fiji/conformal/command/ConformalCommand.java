package sc.fiji.conformal.command;

import java.io.File;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.Cancelable;
import org.scijava.command.CommandModule;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.plugin.Parameter;

import java.util.List;

import sc.fiji.conformal.core.Rounding;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;

/**
 * Base of the Conformal Segmentation commands: progress and cancel between
 * images, the runner of a {@code threads} parameter, and failures turned into
 * a cancel reason prefixed by the stage ("Calibration failed: ...",
 * "Calibration canceled: ...") and logged. How a run ended is a typed
 * {@link Outcome}, so callers (the headless launcher, the ImageJ 1.x menu
 * bridge) tell a failure from a cancel without reading the reason's text.
 */
public abstract class ConformalCommand extends ContextCommand {

	/** How a run of a command ended. */
	public enum Outcome {
		/** It ran to the end; its outputs are set. */
		SUCCEEDED,
		/** It stopped on an error; the cancel reason says which ("Calibration failed: ..."). */
		FAILED,
		/** It was canceled (Esc, a cancel request, or before it ran); the cancel reason says how far it got. */
		CANCELED
	}

	private volatile Exception failure;
	/** True once {@link #fail} gave the run's final cancel reason. */
	private boolean ended;

	@Parameter
	protected LogService log;

	@Parameter(persist = false, required = false)
	private StatusService status;

	/** A monitor that shows "verb i/n: id" and stops when this command is canceled. */
	protected Dataset.Monitor monitor(final String verb) {
		return new Dataset.Monitor() {

			@Override
			public void progress(final int index, final int total, final String id) {
				if (status != null) status.showStatus(index + 1, total, verb + " " + (index + 1) + "/" +
					total + ": " + id);
			}

			@Override
			public boolean isCanceled() {
				return ConformalCommand.this.isCanceled() || Thread.currentThread().isInterrupted();
			}
		};
	}

	/**
	 * The runner of a {@code threads} parameter: that many threads, or all
	 * cores for 0.
	 *
	 * @throws IllegalArgumentException if {@code threads} is negative
	 */
	protected static Runner runner(final int threads) {
		return LocalRunner.of(threads);
	}

	/** Logs each warning ({@link sc.fiji.conformal.core.SetWarnings}) as a warning. */
	protected void warn(final List<String> warnings) {
		for (final String w : warnings)
			log.warn(w);
	}

	/** Logs the images a run skipped, of {@code total}. */
	protected void reportSkipped(final List<ImageFailure> failures, final int total) {
		for (final ImageFailure f : failures)
			log.warn("Skipped " + f.id() + ": " + f.message());
		if (!failures.isEmpty()) {
			log.warn(failures.size() + " of " + total + " image(s) were skipped");
		}
	}

	/**
	 * How the run ended, once it has: {@link Outcome#FAILED} after
	 * {@link #fail} with an error, {@link Outcome#CANCELED} when canceled
	 * (also by {@link #fail} with a cancel), else {@link Outcome#SUCCEEDED}.
	 */
	public Outcome outcome() {
		return failure != null ? Outcome.FAILED : isCanceled() ? Outcome.CANCELED
			: Outcome.SUCCEEDED;
	}

	/**
	 * Whether a finished run of a module failed on its input: a parameter
	 * with a wrong value, a file or folder not given or not there, data it
	 * cannot use (an {@link IllegalArgumentException} or a
	 * {@link NoSuchFileException}), rather than on an error while it worked
	 * (a file it could not read or write).
	 */
	public static boolean failedOnInput(final Module module) {
		if (!(module instanceof CommandModule) || !(((CommandModule) module)
			.getCommand() instanceof ConformalCommand)) return false;
		final Exception e = ((ConformalCommand) ((CommandModule) module).getCommand()).failure();
		return e instanceof IllegalArgumentException || e instanceof NoSuchFileException;
	}

	/**
	 * An output value as people read it (what the headless launcher prints):
	 * numbers with 4 significant digits, anything else by its
	 * {@code toString()} (calibrations and validations summarise themselves);
	 * null for null and for NaN (a side the method does not have).
	 */
	public static String readable(final Object value) {
		if (value instanceof Double || value instanceof Float) {
			final double d = ((Number) value).doubleValue();
			return Double.isNaN(d) ? null : Rounding.of(d);
		}
		return value == null ? null : value.toString();
	}

	/** The error a {@link Outcome#FAILED} run stopped on, else null. */
	public Exception failure() {
		return failure;
	}

	/**
	 * How a finished run of a module ended: a Conformal Segmentation command's
	 * own {@link #outcome()}; for any other module, {@link Outcome#CANCELED} if
	 * it was canceled, else {@link Outcome#SUCCEEDED}. A command canceled by
	 * pre-processing, before it ran, is {@link Outcome#CANCELED}.
	 */
	public static Outcome outcome(final Module module) {
		if (module instanceof CommandModule && ((CommandModule) module)
			.getCommand() instanceof ConformalCommand)
		{
			return ((ConformalCommand) ((CommandModule) module).getCommand()).outcome();
		}
		return module instanceof Cancelable && ((Cancelable) module).isCanceled() ? Outcome.CANCELED
			: Outcome.SUCCEEDED;
	}

	/**
	 * Ends the run: cancels with "stage failed: reason" (outcome
	 * {@link Outcome#FAILED}) and logs it as an error, or, for a
	 * {@link RunCanceledException} or any error after a cancel request (a
	 * pass cut short by the cancel), with "stage canceled: how far it got"
	 * (outcome {@link Outcome#CANCELED}). A message-less exception is named by
	 * its type, never "null".
	 */
	protected void fail(final String stage, final Exception e) {
		final boolean canceled = e instanceof RunCanceledException || isCanceled();
		final String reason;
		if (canceled) {
			reason = stage + " canceled" + (e instanceof RunCanceledException ? ": " + e.getMessage()
				: "");
			log.info(reason);
			log.debug(e);
		}
		else {
			reason = stage + " failed: " + message(e);
			failure = e;
			log.error(reason);
			if (!(e instanceof IllegalArgumentException)) log.debug(e);
		}
		clearStatus();
		synchronized (this) {
			super.cancel(reason);
			ended = true;
		}
	}

	/**
	 * Cancels, unless the run has already ended with its own reason
	 * ({@link #fail}): a request that arrives while a failing or canceled
	 * run is reporting (Esc polled by the GUI bridge) does not replace the
	 * reason that says how far it got.
	 */
	@Override
	public synchronized void cancel(final String reason) {
		if (!ended) super.cancel(reason);
	}

	/** Clears the status bar (if there is one). */
	protected void clearStatus() {
		if (status != null) status.clearStatus();
	}

	/**
	 * What went wrong, in words: the exception's message, a file error's file
	 * with what happened to it ("x.json: no such file"), or the exception's
	 * type when it has no message.
	 */
	static String message(final Exception e) {
		if (e instanceof FileSystemException && ((FileSystemException) e).getReason() == null) {
			final String what = e instanceof NoSuchFileException ? "no such file"
				: e instanceof AccessDeniedException ? "access denied"
					: e instanceof FileAlreadyExistsException ? "it exists already" : e.getClass()
						.getSimpleName();
			return e.getMessage() + ": " + what;
		}
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	/**
	 * Whether an {@code imageIs} parameter says the image is a score map.
	 *
	 * @throws IllegalArgumentException unless it is "scores" or "prediction"
	 */
	protected static boolean isScores(final String imageIs) {
		if ("scores".equals(imageIs)) return true;
		if ("prediction".equals(imageIs)) return false;
		throw new IllegalArgumentException("imageIs must be scores or prediction, got '" + imageIs +
			"'");
	}

	/** A file parameter as a path, or null. */
	protected static Path path(final File f) {
		return f == null ? null : f.toPath();
	}
}
