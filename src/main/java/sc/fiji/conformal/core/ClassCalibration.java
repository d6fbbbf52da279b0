package sc.fiji.conformal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A calibration per class and per group ({@link ClassCalibrator}): the
 * settings, the classes, the joint rule, the per-image class scores, and one
 * ordinary {@link Calibration} per (group, class) cell, plus provenance.
 * Without groups there is one group, named "" (empty). Immutable.
 * <p>
 * Guarantees (exchangeable images within each group): see
 * {@link ClassCalibrator} and {@link #guarantee()}.
 */
public final class ClassCalibration {

	private final Settings settings;
	private final LabelClasses classes;
	private final ClassJointRule rule;
	private final List<ClassScores> scores;
	private final Map<String, Calibration[]> cells;
	private final Map<String, String> provenance;
	private final List<SourceFile> sources;
	private final Instant created;

	ClassCalibration(final Settings settings, final LabelClasses classes, final ClassJointRule rule,
		final List<ClassScores> scores, final Map<String, Calibration[]> cells,
		final Map<String, String> provenance, final List<SourceFile> sources, final Instant created)
	{
		this.settings = settings;
		this.classes = classes;
		this.rule = rule;
		this.scores = Collections.unmodifiableList(new ArrayList<>(scores));
		this.cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
		this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
		this.sources = Collections.unmodifiableList(new ArrayList<>(sources));
		this.created = created;
	}

	/**
	 * A calibration restored from stored class scores (e.g. a calibration
	 * file): every cell's λ̂ is re-derived; provenance, input files and
	 * creation time are kept as given.
	 *
	 * @throws IllegalArgumentException as {@link ClassCalibrator#fromScores}
	 */
	public static ClassCalibration restore(final Settings settings, final LabelClasses classes,
		final ClassJointRule rule, final List<ClassScores> scores,
		final Map<String, String> provenance, final List<SourceFile> sources, final Instant created)
	{
		final ClassCalibration c = ClassCalibrator.fromScores(settings, classes, rule, scores);
		return new ClassCalibration(settings, classes, c.rule, scores, c.cells, provenance, sources,
			created);
	}

	/** The settings (α is the total α of the guarantee). */
	public Settings settings() {
		return settings;
	}

	/** The classes; {@link LabelClasses#BINARY} for a grouped binary calibration. */
	public LabelClasses classes() {
		return classes;
	}

	/** The joint rule (always {@code per-class} with one class). */
	public ClassJointRule jointRule() {
		return rule;
	}

	/** The per-image class scores, in calibration order. */
	public List<ClassScores> scores() {
		return scores;
	}

	/** True if the images were calibrated per group. */
	public boolean grouped() {
		return !cells.containsKey("");
	}

	/** The groups in order of first appearance; {@code [""]} without groups. */
	public List<String> groups() {
		return new ArrayList<>(cells.keySet());
	}

	/**
	 * The ordinary calibration of one cell, for applying (its λ̂ follows the
	 * joint rule; re-derive for another α with {@link #withAlpha}, not with the
	 * cell's own).
	 *
	 * @param group a calibrated group ("" without groups)
	 * @param c the class index
	 * @throws IllegalArgumentException on a group that was not calibrated
	 */
	public Calibration cell(final String group, final int c) {
		return cells(group)[c];
	}

	private Calibration[] cells(final String group) {
		final Calibration[] g = cells.get(grouped() ? group : "");
		if (g == null) {
			throw new IllegalArgumentException("group '" + group +
				"' was not calibrated; calibrated groups: " + String.join(", ", cells.keySet()));
		}
		return g;
	}

	/** Number of calibration images of a group. */
	public int n(final String group) {
		return cells(group)[0].n();
	}

	/**
	 * True if any cell of the group is trivial (too few images for α under
	 * the rule): its outer sets are whole images, its inner sets empty.
	 */
	public boolean trivial(final String group) {
		for (final Calibration c : cells(group))
			if (c.trivial()) return true;
		return false;
	}

	/** The smallest group size that makes every cell of a group non-trivial. */
	public int nNeeded(final String group) {
		int m = 1;
		for (final Calibration c : cells(group))
			m = Math.max(m, c.nNeeded());
		return m;
	}

	/**
	 * Applies the calibration of the sample's group to every class.
	 *
	 * @throws IllegalArgumentException on an uncalibrated group (naming it and
	 *           the calibrated ones), other classes than calibrated, a sample
	 *           that lacks a map the method needs, or one of another number of
	 *           dimensions than the calibration images (where recorded)
	 */
	public ClassSets apply(final LabelSample sample) {
		if (!sample.classes().equals(classes)) {
			throw new IllegalArgumentException("label sample '" + sample.id() + "' has classes " +
				sample.classes() + " but the calibration has " + classes);
		}
		checkDimensions(sample.id(), sample.grid().numDimensions());
		final Calibration[] g = cellsOf(sample.id(), sample.group());
		final ConformalSets[] sets = new ConformalSets[g.length];
		for (int c = 0; c < g.length; c++)
			sets[c] = g[c].apply(sample.oneVsRest(c));
		return new ClassSets(this, sample.group(), sets);
	}

	/**
	 * Applies a grouped binary calibration ({@link LabelClasses#BINARY}) to a
	 * binary sample of a group.
	 *
	 * @throws IllegalArgumentException on an uncalibrated group, a
	 *           calibration with classes, or a sample of another number of
	 *           dimensions than the calibration images (where recorded)
	 */
	public ClassSets apply(final Sample sample, final String group) {
		if (!classes.binary()) {
			throw new IllegalArgumentException("this calibration has classes " + classes +
				": apply it to a label-map sample, not to the binary sample '" + sample.id() + "'");
		}
		checkDimensions(sample.id(), sample.grid().numDimensions());
		return new ClassSets(this, group, new ConformalSets[] { cellsOf(sample.id(), group)[0]
			.apply(sample) });
	}

	/**
	 * Checks that an image has the calibration images' number of dimensions,
	 * where the provenance records it ({@link Calibration#DIMENSIONS}; files
	 * written before it was recorded apply to any).
	 *
	 * @throws IllegalArgumentException naming the image and both numbers
	 */
	public void checkDimensions(final String id, final int dimensions) {
		final String dims = provenance.get(Calibration.DIMENSIONS);
		if (dims != null && !dims.equals(String.valueOf(dimensions))) {
			throw new IllegalArgumentException("image '" + id + "' is " + dimensions +
				"-D but the calibration was made on " + dims + "-D images; its λ̂ counts steps or " +
				"voxels in " + dims + "-D, so calibrate on " + dimensions + "-D images");
		}
	}

	private Calibration[] cellsOf(final String id, final String group) {
		if (!grouped()) return cells.get("");
		if (group == null || group.isEmpty()) {
			throw new IllegalArgumentException("image '" + id +
				"' has no group, but the calibration is per group (" + String.join(", ", cells
					.keySet()) + ")");
		}
		if (!cells.containsKey(group)) {
			throw new IllegalArgumentException("image '" + id + "' is in group '" + group +
				"', which was not calibrated; calibrated groups: " + String.join(", ", cells.keySet()));
		}
		return cells.get(group);
	}

	/** λ̂ of every cell re-derived from the stored scores for another α. */
	public ClassCalibration withAlpha(final double alpha) {
		final ClassCalibration c = ClassCalibrator.fromScores(settings.withAlpha(alpha), classes,
			rule, scores);
		return new ClassCalibration(c.settings, classes, rule, scores, c.cells, provenance, sources,
			created);
	}

	/** The same calibration with provenance entries added. */
	public ClassCalibration withProvenance(final Map<String, String> more) {
		final Map<String, String> p = new LinkedHashMap<>(provenance);
		p.putAll(more);
		return new ClassCalibration(settings, classes, rule, scores, cells, p, sources, created);
	}

	/** The same calibration with its input files recorded. */
	public ClassCalibration withSources(final List<SourceFile> files) {
		return new ClassCalibration(settings, classes, rule, scores, cells, provenance, files,
			created);
	}

	/** Free-form provenance. */
	public Map<String, String> provenance() {
		return provenance;
	}

	/** The input files the scores came from (empty if unknown). */
	public List<SourceFile> sources() {
		return sources;
	}

	/** When it was calibrated. */
	public Instant created() {
		return created;
	}

	/**
	 * True if the events of all classes hold at once with probability ≥ 1 − α
	 * ({@code bonferroni}, {@code max}, or a single class).
	 */
	public boolean joint() {
		return rule != ClassJointRule.PER_CLASS || classes.size() == 1;
	}

	/** The guarantee in one sentence: the method's, per class or jointly, per group or not. */
	public String guarantee() {
		final String one = settings.method().guarantee(settings);
		final int k = classes.size();
		final String scope = k == 1 ? "" : rule == ClassJointRule.PER_CLASS
			? " For each class separately (" + classes + "); no claim for all classes at once."
			: " For all " + k + " classes (" + classes + ") at once, by the " + rule.id() + " rule: " +
				(rule == ClassJointRule.BONFERRONI ? "each class is calibrated at α/" + k + " (" + Method
					.percent(settings.alpha() / k) + "), so all " + k + " events hold together with " +
					"probability at least " + Method.percent(1 - settings.alpha()) + " (union bound)."
					: "each image's largest per-class rank (its score in each class ranked among that " +
						"class's calibration scores) is calibrated at α, and each class's λ̂ is the score " +
						"of that rank in its class, so all " + k + " events hold together with " +
						"probability at least " + Method.percent(1 - settings.alpha()) + ".");
		final String groups = grouped()
			? " Within each group (" + String.join(", ", cells.keySet()) +
				"), for images exchangeable with that group's calibration images."
			: "";
		return one + scope + groups;
	}

	@Override
	public String toString() {
		return settings.method().id() + " calibration per class (" + classes + ", " + rule.id() +
			")" + (grouped() ? " per group " + cells.keySet() : "") + ", n=" + scores.size();
	}
}
