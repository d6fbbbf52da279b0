/**
 * Groovy and Python (Jython) for the SciJava ScriptService outside Fiji:
 * {@link sc.fiji.conformal.script.FallbackLanguages#addMissing} adapts the
 * JSR-223 engines on the class path where no language handles their files.
 * They are not plugins, so inside Fiji only Fiji's own languages exist.
 */
package sc.fiji.conformal.script;
