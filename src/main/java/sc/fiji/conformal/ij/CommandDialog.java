package sc.fiji.conformal.ij;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Label;
import java.awt.TextField;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import ij.util.Tools;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Transform;

/**
 * An ImageJ 1.x dialog for a command's inputs, built from the command's
 * parameters alone: one field per input with the parameter's label (plain
 * words and units) and, to its right, its description as one line of help;
 * choices as choice lists; files and folders as path fields (their widget
 * style); numbers as numeric fields (an optional number as a text field,
 * blank for unset); booleans as check boxes; images as a choice of the open
 * images' titles (the current image first chosen, "none" for an optional
 * one). A Help button lists every field with its macro key and description.
 * <p>
 * Interactively, a command with a {@code method} input first asks for the
 * method alone, then only for the inputs that method uses
 * ({@link Method#parameterNames}), under the headings Data, Method and
 * Output, with {@code tolerance} labelled by what it means for that method
 * ({@link Method#toleranceMeaning}); the inputs not asked keep their
 * defaults. The values typed are remembered ({@link RememberedValues}) as
 * soon as OK is pressed, so they survive an error and show when the dialog
 * reopens.
 * <p>
 * Each field's macro key is its parameter's name in lower case
 * ({@code scores=}, {@code imageis=}, {@code alphainner=}), whatever its
 * label, so a new label never changes a macro. In a macro the one dialog has
 * every input and reads {@link Macro#getOptions()} (a missing key keeps the
 * command's default, never a remembered value) and, when recording, ImageJ
 * records them. Headless without macro options (where ImageJ cannot show a
 * dialog) the defaults are taken as they are.
 */
final class CommandDialog {

	/** What kind of field an input gets. */
	private enum Kind {
		TEXT, CHOICE, NUMBER, INTEGER, OPTIONAL_NUMBER, CHECKBOX, FILE, DIRECTORY, IMAGE
	}

	private static final String NONE = "none";
	private static final String METHOD = "method";
	private static final Font HEADING = new Font("SansSerif", Font.BOLD, 13);
	private static final Font HELP = new Font("SansSerif", Font.PLAIN, 11);

	/** The headings inputs are grouped under, in order. */
	private enum Group {
		DATA("Data"), METHOD("Method"), OUTPUT("Output");

		private static final List<String> METHOD_INPUTS = Arrays.asList("jointRule", "splits",
			"calibrationFraction", "seed");
		private static final List<String> OUTPUT_INPUTS = Arrays.asList("name", "output",
			"reportFolder", "overwrite", "threads");

		final String heading;

		Group(final String heading) {
			this.heading = heading;
		}

		static Group of(final String name) {
			if (OUTPUT_INPUTS.contains(name)) return OUTPUT;
			return Settings.NAMES.contains(name) || METHOD_INPUTS.contains(name) ? METHOD : DATA;
		}
	}

	private final Module module;
	private final List<ModuleItem<?>> items = new ArrayList<>();
	private final List<Kind> kinds = new ArrayList<>();
	private final RememberedValues memory;

	/**
	 * The fields for a module's inputs, except services, the context,
	 * invisible and message items, and the inputs named in {@code skip}.
	 *
	 * @throws IllegalArgumentException for an input type ImageJ 1.x dialogs
	 *           cannot ask for (named)
	 */
	CommandDialog(final Module module, final Set<String> skip) {
		this.module = module;
		this.memory = new RememberedValues(module.getInfo().getDelegateClassName());
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
	 * Shows the dialog (the method first, when there is one, then its inputs)
	 * or reads the macro options, and returns the inputs' values by name, or
	 * null if the user canceled.
	 *
	 * @throws IllegalArgumentException naming an input whose value is not
	 *           valid (not a number, no such image, a required value left
	 *           blank); other values are the command's to check
	 */
	Map<String, Object> show(final String title) {
		final boolean macro = Macro.getOptions() != null;
		final boolean headlessDefaults = GraphicsEnvironment.isHeadless() && !macro;
		final boolean interactive = !macro && !headlessDefaults;
		final Map<String, Object> values = new LinkedHashMap<>();
		// interactively grouped under the headings; a macro's fields in the command's order
		List<Integer> asked = interactive ? usedBy(null, -1) : all();
		Method method = null;
		if (interactive && methodItem() >= 0) {
			final int m = methodItem();
			final GenericDialog first = new GenericDialog(title);
			first.addMessage("Which method? The next dialog asks only for what it needs.");
			add(first, items.get(m), Kind.CHOICE, null, null);
			first.addHelp(help(title, all(), null));
			first.showDialog();
			if (first.wasCanceled() || !first.wasOKed()) return null;
			final String id = first.getNextChoice();
			memory.put(items.get(m).getName(), id);
			values.put(items.get(m).getName(), id);
			method = method(id);
			asked = usedBy(method, m);
		}
		final GenericDialog gd = headlessDefaults ? null : new GenericDialog(title);
		final Map<Integer, String[]> imageChoices = new LinkedHashMap<>();
		final Map<Integer, Component> fields = new LinkedHashMap<>();
		Group group = null;
		for (final int i : asked) {
			final String[] images = kinds.get(i) == Kind.IMAGE ? images(items.get(i)) : null;
			imageChoices.put(i, images);
			if (gd == null) continue;
			final Group g = Group.of(items.get(i).getName());
			if (interactive && g != group && groups(asked) > 1) gd.addMessage(g.heading, HEADING);
			group = g;
			fields.put(i, add(gd, items.get(i), kinds.get(i), images, interactive ? method : null));
		}
		if (gd != null) {
			gd.addHelp(help(title, asked, method));
			gd.showDialog();
			// neither Cancel nor OK (the dialog closed as the application quits): nothing to run
			if (gd.wasCanceled() || !macro && !gd.wasOKed()) return null;
			if (interactive) remember(fields);
		}
		// read back in the order the fields were added (a GenericDialog hands out each kind of
		// field in turn), which the headings may have changed from the command's order
		final Map<Integer, Object> typed = new HashMap<>();
		if (gd != null) {
			for (final int i : asked)
				typed.put(i, read(gd, items.get(i), kinds.get(i), imageChoices.get(i)));
		}
		for (int i = 0; i < items.size(); i++) {
			final ModuleItem<?> item = items.get(i);
			if (values.containsKey(item.getName())) continue;
			final Object v = typed.containsKey(i) ? typed.get(i) : defaultValue(item, kinds.get(i),
				imageChoices.get(i));
			if (v == null && item.isRequired() && !item.getType().isPrimitive()) {
				throw new IllegalArgumentException(key(item) + " is required: " + what(item));
			}
			values.put(item.getName(), v);
		}
		return values;
	}

	/** The indices of every input. */
	private List<Integer> all() {
		final List<Integer> all = new ArrayList<>();
		for (int i = 0; i < items.size(); i++)
			all.add(i);
		return all;
	}

	/** The index of a {@code method} choice, or -1. */
	private int methodItem() {
		for (int i = 0; i < items.size(); i++)
			if (METHOD.equals(items.get(i).getName()) && kinds.get(i) == Kind.CHOICE) return i;
		return -1;
	}

	/** The registered method of that id, or null (the command will name the error). */
	private static Method method(final String id) {
		try {
			return Method.fromId(id);
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * The inputs asked after the method was chosen, grouped Data, Method,
	 * Output: all but the method itself and the method parameters it does not
	 * use (with every option on, e.g. σ for a Gaussian transform); with no
	 * method (null, index -1), every input, grouped.
	 */
	private List<Integer> usedBy(final Method method, final int methodIndex) {
		final List<String> used = new ArrayList<>(Arrays.asList(METHOD, "alpha"));
		if (method != null) used.addAll(method.parameterNames(widest(method)));
		final List<Integer> asked = new ArrayList<>();
		for (final Group g : Group.values()) {
			final List<Integer> group = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				final String name = items.get(i).getName();
				if (i == methodIndex || Group.of(name) != g) continue;
				if (method == null || !Settings.NAMES.contains(name) || used.contains(name)) group.add(i);
			}
			// the method's parameters in the method's order, the others after them
			group.sort(Comparator.comparingInt(i -> {
				final int k = used.indexOf(items.get(i).getName());
				return k < 0 ? Integer.MAX_VALUE : k;
			}));
			asked.addAll(group);
		}
		return asked;
	}

	/** A method's settings with every optional parameter in use (a Gaussian transform on both sides). */
	private static Settings widest(final Method method) {
		try {
			return Settings.builder(method).innerTransform(Transform.GAUSSIAN).outerTransform(
				Transform.GAUSSIAN).build();
		}
		catch (final IllegalArgumentException e) {
			return Settings.builder(method).build();
		}
	}

	/** A method's guarantee at its default settings, for the help. */
	private static String guarantee(final Method method) {
		try {
			return method.guarantee(Settings.builder(method).build());
		}
		catch (final RuntimeException e) {
			return "see the docs";
		}
	}

	private int groups(final List<Integer> asked) {
		final Set<Group> g = new HashSet<>();
		for (final int i : asked)
			g.add(Group.of(items.get(i).getName()));
		return g.size();
	}

	/** Remembers the text of each field but image choices (open images change). */
	private void remember(final Map<Integer, Component> fields) {
		for (final Map.Entry<Integer, Component> e : fields.entrySet()) {
			if (kinds.get(e.getKey()) == Kind.IMAGE) continue;
			final Component c = e.getValue();
			final String text = c instanceof TextField ? ((TextField) c).getText()
				: c instanceof Choice ? ((Choice) c).getSelectedItem() : c instanceof Checkbox ? String
					.valueOf(((Checkbox) c).getState()) : null;
			if (text != null) memory.put(items.get(e.getKey()).getName(), text.trim());
		}
	}

	/** An input's choices as text (empty when it has none). */
	private static List<String> choices(final ModuleItem<?> item) {
		final List<String> c = new ArrayList<>();
		if (item.getChoices() != null) for (final Object x : item.getChoices())
			c.add(String.valueOf(x));
		return c;
	}

	/** The words a field shows: the parameter's label, or for {@code tolerance} what it means for the method. */
	private static String label(final ModuleItem<?> item, final Method method) {
		if (method != null && "tolerance".equals(item.getName()) && method.toleranceSymbol() != null) {
			return "Tolerance " + method.toleranceSymbol() + " (0–1)";
		}
		final String label = item.getLabel();
		return label == null || label.isEmpty() ? item.getName() : label;
	}

	/** The one line of help: the parameter's description, or for {@code tolerance} what it means for the method. */
	private static String what(final ModuleItem<?> item, final Method method) {
		if (method != null && "tolerance".equals(item.getName()) && method.toleranceMeaning() != null) {
			return method.toleranceMeaning();
		}
		return what(item);
	}

	private static String what(final ModuleItem<?> item) {
		final String d = item.getDescription();
		return d == null || d.isEmpty() ? item.getName() : d;
	}

	/**
	 * The value a field starts with: in an interactive dialog the value last
	 * typed, if it still fits the field; else the command's default.
	 */
	private Object initial(final ModuleItem<?> item, final Kind kind, final boolean interactive) {
		final Object v = item.getValue(module);
		final String typed = interactive ? memory.get(item.getName()) : null;
		if (typed == null) return v;
		switch (kind) {
			case NUMBER:
			case INTEGER: {
				final double d = Tools.parseDouble(typed);
				return Double.isNaN(d) ? v : (Object) d;
			}
			case CHOICE:
				return choices(item).contains(typed) ? typed : v;
			case CHECKBOX:
				return Boolean.valueOf(typed);
			case TEXT:
			case OPTIONAL_NUMBER:
			case FILE:
			case DIRECTORY:
				return typed;
			default:
				return v;
		}
	}

	/**
	 * Adds an input's field, keyed by its name, showing its label, with its
	 * one-line help to the right when interactive ({@code method} not null or
	 * no method asked); returns the field.
	 */
	private Component add(final GenericDialog gd, final ModuleItem<?> item, final Kind kind,
		final String[] images, final Method method)
	{
		final boolean interactive = Macro.getOptions() == null && !GraphicsEnvironment.isHeadless();
		final String key = item.getName();
		final Object v = initial(item, kind, interactive);
		final Component field;
		switch (kind) {
			case TEXT:
				gd.addStringField(key, v == null ? "" : v.toString(), 20);
				field = last(gd.getStringFields());
				break;
			case CHOICE: {
				final String[] choices = choices(item).toArray(new String[0]);
				gd.addChoice(key, choices, v == null ? choices[0] : v.toString());
				field = last(gd.getChoices());
				break;
			}
			case CHECKBOX:
				gd.addCheckbox(key, Boolean.TRUE.equals(v));
				field = last(gd.getCheckboxes());
				if (interactive) ((Checkbox) field).setLabel(label(item, method));
				break;
			case NUMBER: {
				final double d = ((Number) v).doubleValue();
				gd.addNumericField(key, d, digits(d));
				field = last(gd.getNumericFields());
				break;
			}
			case INTEGER:
				gd.addNumericField(key, ((Number) v).doubleValue(), 0);
				field = last(gd.getNumericFields());
				break;
			case OPTIONAL_NUMBER:
				gd.addStringField(key, v == null ? "" : v.toString(), 8);
				field = last(gd.getStringFields());
				break;
			case FILE:
			case DIRECTORY: {
				final String path = v == null ? "" : v.toString();
				// headless ImageJ has no browse fields; a text field has the same macro key
				if (GraphicsEnvironment.isHeadless()) gd.addStringField(key, path, 30);
				else if (kind == Kind.DIRECTORY) gd.addDirectoryField(key, path);
				else gd.addFileField(key, path);
				field = last(gd.getStringFields());
				break;
			}
			case IMAGE:
				gd.addChoice(key, images, images[0]);
				field = last(gd.getChoices());
				break;
			default:
				throw new IllegalStateException("unknown field kind " + kind);
		}
		// a macro's dialog (patched headless in ij1-patcher) has no components to label
		if (!interactive) return field;
		if (kind != Kind.CHECKBOX) gd.getLabel().setText(label(item, method));
		helpBeside(gd, what(item, method));
		return field;
	}

	/**
	 * Puts a line of help in a third column, beside the field just added (the
	 * field, or its panel with a Browse button, narrowed to the second column).
	 */
	private static void helpBeside(final GenericDialog gd, final String text) {
		final GridBagLayout layout = (GridBagLayout) gd.getLayout();
		final Component field = gd.getComponent(gd.getComponentCount() - 1);
		final GridBagConstraints fc = layout.getConstraints(field);
		fc.gridwidth = 1;
		layout.setConstraints(field, fc);
		final Label help = new Label(text);
		help.setFont(HELP);
		help.setForeground(Color.DARK_GRAY);
		final GridBagConstraints hc = (GridBagConstraints) fc.clone();
		hc.gridx = 2;
		hc.gridwidth = GridBagConstraints.REMAINDER;
		hc.anchor = GridBagConstraints.WEST;
		hc.fill = GridBagConstraints.NONE;
		hc.insets = new Insets(fc.insets.top, 10, fc.insets.bottom, 0);
		gd.add(help, hc);
	}

	private static Component last(final List<?> fields) {
		return fields == null || fields.isEmpty() ? null : (Component) fields.get(fields.size() - 1);
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
		return item.getValue(module);
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

	/**
	 * The Help text: the method's guarantee when one was chosen, then each
	 * field asked for with its label, macro key and description.
	 */
	private String help(final String title, final List<Integer> asked, final Method method) {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(title)).append(
			"</h2>");
		if (method != null) sb.append("<p><b>").append(escape(method.id())).append("</b>: ").append(
			escape(guarantee(method))).append("</p>");
		sb.append("<table><tr><th align=left>field</th><th align=left>macro key</th>").append(
			"<th align=left>what it is</th></tr>");
		for (final int i : asked) {
			final ModuleItem<?> item = items.get(i);
			sb.append("<tr><td valign=top><b>").append(escape(label(item, method))).append(
				"</b></td><td valign=top><code>").append(escape(key(item))).append("=</code></td><td>")
				.append(escape(what(item, method)));
			if (!choices(item).isEmpty()) sb.append(" (").append(escape(String.join(", ", choices(
				item)))).append(')');
			sb.append("</td></tr>");
		}
		return sb.append("</table><p>More in the plugin's README and docs/design.md.</p></html>")
			.toString();
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
