package sc.fiji.conformal.script;

import org.scijava.script.AdaptedScriptLanguage;

/**
 * Python (Jython 2.7) for the ScriptService outside Fiji, adapted from the
 * JSR-223 engine on the class path. Not a plugin: Fiji has its own Jython
 * language, so this one is added only where none is installed
 * ({@link FallbackLanguages#addMissing}).
 */
public class JythonLanguage extends AdaptedScriptLanguage {

	/** Adapts the engine named "python". */
	public JythonLanguage() {
		super("python");
	}

	@Override
	public String getLanguageName() {
		return "Python (Jython)";
	}
}
