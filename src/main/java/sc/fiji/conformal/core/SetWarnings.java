package sc.fiji.conformal.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When calibrated sets are valid but say little, in words: what, why and what
 * to try. The one place that decides it; commands, reports and the headless
 * launcher show its sentences. A set is uninformative when
 * <ul>
 * <li>it is trivial (λ̂ = ∞ because n is too small for α: outer = the whole
 * image, inner = empty), with the n that α needs;</li>
 * <li>λ̂ is +∞ because more than α of the images meet the criterion at no
 * level;</li>
 * <li>λ̂ is at the end of the score range of probability maps ([0, 1]): a
 * score cut-off t ≤ 0 keeps every voxel, an inner cut-off above 1 (identity
 * confidence sets: at 1) keeps none;</li>
 * <li>on the images measured, the outer set covers more than
 * {@link #AREA_LIMIT} of the image or more than {@link #STRETCH_LIMIT} times
 * the prediction on average, or the inner set is empty on more than half of
 * the images with a non-empty prediction.</li>
 * </ul>
 * None of these breaks the guarantee; they say that it is bought with sets
 * too large (or too small) to use.
 */
public final class SetWarnings {

	/** Mean share of the image above which an outer set says little. */
	public static final double AREA_LIMIT = 0.5;

	/** Mean |O| / |Ŷ| above which an outer set says little. */
	public static final double STRETCH_LIMIT = 5;

	private SetWarnings() {}

	/** Set sizes summed over images (an accumulator; merge partial sums with {@link #add(Sizes)}). */
	public static final class Sizes implements Serializable {

		private static final long serialVersionUID = 1L;

		private int images;
		private double area;
		private int outerImages;
		private double stretch;
		private int stretchImages;
		private int innerEmpty;
		private int innerImages;

		/** Adds one image's sets. */
		public Sizes add(final ConformalSets sets) {
			images++;
			final int voxels = sets.predicted().grid().count();
			final int predicted = sets.predicted().count();
			if (sets.outer() != null) {
				final int o = sets.outer().count();
				area += (double) o / voxels;
				outerImages++;
				if (predicted > 0) {
					stretch += (double) o / predicted;
					stretchImages++;
				}
			}
			if (sets.inner() != null && predicted > 0) {
				innerImages++;
				if (sets.inner().isEmpty()) innerEmpty++;
			}
			return this;
		}

		/** Adds another sum. */
		public Sizes add(final Sizes other) {
			images += other.images;
			area += other.area;
			outerImages += other.outerImages;
			stretch += other.stretch;
			stretchImages += other.stretchImages;
			innerEmpty += other.innerEmpty;
			innerImages += other.innerImages;
			return this;
		}

		/** Images added. */
		public int images() {
			return images;
		}

		/** Mean |O| / voxels, NaN without an outer set. */
		public double meanArea() {
			return outerImages == 0 ? Double.NaN : area / outerImages;
		}

		/** Mean |O| / |Ŷ| over images with a non-empty prediction, NaN if none. */
		public double meanStretch() {
			return stretchImages == 0 ? Double.NaN : stretch / stretchImages;
		}

		/** Images with a non-empty prediction whose inner set is empty. */
		public int innerEmpty() {
			return innerEmpty;
		}

		/** Images with an inner set and a non-empty prediction. */
		public int innerImages() {
			return innerImages;
		}
	}

	/** The warnings λ̂ alone gives (trivial, infinite, at the end of the score range). */
	public static List<String> of(final Calibration c) {
		return of(c, new boolean[2]);
	}

	/** As {@link #of(Calibration)}; {@code flagged[0]} (inner), {@code [1]} (outer) set when a side is warned of. */
	private static List<String> of(final Calibration c, final boolean[] flagged) {
		final List<String> w = new ArrayList<>();
		if (c.trivial()) {
			w.add(String.format(Locale.ROOT, "The sets are trivial (outer set = the whole image, inner set empty): " +
				"n = %d calibration images are too few for α = %s; at least %d are needed. Try more " +
				"calibration images, or α ≥ %s.", c.n(), Rounding.of(c.settings().alpha()), c.nNeeded(),
				Rounding.of(1.0 / (c.n() + 1))));
			return w;
		}
		flagged[0] = infinite(w, c, "inner", c.inner(), "empty");
		flagged[1] = infinite(w, c, "outer", c.outer(), "the whole image");
		final Method m = c.method();
		final Settings s = c.settings();
		final boolean identityInner = m == Method.CONFIDENCE_SETS && s
			.innerTransform() == Transform.IDENTITY;
		final boolean identityOuter = m == Method.CONFIDENCE_SETS && s
			.outerTransform() == Transform.IDENTITY;
		final Threshold in = c.inner();
		if (in != null && !Double.isInfinite(in.lambda()) && (identityInner && in.lambda() >= 1 ||
			m == Method.THRESHOLD_INNER && in.lambda() > 1))
		{
			flagged[0] = true;
			w.add("The inner set is empty on probability maps: its cut-off " + m.describe(s, true, in
				.lambda()) + " is at the top of the score range [0, 1]. " + saturated(m) + " Try " + tryNext(
					m) + ".");
		}
		final Threshold out = c.outer();
		if (out != null && !Double.isInfinite(out.lambda()) && out.lambda() >= 0 && (identityOuter ||
			m == Method.THRESHOLD_OUTER || m == Method.CRC))
		{
			flagged[1] = true;
			w.add("The outer set is the whole image on probability maps: its cut-off " + m.describe(s,
				false, out.lambda()) + " is at the bottom of the score range [0, 1]. " + saturated(m) +
				" Try " + tryNext(m) + ".");
		}
		return w;
	}

	/** The warnings of λ̂ and of the sets' sizes on some images. */
	public static List<String> of(final Calibration c, final Sizes sizes) {
		final boolean[] flagged = new boolean[2];
		final List<String> w = of(c, flagged);
		if (c.trivial() || sizes.images() == 0) return w;
		final String on = sizes.images() == 1 ? "on this image" : "on average over " + sizes.images() +
			" images";
		final double area = sizes.meanArea();
		final double stretch = sizes.meanStretch();
		final boolean wide = area > AREA_LIMIT;
		final boolean stretched = stretch > STRETCH_LIMIT;
		if ((wide || stretched) && !flagged[1]) {
			final String lambda = c.outer() == null ? "" : " (outer λ̂: " + c.method().describe(c
				.settings(), false, c.outer().lambda()) + ")";
			w.add("The outer set" + lambda + " is large " + on + ": " + (wide ? Math.round(100 * area) +
				"% of the image" + (stretched ? ", " : "") : "") + (stretched ? Rounding.of(stretch) +
					"× the prediction" : "") + " (warned above " + Rounding.of(100 * AREA_LIMIT) +
				"% of the image or " + Rounding.of(STRETCH_LIMIT) + "× the prediction). " + whyLarge(c
					.method()) + " Try " + tryNext(c.method()) + ".");
		}
		if (sizes.innerImages() > 0 && 2 * sizes.innerEmpty() > sizes.innerImages() && !flagged[0]) {
			w.add("The inner set is empty on " + sizes.innerEmpty() + " of " + sizes.innerImages() +
				" image(s) with a prediction: it certifies nothing there. " + saturated(c.method()) +
				" Try " + tryNext(c.method()) + ".");
		}
		return w;
	}

	/**
	 * The warnings of a validation: of its calibration on all the images'
	 * λ̂ (trivial sets), and of its mean stretch |O| / |Ŷ| and contraction
	 * |I| / |Ŷ| over the test images.
	 */
	public static List<String> of(final ValidationResult v) {
		final List<String> w = new ArrayList<>();
		final Method m = v.settings().method();
		int trivial = 0;
		for (final SplitResult r : v.splits())
			if (r.inner() != null && r.inner().trivial() || r.outer() != null && r.outer().trivial())
				trivial++;
		if (trivial > 0) {
			w.add("The sets are trivial in " + trivial + " of " + v.splits().size() +
				" split(s): too few calibration images per split for α = " + Rounding.of(v.settings()
					.alpha()) + ". Try a larger calibrationFraction, more images, or a larger α.");
		}
		final double stretch = v.mean(Measure.STRETCH);
		if (m.hasOuter() && stretch > STRETCH_LIMIT) {
			w.add("The outer set is large: " + Rounding.of(stretch) +
				"× the prediction on average over the test images (warned above " + Rounding.of(
					STRETCH_LIMIT) + "×). " + whyLarge(m) + " Try " + tryNext(m) + ".");
		}
		if (m.hasInner() && v.mean(Measure.CR) == 0) {
			w.add("The inner set is empty on every test image: it certifies nothing. " + saturated(m) +
				" Try " + tryNext(m) + ".");
		}
		return w;
	}

	/**
	 * The warnings of a validation per class and group: for each group, the
	 * splits in which a cell is trivial (too few of the group's calibration
	 * images for α under the joint rule); for each class, its mean stretch
	 * |O| / |Ŷ| and contraction |I| / |Ŷ| over all test images.
	 */
	public static List<String> of(final ClassValidationResult v) {
		final List<String> w = new ArrayList<>();
		final Method m = v.settings().method();
		for (final String g : v.groups()) {
			int trivial = 0, needed = 1;
			for (int s = 0; s < v.splits(); s++)
				if (v.calibration(s).trivial(g)) {
					trivial++;
					needed = Math.max(needed, v.calibration(s).nNeeded(g));
				}
			if (trivial > 0) {
				w.add((g.isEmpty() ? "The" : "In group " + g + ", the") + " sets are trivial in " + trivial +
					" of " + v.splits() + " split(s): about " + Rounding.of(v.calibrationPerSplit(g)) +
					" calibration images per split, but " + needed + " are needed for α = " + Rounding.of(v
						.settings().alpha()) + " under the " + v.jointRule().id() +
					" rule. Try a larger calibrationFraction, more images, fewer groups or a larger α.");
			}
		}
		for (int c = 0; c < v.classes().size(); c++) {
			final String which = v.classes().binary() ? "The" : "Class " + v.classes().name(c) + ": the";
			final double stretch = v.mean(ClassValidationResult.ALL, c, Measure.STRETCH);
			if (m.hasOuter() && stretch > STRETCH_LIMIT) {
				w.add(which + " outer set is large: " + Rounding.of(stretch) +
					"× the prediction on average over the test images (warned above " + Rounding.of(
						STRETCH_LIMIT) + "×). " + whyLarge(m) + " Try " + tryNext(m) + ".");
			}
			if (m.hasInner() && v.mean(ClassValidationResult.ALL, c, Measure.CR) == 0) {
				w.add(which + " inner set is empty on every test image: it certifies nothing. " +
					saturated(m) + " Try " + tryNext(m) + ".");
			}
		}
		return w;
	}

	/** Warns of an infinite λ̂ of one side; whether it did. */
	private static boolean infinite(final List<String> w, final Calibration c, final String side,
		final Threshold t, final String result)
	{
		if (t == null || t.lambda() != Double.POSITIVE_INFINITY) return false;
		w.add("The " + side + " set is " + result + ": λ̂ = ∞ because more than α = " + Rounding.of(t
			.alpha()) + " of the calibration images meet the criterion at no level (" + c
				.infiniteScoreIds().size() + " image(s) with an infinite score, e.g. an empty prediction " +
			"of a non-empty object, or saturated scores). " + saturated(c.method()) + " Try " + tryNext(c
				.method()) + ".");
		return true;
	}

	/** Why a score cut-off ends at the end of the score range. */
	private static String saturated(final Method m) {
		if (m == Method.DILATION || m == Method.EROSION) {
			return "The predictions differ from the objects by many steps in more than α of the images.";
		}
		return "Saturated scores do this: maps with confident errors at exactly 0 or 1 (e.g. 8-bit " +
			"maps normalised per image to 0–255), where no cut-off inside the range holds for 1 − α " +
			"of the images.";
	}

	private static String whyLarge(final Method m) {
		if (m == Method.DILATION) {
			return "In more than α of the calibration images the prediction misses part of the object " +
				"by many steps, and λ̂ must reach the farthest miss.";
		}
		return saturated(m);
	}

	/** What to try, by method. */
	private static String tryNext(final Method m) {
		if (m == Method.DILATION) {
			return "a coverage ratio (tolerance 0.05: the outer set holds at least 95% of the object), " +
				"a larger α, or predictions that miss less";
		}
		if (m == Method.EROSION || m == Method.THRESHOLD_INNER) {
			return "a tolerance τ > 0 (a share of the inner set allowed outside the object) or a larger α";
		}
		if (m == Method.THRESHOLD_OUTER) return "a tolerance ε > 0 (a share of the object allowed outside) or a larger α";
		if (m == Method.CRC) return "a larger α (the mean share of the object allowed outside)";
		return "the distance transform (innerTransform and outerTransform = distance), which does " +
			"not depend on the scores' scale, or a larger α";
	}
}
