package sc.fiji.conformal.script;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Python (Jython 2.7) for the ScriptService outside Fiji, adapted from the
 * JSR-223 engine on the class path. Lowest priority, so Fiji's own
 * scripting-jython language wins wherever it is installed.
 */
@Plugin(type = ScriptLanguage.class, name = "Python (Jython)", priority = Priority.LAST)
public class JythonLanguage extends AdaptedScriptLanguage {

	/** Adapts the engine named "python". */
	public JythonLanguage() {
		super("python");
	}
}
