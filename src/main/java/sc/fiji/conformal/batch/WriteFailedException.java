package sc.fiji.conformal.batch;

import java.io.IOException;

/**
 * Applying to a folder could not write the sets of some images (a full disk,
 * no permission, a name too long): every other image was processed, and the
 * report says what was written and, for each failed image, the file and the
 * reason.
 */
public final class WriteFailedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient ApplyReport report;

	WriteFailedException(final ApplyReport report) {
		super(report.summary());
		this.report = report;
	}

	/** What the run wrote, skipped and failed to write. */
	public ApplyReport report() {
		return report;
	}
}
