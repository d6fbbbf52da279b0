package sc.fiji.conformal.core.run;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The outcome of the work on one image: a value, or an {@link ImageFailure}
 * naming the image and what went wrong. Per-image functions return it so that
 * one bad image is reported and skipped while the run goes on. Immutable;
 * serializable when its value is.
 *
 * <pre>
 * ImageResult&lt;Sample&gt; loaded = ImageResult.attempt(id, () -&gt; read(files));
 * ImageResult&lt;ImageScore&gt; scored = loaded.map(s -&gt; ImageScores.score(settings, s));
 * </pre>
 *
 * @param <T> the value type
 */
public final class ImageResult<T> implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Work that may fail on bad input. */
	@FunctionalInterface
	public interface Attempt<T> {

		/**
		 * @throws IOException if a file cannot be read
		 * @throws IllegalArgumentException on bad content
		 */
		T get() throws IOException;
	}

	/** A step applied to a value that may reject it. */
	@FunctionalInterface
	public interface Step<T, U> {

		/** @throws IllegalArgumentException if the value cannot be used */
		U apply(T value);
	}

	private final String id;
	private final T value;
	private final ImageFailure failure;

	private ImageResult(final String id, final T value, final ImageFailure failure) {
		this.id = id;
		this.value = value;
		this.failure = failure;
	}

	/**
	 * A success.
	 *
	 * @throws IllegalArgumentException if id is null
	 */
	public static <T> ImageResult<T> of(final String id, final T value) {
		if (id == null) throw new IllegalArgumentException("an image result needs an id");
		return new ImageResult<>(id, value, null);
	}

	/**
	 * A failure.
	 *
	 * @throws IllegalArgumentException if the failure is null
	 */
	public static <T> ImageResult<T> failed(final ImageFailure failure) {
		if (failure == null) throw new IllegalArgumentException("a failed image result needs its failure");
		return new ImageResult<>(failure.id(), null, failure);
	}

	/**
	 * Runs {@code work}: its value, or a failure (with no file named) when it
	 * throws an {@link IOException}, an {@link UncheckedIOException} or an
	 * {@link IllegalArgumentException}, or runs out of memory or stack (an
	 * image too large for this Java). Other exceptions are defects and
	 * propagate.
	 */
	public static <T> ImageResult<T> attempt(final String id, final Attempt<T> work) {
		try {
			return of(id, work.get());
		}
		catch (final IOException | UncheckedIOException | IllegalArgumentException e) {
			return failed(ImageFailure.of(id, null, e));
		}
		catch (final OutOfMemoryError | StackOverflowError e) {
			return failed(ImageFailure.of(id, null, e));
		}
	}

	/**
	 * The step applied to the value, or this failure unchanged. An
	 * {@link IllegalArgumentException} from the step, or running out of memory
	 * or stack in it, becomes a failure of the same image.
	 */
	public <U> ImageResult<U> map(final Step<? super T, ? extends U> step) {
		if (failure != null) return failed(failure);
		try {
			return of(id, step.apply(value));
		}
		catch (final IllegalArgumentException e) {
			return failed(ImageFailure.of(id, null, e));
		}
		catch (final OutOfMemoryError | StackOverflowError e) {
			return failed(ImageFailure.of(id, null, e));
		}
	}

	/** The image id. */
	public String id() {
		return id;
	}

	/** True if there is a value. */
	public boolean ok() {
		return failure == null;
	}

	/**
	 * The value.
	 *
	 * @throws IllegalStateException if this is a failure (its message says why)
	 */
	public T value() {
		if (failure != null) throw new IllegalStateException("image " + failure + " has no value");
		return value;
	}

	/** The failure, or null on success. */
	public ImageFailure failure() {
		return failure;
	}

	@Override
	public String toString() {
		return failure != null ? "failed " + failure : id + ": " + value;
	}
}
