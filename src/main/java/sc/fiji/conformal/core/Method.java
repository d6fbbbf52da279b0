package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * A conformal method: one nested family of sets per image, indexed by λ and
 * written as level sets of one map per image ({@link LevelMaps}), with a
 * per-image score (the smallest λ that meets the method's criterion on that
 * image) and a rule that turns the scores of n calibration images into λ̂.
 * <p>
 * Everything that differs between methods lives in the method's own class:
 * its parameters, level maps, per-image score, calibration rule (conformal
 * quantile or risk control), set rule, validity event, guarantee sentence,
 * natural units, uncalibrated baseline and calibration-file score codec. The
 * rest of the engine, the files, the reports and the front ends only call
 * these methods, so a new method is one subclass, made known with
 * {@link #register}.
 * <p>
 * Guarantees assume the calibration images and a new image are exchangeable
 * (drawn the same way from the same population).
 */
public abstract class Method {

	private static final Map<String, Method> REGISTRY = new LinkedHashMap<>();

	/**
	 * Outer set: the prediction dilated λ times (Mossina &amp; Friedrich, MICCAI
	 * 2025). Score: min λ with |O_λ ∩ Y| ≥ c|Y|, c = 1 − tolerance. Guarantee:
	 * P(|O ∩ Y| ≥ c|Y|) ≥ 1 − α.
	 */
	public static final Method DILATION = register(new DilationMethod());

	/**
	 * Inner set: the prediction eroded λ times (Mossina &amp; Friedrich 2025,
	 * false-positive control). Score: min λ with AFP_λ = |I_λ ∩ (Ŷ∖Y)| / |Ŷ| ≤
	 * τ. Guarantee: P(AFP ≤ τ) ≥ 1 − α.
	 */
	public static final Method EROSION = register(new ErosionMethod());

	/**
	 * Inner set: {s ≥ λ} ∩ Ŷ with the threshold raised from t₀ (same paper).
	 * Score: the smallest breakpoint λ (t₀, a score value in Ŷ, or +∞) with
	 * AFP_λ ≤ τ. Guarantee: P(AFP ≤ τ) ≥ 1 − α.
	 */
	public static final Method THRESHOLD_INNER = register(new ThresholdInnerMethod());

	/**
	 * Outer set: {s ≥ t} with t lowered (Tan et al., conformal lesion
	 * segmentation). Score: the largest t with FNR_t ≤ ε, which is the m-th
	 * largest score inside Y, m = ⌈(1−ε)|Y|⌉. Guarantee: P(FNR ≤ ε) ≥ 1 − α.
	 */
	public static final Method THRESHOLD_OUTER = register(new ThresholdOuterMethod());

	/**
	 * Inner and outer sets I = {f_I(s) &gt; λ_I}, O = {f_O(s) ≥ −λ_O} (Davenport
	 * et al., conformal confidence sets). Scores: τ_i = max over Y=0 of f_I(s),
	 * γ_i = max over Y=1 of −f_O(s). Guarantee: P(I ⊆ Y) ≥ 1 − α_I, P(Y ⊆ O) ≥
	 * 1 − α_O, and jointly ≥ 1 − α by Bonferroni or by the max score.
	 */
	public static final Method CONFIDENCE_SETS = register(new ConfidenceSetsMethod());

	/**
	 * Outer set {s ≥ t} from conformal risk control (Angelopoulos et al.,
	 * ICLR 2024), the papers' baseline. Guarantee in expectation: E[FNR] ≤ α
	 * (loss bounded by B = 1).
	 */
	public static final Method CRC = register(new RiskControlMethod());

	private final String id;
	private final boolean inner;
	private final boolean outer;

	/**
	 * @param id the name users, scripts and files use (lower case, e.g.
	 *          {@code threshold-inner})
	 * @param inner whether the method produces an inner set
	 * @param outer whether the method produces an outer set
	 */
	protected Method(final String id, final boolean inner, final boolean outer) {
		if (id == null || id.trim().isEmpty()) throw new IllegalArgumentException(
			"method id must be given");
		if (!inner && !outer) throw new IllegalArgumentException("method '" + id +
			"' must produce an inner or an outer set");
		this.id = id;
		this.inner = inner;
		this.outer = outer;
	}

	// -- registry --

	/**
	 * Makes a method known to {@link #fromId} and {@link #values}, so that
	 * settings, calibration files, commands and reports accept it.
	 *
	 * @return the method
	 * @throws IllegalArgumentException if a method with the same id (ignoring
	 *           case) is registered already
	 */
	public static synchronized <M extends Method> M register(final M method) {
		if (method == null) throw new IllegalArgumentException("method must be given");
		final String key = method.id().toLowerCase(Locale.ROOT);
		if (REGISTRY.containsKey(key)) {
			throw new IllegalArgumentException("a method with id '" + method.id() +
				"' is registered already");
		}
		REGISTRY.put(key, method);
		return method;
	}

	/**
	 * Forgets a method {@link #register}ed before (e.g. a plugin's, when it is
	 * unloaded); the built-in methods cannot be removed.
	 *
	 * @throws IllegalArgumentException for a built-in method
	 */
	public static synchronized void unregister(final Method method) {
		if (method == DILATION || method == EROSION || method == THRESHOLD_INNER ||
			method == THRESHOLD_OUTER || method == CONFIDENCE_SETS || method == CRC)
		{
			throw new IllegalArgumentException("the built-in method '" + method.id() +
				"' cannot be unregistered");
		}
		if (method != null) REGISTRY.remove(method.id().toLowerCase(Locale.ROOT), method);
	}

	/** Every registered method, the built-in ones first, in registration order. */
	public static synchronized Method[] values() {
		return REGISTRY.values().toArray(new Method[0]);
	}

	/**
	 * The registered method with this {@link #id()} (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the value and the accepted ones
	 */
	public static synchronized Method fromId(final String id) {
		final Method m = id == null ? null : REGISTRY.get(id.trim().toLowerCase(Locale.ROOT));
		if (m != null) return m;
		final List<String> names = new ArrayList<>();
		for (final Method x : REGISTRY.values())
			names.add(x.id());
		throw new IllegalArgumentException("method must be one of " + names + ", got " + (id == null
			? "nothing" : "'" + id + "'"));
	}

	// -- identity --

	/** The name users, scripts and files use, e.g. {@code threshold-inner}. */
	public final String id() {
		return id;
	}

	/** True if the method produces an inner set. */
	public final boolean hasInner() {
		return inner;
	}

	/** True if the method produces an outer set. */
	public final boolean hasOuter() {
		return outer;
	}

	@Override
	public String toString() {
		return id;
	}

	// -- parameters --

	/**
	 * The {@link Settings} parameters this method uses besides {@code method}
	 * and {@code alpha}, by their public names, in the order files, tables and
	 * logs list them (see {@link Settings#parameters()}).
	 */
	public abstract List<String> parameterNames(Settings settings);

	/**
	 * The symbol of the {@code tolerance} parameter in this method's guarantee
	 * (1 − c, τ or ε), or null if the method has no tolerance.
	 */
	public String toleranceSymbol() {
		return null;
	}

	/**
	 * What the {@code tolerance} parameter means for this method, in plain
	 * words (for dialogs and help), or null if the method has no tolerance.
	 */
	public String toleranceMeaning() {
		return null;
	}

	/**
	 * True if α is split between an inner and an outer side (α = α_I + α_O),
	 * so that {@code alphaInner} and {@code alphaOuter} are parameters of their
	 * own; otherwise each side's α is α.
	 */
	public boolean splitsAlpha(final JointRule joint) {
		return false;
	}

	/** True if the method needs score maps, not only binary predictions. */
	public boolean needsScores(final Settings settings) {
		return true;
	}

	// -- level maps and scores --

	/**
	 * The level maps of one image: Ŷ and a map per side, whose level sets are
	 * the method's sets ({@link #innerSet}, outer {L ≤ λ}).
	 *
	 * @throws IllegalArgumentException if the sample lacks a score map the
	 *           method needs
	 */
	public abstract LevelMaps.ImageLevelMaps levelMaps(Settings settings, Sample sample);

	/**
	 * The per-image score of a calibration image, in level-map units: the
	 * smallest λ (per side) at which the image meets the method's criterion.
	 *
	 * @param maps the image's level maps ({@link #levelMaps})
	 * @param truth the image's ground truth Y
	 * @throws IllegalArgumentException if the maps and the truth differ in size
	 */
	public abstract ImageScore score(Settings settings, String id, LevelMaps.ImageLevelMaps maps,
		Mask truth);

	// -- calibration rule --

	/**
	 * λ̂ of each side from the calibration scores. By default the conformal
	 * quantile ({@link ConformalQuantile#of}) of each side's scores at that
	 * side's α ({@link Settings#alphaInner()}, {@link Settings#alphaOuter()}).
	 *
	 * @param scores at least one
	 * @throws IllegalArgumentException if a score the method needs is missing
	 */
	public Sides calibrate(final Settings settings, final List<ImageScore> scores) {
		final QuantileRule rule = settings.quantile();
		return new Sides(inner ? ConformalQuantile.of(sideScores(scores, true), settings.alphaInner(),
			rule) : null, outer ? ConformalQuantile.of(sideScores(scores, false), settings.alphaOuter(),
				rule) : null);
	}

	/**
	 * One side's scores as an array.
	 *
	 * @throws IllegalArgumentException naming the image whose score is NaN
	 */
	protected static double[] sideScores(final List<ImageScore> scores, final boolean inner) {
		final double[] v = new double[scores.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = sideScore(scores.get(i), inner);
		return v;
	}

	/**
	 * One side's score.
	 *
	 * @throws IllegalArgumentException naming the image if it is NaN
	 */
	protected static double sideScore(final ImageScore s, final boolean inner) {
		final double v = inner ? s.inner() : s.outer();
		if (Double.isNaN(v)) {
			throw new IllegalArgumentException("score of image '" + s.id() + "' has no " + (inner
				? "inner" : "outer") + " value");
		}
		return v;
	}

	/** λ̂ of the inner and the outer side; null for a side the method lacks. */
	public static final class Sides {

		private final Threshold inner;
		private final Threshold outer;

		/** @param inner λ̂ of the inner side, or null; @param outer λ̂ of the outer side, or null */
		public Sides(final Threshold inner, final Threshold outer) {
			this.inner = inner;
			this.outer = outer;
		}

		/** λ̂ of the inner side, or null. */
		public Threshold inner() {
			return inner;
		}

		/** λ̂ of the outer side, or null. */
		public Threshold outer() {
			return outer;
		}
	}

	// -- set rule --

	/**
	 * True if the inner set is the closed level set {L ≥ λ}; false (the
	 * default) for {L &gt; λ}. The outer set is always {L ≤ λ}.
	 */
	public boolean innerIncludesLevel() {
		return false;
	}

	/** The inner set of a level map at λ (see {@link #innerIncludesLevel()}). */
	public final Mask innerSet(final ScalarImage level, final double lambda) {
		return innerIncludesLevel() ? level.atLeast(lambda) : level.above(lambda);
	}

	// -- validity event and guarantee --

	/**
	 * Puts the method's validity measures for one image into {@code measures}:
	 * {@link Measure#VALIDITY} is 1 where the guarantee's event holds on the
	 * image and 0 where it does not (and stays NaN for a guarantee in
	 * expectation, which has no per-image event).
	 */
	public abstract void validity(Settings settings, SetCounts counts,
		Map<Measure, Double> measures);

	/**
	 * The validity measures whose mean must reach 1 − α over validation splits,
	 * each with its α: {@link Measure#VALIDITY} at α by default; empty for a
	 * guarantee in expectation.
	 */
	public Map<Measure, Double> validityLevels(final Settings settings) {
		return Collections.singletonMap(Measure.VALIDITY, settings.alpha());
	}

	/**
	 * The validity measures tables show besides {@link Measure#VALIDITY}
	 * (e.g. each side of a joint event); none by default.
	 */
	public List<Measure> sideValidities() {
		return Collections.emptyList();
	}

	/**
	 * For a guarantee in expectation (E[loss] ≤ α), the per-image loss measure;
	 * null (the default) for a guarantee in probability.
	 */
	public Measure risk() {
		return null;
	}

	/**
	 * For a guarantee in expectation, each calibration image's loss at the
	 * calibration's λ̂ (e.g. its FNR at t̂); null otherwise.
	 */
	public double[] calibrationLosses(final Calibration calibration) {
		return null;
	}

	/** The guarantee the calibrated sets carry, in one sentence. */
	public abstract String guarantee(Settings settings);

	// -- units --

	/**
	 * The value users see for a level-map λ (its natural unit); the identity by
	 * default. The threshold outer sets show the cut-off t = −λ.
	 */
	public double toNatural(final double lambda) {
		return lambda;
	}

	/** The inverse of {@link #toNatural}. */
	public double fromNatural(final double natural) {
		return toNatural(natural);
	}

	/** The natural unit of a side's scores and λ̂, for axis labels (e.g. "steps"). */
	public abstract String unit(Settings settings, boolean inner);

	/**
	 * A side's level-map λ as people read it: natural units, 4 significant
	 * digits, with its unit ("score cut-off t = 0.2131"; dilation and erosion
	 * "22 steps"); "∞ (trivial)" for a trivial λ̂.
	 */
	public String describe(final Settings settings, final boolean inner, final double lambda) {
		if (lambda == Double.POSITIVE_INFINITY) return "∞ (trivial)";
		return unit(settings, inner) + " = " + Rounding.of(toNatural(lambda));
	}

	// -- baseline --

	/**
	 * The uncalibrated baseline: a calibration of this method's family (or a
	 * family with the same sets) at the λ where each set equals Ŷ, so it can be
	 * measured like the calibrated sets.
	 */
	public abstract Calibration baseline(Settings settings);

	// -- calibration-file codec --

	/**
	 * Checks that a stored score can come from this method under these
	 * settings (e.g. a whole, non-negative number of dilation steps), so that a
	 * hand-edited calibration file cannot pass. Accepts anything by default.
	 *
	 * @throws IllegalArgumentException saying what the score must be
	 */
	public void checkScore(final Settings settings, final ImageScore score) {}

	/**
	 * One image's score as calibration-file fields (besides its {@code id}), in
	 * natural units, in file order. Values are {@link Double} (written as a
	 * number, or "Infinity"/"-Infinity"), {@link Float} (written in its shortest
	 * decimal form), {@link Integer}, {@code double[]}, {@code float[]} or
	 * {@code int[]}. By default {@code score}: the one side's score.
	 *
	 * @throws IllegalArgumentException if the score lacks a value the method
	 *           stores
	 */
	public Map<String, Object> encodeScore(final ImageScore score) {
		return Collections.singletonMap("score", toNatural(sideScore(score, inner)));
	}

	/**
	 * The score {@link #encodeScore} wrote, read back.
	 *
	 * @throws IllegalArgumentException if the fields do not make a valid score
	 *           (the file reader names the image's entry)
	 */
	public ImageScore decodeScore(final String id, final ScoreFields fields) {
		final double v = fromNatural(fields.number("score"));
		return inner ? new ImageScore(id, v, Double.NaN, null) : new ImageScore(id, Double.NaN, v,
			null);
	}

	/**
	 * The fields of one stored image score, as a calibration-file reader sees
	 * them. Each accessor throws an unchecked exception naming the file and the
	 * field when the field is missing or of the wrong type.
	 */
	public interface ScoreFields {

		/** A number, or ±∞ (stored as "Infinity" / "-Infinity"). */
		double number(String name);

		/** An integer. */
		int integer(String name);

		/** An array of numbers (±∞ allowed). */
		double[] numbers(String name);

		/** An array of integers. */
		int[] integers(String name);

		/** The stored text of a field or array element (e.g. {@code thresholds[3]}), for messages. */
		String text(String field);

		/**
		 * An exception that names the file and this score's field (e.g.
		 * {@code thresholds[3]}) and says what is wrong with it, to throw.
		 */
		RuntimeException invalid(String field, String problem);
	}

	/** A percentage for guarantee sentences: 90%, 99.5%. */
	protected static String percent(final double p) {
		final double v = 100 * p;
		return (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(Math.round(v * 1000) /
			1000.0)) + "%";
	}
}
