package sc.fiji.conformal.batch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFileWriter;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.testing.LabelMapDatasets;

/**
 * Applying per class goes on past a set that cannot be written (a full disk
 * for one file), as the binary apply does (issue 12, case 1): every other
 * image's sets and the volumes table are written, and the run then fails
 * naming the image, the file and the reason.
 */
public class ClassBatchWriteTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aFailedWriteFailsThatImageByNameAndTheRunAfterTheOthers() throws IOException {
		final Path csv = LabelMapDatasets.write(tmp.newFolder("labels").toPath());
		final ImageFormats formats = ImageFormats.nifti();
		final LabelDataset data = LabelDataset.fromManifest(csv, GroupBy.NONE, formats);
		final ClassCalibration c = ClassBatch.calibrate(data, LabelClasses.parse("1:front,2:back"),
			Settings.builder(Method.DILATION).alpha(0.2).build(), ClassJointRule.MAX, LocalRunner.of(2),
			null).calibration();
		final Path out = tmp.getRoot().toPath().resolve("out");
		final ImageFileWriter fullFor3 = (mask, file, overwrite) -> {
			if (file.getFileName().toString().equals("img3.nii") && file.getParent().endsWith(
				"back/outer"))
			{
				throw new IOException(file + ": cannot be written: No space left on device");
			}
			formats.writeMask(mask, file, overwrite);
		};
		try {
			ClassBatch.apply(c, data, out, fullFor3, false, LocalRunner.of(2), null);
			fail("a failed write was not reported");
		}
		catch (final WriteFailedException e) {
			final ApplyReport r = e.report();
			assertEquals(23, r.images());
			assertEquals(1, r.writeFailures().size());
			assertEquals("img3", r.writeFailures().get(0).id());
			final Path failed = out.resolve("back/outer/img3.nii");
			assertEquals(failed.toString(), r.writeFailures().get(0).file());
			assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
			assertFalse(Files.exists(failed));
		}
		for (int i = 0; i < 24; i++) {
			if (i == 3) continue;
			assertTrue(Files.isRegularFile(out.resolve("back/outer/img" + i + ".nii")));
		}
		// the volumes table holds every image but the failed one, one row per class
		assertEquals(1 + 23 * 2, Files.readAllLines(out.resolve("volumes.csv")).size());
	}
}
