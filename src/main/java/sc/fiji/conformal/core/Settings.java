package sc.fiji.conformal.core;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines a conformal method's calibration, validated on
 * {@link Builder#build()}. Immutable. Parameter names are those of the
 * commands and the calibration file.
 *
 * <pre>
 * Settings s = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01)
 * 	.shape(StructuringElement.CROSS).build();
 * </pre>
 */
public final class Settings {

	private final Method method;
	private final double alpha;
	private final double tolerance;
	private final StructuringElement shape;
	private final BorderRule border;
	private final QuantileRule quantile;
	private final double threshold;
	private final JointRule joint;
	private final double alphaInner;
	private final double alphaOuter;
	private final Transform innerTransform;
	private final Transform outerTransform;
	private final double sigma;

	private Settings(final Builder b, final double alpha, final double alphaInner,
		final double alphaOuter)
	{
		method = b.method;
		this.alpha = alpha;
		tolerance = b.tolerance;
		shape = b.shape;
		border = b.border;
		quantile = b.quantile;
		threshold = b.threshold;
		joint = b.joint;
		this.alphaInner = alphaInner;
		this.alphaOuter = alphaOuter;
		innerTransform = b.innerTransform;
		outerTransform = b.outerTransform;
		sigma = b.sigma;
	}

	/** A builder with the defaults: α = 0.1, tolerance 0, cross, paper rule, t₀ = 0.5. */
	public static Builder builder(final Method method) {
		return new Builder(method);
	}

	/** A builder initialised with these settings. */
	public Builder toBuilder() {
		final Builder b = new Builder(method).alpha(alpha).tolerance(tolerance).shape(shape).border(
			border).quantile(quantile).threshold(threshold).joint(joint).innerTransform(innerTransform)
			.outerTransform(outerTransform).sigma(sigma);
		if (method == Method.CONFIDENCE_SETS && joint == JointRule.BONFERRONI) {
			b.alphaInner(alphaInner).alphaOuter(alphaOuter);
		}
		return b;
	}

	/** The same settings with another α (for confidence-sets with Bonferroni, split in the same ratio). */
	public Settings withAlpha(final double newAlpha) {
		final Builder b = toBuilder();
		if (method == Method.CONFIDENCE_SETS && joint == JointRule.BONFERRONI) {
			b.alphaInner = Double.NaN;
			b.alphaOuter = Double.NaN;
			b.alpha(newAlpha);
			final double share = alphaInner / alpha;
			return b.alphaInner(newAlpha * share).alphaOuter(newAlpha * (1 - share)).build();
		}
		return b.alpha(newAlpha).build();
	}

	/** The method. */
	public Method method() {
		return method;
	}

	/** Total miscoverage α in (0, 1); for confidence-sets the joint level. */
	public double alpha() {
		return alpha;
	}

	/**
	 * The tolerance in [0, 1): 1 − c for dilation, τ for erosion and
	 * threshold-inner, ε for threshold-outer; unused by the other methods.
	 */
	public double tolerance() {
		return tolerance;
	}

	/** The structuring element of dilation and erosion. */
	public StructuringElement shape() {
		return shape;
	}

	/** The image-border rule of erosion. */
	public BorderRule border() {
		return border;
	}

	/** The quantile rule. */
	public QuantileRule quantile() {
		return quantile;
	}

	/** t₀: Ŷ = {s ≥ t₀} when no binary prediction is given. */
	public double threshold() {
		return threshold;
	}

	/** The joint rule of confidence-sets. */
	public JointRule joint() {
		return joint;
	}

	/** α_I of confidence-sets (Bonferroni); equals α for the max rule. */
	public double alphaInner() {
		return alphaInner;
	}

	/** α_O of confidence-sets (Bonferroni); equals α for the max rule. */
	public double alphaOuter() {
		return alphaOuter;
	}

	/** The inner transform f_I of confidence-sets. */
	public Transform innerTransform() {
		return innerTransform;
	}

	/** The outer transform f_O of confidence-sets. */
	public Transform outerTransform() {
		return outerTransform;
	}

	/** σ of the Gaussian transform, physical units. */
	public double sigma() {
		return sigma;
	}

	/** True if the method needs score maps (not only binary predictions). */
	public boolean needsScores() {
		switch (method) {
			case DILATION:
			case EROSION:
				return false;
			case CONFIDENCE_SETS:
				return innerTransform != Transform.DISTANCE || outerTransform != Transform.DISTANCE;
			default:
				return true;
		}
	}

	/**
	 * The parameters that matter for this method, by their public names, in a
	 * stable order (for files, tables and logs).
	 */
	public Map<String, Object> parameters() {
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", method.id());
		p.put("alpha", alpha);
		switch (method) {
			case DILATION:
				p.put("tolerance", tolerance);
				p.put("shape", shape.id());
				break;
			case EROSION:
				p.put("tolerance", tolerance);
				p.put("shape", shape.id());
				p.put("border", border.id());
				break;
			case THRESHOLD_INNER:
			case THRESHOLD_OUTER:
				p.put("tolerance", tolerance);
				break;
			case CONFIDENCE_SETS:
				p.put("joint", joint.id());
				p.put("alphaInner", alphaInner);
				p.put("alphaOuter", alphaOuter);
				p.put("innerTransform", innerTransform.id());
				p.put("outerTransform", outerTransform.id());
				if (innerTransform == Transform.GAUSSIAN || outerTransform == Transform.GAUSSIAN) {
					p.put("sigma", sigma);
				}
				break;
			default:
				break;
		}
		if (method != Method.CRC) p.put("quantile", quantile.id());
		p.put("threshold", threshold);
		return p;
	}

	@Override
	public String toString() {
		return parameters().toString();
	}

	/**
	 * Settings from named parameters, the inverse of {@link #parameters()}:
	 * {@code method} is required; the others ({@code alpha}, {@code tolerance},
	 * {@code shape}, {@code border}, {@code quantile}, {@code threshold},
	 * {@code joint}, {@code alphaInner}, {@code alphaOuter},
	 * {@code innerTransform}, {@code outerTransform}, {@code sigma}) take their
	 * defaults when absent, null or blank. Values may be numbers or strings.
	 * Parameters a method does not use are ignored.
	 *
	 * @throws IllegalArgumentException naming the parameter on an unknown name
	 *           or a value that is not a number where one is expected
	 */
	public static Settings fromParameters(final Map<String, ?> p) {
		final String methodId = text(p, "method");
		if (methodId == null) throw new IllegalArgumentException("method must be given");
		final Builder b = builder(Method.fromId(methodId));
		if (number(p, "alpha") != null) b.alpha(number(p, "alpha"));
		if (number(p, "tolerance") != null) b.tolerance(number(p, "tolerance"));
		if (text(p, "shape") != null) b.shape(StructuringElement.fromId(text(p, "shape")));
		if (text(p, "border") != null) b.border(BorderRule.fromId(text(p, "border")));
		if (text(p, "quantile") != null) b.quantile(QuantileRule.fromId(text(p, "quantile")));
		if (number(p, "threshold") != null) b.threshold(number(p, "threshold"));
		if (text(p, "joint") != null) b.joint(JointRule.fromId(text(p, "joint")));
		if (text(p, "innerTransform") != null) b.innerTransform(Transform.fromId(text(p,
			"innerTransform")));
		if (text(p, "outerTransform") != null) b.outerTransform(Transform.fromId(text(p,
			"outerTransform")));
		if (number(p, "sigma") != null) b.sigma(number(p, "sigma"));
		final Method m = b.method;
		if (m == Method.CONFIDENCE_SETS && b.joint == JointRule.BONFERRONI) {
			final Double ai = number(p, "alphaInner");
			final Double ao = number(p, "alphaOuter");
			if (ai != null) b.alphaInner(ai);
			if (ao != null) b.alphaOuter(ao);
		}
		return b.build();
	}

	private static String text(final Map<String, ?> p, final String key) {
		final Object v = p.get(key);
		if (v == null) return null;
		final String s = v.toString().trim();
		return s.isEmpty() ? null : s;
	}

	private static Double number(final Map<String, ?> p, final String key) {
		final Object v = p.get(key);
		if (v == null) return null;
		if (v instanceof Number) return ((Number) v).doubleValue();
		final String s = v.toString().trim();
		if (s.isEmpty()) return null;
		try {
			return Double.parseDouble(s);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a number, got '" + s + "'");
		}
	}

	/** Builds {@link Settings}; every setter returns the builder. */
	public static final class Builder {

		private final Method method;
		private double alpha = 0.1;
		private boolean alphaSet;
		private double tolerance = 0;
		private StructuringElement shape = StructuringElement.CROSS;
		private BorderRule border = BorderRule.BACKGROUND;
		private QuantileRule quantile = QuantileRule.PAPER;
		private double threshold = 0.5;
		private JointRule joint = JointRule.BONFERRONI;
		private double alphaInner = Double.NaN;
		private double alphaOuter = Double.NaN;
		private Transform innerTransform = Transform.IDENTITY;
		private Transform outerTransform = Transform.IDENTITY;
		private double sigma = 1;

		private Builder(final Method method) {
			if (method == null) throw new IllegalArgumentException("method must be given");
			this.method = method;
		}

		/** Miscoverage α in (0, 1). */
		public Builder alpha(final double value) {
			alpha = value;
			alphaSet = true;
			return this;
		}

		/** Tolerance in [0, 1) (1 − c, τ or ε, by method). */
		public Builder tolerance(final double value) {
			tolerance = value;
			return this;
		}

		/** Structuring element (dilation, erosion). */
		public Builder shape(final StructuringElement value) {
			shape = value;
			return this;
		}

		/** Border rule (erosion). */
		public Builder border(final BorderRule value) {
			border = value;
			return this;
		}

		/** Quantile rule. */
		public Builder quantile(final QuantileRule value) {
			quantile = value;
			return this;
		}

		/** t₀ for Ŷ = {s ≥ t₀}. */
		public Builder threshold(final double value) {
			threshold = value;
			return this;
		}

		/** Joint rule (confidence-sets). */
		public Builder joint(final JointRule value) {
			joint = value;
			return this;
		}

		/** α_I (confidence-sets, Bonferroni). */
		public Builder alphaInner(final double value) {
			alphaInner = value;
			return this;
		}

		/** α_O (confidence-sets, Bonferroni). */
		public Builder alphaOuter(final double value) {
			alphaOuter = value;
			return this;
		}

		/** f_I (confidence-sets). */
		public Builder innerTransform(final Transform value) {
			innerTransform = value;
			return this;
		}

		/** f_O (confidence-sets). */
		public Builder outerTransform(final Transform value) {
			outerTransform = value;
			return this;
		}

		/** σ of the Gaussian transform, physical units. */
		public Builder sigma(final double value) {
			sigma = value;
			return this;
		}

		/**
		 * Validates and builds. For confidence-sets with Bonferroni: with neither
		 * α_I nor α_O given, each is α/2; with one given, the other is α minus
		 * it; with both given, α is their sum.
		 *
		 * @throws IllegalArgumentException naming the first invalid value
		 */
		public Settings build() {
			require(shape, "shape");
			require(border, "border");
			require(quantile, "quantile");
			require(joint, "joint");
			require(innerTransform, "innerTransform");
			require(outerTransform, "outerTransform");
			if (!(tolerance >= 0 && tolerance < 1)) {
				throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
			}
			if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
				throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
			}
			if (!(sigma >= 0) || Double.isInfinite(sigma)) {
				throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
			}
			double a = alpha;
			double ai = a;
			double ao = a;
			if (method == Method.CONFIDENCE_SETS && joint == JointRule.BONFERRONI) {
				final boolean hasI = !Double.isNaN(alphaInner);
				final boolean hasO = !Double.isNaN(alphaOuter);
				if (hasI) ConformalQuantile.checkAlpha(alphaInner, "alphaInner");
				if (hasO) ConformalQuantile.checkAlpha(alphaOuter, "alphaOuter");
				if (hasI && hasO) {
					final double sum = exactSum(alphaInner, alphaOuter);
					if (alphaSet && Math.abs(sum - a) > 1e-12) {
						throw new IllegalArgumentException("alpha must equal alphaInner + alphaOuter (" + sum +
							") for Bonferroni, got " + a);
					}
					a = sum;
					ai = alphaInner;
					ao = alphaOuter;
				}
				else {
					ConformalQuantile.checkAlpha(a, "alpha");
					ai = hasI ? alphaInner : hasO ? exactDifference(a, alphaOuter) : a / 2;
					ao = hasO ? alphaOuter : hasI ? exactDifference(a, alphaInner) : a / 2;
					ConformalQuantile.checkAlpha(ai, "alphaInner");
					ConformalQuantile.checkAlpha(ao, "alphaOuter");
				}
			}
			ConformalQuantile.checkAlpha(a, "alpha");
			return new Settings(this, a, ai, ao);
		}

		private static double exactSum(final double x, final double y) {
			return BigDecimal.valueOf(x).add(BigDecimal.valueOf(y)).doubleValue();
		}

		private static double exactDifference(final double x, final double y) {
			return BigDecimal.valueOf(x).subtract(BigDecimal.valueOf(y)).doubleValue();
		}

		private static void require(final Object value, final String name) {
			if (value == null) throw new IllegalArgumentException(name + " must be given");
		}
	}
}
