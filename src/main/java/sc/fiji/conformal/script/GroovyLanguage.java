package sc.fiji.conformal.script;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy for the ScriptService outside Fiji (headless runs, tests), adapted
 * from the JSR-223 engine on the class path. Lowest priority, so Fiji's own
 * scripting-groovy language wins wherever it is installed.
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy", priority = Priority.LAST)
public class GroovyLanguage extends AdaptedScriptLanguage {

	/** Adapts the engine named "groovy". */
	public GroovyLanguage() {
		super("groovy");
	}
}
