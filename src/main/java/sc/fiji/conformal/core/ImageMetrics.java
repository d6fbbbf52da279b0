package sc.fiji.conformal.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * The {@link Measure}s of one image's conformal sets, from its
 * {@link SetCounts}. Measures of a side the method lacks are NaN. Validity is
 * the method's guarantee event ({@link Method#validity}), for the built-in
 * methods:
 * <ul>
 * <li>dilation, threshold-outer: |O ∩ Y| ≥ ⌈(1 − tolerance)|Y|⌉;</li>
 * <li>erosion, threshold-inner: |I ∩ (Ŷ∖Y)| ≤ ⌊τ|Ŷ|⌋ (AFP ≤ τ);</li>
 * <li>confidence-sets: I ⊆ Y and Y ⊆ O (each side also separately);</li>
 * <li>crc: none (its guarantee is on the mean FNR).</li>
 * </ul>
 */
public final class ImageMetrics {

	private final EnumMap<Measure, Double> values;

	private ImageMetrics(final EnumMap<Measure, Double> values) {
		this.values = values;
	}

	/** The measures of the given counts under the given settings. */
	public static ImageMetrics of(final Settings settings, final SetCounts c) {
		final EnumMap<Measure, Double> v = new EnumMap<>(Measure.class);
		for (final Measure m : Measure.values())
			v.put(m, Double.NaN);
		final boolean hasOuter = c.outer != SetCounts.ABSENT;
		final boolean hasInner = c.inner != SetCounts.ABSENT;
		if (hasOuter) {
			final double ratio = c.truth == 0 ? 1 : (double) c.outerTruth / c.truth;
			v.put(Measure.COVERAGE_RATIO, ratio);
			v.put(Measure.FNR, 1 - ratio);
			v.put(Measure.STRETCH, c.predicted == 0 ? Double.NaN : (double) c.outer / c.predicted);
			v.put(Measure.ADDED, (double) c.outerAdded);
		}
		if (hasInner) {
			v.put(Measure.CR, perPredicted(c.inner, c.predicted));
			v.put(Measure.ATP, perPredicted(c.innerTruth, c.predicted));
			v.put(Measure.AFP, perPredicted(c.innerFalsePositive, c.predicted));
		}
		settings.method().validity(settings, c, v);
		return new ImageMetrics(v);
	}

	private static double perPredicted(final int count, final int predicted) {
		return predicted == 0 ? 0 : (double) count / predicted;
	}

	private static double flag(final boolean b) {
		return b ? 1 : 0;
	}

	/** One measure (NaN if undefined for this method or image). */
	public double get(final Measure m) {
		return values.get(m);
	}

	/** All measures. */
	public Map<Measure, Double> asMap() {
		return new EnumMap<>(values);
	}
}
