package sc.fiji.conformal.command;

import java.io.IOException;
import java.util.Map;

import org.scijava.plugin.Parameter;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ij.ImageJFiles;

/**
 * The class and group parameters shared by calibration and validation (one
 * declaration, so both commands name, offer and explain them alike). Their
 * names are public script and macro API.
 */
public abstract class ClassMethodCommand extends MethodCommand {

	@Parameter(persist = false, label = "Classes (label maps)", description = "label maps: e.g. 1:anterior,2:posterior, or auto; blank for binary masks", required = false)
	protected String classes = "";

	@Parameter(persist = false, label = "Joint rule over classes", description = "per-class (each at α), or all classes at once: bonferroni (α/K each) or max", choices = {
		"per-class", "bonferroni", "max" })
	protected String jointRule = "per-class";

	@Parameter(persist = false, label = "Groups from", description = "one λ̂ per group: the manifest's group column, or the first folder", choices = {
		"none", "column", "folder" })
	protected String groupBy = "none";

	/** True if classes or groups are given: the run is per class and/or per group. */
	protected boolean perClassOrGroup() {
		return !blank(classes) || groups() != GroupBy.NONE;
	}

	/** True if classes are given (label maps), not binary masks. */
	protected boolean labelMaps() {
		return !blank(classes);
	}

	/** The {@code groupBy} parameter, parsed. */
	protected GroupBy groups() {
		return GroupBy.fromId(groupBy);
	}

	/** The {@code jointRule} parameter, parsed. */
	protected ClassJointRule rule() {
		return ClassJointRule.fromId(jointRule);
	}

	/**
	 * The label-map data set: the manifest if given, else the folders (masks
	 * and predictions are label maps, scores per-class probabilities), with
	 * groups by {@code groupBy}.
	 */
	protected LabelDataset labelDataset() throws IOException {
		final ImageFormats formats = ImageJFiles.formats();
		return manifest != null ? LabelDataset.fromManifest(manifest.toPath(), groups(), formats)
			: LabelDataset.fromFolders(path(masks), path(predictions), path(scores), groups(), formats);
	}

	/**
	 * The {@code classes} parameter: {@code auto} takes every non-zero label of
	 * any truth map, found in a pass over the label maps only, on the runner.
	 */
	protected LabelClasses labelClasses(final LabelDataset data) throws IOException {
		return autoClasses() ? data.foundClasses(runner(), monitor("Finding classes")) : LabelClasses
			.parse(classes);
	}

	/** True if {@code classes} is {@code auto}: the classes are found in the data, not given. */
	protected boolean autoClasses() {
		return classes != null && classes.trim().equalsIgnoreCase("auto");
	}

	/**
	 * The manifest's group column by image id, for {@code groupBy=column} of
	 * binary masks; null for other groupings.
	 *
	 * @throws IllegalArgumentException without a manifest
	 */
	protected Map<String, String> groupColumn() throws IOException {
		if (groups() != GroupBy.COLUMN) return null;
		if (manifest == null) {
			throw new IllegalArgumentException("groupBy=column needs a manifest with a group column");
		}
		return GroupBy.column(manifest.toPath());
	}

	private static boolean blank(final String s) {
		return s == null || s.trim().isEmpty();
	}
}
