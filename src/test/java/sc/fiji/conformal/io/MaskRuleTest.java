package sc.fiji.conformal.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.image.Mask;

/**
 * Instance label images as masks: refused by the default rule with an error
 * that names the file, the values and maskRule=nonzero; with
 * {@code maskRule=nonzero} every non-zero value is object, and a data set of
 * instance label images calibrates exactly as the same data as binary masks.
 */
public class MaskRuleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final int[] INSTANCES = { 0, 1, 1, 0, 2, 2, 0, 0, 3, 0, 0, 7 };

	@Test
	public void aLabelImageIsRefusedByDefaultAndAMaskOfAllObjectsWithNonzero() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("cells.nii");
		LabelDatasetTest.writeUint8(f, new int[] { 4, 3 }, INSTANCES, 0);
		try {
			ImageFormats.nifti().readMask(f);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("cells.nii is not a binary mask: values 1.0 and 2.0") && e
				.getMessage().contains("maskRule=nonzero"));
		}
		final Mask m = ImageFormats.nifti().withMaskRule(MaskRule.NONZERO).readMask(f);
		for (int i = 0; i < INSTANCES.length; i++)
			assertEquals(INSTANCES[i] != 0, m.get(i));
		assertEquals(MaskRule.NONZERO, MaskRule.fromId("NonZero"));
	}

	@Test
	public void instanceLabelsCalibrateAsTheirBinaryMasks() throws IOException {
		final Path labels = tmp.newFolder("labels").toPath(), binary = tmp.newFolder("binary")
			.toPath(), pred = tmp.newFolder("pred").toPath();
		for (int img = 0; img < 12; img++) {
			final int[] t = new int[12], b = new int[12], p = new int[12];
			for (int i = 0; i < 12; i++) {
				t[i] = (i * 7 + img * 3) % 5 < 2 ? 1 + (i + img) % 4 : 0;
				b[i] = t[i] == 0 ? 0 : 1;
				p[i] = (i * 5 + img) % 4 == 0 ? 1 : 0;
			}
			LabelDatasetTest.writeUint8(labels.resolve("i" + img + ".nii"), new int[] { 4, 3 }, t, 0);
			LabelDatasetTest.writeUint8(binary.resolve("i" + img + ".nii"), new int[] { 4, 3 }, b, 0);
			LabelDatasetTest.writeUint8(pred.resolve("i" + img + ".nii"), new int[] { 4, 3 }, p, 0);
		}
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		final Calibration fromLabels = Calibrator.calibrate(s, Dataset.fromFolders(null, pred, labels,
			ImageFormats.nifti().withMaskRule(MaskRule.NONZERO)));
		final Calibration fromMasks = Calibrator.calibrate(s, Dataset.fromFolders(null, pred, binary,
			ImageFormats.nifti()));
		for (int i = 0; i < 12; i++)
			assertEquals(fromMasks.scores().get(i).outer(), fromLabels.scores().get(i).outer(), 0);
		assertEquals(fromMasks.outer().lambda(), fromLabels.outer().lambda(), 0);
	}
}
