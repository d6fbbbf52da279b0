package sc.fiji.conformal.ij;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * An ImageJ 1.x dialog for a command's inputs, built from the command's
 * parameters alone: one field per input, in the command's order, with the
 * parameter's label; choices as choice lists; files and folders as path
 * fields (their widget style); numbers as numeric fields (an optional number
 * as a text field, blank for unset); booleans as check boxes; images as a
 * choice of the open images' titles (the current image first chosen, "none"
 * for an optional one). A Help button lists every parameter with its
 * description.
 * <p>
 * Each field's macro key is its parameter's name in lower case, as ImageJ
 * 1.x derives keys from labels ({@code scores=}, {@code imageis=},
 * {@code alphainner=}): a label that does not start with the name is shown
 * as the name, so a new label never changes a macro. In a macro the fields
 * read {@link Macro#getOptions()} (a missing key keeps the default) and,
 * when recording, ImageJ records them. Headless without macro options (where
 * ImageJ cannot show a dialog) the defaults are taken as they are.
 */
final class CommandDialog {

	/** What kind of field an input gets. */
	private enum Kind {
		TEXT, CHOICE, NUMBER, INTEGER, OPTIONAL_NUMBER, CHECKBOX, FILE, DIRECTORY, IMAGE
	}

	private static final String NONE = "none";

	private final Module module;
	private final List<ModuleItem<?>> items = new ArrayList<>();
	private final List<Kind> kinds = new ArrayList<>();

	/**
	 * The fields for a module's inputs, except services, the context,
	 * invisible and message items, and the inputs named in {@code skip}.
	 *
	 * @throws IllegalArgumentException for an input type ImageJ 1.x dialogs
	 *           cannot ask for (named)
	 */
	CommandDialog(final Module module, final Set<String> skip) {
		this.module = module;
		for (final ModuleItem<?> item : module.getInfo().inputs()) {
			if (skip.contains(item.getName()) || !asked(item)) continue;
			items.add(item);
			kinds.add(kind(item));
		}
	}

	/** Whether an input is the user's to give (not a service, the context or a message). */
	static boolean asked(final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		return !Service.class.isAssignableFrom(type) && !Context.class.isAssignableFrom(type) &&
			item.getVisibility() != ItemVisibility.INVISIBLE && item.getVisibility() != ItemVisibility.MESSAGE;
	}

	/** The macro key of an input: its name in lower case. */
	static String key(final ModuleItem<?> item) {
		return item.getName().toLowerCase(Locale.US);
	}

	private static Kind kind(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (t == String.class) return choices(item).isEmpty() ? Kind.TEXT : Kind.CHOICE;
		if (t == boolean.class || t == Boolean.class) return Kind.CHECKBOX;
		if (t == double.class || t == float.class) return Kind.NUMBER;
		if (t == int.class || t == long.class || t == short.class) return Kind.INTEGER;
		if (t == Double.class || t == Float.class || t == Integer.class || t == Long.class) {
			return Kind.OPTIONAL_NUMBER;
		}
		if (t == File.class) return FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())
			? Kind.DIRECTORY : Kind.FILE;
		if (t == ImagePlus.class) return Kind.IMAGE;
		throw new IllegalArgumentException(module(item) + ": ImageJ 1.x dialogs cannot ask for input '" +
			item.getName() + "' of type " + t.getName());
	}

	private static String module(final ModuleItem<?> item) {
		return item.getInfo() == null ? "command" : item.getInfo().getTitle();
	}

	/**
	 * Shows the dialog (or reads the macro options) and returns the inputs'
	 * values by name, or null if the user canceled.
	 *
	 * @throws IllegalArgumentException naming an input whose value is not
	 *           valid (not a number, no such image, a required value left
	 *           blank); other values are the command's to check
	 */
	Map<String, Object> show(final String title) {
		final boolean headlessDefaults = GraphicsEnvironment.isHeadless() && Macro
			.getOptions() == null;
		final GenericDialog gd = headlessDefaults ? null : new GenericDialog(title);
		final List<String[]> imageChoices = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			final String[] images = kinds.get(i) == Kind.IMAGE ? images(items.get(i)) : null;
			imageChoices.add(images);
			if (gd != null) add(gd, items.get(i), kinds.get(i), images);
		}
		if (gd != null) {
			gd.addHelp(help(title));
			gd.showDialog();
			// neither Cancel nor OK (the dialog closed as the application quits): nothing to run
			if (gd.wasCanceled() || Macro.getOptions() == null && !gd.wasOKed()) return null;
		}
		final Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i++) {
			final ModuleItem<?> item = items.get(i);
			final Object v = gd == null ? defaultValue(item, kinds.get(i), imageChoices.get(i))
				: read(gd, item, kinds.get(i), imageChoices.get(i));
			if (v == null && item.isRequired() && !item.getType().isPrimitive()) {
				throw new IllegalArgumentException(key(item) + " is required: " + what(item));
			}
			values.put(item.getName(), v);
		}
		return values;
	}

	/** An input's choices as text (empty when it has none). */
	private static List<String> choices(final ModuleItem<?> item) {
		final List<String> c = new ArrayList<>();
		if (item.getChoices() != null) for (final Object x : item.getChoices())
			c.add(String.valueOf(x));
		return c;
	}

	/** The label ImageJ shows: the parameter's label if its macro key is the name's, else the name. */
	private static String label(final ModuleItem<?> item) {
		final String label = item.getLabel();
		return label != null && Macro.trimKey(label).equals(key(item)) ? label : item.getName();
	}

	private static String what(final ModuleItem<?> item) {
		final String d = item.getDescription();
		return d == null || d.isEmpty() ? item.getName() : d;
	}

	private Object initial(final ModuleItem<?> item) {
		return item.getValue(module);
	}

	private void add(final GenericDialog gd, final ModuleItem<?> item, final Kind kind,
		final String[] images)
	{
		final String label = label(item);
		final Object v = initial(item);
		switch (kind) {
			case TEXT:
				gd.addStringField(label, v == null ? "" : v.toString(), 20);
				break;
			case CHOICE: {
				final String[] choices = choices(item).toArray(new String[0]);
				gd.addChoice(label, choices, v == null ? choices[0] : v.toString());
				break;
			}
			case CHECKBOX:
				gd.addCheckbox(label, Boolean.TRUE.equals(v));
				break;
			case NUMBER: {
				final double d = ((Number) v).doubleValue();
				gd.addNumericField(label, d, digits(d));
				break;
			}
			case INTEGER:
				gd.addNumericField(label, ((Number) v).doubleValue(), 0);
				break;
			case OPTIONAL_NUMBER:
				gd.addStringField(label, v == null ? "" : v.toString(), 8);
				break;
			case FILE:
			case DIRECTORY: {
				final String path = v == null ? "" : v.toString();
				// headless ImageJ has no browse fields; a text field has the same macro key
				if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, path, 30);
				else if (kind == Kind.DIRECTORY) gd.addDirectoryField(label, path);
				else gd.addFileField(label, path);
				break;
			}
			case IMAGE:
				gd.addChoice(label, images, images[0]);
				break;
			default:
				throw new IllegalStateException("unknown field kind " + kind);
		}
	}

	/**
	 * The titles an image input offers: "none" first for an optional one, else
	 * the current image first.
	 *
	 * @throws IllegalArgumentException if a required image is asked for and no
	 *           image is open
	 */
	private static String[] images(final ModuleItem<?> item) {
		final List<String> titles = new ArrayList<>(Arrays.asList(WindowManager.getImageTitles()));
		if (!item.isRequired()) {
			titles.add(0, NONE);
			return titles.toArray(new String[0]);
		}
		if (titles.isEmpty()) {
			throw new IllegalArgumentException("open an image first (" + key(item) + ": " + what(item) +
				")");
		}
		final ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && titles.remove(current.getTitle())) titles.add(0, current.getTitle());
		return titles.toArray(new String[0]);
	}

	private Object defaultValue(final ModuleItem<?> item, final Kind kind, final String[] images) {
		if (kind == Kind.IMAGE) return images[0].equals(NONE) && !item.isRequired() ? null : image(
			item, images[0]);
		final Object v = initial(item);
		return v;
	}

	private static Object read(final GenericDialog gd, final ModuleItem<?> item, final Kind kind,
		final String[] images)
	{
		switch (kind) {
			case TEXT:
				return gd.getNextString();
			case CHOICE:
				// as ImageJ does in macros, any value: the command checks it (a method added to
				// the registry is not among the built-in choices, yet valid)
				return gd.getNextChoice();
			case CHECKBOX:
				return gd.getNextBoolean();
			case NUMBER: {
				final double d = number(gd, item);
				return item.getType() == float.class ? (Object) (float) d : (Object) d;
			}
			case INTEGER: {
				final double d = number(gd, item);
				if (d != Math.rint(d)) {
					throw new IllegalArgumentException(key(item) + " must be a whole number, got " + d);
				}
				if (item.getType() == long.class) return (long) d;
				if (item.getType() == short.class) return (short) d;
				return (int) d;
			}
			case OPTIONAL_NUMBER:
				return optionalNumber(item, gd.getNextString().trim());
			case FILE:
			case DIRECTORY: {
				final String path = gd.getNextString().trim();
				return path.isEmpty() ? null : new File(path);
			}
			case IMAGE: {
				final String title = choice(item, gd.getNextChoice(), Arrays.asList(images));
				return title.equals(NONE) && !item.isRequired() ? null : image(item, title);
			}
			default:
				throw new IllegalStateException("unknown field kind " + kind);
		}
	}

	private static String choice(final ModuleItem<?> item, final String value,
		final List<String> choices)
	{
		if (!choices.contains(value)) {
			throw new IllegalArgumentException(key(item) + " must be one of " + choices + ", got '" +
				value + "'");
		}
		return value;
	}

	private static double number(final GenericDialog gd, final ModuleItem<?> item) {
		final double d = gd.getNextNumber();
		if (gd.invalidNumber() || Double.isNaN(d)) {
			throw new IllegalArgumentException(key(item) + " must be a number (" + what(item) + ")");
		}
		return d;
	}

	private static Object optionalNumber(final ModuleItem<?> item, final String text) {
		if (text.isEmpty()) return null;
		try {
			final Class<?> t = item.getType();
			if (t == Integer.class) return Integer.valueOf(text);
			if (t == Long.class) return Long.valueOf(text);
			if (t == Float.class) return Float.valueOf(text);
			return Double.valueOf(text);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key(item) + " must be a number or blank, got '" + text +
				"'");
		}
	}

	private static ImagePlus image(final ModuleItem<?> item, final String title) {
		final ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) {
			throw new IllegalArgumentException(key(item) + ": no open image is titled '" + title + "'");
		}
		return imp;
	}

	/** The fewest decimals (at most 6) that show a default exactly, at least 1 for a fraction. */
	private static int digits(final double d) {
		for (int k = 0; k < 6; k++) {
			final double scaled = d * Math.pow(10, k);
			if (Math.abs(scaled - Math.rint(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return k;
		}
		return 6;
	}

	/** The Help text: each field's macro key, label and description. */
	private String help(final String title) {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(title)).append(
			"</h2><table>");
		sb.append("<tr><th align=left>macro key</th><th align=left>what it is</th></tr>");
		for (final ModuleItem<?> item : items) {
			sb.append("<tr><td valign=top><code>").append(escape(key(item))).append(
				"=</code></td><td>");
			final String label = item.getLabel();
			if (label != null && !label.equals(item.getName())) sb.append("<b>").append(escape(label))
				.append("</b>: ");
			sb.append(escape(what(item)));
			if (!choices(item).isEmpty()) sb.append(" (").append(escape(String.join(", ", choices(
				item)))).append(')');
			sb.append("</td></tr>");
		}
		return sb.append("</table></html>").toString();
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** The names of the inputs this dialog asks for, in order. */
	List<String> names() {
		final List<String> n = new ArrayList<>();
		for (final ModuleItem<?> item : items)
			n.add(item.getName());
		return Collections.unmodifiableList(n);
	}
}
