package sc.fiji.conformal.io.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ScoreScaling;

/**
 * The same 8-bit scores and masks stored as PNG, TIFF and NIfTI-1 (uint8
 * without scaling, uint8 with the identity scaling ITK and nibabel write, and
 * uint8 with {@code scl_slope} = 1/255) calibrate alike through the format
 * registry: the same per-image scores and λ̂ for threshold-outer, where the
 * scale of the scores matters, and for dilation. PNG, TIFF and unscaled NIfTI
 * agree bit for bit (all read v/255); the file with {@code scl_slope} gives
 * v · slope, which differs from v/255 by at most one float rounding (the
 * slope is stored as a 32-bit float), so its scores agree to 1.2e-7 and its
 * sets are the same. Masks are 0/255 (PNG), 0/1 (TIFF, NIfTI) and 0/255 with
 * slope 1/255 (one non-zero value after scaling).
 */
public class CrossFormatCalibrationTest {

	private static final int COUNT = 30;
	private static final int W = 32;
	private static final int H = 24;

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	/** Folder per variant, PNG first: the reference. */
	private static final Map<String, Path> FOLDERS = new LinkedHashMap<>();

	/** The stored 8-bit scores of each image. */
	private static final List<byte[]> STORED = new ArrayList<>();

	@BeforeClass
	public static void writeTheSameDataInEveryFormat() throws IOException {
		System.setProperty("java.awt.headless", "true");
		for (final String variant : new String[] { "png", "tif", "nii", "nii-identity",
			"nii-slope" })
		{
			final Path root = TMP.newFolder(variant).toPath();
			Files.createDirectories(root.resolve("scores"));
			Files.createDirectories(root.resolve("masks"));
			FOLDERS.put(variant, root);
		}
		final SyntheticDataset data = new SyntheticDataset(COUNT, 5, W, H);
		for (int i = 0; i < COUNT; i++) {
			final Sample x = data.get(i);
			final byte[] s = new byte[W * H], m255 = new byte[W * H], m1 = new byte[W * H];
			for (int j = 0; j < s.length; j++) {
				s[j] = (byte) Math.round(x.scores().get(j) * 255);
				if (x.truth().get(j)) {
					m255[j] = (byte) 255;
					m1[j] = 1;
				}
			}
			STORED.add(s);
			final String name = String.format("img%02d", i);
			png(s, FOLDERS.get("png").resolve("scores/" + name + ".png"));
			png(m255, FOLDERS.get("png").resolve("masks/" + name + ".png"));
			tiff(s, FOLDERS.get("tif").resolve("scores/" + name + ".tif"));
			tiff(m1, FOLDERS.get("tif").resolve("masks/" + name + ".tif"));
			nifti(s, 0, FOLDERS.get("nii").resolve("scores/" + name + ".nii"));
			nifti(m1, 0, FOLDERS.get("nii").resolve("masks/" + name + ".nii"));
			nifti(s, 1, FOLDERS.get("nii-identity").resolve("scores/" + name + ".nii.gz"));
			nifti(m1, 1, FOLDERS.get("nii-identity").resolve("masks/" + name + ".nii.gz"));
			nifti(s, 1 / 255f, FOLDERS.get("nii-slope").resolve("scores/" + name + ".nii.gz"));
			nifti(m255, 1 / 255f, FOLDERS.get("nii-slope").resolve("masks/" + name + ".nii.gz"));
		}
	}

	@Test
	public void pngAndTiffScoresAreValueOver255AsBefore() throws IOException {
		final Dataset png = dataset("png");
		final Dataset tif = dataset("tif");
		for (int i = 0; i < COUNT; i++) {
			final float[] a = png.load(png.entries().get(i)).value().sample().scores().values();
			final float[] b = tif.load(tif.entries().get(i)).value().sample().scores().values();
			for (int j = 0; j < a.length; j++)
				if (a[j] != (STORED.get(i)[j] & 0xff) / 255f) fail("png image " + i + " voxel " + j);
			assertArrayEquals("image " + i, a, b, 0);
		}
	}

	@Test
	public void thresholdOuterCalibratesAlikeInEveryFormat() throws IOException {
		compare(Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build(), 1.2e-7);
	}

	@Test
	public void dilationCalibratesAlikeInEveryFormat() throws IOException {
		// Ŷ = {s ≥ 0.5}: no stored value lies within a rounding of 0.5, so even the slope file agrees
		compare(Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).build(), 0);
	}

	@Test
	public void theCalibrationRecordsTheRule() throws IOException {
		final Path root = FOLDERS.get("nii");
		final Calibration c = Batch.calibrate(dataset("nii"), Settings.builder(Method.THRESHOLD_OUTER)
			.alpha(0.1).tolerance(0.1).build(), root);
		assertEquals(ScoreScaling.RULE, c.provenance().get("scoreScaling"));
	}

	/**
	 * Calibrates every variant and compares with PNG: the same per-image
	 * scores, λ̂ and rank (bit for bit but for the slope file, which may differ
	 * by {@code slopeTolerance}), and the same outer set on every image.
	 */
	private static void compare(final Settings settings, final double slopeTolerance)
		throws IOException
	{
		final Dataset pngData = dataset("png");
		// a Dataset iterates strictly: an image that cannot be loaded fails the calibration
		final Calibration png = Calibrator.calibrate(settings, pngData);
		assertFalse("a calibration with a λ̂ to compare", png.trivial());
		final List<Double> distinct = new ArrayList<>();
		for (final ImageScore s : png.scores())
			if (!distinct.contains(s.outer())) distinct.add(s.outer());
		assertTrue("the images' scores differ: " + distinct, distinct.size() > 5);
		for (final String variant : FOLDERS.keySet()) {
			final Dataset data = dataset(variant);
			final Calibration c = Calibrator.calibrate(settings, data);
			final double tolerance = variant.equals("nii-slope") ? slopeTolerance : 0;
			final String what = settings.method() + " " + variant;
			assertEquals(what, png.n(), c.n());
			for (int i = 0; i < png.n(); i++) {
				final ImageScore a = png.scores().get(i), b = c.scores().get(i);
				assertEquals(what, a.id(), b.id());
				assertEquals(what + " " + a.id(), a.outer(), b.outer(), tolerance);
				assertEquals(what + " " + a.id(), a.inner(), b.inner(), tolerance);
			}
			assertEquals(what + " λ̂", png.outer().lambda(), c.outer().lambda(), tolerance);
			assertEquals(what + " k", png.outer().k(), c.outer().k());
			for (int i = 0; i < COUNT; i++) {
				final Sample p = pngData.load(pngData.entries().get(i)).value().sample();
				final Sample q = data.load(data.entries().get(i)).value().sample();
				assertArrayEquals(what + " truth " + i, p.truth().voxels(), q.truth().voxels());
				assertArrayEquals(what + " outer set " + i, png.apply(p).outer().voxels(), c.apply(q)
					.outer().voxels());
			}
		}
	}

	private static Dataset dataset(final String variant) throws IOException {
		final Path root = FOLDERS.get(variant);
		return Dataset.fromFolders(root.resolve("scores"), null, root.resolve("masks"),
			new ImageJFiles());
	}

	private static void png(final byte[] v, final Path file) {
		assertTrue(new FileSaver(new ImagePlus("s", new ByteProcessor(W, H, v.clone()))).saveAsPng(file
			.toString()));
	}

	private static void tiff(final byte[] v, final Path file) {
		assertTrue(new FileSaver(new ImagePlus("s", new ByteProcessor(W, H, v.clone()))).saveAsTiff(
			file.toString()));
	}

	/** A 2-D uint8 NIfTI-1 file, written byte by byte, with a scl_slope (0: none). */
	private static void nifti(final byte[] v, final float slope, final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(352 + v.length).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348);
		b.putShort(40, (short) 2).putShort(42, (short) W).putShort(44, (short) H);
		b.putShort(70, (short) 2).putShort(72, (short) 8);
		b.putFloat(76, 1).putFloat(80, 1).putFloat(84, 1);
		b.putFloat(108, 352);
		b.putFloat(112, slope);
		b.position(344);
		b.put(new byte[] { 'n', '+', '1', 0 });
		b.position(352);
		b.put(v);
		try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files
			.newOutputStream(file)) : Files.newOutputStream(file))
		{
			out.write(b.array());
		}
	}
}
