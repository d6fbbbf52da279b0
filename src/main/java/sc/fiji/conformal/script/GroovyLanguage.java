package sc.fiji.conformal.script;

import org.scijava.script.AdaptedScriptLanguage;

/**
 * Groovy for the ScriptService outside Fiji (the headless launcher, tests),
 * adapted from the JSR-223 engine on the class path. Not a plugin: Fiji has
 * its own Groovy language, so this one is added only where none is
 * installed ({@link FallbackLanguages#addMissing}).
 */
public class GroovyLanguage extends AdaptedScriptLanguage {

	/** Adapts the engine named "groovy". */
	public GroovyLanguage() {
		super("groovy");
	}

	@Override
	public String getLanguageName() {
		return "Groovy";
	}
}
