package sc.fiji.conformal.ij;

import java.util.Collections;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1.x menu items of Conformal Segmentation: each runs one SciJava
 * command, named by its class in {@code plugins.config}, through
 * {@link CommandBridge} (a dialog built from the command's parameters, or the
 * macro's options; the outputs in the Log and in windows):
 *
 * <pre>
 * Plugins&gt;Conformal Segmentation, "Calibrate Conformal Sets", sc.fiji.conformal.ij.CommandPlugin("sc.fiji.conformal.command.CalibrateCommand")
 * </pre>
 *
 * The macro keys are the commands' parameter names in lower case:
 * {@code run("Calibrate Conformal Sets", "scores=[/d/scores] masks=[/d/masks] method=dilation alpha=0.1 name=polyps");}
 * The outputs are read back with {@link Outputs#get}. This works in Fiji (in
 * Fiji's context) and in plain ImageJ 1.x.
 */
public class CommandPlugin implements PlugIn {

	/** @param arg the command's class name */
	@Override
	public void run(final String arg) {
		final CommandBridge bridge;
		try {
			bridge = CommandBridge.of(arg == null ? "" : arg.trim());
		}
		catch (final IllegalArgumentException e) {
			IJ.error("Conformal Segmentation", e.getMessage());
			return;
		}
		try {
			if (!bridge.ask(Collections.<String> emptySet())) return;
		}
		catch (final IllegalArgumentException e) {
			// with a title, IJ.error also ends a running macro
			IJ.error(bridge.title(), e.getMessage());
			return;
		}
		bridge.run();
	}
}
