package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Locale;

import org.junit.Test;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.JointRule;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;

/**
 * End to end on real model outputs (PraNet polyps, U-Net retina vessels): the
 * data read as documented, every method calibrates, and the guarantee holds
 * over seeded random half/half splits within a binomial tolerance. Skips when
 * {@code ../shared/data} is absent.
 */
public class RealDataTest {

	private static final int SPLITS = 100;

	@Test
	public void polypsMatchThePublishedDice() throws Exception {
		final File dir = SharedData.require("polyps-pranet");
		final List<String[]> rows = SharedData.manifest(dir, "pred", "gt");
		assertEquals(777, rows.size());
		double dice = 0;
		int n = 0;
		for (final Sample s : SharedData.pngPairs(dir, rows.subList(0, rows.size()))) {
			if (!s.id().startsWith("Kvasir/")) continue;
			final int inter = s.predicted(0.5).countAnd(s.truth());
			dice += 2.0 * inter / (s.predicted(0.5).count() + s.truth().count());
			n++;
		}
		assertEquals(100, n);
		assertEquals("mean Dice on Kvasir (data README: 0.8991)", 0.8991, dice / n, 5e-4);
	}

	@Test
	public void polypsGuaranteesHold() throws Exception {
		final File dir = SharedData.require("polyps-pranet");
		final Iterable<Sample> data = SharedData.pngPairs(dir, SharedData.manifest(dir, "pred", "gt"));
		final Settings[] settings = { //
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(StructuringElement.CROSS)
				.build(),
			Settings.builder(Method.DILATION).alpha(0.05).tolerance(0.01).shape(
				StructuringElement.EUCLIDEAN).build(),
			Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.01).build(),
			Settings.builder(Method.THRESHOLD_INNER).alpha(0.1).tolerance(0.01).build(),
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build(),
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08).build(),
			Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).joint(JointRule.MAX).innerTransform(
				sc.fiji.conformal.core.Transform.DISTANCE).outerTransform(
					sc.fiji.conformal.core.Transform.DISTANCE).build() };
		for (final Settings s : settings)
			checkValidity(s, data, "polyps");
		final ValidationResult crc = Validation.randomSplits(Settings.builder(Method.CRC).alpha(0.1)
			.build(), data, SPLITS, 0.5, 1);
		final double tol = 4 * crc.sd(Measure.FNR) / Math.sqrt(SPLITS);
		System.out.printf(Locale.ROOT, "polyps crc α=0.1: mean FNR %.4f%n", crc.mean(Measure.FNR));
		assertTrue("crc mean FNR " + crc.mean(Measure.FNR), crc.mean(Measure.FNR) <= 0.1 + tol);
	}

	/**
	 * The documented uninformative sets are warned of, measured on every image:
	 * polyps dilation at α = 0.1 (λ̂ = 22 steps on 50×50 maps, outer set many
	 * times the prediction), polyps identity confidence sets (inner empty,
	 * outer the whole image), retina dilation (λ̂ = 99, most of the image).
	 */
	@Test
	public void uninformativeSetsAreWarnedOf() throws Exception {
		final File polyps = SharedData.require("polyps-pranet");
		final Iterable<Sample> p = SharedData.pngPairs(polyps, SharedData.manifest(polyps, "pred",
			"gt"));
		Calibration c = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.1).build(), p);
		assertEquals(22, c.outer().lambda(), 0);
		List<String> w = SetWarnings.of(c, sizes(c, p));
		System.out.println("polyps dilation α=0.1: " + w);
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("22 steps") && w.get(0).contains("× the prediction"));

		c = Calibrator.calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).build(), p);
		w = SetWarnings.of(c, sizes(c, p));
		System.out.println("polyps identity confidence sets: " + w);
		assertEquals(w.toString(), 2, w.size());
		assertTrue(w.get(0), w.get(0).startsWith("The inner set is empty"));
		assertTrue(w.get(1), w.get(1).startsWith("The outer set is the whole image"));

		final File retina = SharedData.require("retina-vessels-retinaunet");
		final Iterable<Sample> r = SharedData.pngPairs(retina, SharedData.manifest(retina, "pred",
			"gt"));
		c = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.1).build(), r);
		assertEquals(99, c.outer().lambda(), 0);
		final SetWarnings.Sizes sizes = sizes(c, r);
		w = SetWarnings.of(c, sizes);
		System.out.println("retina dilation α=0.1: " + w);
		assertEquals(w.toString(), 1, w.size());
		assertTrue(w.get(0), w.get(0).contains("99 steps") && w.get(0).contains(Math.round(100 * sizes
			.meanArea()) + "% of the image"));
		assertTrue("mean area " + sizes.meanArea(), sizes.meanArea() > SetWarnings.AREA_LIMIT);
	}

	private static SetWarnings.Sizes sizes(final Calibration c, final Iterable<Sample> samples) {
		final SetWarnings.Sizes sizes = new SetWarnings.Sizes();
		for (final Sample s : samples)
			sizes.add(c.apply(s));
		return sizes;
	}

	@Test
	public void retinaFullCoverageNeedsLargeDilations() throws Exception {
		final File dir = SharedData.require("retina-vessels-retinaunet");
		final Iterable<Sample> data = SharedData.pngPairs(dir, SharedData.manifest(dir, "pred", "gt"));
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).build();
		final Calibration c = Calibrator.calibrate(s, data);
		assertEquals(40, c.n());
		System.out.printf(Locale.ROOT, "retina dilation cross α=0.1 full coverage: λ̂ = %.0f%n", c
			.outer().lambda());
		// vessels the U-Net misses lie far from its mask: full coverage needs many dilations
		assertTrue("λ̂ = " + c.outer().lambda(), c.outer().lambda() > 20);
		checkValidity(Settings.builder(Method.THRESHOLD_OUTER).alpha(0.2).tolerance(0.2).build(), data,
			"retina");
	}

	private static void checkValidity(final Settings s, final Iterable<Sample> data,
		final String name)
	{
		final ValidationResult v = Validation.randomSplits(s, data, SPLITS, 0.5, 1);
		final int n = v.splits().get(0).nCalibration();
		final int nTest = v.splits().get(0).nTest();
		final double alpha = s.alpha();
		final int k = ConformalQuantile.paperRank(n, alpha);
		final double var = (double) k * (n + 1 - k) / ((n + 1.0) * (n + 1.0) * (n + 2.0)) + alpha *
			(1 - alpha) / nTest;
		final double tol = 4 * Math.sqrt(var / SPLITS);
		final double mean = v.mean(Measure.VALIDITY);
		System.out.printf(Locale.ROOT, "%s %s: validity %.4f ± %.4f (target ≥ %.3f), λ̂ in=%.4g out=%.4g%n",
			name, s.parameters(), mean, v.sd(Measure.VALIDITY), 1 - alpha, s.method().toNatural(v
				.meanLambda(true)), s.method().toNatural(v.meanLambda(false)));
		assertTrue(name + " " + s + ": validity " + mean + " below 1−α − " + tol, mean >= 1 - alpha -
			tol);
	}
}
