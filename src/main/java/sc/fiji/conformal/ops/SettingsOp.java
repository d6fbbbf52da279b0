package sc.fiji.conformal.ops;

import java.util.Map;

import sc.fiji.conformal.core.Settings;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Settings from named parameters (method, alpha, tolerance, shape, ...); see {@link Settings#fromParameters}. */
@Plugin(type = ConformalOp.class, name = "conformal.settings", headless = true, visible = false)
public class SettingsOp implements ConformalOp {

	@Parameter(persist = false)
	private Map<String, Object> parameters;

	@Parameter(type = ItemIO.OUTPUT)
	private Settings settings;

	@Override
	public void run() {
		settings = Settings.fromParameters(parameters);
	}
}
