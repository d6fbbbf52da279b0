package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parsing of the user-facing names of the engine's enums. */
final class Names {

	private Names() {}

	/** The constant whose id equals {@code id} (case-insensitive). */
	static <E extends Enum<E>> E parse(final Class<E> type, final String id, final String what) {
		return parse(type, id, what, Names::idOf);
	}

	static <E extends Enum<E>> E parse(final Class<E> type, final String id, final String what,
		final Function<E, String> name)
	{
		final List<String> names = new ArrayList<>();
		for (final E e : type.getEnumConstants()) {
			if (name.apply(e).equalsIgnoreCase(id == null ? "" : id.trim())) return e;
			names.add(name.apply(e));
		}
		throw new IllegalArgumentException(what + " must be one of " + names + ", got " +
			(id == null ? "nothing" : "'" + id + "'"));
	}

	/** The lower-case, dash-separated form of a constant's name. */
	static String idOf(final Enum<?> e) {
		return e.name().toLowerCase().replace('_', '-');
	}
}
