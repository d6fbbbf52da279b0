package sc.fiji.conformal.batch;

/** Thrown when a folder operation was canceled between images. */
public final class BatchCanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** @param what the operation and how far it got */
	public BatchCanceledException(final String what) {
		super(what);
	}
}
