package sc.fiji.conformal.core.run;

/**
 * A run stopped because its {@link RunMonitor} canceled it (or the calling
 * thread was interrupted): the typed outcome of a cancel, which commands turn
 * into a cancel reason. Not a failure of any image.
 */
public class RunCanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int completed;

	/**
	 * @param message what was canceled and how far it got
	 * @param completed images whose results were delivered before the run
	 *          stopped
	 */
	public RunCanceledException(final String message, final int completed) {
		super(message);
		this.completed = completed;
	}

	/** Images whose results were delivered before the run stopped. */
	public int completed() {
		return completed;
	}
}
