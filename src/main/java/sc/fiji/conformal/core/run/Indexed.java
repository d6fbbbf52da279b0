package sc.fiji.conformal.core.run;

import java.io.Serializable;

/**
 * A value with its position in a run (e.g. an image with its index among the
 * images of a validation): the entry of a per-image function that needs to
 * know which image it has. Serializable when the value is. Immutable.
 *
 * @param <E> the value type
 */
public final class Indexed<E> implements Serializable {

	private static final long serialVersionUID = 1L;

	private final int index;
	private final E value;

	/** @param index 0-based position */
	public Indexed(final int index, final E value) {
		this.index = index;
		this.value = value;
	}

	/** The 0-based position. */
	public int index() {
		return index;
	}

	/** The value. */
	public E value() {
		return value;
	}

	@Override
	public String toString() {
		return index + ": " + value;
	}
}
