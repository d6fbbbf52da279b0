package sc.fiji.conformal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.conformal.core.run.ImageFailure;

/** What applying a calibration to a folder wrote and skipped. Immutable. */
public final class ApplyReport {

	private final Path output;
	private final int images;
	private final List<Path> written;
	private final List<ImageFailure> failures;
	private final List<ImageFailure> writeFailures;
	private final List<String> warnings;

	ApplyReport(final Path output, final int images, final List<Path> written,
		final List<ImageFailure> failures, final List<ImageFailure> writeFailures,
		final List<String> warnings)
	{
		this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
		this.output = output;
		this.images = images;
		this.written = Collections.unmodifiableList(new ArrayList<>(written));
		this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
		this.writeFailures = Collections.unmodifiableList(new ArrayList<>(writeFailures));
	}

	/** The output folder. */
	public Path output() {
		return output;
	}

	/** Images whose sets were written. */
	public int images() {
		return images;
	}

	/** Every file written. */
	public List<Path> written() {
		return written;
	}

	/** Images skipped, with the reason. */
	public List<ImageFailure> failures() {
		return failures;
	}

	/**
	 * Images whose sets could not be written, each with the file and the
	 * reason (a run with any ends in {@link WriteFailedException}).
	 */
	public List<ImageFailure> writeFailures() {
		return writeFailures;
	}

	/** What the sets' sizes say of the calibration ({@link sc.fiji.conformal.core.SetWarnings}). */
	public List<String> warnings() {
		return warnings;
	}

	/** One line: counts, the skipped images, the images whose sets could not be written, and warnings. */
	public String summary() {
		final StringBuilder sb = new StringBuilder("applied to " + images + " image(s), wrote " +
			written.size() + " file(s) under " + output);
		if (!failures.isEmpty()) {
			sb.append("; skipped ").append(failures.size()).append(": ");
			for (int i = 0; i < failures.size(); i++)
				sb.append(i == 0 ? "" : "; ").append(failures.get(i));
		}
		if (!writeFailures.isEmpty()) {
			sb.append("; could not write the sets of ").append(writeFailures.size()).append(
				" image(s): ");
			for (int i = 0; i < writeFailures.size(); i++)
				sb.append(i == 0 ? "" : "; ").append(writeFailures.get(i));
		}
		for (final String w : warnings)
			sb.append(". Warning: ").append(w);
		return sb.toString();
	}
}
