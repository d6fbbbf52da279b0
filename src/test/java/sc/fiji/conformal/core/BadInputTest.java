package sc.fiji.conformal.core;

import static sc.fiji.conformal.core.ConformalQuantileTest.expectError;

import java.util.Collections;

import org.junit.Test;

import net.imglib2.img.array.ArrayImgs;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/** Bad input gets an IllegalArgumentException that names the value and what was expected. */
public class BadInputTest {

	private static final double[] UNIT = { 1, 1 };

	@Test
	public void shapeMismatchNamesBothShapes() {
		final ScalarImage s = new ScalarImage(Grid.of(50, 50), new float[2500]);
		final Mask y = Mask.empty(Grid.of(40, 40));
		expectError(() -> Sample.of("Kvasir/1", s, null, y),
			"shape mismatch in sample 'Kvasir/1': its score map is 50x50 but its ground truth is 40x40");
		final Mask p = Mask.empty(Grid.of(50, 49));
		expectError(() -> Sample.of("a", s, p, null), "its prediction is 50x49");
	}

	@Test
	public void nonBinaryMaskNamesFileAndPosition() {
		final double[] v = new double[12];
		v[7] = 0.5;
		expectError(() -> Mask.fromBinary(ArrayImgs.doubles(v, 4, 3), UNIT, "masks/a.png"),
			"masks/a.png is not a binary mask: value 0.5 at (3, 1)");
		final double[] w = new double[12];
		w[0] = 255;
		expectError(() -> Mask.fromBinary(ArrayImgs.doubles(w, 4, 3), UNIT, "b.tif"), "value 255.0 at (0, 0)");
	}

	@Test
	public void nanOrInfiniteScoresNamePosition() {
		final float[] v = new float[12];
		v[5] = Float.NaN;
		expectError(() -> ScalarImage.fromScores(ArrayImgs.floats(v, 4, 3), UNIT, "scores/a.tif"),
			"scores/a.tif has a NaN score at (1, 1)");
		final float[] w = new float[12];
		w[11] = Float.NEGATIVE_INFINITY;
		expectError(() -> ScalarImage.fromScores(ArrayImgs.floats(w, 4, 3), UNIT, "b"),
			"b has an infinite score at (3, 2)");
	}

	@Test
	public void alphaOutsideUnitInterval() {
		for (final double a : new double[] { 0, 1, 1.5, -0.1, Double.NaN }) {
			expectError(() -> Settings.builder(Method.DILATION).alpha(a).build(),
				"alpha must be in (0, 1), got " + a);
		}
		expectError(() -> Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.6).alphaOuter(0.5)
			.build(), "alpha must be in (0, 1), got 1.1");
		expectError(() -> Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).alphaInner(0.02)
			.alphaOuter(0.05).build(), "alpha must equal alphaInner + alphaOuter");
	}

	@Test
	public void toleranceOutsideHalfOpenUnitInterval() {
		for (final double t : new double[] { -0.1, 1, 2, Double.NaN }) {
			expectError(() -> Settings.builder(Method.EROSION).tolerance(t).build(),
				"tolerance must be in [0, 1), got " + t);
		}
	}

	@Test
	public void emptyCalibrationSet() {
		final Settings s = Settings.builder(Method.DILATION).build();
		expectError(() -> Calibrator.calibrate(s, Collections.emptyList()), "calibration set is empty");
		expectError(() -> Calibrator.fromScores(s, Collections.emptyList()), "calibration set is empty");
	}

	@Test
	public void fewerThanTwoDimensions() {
		expectError(() -> Grid.of(5), "at least 2 dimensions, got 1");
		expectError(() -> Mask.fromBinary(ArrayImgs.doubles(new double[5], 5), new double[] { 1 },
			"line.tif"), "at least 2 dimensions, got 1");
	}

	@Test
	public void badSpacing() {
		expectError(() -> Grid.of(new long[] { 4, 4 }, new double[] { 1, 0 }), "spacing must be finite and positive");
		expectError(() -> Grid.of(new long[] { 4, 4 }, new double[] { 1 }), "one value per dimension");
	}

	@Test
	public void unknownNamesListTheAcceptedOnes() {
		expectError(() -> Method.fromId("dilate"),
			"method must be one of [dilation, erosion, threshold-inner, threshold-outer, confidence-sets, crc], got 'dilate'");
		expectError(() -> StructuringElement.fromId("disk"), "shape must be one of [cross, square, euclidean]");
		expectError(() -> QuantileRule.fromId("matlab"), "quantile must be one of [paper, consema-code, cls-clipped]");
	}

	@Test
	public void missingInputs() {
		final Mask p = Mask.empty(Grid.of(4, 4));
		final Sample binaryOnly = Sample.of("img7", null, p, Mask.empty(Grid.of(4, 4)));
		expectError(() -> ImageScores.score(Settings.builder(Method.THRESHOLD_OUTER).build(), binaryOnly),
			"method threshold-outer needs a score map, but sample 'img7' has only a binary prediction");
		final Sample unlabelled = Sample.of("img8", null, p, null);
		expectError(() -> ImageScores.score(Settings.builder(Method.DILATION).build(), unlabelled),
			"sample 'img8' has no ground truth mask");
		expectError(() -> Sample.of("img9", null, null, p), "needs a score map or a predicted mask");
	}
}
