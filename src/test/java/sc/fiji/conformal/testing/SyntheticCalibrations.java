package sc.fiji.conformal.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * The report tests' shared fixture: one calibration of every built-in method
 * on the first 40 images of a small synthetic dataset (seed 41, 48×48), and
 * image 40 of it as a new image.
 */
public final class SyntheticCalibrations {

	/** The dataset: images 0–39 calibrate, image 40 is new. */
	public static final SyntheticDataset DATA = new SyntheticDataset(41, 11, 48, 48);

	private SyntheticCalibrations() {}

	/** Calibrates {@code s} on images 0–39. */
	public static Calibration calibrate(final Settings s) {
		final List<Sample> cal = new ArrayList<>();
		for (int i = 0; i < 40; i++)
			cal.add(DATA.get(i));
		return Calibrator.calibrate(s, cal);
	}

	/** One setting of every built-in method at α = 0.1. */
	public static List<Settings> everyMethod() {
		return Arrays.asList(Settings.builder(Method.DILATION).alpha(0.1).build(), Settings.builder(
			Method.EROSION).alpha(0.1).tolerance(0.05).build(), Settings.builder(Method.THRESHOLD_INNER)
				.alpha(0.1).tolerance(0.05).build(), Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1)
					.tolerance(0.1).build(), Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build(),
			Settings.builder(Method.CRC).alpha(0.1).build());
	}
}
