package sc.fiji.conformal.command;

import java.io.File;
import java.nio.file.Path;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import sc.fiji.conformal.batch.BatchCanceledException;
import sc.fiji.conformal.io.Dataset;

/**
 * Base of the Conformal Segmentation commands: progress and cancel between
 * images, and failures turned into a cancel reason prefixed by the stage
 * ("Calibration failed: ...") and logged.
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

	/** Logs the images a run skipped. */
	protected void reportSkipped(final Dataset data) {
		for (final Dataset.Failure f : data.failures())
			log.warn("Skipped " + f.id() + ": " + f.message());
		if (!data.failures().isEmpty()) {
			log.warn(data.failures().size() + " of " + data.size() + " image(s) were skipped");
		}
	}

	/** Cancels with "stage failed: reason" and logs it. */
	protected void fail(final String stage, final Exception e) {
		final String reason = e instanceof BatchCanceledException ? stage + " canceled: " + e
			.getMessage() : stage + " failed: " + (e.getMessage() == null ? e.toString() : e
				.getMessage());
		log.error(reason);
		if (!(e instanceof IllegalArgumentException) && !(e instanceof BatchCanceledException)) {
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
