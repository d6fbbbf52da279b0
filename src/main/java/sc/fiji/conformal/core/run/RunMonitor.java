package sc.fiji.conformal.core.run;

/**
 * Sees a run's progress and may cancel it. A {@link Runner} calls it on the
 * thread that called {@link Runner#run}, never on a worker thread, so an
 * implementation need not be thread-safe.
 */
public interface RunMonitor {

	/** Sees nothing and never cancels. */
	RunMonitor NONE = () -> false;

	/**
	 * Called before entry {@code index} (0-based, in entry order) is handed to
	 * a worker.
	 */
	default void started(final int index) {
		// nothing by default
	}

	/**
	 * True to stop handing out entries. The entries already handed out finish
	 * and are delivered, then the run throws {@link RunCanceledException}.
	 */
	boolean isCanceled();
}
