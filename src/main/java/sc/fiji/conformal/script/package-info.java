/**
 * Minimal JSR-223 script languages (Groovy, Jython) so that scripts run
 * through the SciJava ScriptService outside Fiji; Fiji's official languages
 * take precedence inside Fiji.
 */
package sc.fiji.conformal.script;
