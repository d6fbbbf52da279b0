package sc.fiji.conformal.ij;

import ij.Prefs;

/**
 * The values last typed into a command's dialog, kept in ImageJ's
 * preferences ({@code IJ_Prefs.txt}) under
 * {@code conformal.<command class>.<input name>}, so a dialog reopened after
 * an error or in a later session shows them. Only interactive dialogs read
 * and write them: macros, scripts and the headless launcher never see them,
 * so a run with arguments never depends on what someone typed before.
 */
final class RememberedValues {

	private final String prefix;

	/** @param command the command's class name (its simple name is the key) */
	RememberedValues(final String command) {
		prefix = "conformal." + command.substring(command.lastIndexOf('.') + 1) + ".";
	}

	/** The text last typed for an input, or null. */
	String get(final String name) {
		final String v = Prefs.get(prefix + name, null);
		return v;
	}

	/** Remembers the text typed for an input. */
	void put(final String name, final String text) {
		Prefs.set(prefix + name, text == null ? "" : text);
	}
}
