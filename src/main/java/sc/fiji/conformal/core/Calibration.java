package sc.fiji.conformal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of calibrating a conformal method: its settings, the calibrated
 * λ̂ of each side it has, and the per-image scores they came from, plus
 * provenance. Immutable and thread-safe; λ̂ for another α is re-derived from
 * the stored scores with {@link #withAlpha} (no images needed).
 * <p>
 * Guarantee, when the calibration images and a new image are exchangeable
 * (drawn the same way from the same population): see {@link #guarantee()}.
 */
public final class Calibration {

	private final Settings settings;
	private final List<ImageScore> scores;
	private final Threshold inner;
	private final Threshold outer;
	/**
	 * The provenance key of the calibration images' number of dimensions
	 * ("2", "3", …), recorded by calibrations made from files; a calibration
	 * without it (an older file) applies to images of any dimensionality.
	 */
	public static final String DIMENSIONS = "dimensions";

	private final Map<String, String> provenance;
	private final List<SourceFile> sources;
	private final Instant created;

	Calibration(final Settings settings, final List<ImageScore> scores, final Threshold inner,
		final Threshold outer, final Map<String, String> provenance, final List<SourceFile> sources,
		final Instant created)
	{
		this.settings = settings;
		this.scores = Collections.unmodifiableList(new ArrayList<>(scores));
		this.inner = inner;
		this.outer = outer;
		this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
		this.sources = Collections.unmodifiableList(new ArrayList<>(sources));
		this.created = created;
	}

	/**
	 * A calibration restored from stored scores (e.g. a calibration file): λ̂
	 * is re-derived from the scores, and provenance, input files and creation
	 * time are kept as given.
	 *
	 * @throws IllegalArgumentException as {@link Calibrator#fromScores}
	 */
	public static Calibration restore(final Settings settings, final List<ImageScore> scores,
		final Map<String, String> provenance, final List<SourceFile> sources, final Instant created)
	{
		final Calibration c = Calibrator.fromScores(settings, scores);
		return new Calibration(settings, scores, c.inner, c.outer, provenance, sources, created);
	}

	/** The settings it was calibrated with. */
	public Settings settings() {
		return settings;
	}

	/** The method. */
	public Method method() {
		return settings.method();
	}

	/** Number of calibration images. */
	public int n() {
		return scores.size();
	}

	/** The per-image scores, in calibration order. */
	public List<ImageScore> scores() {
		return scores;
	}

	/** λ̂ of the inner set, or null if the method has none. */
	public Threshold inner() {
		return inner;
	}

	/** λ̂ of the outer set, or null if the method has none. */
	public Threshold outer() {
		return outer;
	}

	/**
	 * True when a side is trivial (too few calibration images for α): its outer
	 * set is the whole image, its inner set empty.
	 */
	public boolean trivial() {
		return (inner != null && inner.trivial()) || (outer != null && outer.trivial());
	}

	/** The smallest n that makes every side non-trivial. */
	public int nNeeded() {
		int m = 1;
		if (inner != null) m = Math.max(m, inner.nNeeded());
		if (outer != null) m = Math.max(m, outer.nNeeded());
		return m;
	}

	/**
	 * Ids of images whose score is +∞: no λ meets the criterion (e.g. an empty
	 * prediction with a non-empty truth under dilation). They count in the
	 * quantile like any score.
	 */
	public List<String> infiniteScoreIds() {
		final List<String> ids = new ArrayList<>();
		for (final ImageScore s : scores) {
			if (s.inner() == Double.POSITIVE_INFINITY || s.outer() == Double.POSITIVE_INFINITY) {
				ids.add(s.id());
			}
		}
		return ids;
	}

	/** Free-form provenance (e.g. software version, dataset folders). */
	public Map<String, String> provenance() {
		return provenance;
	}

	/** The input files the scores came from (empty if unknown). */
	public List<SourceFile> sources() {
		return sources;
	}

	/** The same calibration with its input files recorded. */
	public Calibration withSources(final List<SourceFile> files) {
		return new Calibration(settings, scores, inner, outer, provenance, files, created);
	}

	/** When it was calibrated. */
	public Instant created() {
		return created;
	}

	/** The same calibration with provenance entries added. */
	public Calibration withProvenance(final Map<String, String> more) {
		final Map<String, String> p = new LinkedHashMap<>(provenance);
		p.putAll(more);
		return new Calibration(settings, scores, inner, outer, p, sources, created);
	}

	/** λ̂ re-derived from the stored scores for another α (same method and tolerance). */
	public Calibration withAlpha(final double alpha) {
		final Calibration c = Calibrator.fromScores(settings.withAlpha(alpha), scores);
		return new Calibration(c.settings, scores, c.inner, c.outer, provenance, sources, created);
	}

	/**
	 * The inner and outer sets of a new image.
	 *
	 * @throws IllegalArgumentException as {@link #checkDimensions}
	 */
	public ConformalSets apply(final Sample sample) {
		return ConformalSets.apply(this, sample);
	}

	/**
	 * Checks that an image has the calibration images' number of dimensions,
	 * where the provenance records it ({@link #DIMENSIONS}).
	 *
	 * @throws IllegalArgumentException naming the image and both numbers
	 */
	public void checkDimensions(final Sample sample) {
		final String dims = provenance.get(DIMENSIONS);
		final int n = sample.grid().numDimensions();
		if (dims != null && !dims.equals(String.valueOf(n))) {
			throw new IllegalArgumentException("image '" + sample.id() + "' is " + n +
				"-D but the calibration was made on " + dims + "-D images; its λ̂ counts steps or " +
				"voxels in " + dims + "-D, so calibrate on " + n + "-D images");
		}
	}

	/** The guarantee these sets carry, in one sentence ({@link Method#guarantee}). */
	public String guarantee() {
		return settings.method().guarantee(settings);
	}

	/**
	 * The method, n and each side's λ̂ in natural units with its rank, for
	 * people: "dilation calibration, n = 100: outer λ̂: 10 steps (α = 0.1, k = 91)".
	 */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder(settings.method().id() + " calibration, n = " + n() +
			":");
		side(sb, "inner", inner, true);
		if (inner != null && outer != null) sb.append(';');
		side(sb, "outer", outer, false);
		return sb.toString();
	}

	private void side(final StringBuilder sb, final String name, final Threshold t,
		final boolean isInner)
	{
		if (t == null) return;
		sb.append(' ').append(name).append(" λ̂: ").append(settings.method().describe(settings,
			isInner, t.lambda())).append(" (α = ").append(Rounding.of(t.alpha()));
		if (t.k() != Threshold.NO_RANK) sb.append(", k = ").append(t.k());
		if (t.trivial()) sb.append(", trivial: needs n ≥ ").append(t.nNeeded());
		sb.append(')');
	}
}
