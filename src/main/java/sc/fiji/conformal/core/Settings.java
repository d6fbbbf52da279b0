package sc.fiji.conformal.core;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.conformal.core.distance.GaussianSmoothing;

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

	/** Every parameter's public name: {@code method}, {@code alpha} and those methods use. */
	public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList("method",
		"alpha", "tolerance", "shape", "border", "quantile", "threshold", "joint", "alphaInner",
		"alphaOuter", "innerTransform", "outerTransform", "sigma"));

	/**
	 * The largest σ accepted, physical units: any larger number is a typo in any
	 * unit. Each image also bounds σ to
	 * {@link sc.fiji.conformal.core.distance.GaussianSmoothing#MAX_SIGMA_VOXELS}
	 * voxels along every axis, where its spacing is known.
	 */
	public static final double MAX_SIGMA = 1e6;

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
		if (method.splitsAlpha(joint)) b.alphaInner(alphaInner).alphaOuter(alphaOuter);
		return b;
	}

	/** The same settings with another α (where α is split between sides, in the same ratio). */
	public Settings withAlpha(final double newAlpha) {
		final Builder b = toBuilder();
		if (method.splitsAlpha(joint)) {
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

	/**
	 * σ of the Gaussian transform, physical units, in [0, {@link #MAX_SIGMA}].
	 */
	public double sigma() {
		return sigma;
	}

	/** True if the method needs score maps (not only binary predictions). */
	public boolean needsScores() {
		return method.needsScores(this);
	}

	/**
	 * The parameters that matter for this method, by their public names, in a
	 * stable order (for files, tables and logs): {@code method}, {@code alpha},
	 * then the method's {@link Method#parameterNames}. Numbers are
	 * {@link Double}s, choices their ids.
	 */
	public Map<String, Object> parameters() {
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", method.id());
		p.put("alpha", alpha);
		for (final String name : method.parameterNames(this))
			p.put(name, value(name));
		return p;
	}

	/**
	 * One parameter's value by its public name (a {@link Double}, or a choice's
	 * id).
	 *
	 * @throws IllegalArgumentException on an unknown name
	 */
	public Object value(final String name) {
		switch (name) {
			case "method":
				return method.id();
			case "alpha":
				return alpha;
			case "tolerance":
				return tolerance;
			case "shape":
				return shape.id();
			case "border":
				return border.id();
			case "quantile":
				return quantile.id();
			case "threshold":
				return threshold;
			case "joint":
				return joint.id();
			case "alphaInner":
				return alphaInner;
			case "alphaOuter":
				return alphaOuter;
			case "innerTransform":
				return innerTransform.id();
			case "outerTransform":
				return outerTransform.id();
			case "sigma":
				return sigma;
			default:
				throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + NAMES);
		}
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
		for (final String name : NAMES) {
			if (name.equals("method") || name.equals("alphaInner") || name.equals("alphaOuter")) continue;
			if (text(p, name) != null) b.set(name, p.get(name));
		}
		if (b.method.splitsAlpha(b.joint)) {
			if (text(p, "alphaInner") != null) b.set("alphaInner", p.get("alphaInner"));
			if (text(p, "alphaOuter") != null) b.set("alphaOuter", p.get("alphaOuter"));
		}
		return b.build();
	}

	private static String text(final Map<String, ?> p, final String key) {
		final Object v = p.get(key);
		if (v == null) return null;
		final String s = v.toString().trim();
		return s.isEmpty() ? null : s;
	}

	private static double number(final String key, final Object v) {
		if (v instanceof Number) return ((Number) v).doubleValue();
		final String s = v == null ? "" : v.toString().trim();
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

		/**
		 * Sets one parameter by its public name ({@link Settings#NAMES} but
		 * {@code method}): a number (a {@link Number} or its text) or a choice's
		 * id. Validated on {@link #build()}.
		 *
		 * @throws IllegalArgumentException naming the parameter on an unknown
		 *           name, a choice that does not exist or text that is not a
		 *           number
		 */
		public Builder set(final String name, final Object value) {
			final String text = value == null ? null : value.toString().trim();
			switch (name) {
				case "alpha":
					return alpha(number(name, value));
				case "tolerance":
					return tolerance(number(name, value));
				case "shape":
					return shape(StructuringElement.fromId(text));
				case "border":
					return border(BorderRule.fromId(text));
				case "quantile":
					return quantile(QuantileRule.fromId(text));
				case "threshold":
					return threshold(number(name, value));
				case "joint":
					return joint(JointRule.fromId(text));
				case "alphaInner":
					return alphaInner(number(name, value));
				case "alphaOuter":
					return alphaOuter(number(name, value));
				case "innerTransform":
					return innerTransform(Transform.fromId(text));
				case "outerTransform":
					return outerTransform(Transform.fromId(text));
				case "sigma":
					return sigma(number(name, value));
				default:
					throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + NAMES
						.subList(1, NAMES.size()));
			}
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
			if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
				throw new IllegalArgumentException("sigma must be in [0, " + MAX_SIGMA +
					"] (physical units, and at most " + GaussianSmoothing.MAX_SIGMA_VOXELS +
					" voxels along any axis of an image), got " + sigma);
			}
			double a = alpha;
			double ai = a;
			double ao = a;
			if (method.splitsAlpha(joint)) {
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
