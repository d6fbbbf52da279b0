package sc.fiji.conformal.batch;

import sc.fiji.conformal.core.run.RunCanceledException;

/**
 * Thrown when a folder operation was canceled between images: a
 * {@link RunCanceledException} whose message names the operation and how far
 * it got.
 */
public final class BatchCanceledException extends RunCanceledException {

	private static final long serialVersionUID = 1L;

	/** @param what the operation and how far it got */
	public BatchCanceledException(final String what) {
		this(what, -1);
	}

	/**
	 * @param what the operation and how far it got
	 * @param completed images completed before the cancel, or -1 if unknown
	 */
	public BatchCanceledException(final String what, final int completed) {
		super(what, completed);
	}
}
