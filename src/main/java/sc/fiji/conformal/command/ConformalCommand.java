package sc.fiji.conformal.command;

import java.io.File;
import java.nio.file.Path;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import java.util.List;

import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;

/**
 * Base of the Conformal Segmentation commands: progress and cancel between
 * images, the runner of a {@code threads} parameter, and failures turned into
 * a cancel reason prefixed by the stage ("Calibration failed: ...",
 * "Calibration canceled: ...") and logged.
 */
public abstract class ConformalCommand extends ContextCommand {

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

	/** Logs the images a run skipped, of {@code total}. */
	protected void reportSkipped(final List<ImageFailure> failures, final int total) {
		for (final ImageFailure f : failures)
			log.warn("Skipped " + f.id() + ": " + f.message());
		if (!failures.isEmpty()) {
			log.warn(failures.size() + " of " + total + " image(s) were skipped");
		}
	}

	/**
	 * Cancels with "stage failed: reason" (or "stage canceled: how far it got"
	 * for a {@link RunCanceledException}) and logs it.
	 */
	protected void fail(final String stage, final Exception e) {
		final boolean canceled = e instanceof RunCanceledException;
		final String reason = canceled ? stage + " canceled: " + e.getMessage() : stage + " failed: " +
			(e.getMessage() == null ? e.toString() : e.getMessage());
		log.error(reason);
		if (!(e instanceof IllegalArgumentException) && !canceled) {
			log.debug(e);
		}
		clearStatus();
		cancel(reason);
	}

	/** Clears the status bar (if there is one). */
	protected void clearStatus() {
		if (status != null) status.clearStatus();
	}

	/** A file parameter as a path, or null. */
	protected static Path path(final File f) {
		return f == null ? null : f.toPath();
	}
}
