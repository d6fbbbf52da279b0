package sc.fiji.conformal.ops;

import org.scijava.command.Command;

/**
 * A scriptable op of Conformal Segmentation: a small command, named
 * {@code conformal.*}, whose run is one call into the engine. Run one by name
 * with {@code ConformalService.op(name, inputs)}; its outputs come back by
 * parameter name. Ops are not offered as commands: each is declared with
 * {@code visible = false}, so Fiji's menus and search bar do not list it.
 */
public interface ConformalOp extends Command {
	// marker type: plugins of this type are the ops
}
