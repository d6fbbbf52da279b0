package sc.fiji.conformal.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.plugin.PlugIn;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.NiftiVolume;
import sc.fiji.conformal.io.ij.ImagePlusBridge;

/**
 * File › Import › NIfTI... ({@link NiftiImporter}) and the plain-ImageJ opener
 * hook (src/ij1/HandleExtraFileTypes.java, compiled here as bin/package
 * does) on the project's real volumes: dimensions, spacing and unit, every
 * voxel against the io reader, 4-D probabilities as channels, and the scores
 * Apply reads from the opened image equal to those of the file.
 */
public class NiftiImporterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static Path data(final String file) {
		final File f = new File(System.getProperty("conformal.sharedData", "../shared/data"), file);
		if (!f.isFile()) System.err.println("SKIPPED: real data file " + f + " is absent");
		assumeTrue("real data file " + f + " is absent", f.isFile());
		return f.toPath();
	}

	/** Every voxel of the image (calibrated values) equals the reader's at x + w(y + h(z + d·c)). */
	private static void sameVoxels(final NiftiVolume v, final ImagePlus imp) {
		final int w = v.grid().size(0), h = v.grid().size(1);
		final int d = v.grid().numDimensions() > 2 ? v.grid().size(2) : 1;
		final int ch = v.grid().numDimensions() > 3 ? v.grid().size(3) : 1;
		final Calibration cal = imp.getCalibration();
		for (int c = 0; c < ch; c++)
			for (int z = 0; z < d; z++) {
				final ij.process.ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1,
					z + 1, 1));
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						final int i = x + w * (y + h * (z + d * c));
						final double got = cal.getCValue(ip.getf(x, y));
						if ((float) v.get(i) != got) {
							assertEquals("voxel " + x + "," + y + "," + z + "," + c, (float) v.get(i), got, 0);
						}
					}
			}
	}

	@Test
	public void hippocampusScoresOpenAsAFloatStack() throws Exception {
		final Path f = data("hippocampus-msd/scores/hippocampus_006.nii.gz");
		final ImagePlus imp = NiftiImporter.open(f.toString());
		assertNotNull(imp);
		assertEquals("hippocampus_006.nii.gz", imp.getTitle());
		assertArrayEquals(new int[] { 35, 52, 1, 34, 1 }, imp.getDimensions());
		assertEquals(32, imp.getBitDepth());
		final Calibration cal = imp.getCalibration();
		assertEquals(1, cal.pixelWidth, 0);
		assertEquals(1, cal.pixelDepth, 0);
		assertEquals("mm", cal.getUnit());
		final NiftiVolume v = Nifti.read(f);
		sameVoxels(v, imp);
		// Apply reads the same scores from the window as the batch commands from the file
		assertArrayEquals(v.toScores().values(), ImagePlusBridge.scores(imp, imp.getTitle())
			.values(), 0);
	}

	/** A CT volume (int16, 0.73 × 0.73 × 2 mm): ImageJ's signed 16-bit, spacing in mm. */
	@Test
	public void ctVolumeKeepsItsSpacingAndSignedValues() throws Exception {
		final Path f = data("chaos-ct-liver-sample/image.nii.gz");
		final ImagePlus imp = NiftiImporter.open(f.toString());
		assertArrayEquals(new int[] { 512, 512, 1, 78, 1 }, imp.getDimensions());
		assertEquals(16, imp.getBitDepth());
		assertTrue(imp.getCalibration().isSigned16Bit());
		assertEquals(0.7265625, imp.getCalibration().pixelWidth, 0);
		assertEquals(0.7265625, imp.getCalibration().pixelHeight, 0);
		assertEquals(2, imp.getCalibration().pixelDepth, 0);
		final NiftiVolume v = Nifti.read(f);
		assertEquals(NiftiVolume.Datatype.INT16, v.datatype());
		sameVoxels(v, imp);
	}

	/** 4-D class probabilities (uint8, scl_slope 1/255): 3 channels of 34 slices, scaled to floats. */
	@Test
	public void probabilitiesOpenAsChannels() throws Exception {
		final Path f = data("hippocampus-msd/probabilities/hippocampus_006.nii.gz");
		final ImagePlus imp = NiftiImporter.open(f.toString());
		assertArrayEquals(new int[] { 35, 52, 3, 34, 1 }, imp.getDimensions());
		assertTrue(imp.isHyperStack());
		assertEquals(32, imp.getBitDepth());
		final NiftiVolume v = Nifti.read(f);
		assertEquals(1 / 255.0, v.slope(), 1e-9);
		sameVoxels(v, imp);
	}

	/** Not a NIfTI file: an error naming it, no image. */
	@Test
	public void unreadableFileIsNamed() throws Exception {
		final File bad = tmp.newFile("bad.nii");
		Files.write(bad.toPath(), "not nifti".getBytes(StandardCharsets.UTF_8));
		assertEquals(null, NiftiImporter.open(bad.getPath()));
	}

	/**
	 * The hook plain ImageJ's opener calls: a NIfTI file becomes the returned
	 * image; any other file is left to ImageJ (width 0); a bad NIfTI is
	 * reported once (width -1).
	 */
	@Test
	public void plainImageJHookOpensNifti() throws Exception {
		final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assumeTrue("no Java compiler (a JRE, not a JDK)", javac != null);
		final File out = tmp.newFolder("hook");
		final int rc = javac.run(null, null, null, "-d", out.getPath(), "-cp", System.getProperty(
			"java.class.path"), Paths.get("src/ij1/HandleExtraFileTypes.java").toString());
		assertEquals("javac of src/ij1/HandleExtraFileTypes.java", 0, rc);
		try (URLClassLoader loader = new URLClassLoader(new URL[] { out.toURI().toURL() },
			getClass().getClassLoader()))
		{
			final Class<?> hook = loader.loadClass("HandleExtraFileTypes");
			final Path f = data("hippocampus-msd/probabilities/hippocampus_006.nii.gz");
			ImagePlus imp = (ImagePlus) hook.getConstructor().newInstance();
			((PlugIn) imp).run(f.toString());
			assertArrayEquals(new int[] { 35, 52, 3, 34, 1 }, imp.getDimensions());
			assertTrue(imp.isHyperStack());
			sameVoxels(Nifti.read(f), imp);

			imp = (ImagePlus) hook.getConstructor().newInstance();
			((PlugIn) imp).run(tmp.newFile("other.xyz").getPath());
			assertEquals(0, imp.getWidth());

			final File bad = tmp.newFile("bad.nii.gz");
			imp = (ImagePlus) hook.getConstructor().newInstance();
			((PlugIn) imp).run(bad.getPath());
			assertEquals(-1, imp.getWidth());
		}
	}
}
