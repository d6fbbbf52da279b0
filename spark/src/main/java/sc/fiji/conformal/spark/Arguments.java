package sc.fiji.conformal.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the Spark driver: a command followed by
 * {@code --name value} (or {@code --name=value}) options, whose names are those
 * of the Fiji commands and of {@code bin/conformal-headless}. A flag (such as
 * {@code --overwrite}) may stand alone, meaning {@code true}. Immutable.
 */
final class Arguments {

	/** A usage error: unknown command or option, a missing value. */
	static final class UsageException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		UsageException(final String message) {
			super(message);
		}
	}

	private final String command;
	private final Map<String, String> options;

	private Arguments(final String command, final Map<String, String> options) {
		this.command = command;
		this.options = Collections.unmodifiableMap(options);
	}

	/** The word that separates commands run one after the other in one Spark application. */
	static final String THEN = "then";

	/**
	 * Parses {@code args}: one or more commands, each followed by its options,
	 * separated by {@value #THEN}
	 * ({@code calibrate --manifest m.csv --output c.json then apply ...}).
	 *
	 * @param commands the known commands
	 * @param known the option names each command accepts
	 * @param flags the options that may stand without a value
	 * @throws UsageException naming the unknown command or option, an option
	 *           given twice or lacking its value
	 */
	static List<Arguments> parseAll(final String[] args, final Collection<String> commands,
		final Map<String, ? extends Collection<String>> known, final Set<String> flags)
	{
		final List<Arguments> out = new ArrayList<>();
		int i = 0;
		do {
			if (i == args.length) {
				throw new UsageException(out.isEmpty() ? "no command given; expected one of " + commands
					: "no command after '" + THEN + "'");
			}
			final String command = args[i++];
			if (!commands.contains(command)) {
				throw new UsageException("unknown command '" + command + "'; expected one of " +
					commands);
			}
			final Collection<String> names = known.get(command);
			final Map<String, String> options = new LinkedHashMap<>();
			for (; i < args.length && !args[i].equals(THEN); i++) {
				final String a = args[i];
				if (!a.startsWith("--") || a.length() == 2) {
					throw new UsageException("expected an option --name, got '" + a + "'");
				}
				final int eq = a.indexOf('=');
				final String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
				if (!names.contains(name)) {
					throw new UsageException(command + " has no option --" + name + "; its options: " +
						sorted(names));
				}
				final String value;
				if (eq >= 0) value = a.substring(eq + 1);
				else if (flags.contains(name)) {
					// a flag takes the next word only if it is true or false
					final boolean explicit = i + 1 < args.length && (args[i + 1].equalsIgnoreCase("true") ||
						args[i + 1].equalsIgnoreCase("false"));
					value = explicit ? args[++i] : "true";
				}
				else if (i + 1 < args.length) value = args[++i];
				else throw new UsageException("option --" + name + " needs a value");
				if (options.put(name, value) != null) {
					throw new UsageException("option --" + name + " is given twice");
				}
			}
			out.add(new Arguments(command, options));
		}
		while (i++ < args.length);
		return out;
	}

	/** The command. */
	String command() {
		return command;
	}

	/** The value of an option, or null when not given. */
	String get(final String name) {
		final String v = options.get(name);
		return v == null || v.trim().isEmpty() ? null : v.trim();
	}

	/**
	 * A flag's value.
	 *
	 * @throws UsageException unless the value is {@code true} or {@code false}
	 */
	boolean flag(final String name) {
		final String v = get(name);
		if (v == null || v.equalsIgnoreCase("false")) return false;
		if (v.equalsIgnoreCase("true")) return true;
		throw new UsageException("option --" + name + " must be true or false, got '" + v + "'");
	}

	/**
	 * A positive integer option, or {@code fallback} when not given.
	 *
	 * @throws UsageException if the value is not a positive integer
	 */
	int positive(final String name, final int fallback) {
		final String v = get(name);
		if (v == null) return fallback;
		try {
			final int n = Integer.parseInt(v);
			if (n > 0) return n;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new UsageException("option --" + name + " must be a positive integer, got '" + v + "'");
	}

	/**
	 * A number option, or {@code fallback} when not given.
	 *
	 * @throws UsageException if the value is not a number
	 */
	double number(final String name, final double fallback) {
		final String v = get(name);
		if (v == null) return fallback;
		try {
			return Double.parseDouble(v);
		}
		catch (final NumberFormatException e) {
			throw new UsageException("option --" + name + " must be a number, got '" + v + "'");
		}
	}

	/**
	 * An integer option, or {@code fallback} when not given.
	 *
	 * @throws UsageException if the value is not an integer
	 */
	long integer(final String name, final long fallback) {
		final String v = get(name);
		if (v == null) return fallback;
		try {
			return Long.parseLong(v);
		}
		catch (final NumberFormatException e) {
			throw new UsageException("option --" + name + " must be an integer, got '" + v + "'");
		}
	}

	/** The given options among {@code names}, in the order of {@code names}. */
	Map<String, String> subset(final Collection<String> names) {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final String n : names)
			if (get(n) != null) out.put(n, get(n));
		return out;
	}

	static Set<String> names(final Collection<String> a, final String... more) {
		final Set<String> out = new LinkedHashSet<>(a);
		out.addAll(Arrays.asList(more));
		return out;
	}

	private static List<String> sorted(final Collection<String> names) {
		final List<String> out = new ArrayList<>(names);
		Collections.sort(out);
		return out;
	}
}
