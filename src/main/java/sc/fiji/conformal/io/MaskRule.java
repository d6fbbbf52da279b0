package sc.fiji.conformal.io;

import sc.fiji.conformal.core.image.Mask;

/**
 * Which images are accepted as masks (ground truth or binary predictions),
 * the {@code maskRule} parameter:
 * <ul>
 * <li>{@link #BINARY} (the default): 0 is background and at most one other
 * value is object ({@link BinaryMasks#of}); a label image is refused by
 * name;</li>
 * <li>{@link #NONZERO}: every non-zero value is object, so an instance label
 * image (StarDist, Cellpose: 0 background, 1..N objects) is the mask of all
 * its objects, as it is.</li>
 * </ul>
 * Opt-in, because a file that is not a mask (e.g. a score map saved as 8-bit)
 * would pass the non-zero rule silently.
 */
public enum MaskRule {

	/** 0 and at most one other value. */
	BINARY,
	/** Every non-zero value is object. */
	NONZERO;

	/** The name users write: {@code binary} or {@code nonzero}. */
	public String id() {
		return name().toLowerCase();
	}

	/** Parses {@code binary} or {@code nonzero} (case-insensitive). */
	public static MaskRule fromId(final String id) {
		for (final MaskRule r : values())
			if (r.id().equalsIgnoreCase(id == null ? "" : id.trim())) return r;
		throw new IllegalArgumentException("maskRule must be one of [binary, nonzero], got " + (id ==
			null ? "nothing" : "'" + id + "'"));
	}

	/**
	 * A stored image as a mask under this rule.
	 *
	 * @param name the file, in errors
	 * @throws IllegalArgumentException naming the file, the value and where on
	 *           a value the rule refuses
	 */
	public Mask mask(final StoredImage image, final String name) {
		return this == NONZERO ? BinaryMasks.nonZero(image, name) : BinaryMasks.of(image, name);
	}
}
