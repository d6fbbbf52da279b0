package sc.fiji.conformal.ops;

import org.scijava.command.Command;

/**
 * A scriptable op of Conformal Segmentation: a small command, named
 * {@code conformal.*}, whose run is one call into the engine. Run one by name
 * with {@code ConformalService.op(name, inputs)}; its outputs come back by
 * parameter name. Ops are not menu items.
 */
public interface ConformalOp extends Command {
	// marker type: plugins of this type are the ops
}
