package sc.fiji.conformal.core;

/**
 * One random split of a validation: its calibrated thresholds and the mean of
 * each {@link Measure} over its test images. Immutable.
 */
public final class SplitResult {

	private final int index;
	private final int nCalibration;
	private final int nTest;
	private final Threshold inner;
	private final Threshold outer;
	private final double[] means;

	SplitResult(final int index, final int nCalibration, final int nTest, final Threshold inner,
		final Threshold outer, final double[] means)
	{
		this.index = index;
		this.nCalibration = nCalibration;
		this.nTest = nTest;
		this.inner = inner;
		this.outer = outer;
		this.means = means.clone();
	}

	/** 0-based split number. */
	public int index() {
		return index;
	}

	/** Calibration images in this split. */
	public int nCalibration() {
		return nCalibration;
	}

	/** Test images in this split. */
	public int nTest() {
		return nTest;
	}

	/** The inner threshold, or null. */
	public Threshold inner() {
		return inner;
	}

	/** The outer threshold, or null. */
	public Threshold outer() {
		return outer;
	}

	/** Mean of a measure over the test images (NaN if undefined for all). */
	public double mean(final Measure m) {
		return means[m.ordinal()];
	}
}
