package sc.fiji.conformal.io;

/**
 * A calibration file whose content cannot be used: it is not valid JSON, a
 * field is missing or has the wrong type, it was written by a newer version of
 * the format, a name (method, shape, …) is unknown, or its stored λ̂, n or k
 * disagree with the ones its scores give. The message names the file and the
 * field. Unchecked, like the rest of the engine's input errors; I/O failures
 * (no such file, no permission) stay {@link java.io.IOException}s.
 */
public class CalibrationFileException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * An error without an underlying cause.
	 *
	 * @param message what is wrong, naming the file and the field
	 */
	public CalibrationFileException(final String message) {
		super(message);
	}

	/**
	 * An error caused by a parse or validation failure.
	 *
	 * @param message what is wrong, naming the file and the field
	 * @param cause the underlying parse or validation error
	 */
	public CalibrationFileException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
