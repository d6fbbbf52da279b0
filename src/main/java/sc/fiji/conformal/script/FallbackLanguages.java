package sc.fiji.conformal.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.scijava.Context;
import org.scijava.script.ScriptLanguage;
import org.scijava.script.ScriptService;

/**
 * Groovy and Python (Jython) for a ScriptService that has no language for
 * their files: outside Fiji (the headless launcher, tests), where SciJava
 * does not adapt JSR-223 engines by itself. They are not plugins, so inside
 * Fiji, whose scripting-groovy and scripting-jython languages handle these
 * files, nothing is added and the Script Editor lists each language once.
 *
 * <pre>
 * Context context = new Context(ScriptService.class, CommandService.class, ConformalService.class);
 * FallbackLanguages.addMissing(context);
 * context.service(ScriptService.class).run(new File("Calibrate_Folder.groovy"), true, inputs);
 * </pre>
 */
public final class FallbackLanguages {

	private FallbackLanguages() {}

	/**
	 * Adds Groovy (for {@code .groovy} files) and Python (Jython, for
	 * {@code .py} files) to the context's ScriptService where it has no
	 * language for that extension and the engine is on the class path.
	 *
	 * @return the languages added (none inside Fiji)
	 * @throws IllegalArgumentException if the context has no ScriptService
	 */
	public static List<ScriptLanguage> addMissing(final Context context) {
		final ScriptService scripts = context.getService(ScriptService.class);
		if (scripts == null) {
			throw new IllegalArgumentException("the context has no ScriptService to add languages to");
		}
		final List<ScriptLanguage> added = new ArrayList<>();
		add(context, scripts, "groovy", GroovyLanguage::new, added);
		add(context, scripts, "py", JythonLanguage::new, added);
		return added;
	}

	private static void add(final Context context, final ScriptService scripts,
		final String extension, final Supplier<ScriptLanguage> language,
		final List<ScriptLanguage> added)
	{
		if (scripts.getLanguageByExtension(extension) != null) return;
		final ScriptLanguage l;
		try {
			l = language.get();
		}
		catch (final RuntimeException e) {
			// no such JSR-223 engine on the class path: scripts of this language cannot run
			return;
		}
		l.setContext(context);
		scripts.getIndex().add(l, false);
		added.add(l);
	}
}
