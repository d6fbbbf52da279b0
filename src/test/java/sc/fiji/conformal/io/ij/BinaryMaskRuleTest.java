package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * Open images follow the same mask rule as NIfTI files (io.BinaryMasks): NaN
 * or a second non-zero value is an error naming the image and the position.
 */
public class BinaryMaskRuleTest {

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	public void nanInAFloatMaskIsAnError() {
		final float[] v = new float[12];
		v[2] = 1;
		v[7] = Float.NaN;
		expect(new ImagePlus("m.tif", new FloatProcessor(4, 3, v)), "m.tif is not a binary mask: value NaN at (3, 1)");
	}

	@Test
	public void secondNonZeroValueIsAnError() {
		final float[] v = new float[12];
		v[1] = 255;
		v[5] = 128;
		expect(new ImagePlus("n.tif", new FloatProcessor(4, 3, v)),
			"n.tif is not a binary mask: values 255.0 and 128.0 (at (1, 1)) are both non-zero (for a label image whose every non-zero value is object, use maskRule=nonzero)");
	}

	@Test
	public void zeroAndOneValueIsAMask() {
		final float[] v = new float[12];
		v[0] = v[11] = 65535;
		assertEquals(2, ImagePlusBridge.mask(new ImagePlus("ok", new FloatProcessor(4, 3, v)), "ok")
			.count());
	}

	private static void expect(final ImagePlus imp, final String message) {
		try {
			ImagePlusBridge.mask(imp, imp.getTitle());
			fail("expected: " + message);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().equals(message));
		}
	}
}
