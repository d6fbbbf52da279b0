package sc.fiji.conformal.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Marks as resolved the outputs of Conformal Segmentation commands whose
 * type is one of the suite's own values (a {@code Calibration}, a
 * {@code ValidationResult}): they are data for scripts, which read them with
 * {@code getOutput}, and SciJava has no display for them, so its display
 * step would otherwise warn "Ignoring unsupported output" on every run (in
 * Fiji and with {@code --headless --run}). Each command's report states what
 * they hold. Runs before SciJava's display step; other modules are left
 * alone.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.HIGH)
public class DataOutputs extends AbstractPostprocessorPlugin {

	private static final String OURS = "sc.fiji.conformal.";

	@Override
	public void process(final Module module) {
		if (!module.getInfo().getDelegateClassName().startsWith(OURS)) return;
		for (final ModuleItem<?> item : module.getInfo().outputs()) {
			if (item.getType().getName().startsWith(OURS) && !module.isOutputResolved(item.getName())) {
				module.resolveOutput(item.getName());
			}
		}
	}
}
