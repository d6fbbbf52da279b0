package sc.fiji.conformal.batch;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.SplitResult;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunCanceledException;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetTest;
import sc.fiji.conformal.testing.CountingReader;
import sc.fiji.conformal.testing.HandMadeFiles;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.io.ImageFiles;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.ij.ImageJFiles;

/**
 * Folder workflows on synthetic datasets written to disk (8-bit PNG score
 * maps round(s·255) with 0/255 PNG masks, or float NIfTI score maps with
 * NIfTI masks), compared with the core run on the same images held in
 * memory: calibration (with sources and provenance), skipping and reporting
 * bad images, cancellation, applying (formats kept, nothing written when
 * targets exist) and seeded validation.
 */
public class BatchTest {

	private static final int N = 30;
	private static final int SIZE = 32;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ImageJFiles files = new ImageJFiles();
	private final SyntheticDataset synthetic = new SyntheticDataset(N, 42, SIZE, SIZE);
	private Path root;

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Before
	public void setUp() {
		root = tmp.getRoot().toPath();
	}

	// -- Calibrate --

	@Test
	public void calibrateEqualsTheCoreOnTheSameImages() throws Exception {
		final List<Sample> memory = writePng(synthetic, root.resolve("data"));
		for (final Method m : new Method[] { Method.DILATION, Method.THRESHOLD_OUTER,
			Method.CONFIDENCE_SETS, Method.CRC })
		{
			final Settings s = Settings.builder(m).alpha(0.2).build();
			final Dataset d = labelled(root.resolve("data"));
			final Batch.Result<Calibration> run = Batch.calibrate(d, s, root.resolve("data"), LocalRunner
				.allCores(), null);
			final Calibration c = run.value();
			assertSameCalibration(m.id(), Calibrator.calibrate(s, memory), c);
			assertEquals(N, c.n());
			assertTrue(run.failures().isEmpty());
			assertEquals(N, run.images());
			assertEquals(Batch.SOFTWARE_VERSION, c.provenance().get("softwareVersion"));
			assertFalse(Batch.SOFTWARE_VERSION.isEmpty());
			assertEquals("0", c.provenance().get("skippedImages"));
		}
	}

	@Test
	public void calibrateRecordsItsSourcesWithSha256() throws Exception {
		writePng(synthetic, root.resolve("data"));
		final Calibration c = Batch.calibrate(labelled(root.resolve("data")), Settings.builder(
			Method.DILATION).build(), root.resolve("data"));
		final List<SourceFile> src = c.sources();
		assertEquals(2 * N, src.size());
		for (int i = 0; i < N; i++) {
			final String id = String.format("synthetic/%04d", i);
			final SourceFile score = src.get(2 * i), mask = src.get(2 * i + 1);
			assertEquals(id, score.id());
			assertEquals("score", score.role());
			assertEquals("scores/" + id + ".png", score.path());
			assertEquals(id, mask.id());
			assertEquals("mask", mask.role());
			assertEquals("masks/" + id + ".png", mask.path());
			assertEquals(sha256(root.resolve("data").resolve(score.path())), score.sha256());
			assertEquals(sha256(root.resolve("data").resolve(mask.path())), mask.sha256());
		}
	}

	@Test
	public void badImagesAreSkippedAndReportedWhileTheRestCalibrate() throws Exception {
		final List<Sample> memory = writePng(synthetic, root.resolve("data"));
		final Path text = root.resolve("data/scores/synthetic/0003.png");
		Files.write(text, "this is no PNG".getBytes(StandardCharsets.UTF_8));
		final Path grey = root.resolve("data/masks/synthetic/0007.png");
		final byte[] px = new byte[SIZE * SIZE];
		px[0] = (byte) 255;
		px[1] = (byte) 100;
		Files.delete(grey);
		assertTrue(new FileSaver(new ImagePlus("grey", new ByteProcessor(SIZE, SIZE, px))).saveAsPng(
			grey.toString()));
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		final Dataset d = labelled(root.resolve("data"));
		for (final int threads : new int[] { 1, 2, 4 }) {
			// a bad image in the middle of a parallel run: reported by name, the rest kept
			final Batch.Result<Calibration> run = Batch.calibrate(d, s, root.resolve("data"), LocalRunner
				.of(threads), null);
			final Calibration c = run.value();
			final List<ImageFailure> failures = run.failures();
			final List<Sample> good = new ArrayList<>(memory);
			good.remove(7);
			good.remove(3);
			assertSameCalibration("without the bad images", Calibrator.calibrate(s, good), c);
			assertEquals(N - 2, c.n());
			assertEquals(2, failures.size());
			assertEquals("synthetic/0003", failures.get(0).id());
			assertTrue(failures.get(0).message(), failures.get(0).message().contains(text.toString()));
			assertEquals(text.toString(), failures.get(0).file());
			assertEquals("synthetic/0007", failures.get(1).id());
			assertTrue(failures.get(1).message(), failures.get(1).message().contains(grey.toString()));
			assertEquals(grey.toString(), failures.get(1).file());
			if (threads == 1) checkSkippedReport(c, failures);
		}
	}

	/**
	 * One image whose header claims more than its data or the size limit, or
	 * that runs out of memory or stack while it is read, is that image's
	 * failure; the others calibrate (issue 12, case 5).
	 */
	@Test
	public void oversizedImagesAndErrorsInOneImageAreThatImagesFailure() throws IOException {
		for (int i = 0; i < 6; i++) {
			DatasetTest.score8(root.resolve("s/i" + i + ".png"), 4, 4, i);
			DatasetTest.mask255(root.resolve("m/i" + i + ".png"), 4, 4, 10 + i);
		}
		final byte[] row = new byte[2];
		final Path huge = HandMadeFiles.png(root.resolve("s/i1.png"), 40000, 40000, 8, 0, null, row);
		final Path claims = HandMadeFiles.png(root.resolve("s/i2.png"), 20000, 20000, 8, 0, null, row);
		final Path oom = root.resolve("s/i3.png"), deep = root.resolve("m/i4.png");
		final ImageJFiles files = new ImageJFiles();
		final ImageFileReader reader = new ImageFileReader() {

			@Override
			public ScalarImage readScores(final Path f) throws IOException {
				return readScoresHashed(f).value();
			}

			@Override
			public Mask readMask(final Path f) throws IOException {
				return readMaskHashed(f).value();
			}

			@Override
			public ImageFiles.Hashed<ScalarImage> readScoresHashed(final Path f) throws IOException {
				if (f.equals(oom)) throw new OutOfMemoryError("Java heap space");
				return files.readScoresHashed(f);
			}

			@Override
			public ImageFiles.Hashed<Mask> readMaskHashed(final Path f) throws IOException {
				if (f.equals(deep)) throw new StackOverflowError();
				return files.readMaskHashed(f);
			}
		};
		final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"), reader);
		final Batch.Result<Calibration> run = Batch.calibrate(d, Settings.builder(Method.DILATION)
			.build(), null, LocalRunner.of(2), null);
		assertEquals(2, run.value().n());
		final List<ImageFailure> f = run.failures();
		assertEquals(4, f.size());
		assertEquals(huge + ": 40000x40000 is 1600000000 voxels, more than the 1073741824 one image " +
			"may have (raise the limit with -Dsc.fiji.conformal.maxVoxels=N, up to 2147483647)", f.get(0)
				.message());
		assertTrue(f.get(1).message(), f.get(1).message().startsWith(claims +
			": truncated: its header claims 20000x20000 pixels"));
		assertEquals(oom.toString(), f.get(2).file());
		assertTrue(f.get(2).message(), f.get(2).message().startsWith(oom +
			": ran out of memory (Java heap space, heap at most "));
		assertEquals(deep.toString(), f.get(3).file());
		assertTrue(f.get(3).message(), f.get(3).message().startsWith(deep + ": ran out of stack"));
	}

	/**
	 * Geometry that does not add up is refused by name (issue 12, case 12): a
	 * score map and mask of different spacings, 2-D and 3-D images in one
	 * calibration, a 2-D calibration applied to a 3-D image. A calibration
	 * without the recorded dimensionality (an older file) still applies.
	 */
	@Test
	public void spacingsAndDimensionalitiesThatDisagreeAreRefusedByName() throws IOException {
		final Grid flat = Grid.of(new long[] { 6, 5 }, new double[] { 1, 1 });
		Files.createDirectories(root.resolve("s"));
		Files.createDirectories(root.resolve("m"));
		for (int i = 0; i < 4; i++) {
			Nifti.write(root.resolve("s/a" + i + ".nii"), blob(flat, i));
			Nifti.write(root.resolve("m/a" + i + ".nii"), blob(flat, i).atLeast(0.5));
		}
		final Grid thick = Grid.of(new long[] { 6, 5, 3 }, new double[] { 1, 1, 2 });
		final Grid thin = Grid.of(new long[] { 6, 5, 3 }, new double[] { 1, 1, 2.5 });
		final Path score = root.resolve("s/b.nii"), mask = root.resolve("m/b.nii");
		Nifti.write(score, blob(thick, 1));
		Nifti.write(mask, new Mask(thin, blob(thick, 1).atLeast(0.5).voxels()));
		final Settings s = Settings.builder(Method.DILATION).build();
		final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"),
			new ImageJFiles());
		final Batch.Result<Calibration> run = Batch.calibrate(d, s, null, LocalRunner.of(1), null);
		assertEquals(4, run.value().n());
		assertEquals("2", run.value().provenance().get(Calibration.DIMENSIONS));
		assertEquals(1, run.failures().size());
		assertEquals("spacing mismatch in sample 'b': its score map has voxel spacing [1.0, 1.0, " +
			"2.0] but its ground truth has [1.0, 1.0, 2.5] (the same voxels cannot have two sizes) " +
			"(files " + score + ", " + mask + ")", run.failures().get(0).message());

		Nifti.write(mask, blob(thick, 1).atLeast(0.5), true);
		try {
			Batch.calibrate(d, s, null, LocalRunner.of(2), null);
			fail("calibrated on 2-D and 3-D images");
		}
		catch (final IllegalArgumentException e) {
			assertEquals("image 'b' is 3-D but image 'a0' is 2-D: a calibration takes images of one " +
				"dimensionality (split the dataset)", e.getMessage());
		}

		final Dataset only3d = Dataset.fromFolders(root.resolve("s"), null, null, new ImageJFiles());
		final ApplyReport applied = Batch.apply(run.value(), only3d, root.resolve("out"),
			new ImageJFiles(), false, LocalRunner.of(1), null);
		assertEquals("an outer set for each 2-D image", 4, applied.written().size());
		assertEquals(1, applied.failures().size());
		assertTrue(applied.failures().get(0).message(), applied.failures().get(0).message()
			.startsWith("image 'b' is 3-D but the calibration was made on 2-D images"));
		try {
			ConformalSets.apply(run.value(), Sample.of("b", blob(thick, 1), null, null));
			fail("a 2-D calibration applied to a 3-D image (the ops' path)");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("image 'b' is 3-D but the calibration"));
		}
		final Map<String, String> older = new LinkedHashMap<>(run.value().provenance());
		older.remove(Calibration.DIMENSIONS);
		final Calibration v1 = Calibration.restore(s, run.value().scores(), older, run.value()
			.sources(), run.value().created());
		assertTrue(v1.apply(Sample.of("b", blob(thick, 1), null, null)).outer() != null);
	}

	private static ScalarImage blob(final Grid g, final int seed) {
		final float[] v = new float[g.count()];
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 7 + seed * 3) % 11 / 10f;
		return new ScalarImage(g, v);
	}

	private static void checkSkippedReport(final Calibration c, final List<ImageFailure> failures) {
		assertEquals("2", c.provenance().get("skippedImages"));
		assertEquals("sources leave the skipped images out", 2 * (N - 2), c.sources().size());
		for (final SourceFile f : c.sources())
			assertFalse(f.id().equals("synthetic/0003") || f.id().equals("synthetic/0007"));
		final String report = Reports.calibration(c, "test", null, failures);
		assertTrue(report, report.contains("Skipped 2 image(s)"));
		assertTrue(report, report.contains("synthetic/0003") && report.contains("synthetic/0007"));
	}

	@Test
	public void allImagesBadIsAnErrorListingEveryFailure() throws IOException {
		for (int i = 0; i < 3; i++) {
			final Path s = root.resolve("data/scores/b" + i + ".png");
			Files.createDirectories(s.getParent());
			Files.write(s, "junk".getBytes(StandardCharsets.UTF_8));
			files.writeMask(synthetic.get(i).truth(), mkdirs(root.resolve("data/masks/b" + i + ".png")),
				false);
		}
		try {
			Batch.calibrate(labelled(root.resolve("data")), Settings.builder(Method.DILATION).build(),
				null);
			fail("calibrated without a valid image");
		}
		catch (final IllegalArgumentException e) {
			for (int i = 0; i < 3; i++) {
				assertTrue(e.getMessage(), e.getMessage().contains("b" + i + ": "));
				assertTrue(e.getMessage(), e.getMessage().contains(root.resolve("data/scores/b" + i +
					".png").toString()));
			}
		}
		try {
			Batch.validate(labelled(root.resolve("data")), Settings.builder(Method.DILATION).build(), 3,
				0.5, 1);
			fail("validated without a valid image");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("b2: "));
		}
	}

	@Test
	public void cancelStopsCalibration() throws IOException {
		writePng(synthetic, root.resolve("data"));
		for (final int threads : new int[] { 1, 2, 4 }) {
			final CancelAfter monitor = new CancelAfter(5);
			try {
				Batch.calibrate(labelled(root.resolve("data")), Settings.builder(Method.DILATION).build(),
					null, LocalRunner.of(threads), monitor);
				fail("a canceled calibration returned");
			}
			catch (final BatchCanceledException e) {
				assertEquals(5, monitor.seen);
				assertTrue("a cancel is typed: " + e, e instanceof RunCanceledException);
				assertEquals(5, e.completed());
			}
		}
	}

	/**
	 * The monitor sees each image, by its position in the dataset, before it is
	 * handed out (on the calling thread) and can cancel: the images after the
	 * cancel are not loaded, and a cancel is no failure.
	 */
	@Test
	public void theMonitorSeesProgressAndCanCancel() throws IOException {
		for (int i = 0; i < 5; i++) {
			DatasetTest.score8(root.resolve("s/i" + i + ".png"), 4, 4, i);
			DatasetTest.mask255(root.resolve("m/i" + i + ".png"), 4, 4, 10 + i);
		}
		final Settings s = Settings.builder(Method.DILATION).build();
		for (final int threads : new int[] { 1, 2, 4 }) {
			final CountingReader reader = new CountingReader();
			final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"), reader);
			final RecordingMonitor all = new RecordingMonitor(Integer.MAX_VALUE);
			assertEquals(5, Batch.calibrate(d, s, null, LocalRunner.of(threads), all).images());
			assertEquals(Arrays.asList("0/5 i0", "1/5 i1", "2/5 i2", "3/5 i3", "4/5 i4"), all.seen);

			final RecordingMonitor two = new RecordingMonitor(2);
			final int before = reader.reads(root.resolve("s/i2.png"));
			try {
				Batch.calibrate(d, s, null, LocalRunner.of(threads), two);
				fail("a canceled calibration returned");
			}
			catch (final BatchCanceledException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("canceled after 2 image(s)"));
			}
			assertEquals(Arrays.asList("0/5 i0", "1/5 i1"), two.seen);
			assertEquals("the images after the cancel are not loaded", before, reader.reads(root.resolve(
				"s/i2.png")));
		}
	}

	/**
	 * A run collects its failures: an image that fails on the first pass of a
	 * validation (a file that cannot be read, or a score the method cannot
	 * compute) is named once and never loaded again on the second pass.
	 */
	@Test
	public void aFailedImageIsNotLoadedAgainOnTheSecondPass() throws IOException {
		for (int i = 0; i < 5; i++) {
			DatasetTest.score8(root.resolve("s/i" + i + ".png"), 6, 6, i);
			DatasetTest.mask255(root.resolve("m/i" + i + ".png"), 6, 6, 10 + i);
		}
		Files.write(root.resolve("s/i2.png"), "broken".getBytes(StandardCharsets.UTF_8));
		DatasetTest.mask255(root.resolve("p/i4.png"), 6, 6, 20);
		// i4 has a prediction but no score map: threshold-outer cannot score it
		final Path csv = root.resolve("m.csv");
		final StringBuilder rows = new StringBuilder("id,score,prediction,mask\n");
		for (int i = 0; i < 5; i++)
			rows.append("i").append(i).append(',').append(i == 4 ? "" : "s/i" + i + ".png").append(',')
				.append(i == 4 ? "p/i4.png" : "").append(",m/i").append(i).append(".png\n");
		Files.write(csv, rows.toString().getBytes(StandardCharsets.UTF_8));
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.2).build();
		for (final int threads : new int[] { 1, 2, 4 }) {
			final CountingReader reader = new CountingReader();
			final Batch.Result<ValidationResult> run = Batch.validate(Dataset.fromManifest(csv, reader),
				s, 3, 0.5, 1, LocalRunner.of(threads), null);
			assertEquals(3, run.images());
			assertEquals(Arrays.asList("i2", "i4"), Arrays.asList(run.failures().get(0).id(), run
				.failures().get(1).id()));
			assertTrue(run.failures().get(1).message(), run.failures().get(1).message().contains(
				"score map"));
			assertEquals("a failed image is not loaded again", 1, reader.reads(root.resolve("s/i2.png")));
			assertEquals("nor its partner", 0, reader.reads(root.resolve("m/i2.png")));
			assertEquals("an image the method cannot score is loaded once", 1, reader.reads(root.resolve(
				"p/i4.png")));
			assertEquals(1, reader.reads(root.resolve("m/i4.png")));
			assertEquals("each usable file is read once per pass", 2, reader.reads(root.resolve(
				"s/i0.png")));
			assertEquals(2, reader.reads(root.resolve("m/i3.png")));
		}
	}

	// -- Apply --

	@Test
	public void applyWritesInnerAndOuterSetsInThePngFormat() throws IOException {
		final List<Sample> cal = writePng(synthetic, root.resolve("cal"));
		final SyntheticDataset test = new SyntheticDataset(6, 43, SIZE, SIZE);
		final List<Sample> memory = writePng(test, root.resolve("test"));
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build();
		final Calibration c = Batch.calibrate(labelled(root.resolve("cal")), s, null);
		final Dataset d = Dataset.fromFolders(root.resolve("test/scores"), null, null, files);
		final Path out = root.resolve("out");
		final ApplyReport r = Batch.apply(c, d, out, files, false);
		assertEquals(6, r.images());
		assertEquals(12, r.written().size());
		assertTrue(r.failures().isEmpty());
		assertEquals(out, r.output());
		final Calibration core = Calibrator.calibrate(s, cal);
		for (final Sample m : memory) {
			final ConformalSets sets = core.apply(m);
			final Path inner = out.resolve("inner/" + m.id() + ".png");
			final Path outer = out.resolve("outer/" + m.id() + ".png");
			assertTrue(r.written().contains(inner));
			assertTrue(r.written().contains(outer));
			assertArrayEquals(m.id(), sets.inner().voxels(), files.readMask(inner).voxels());
			assertArrayEquals(m.id(), sets.outer().voxels(), files.readMask(outer).voxels());
			assertEquals("0/255 PNG", 8, new ImagePlus(outer.toString()).getBitDepth());
		}
		assertEquals("exactly the sets, nothing else", 12, tree(out).size());
	}

	/**
	 * Sets written for NIfTI images carry the images' placement in the world
	 * (qform, sform, units), whatever the byte order of the image, so they
	 * overlay the images in a viewer.
	 */
	@Test
	public void applyPlacesNiftiSetsAsTheirImages() throws IOException {
		final List<Sample> cal = writeNifti(synthetic, root.resolve("cal"));
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		final Calibration c = Calibrator.calibrate(s, cal);
		final Path scores = Files.createDirectories(root.resolve("placed/scores"));
		final SyntheticDataset test = new SyntheticDataset(3, 45, SIZE, SIZE);
		final float[] fields = { -1, 0.1f, -0.2f, 0.97f, -90.5f, 120.25f, 33, 0.9f, 0.01f, 0, -90.5f,
			-0.02f, 0.8f, 0.1f, 120.25f, 0, 0, 2.5f, 33 };
		for (final Sample m : test) {
			final Path f = mkdirs(scores.resolve(m.id() + ".nii"));
			Nifti.write(f, m.scores());
			final byte[] b = Files.readAllBytes(f);
			final java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			h.putFloat(76, fields[0]);
			for (int k = 1; k < fields.length; k++)
				h.putFloat(256 + 4 * (k - 1), fields[k]);
			h.putShort(252, (short) 1);
			h.putShort(254, (short) 4);
			h.put(123, (byte) 10);
			Files.write(f, b);
		}
		final Path out = root.resolve("placed/out");
		Batch.apply(c, Dataset.fromFolders(scores, null, null, files), out, files, false);
		for (final Sample m : test) {
			final Path input = scores.resolve(m.id() + ".nii");
			final Path outer = out.resolve("outer/" + m.id() + ".nii");
			assertEquals(1, Nifti.placement(input).qformCode());
			assertEquals(4, Nifti.placement(input).sformCode());
			assertEquals(m.id(), Nifti.placement(input), Nifti.placement(outer));
			assertArrayEquals(m.id(), c.apply(m).outer().voxels(), Nifti.read(outer).toMask().voxels());
		}
	}

	@Test
	public void applyKeepsTheNiftiFormat() throws IOException {
		final List<Sample> cal = writeNifti(synthetic, root.resolve("cal"));
		final SyntheticDataset test = new SyntheticDataset(4, 44, SIZE, SIZE);
		final List<Sample> memory = writeNifti(test, root.resolve("test"));
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.2).tolerance(0.1).build();
		final Calibration c = Batch.calibrate(Dataset.fromFolders(root.resolve("cal/scores"), null,
			root.resolve("cal/masks"), files), s, null);
		assertSameCalibration("NIfTI", Calibrator.calibrate(s, cal), c);
		final Path out = root.resolve("out");
		final ApplyReport r = Batch.apply(c, Dataset.fromFolders(root.resolve("test/scores"), null,
			null, files), out, files, false);
		assertEquals(4, r.images());
		for (final Sample m : memory) {
			final Path outer = out.resolve("outer/" + m.id() + ".nii.gz");
			final byte[] b = Files.readAllBytes(outer);
			assertEquals("gzip", 0x1f, b[0] & 0xff);
			assertArrayEquals(m.id(), c.apply(m).outer().voxels(), Nifti.read(outer).toMask()
				.voxels());
		}
		assertFalse("threshold-outer has no inner set", Files.exists(out.resolve("inner")));
		assertEquals(4, tree(out).size());
	}

	@Test
	public void applyWritesNothingWhenTargetsExistAndReplacesThemWhenAsked() throws IOException {
		writePng(synthetic, root.resolve("cal"));
		final List<Sample> memory = writePng(new SyntheticDataset(5, 45, SIZE, SIZE), root.resolve(
			"test"));
		final Calibration c = Batch.calibrate(labelled(root.resolve("cal")), Settings.builder(
			Method.CONFIDENCE_SETS).alpha(0.2).build(), null);
		final Path out = root.resolve("out");
		final Path old1 = mkdirs(out.resolve("outer/synthetic/0002.png"));
		final Path old2 = mkdirs(out.resolve("inner/synthetic/0004.png"));
		Files.write(old1, "old".getBytes(StandardCharsets.UTF_8));
		Files.write(old2, "old".getBytes(StandardCharsets.UTF_8));
		try {
			Batch.apply(c, Dataset.fromFolders(root.resolve("test/scores"), null, null, files), out,
				files, false);
			fail("overwrote existing files");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("2 output file(s)"));
			assertTrue(e.getMessage(), e.getMessage().contains(old1.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains(old2.toString()));
		}
		assertEquals("nothing written", Arrays.asList(old2, old1), tree(out));
		assertEquals("old", new String(Files.readAllBytes(old1), StandardCharsets.UTF_8));
		final ApplyReport r = Batch.apply(c, Dataset.fromFolders(root.resolve("test/scores"), null,
			null, files), out, files, true);
		assertEquals(10, r.written().size());
		assertEquals(10, tree(out).size());
		assertArrayEquals(c.apply(memory.get(2)).outer().voxels(), files.readMask(old1).voxels());
		assertArrayEquals(c.apply(memory.get(4)).inner().voxels(), files.readMask(old2).voxels());
	}

	@Test
	public void applyRefusesManifestIdsThatLeaveTheOutputFolder() throws IOException {
		writePng(synthetic, root.resolve("cal"));
		final Calibration c = Batch.calibrate(labelled(root.resolve("cal")), Settings.builder(
			Method.DILATION).build(), null);
		final Path out = root.resolve("out");
		Files.createDirectories(out.resolve("outer"));
		final Path escaped = root.resolve("escaped.png");
		for (final String id : new String[] { escaped.toString().replace(".png", ""), "../../up",
			"sub/../../../up2" })
		{
			final Path csv = root.resolve("m.csv");
			Files.write(csv, ("id,score\n" + "fine,cal/scores/synthetic/0000.png\n" + "\"" + id +
				"\",cal/scores/synthetic/0001.png\n").getBytes(StandardCharsets.UTF_8));
			for (final boolean overwrite : new boolean[] { false, true }) {
				try {
					Batch.apply(c, Dataset.fromManifest(csv, files), out, files, overwrite);
					fail("wrote image '" + id + "' outside " + out);
				}
				catch (final IllegalArgumentException e) {
					assertTrue(e.getMessage(), e.getMessage().contains(id));
				}
			}
		}
		assertFalse(Files.exists(escaped));
		assertFalse(Files.exists(root.resolve("up.png")));
		assertEquals("nothing written", new ArrayList<>(), tree(out));
	}

	@Test
	public void applySkipsAndReportsABadImage() throws IOException {
		writePng(synthetic, root.resolve("cal"));
		writePng(new SyntheticDataset(4, 46, SIZE, SIZE), root.resolve("test"));
		final Path bad = root.resolve("test/scores/synthetic/0001.png");
		Files.write(bad, "junk".getBytes(StandardCharsets.UTF_8));
		final Calibration c = Batch.calibrate(labelled(root.resolve("cal")), Settings.builder(
			Method.DILATION).build(), null);
		final Path out = root.resolve("out");
		final ApplyReport r = Batch.apply(c, Dataset.fromFolders(root.resolve("test/scores"), null,
			null, files), out, files, false);
		assertEquals(3, r.images());
		assertEquals(3, r.written().size());
		assertEquals(1, r.failures().size());
		assertEquals("synthetic/0001", r.failures().get(0).id());
		assertTrue(r.summary(), r.summary().contains(bad.toString()));
		assertFalse(Files.exists(out.resolve("outer/synthetic/0001.png")));
	}

	@Test
	public void cancelStopsApply() throws IOException {
		writePng(synthetic, root.resolve("cal"));
		writePng(new SyntheticDataset(6, 47, SIZE, SIZE), root.resolve("test"));
		final Calibration c = Batch.calibrate(labelled(root.resolve("cal")), Settings.builder(
			Method.DILATION).build(), null);
		final Path out = root.resolve("out");
		try {
			Batch.apply(c, Dataset.fromFolders(root.resolve("test/scores"), null, null, files), out,
				files, false, LocalRunner.of(2), new CancelAfter(2));
			fail("a canceled apply returned");
		}
		catch (final BatchCanceledException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("2 image(s)"));
		}
		assertEquals("files written before the cancel stay", 2, tree(out).size());
	}

	// -- Validate --

	@Test
	public void validateEqualsTheCoreAndIsReproducible() throws IOException {
		final List<Sample> memory = writePng(synthetic, root.resolve("data"));
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build();
		final ValidationResult a = Batch.validate(labelled(root.resolve("data")), s, 7, 0.6, 99);
		final ValidationResult b = Batch.validate(labelled(root.resolve("data")), s, 7, 0.6, 99);
		final ValidationResult other = Batch.validate(labelled(root.resolve("data")), s, 7, 0.6, 100);
		final ValidationResult core = Validation.randomSplits(s, memory, 7, 0.6, 99);
		assertEquals(7, a.splits().size());
		assertSameValidation("same seed", a, b);
		assertSameValidation("core", core, a);
		assertEquals(18, a.splits().get(0).nCalibration());
		assertEquals(12, a.splits().get(0).nTest());
		boolean differs = false;
		for (int i = 0; i < 7; i++)
			differs |= a.splits().get(i).mean(Measure.VALIDITY) != other.splits().get(i).mean(
				Measure.VALIDITY) || a.splits().get(i).outer().lambda() != other.splits().get(i).outer()
					.lambda();
		assertTrue("another seed gives other splits", differs);
	}

	@Test
	public void cancelStopsValidationInEitherPass() throws IOException {
		writePng(synthetic, root.resolve("data"));
		final Settings s = Settings.builder(Method.DILATION).alpha(0.2).build();
		for (final int after : new int[] { 4, N + 4 }) {
			try {
				Batch.validate(labelled(root.resolve("data")), s, 3, 0.5, 1, LocalRunner.of(after % 3 + 1),
					new CancelAfter(after));
				fail("a validation canceled after " + after + " images returned");
			}
			catch (final BatchCanceledException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("canceled"));
			}
		}
	}

	// -- helpers --

	private Dataset labelled(final Path dir) throws IOException {
		return Dataset.fromFolders(dir.resolve("scores"), null, dir.resolve("masks"), files);
	}

	/**
	 * Writes 8-bit PNG score maps round(s·255) and 0/255 PNG masks under
	 * {@code dir/scores} and {@code dir/masks}; returns the images as they
	 * should be read back.
	 */
	private List<Sample> writePng(final SyntheticDataset data, final Path dir) throws IOException {
		final List<Sample> out = new ArrayList<>();
		for (final Sample s : data) {
			final float[] v = s.scores().values();
			final byte[] b = new byte[v.length];
			final float[] q = new float[v.length];
			for (int i = 0; i < v.length; i++) {
				final int g = Math.round(v[i] * 255);
				b[i] = (byte) g;
				q[i] = g / 255f;
			}
			final Path score = mkdirs(dir.resolve("scores/" + s.id() + ".png"));
			assertTrue(new FileSaver(new ImagePlus("s", new ByteProcessor(SIZE, SIZE, b))).saveAsPng(
				score.toString()));
			files.writeMask(s.truth(), mkdirs(dir.resolve("masks/" + s.id() + ".png")), false);
			out.add(Sample.of(s.id(), new ScalarImage(s.grid(), q), null, s.truth()));
		}
		return out;
	}

	/** Writes float NIfTI score maps and NIfTI masks (exact); returns the images. */
	private static List<Sample> writeNifti(final SyntheticDataset data, final Path dir)
		throws IOException
	{
		final List<Sample> out = new ArrayList<>();
		for (final Sample s : data) {
			Nifti.write(mkdirs(dir.resolve("scores/" + s.id() + ".nii.gz")), s.scores());
			Nifti.write(mkdirs(dir.resolve("masks/" + s.id() + ".nii.gz")), s.truth());
			out.add(s);
		}
		return out;
	}

	private static Path mkdirs(final Path file) throws IOException {
		Files.createDirectories(file.getParent());
		return file;
	}

	/** Every regular file under a folder, sorted. */
	private static List<Path> tree(final Path dir) throws IOException {
		if (!Files.exists(dir)) return new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}

	private static void assertSameCalibration(final String what, final Calibration expected,
		final Calibration actual)
	{
		assertEquals(what, expected.n(), actual.n());
		assertSameThreshold(what + " inner", expected.inner(), actual.inner());
		assertSameThreshold(what + " outer", expected.outer(), actual.outer());
		for (int i = 0; i < expected.n(); i++) {
			final ImageScore e = expected.scores().get(i), a = actual.scores().get(i);
			assertEquals(what, e.id(), a.id());
			assertEquals(what + " " + e.id(), e.inner(), a.inner(), 0);
			assertEquals(what + " " + e.id(), e.outer(), a.outer(), 0);
		}
	}

	private static void assertSameThreshold(final String what, final Threshold e, final Threshold a) {
		if (e == null) {
			assertEquals(what, null, a);
			return;
		}
		assertEquals(what, e.lambda(), a.lambda(), 0);
		assertEquals(what, e.k(), a.k());
		assertEquals(what, e.n(), a.n());
	}

	private static void assertSameValidation(final String what, final ValidationResult e,
		final ValidationResult a)
	{
		assertEquals(what, e.splits().size(), a.splits().size());
		for (int i = 0; i < e.splits().size(); i++) {
			final SplitResult x = e.splits().get(i), y = a.splits().get(i);
			assertSameThreshold(what + " split " + i, x.inner(), y.inner());
			assertSameThreshold(what + " split " + i, x.outer(), y.outer());
			assertEquals(x.nTest(), y.nTest());
			for (final Measure m : Measure.values())
				assertEquals(what + " split " + i + " " + m.id(), x.mean(m), y.mean(m), 0);
		}
	}

	private static String sha256(final Path f) throws Exception {
		final StringBuilder sb = new StringBuilder();
		for (final byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))
			sb.append(String.format("%02x", b & 0xff));
		return sb.toString();
	}

	/** Records progress as "index/total id" and cancels after a number of images. */
	private static final class RecordingMonitor implements Dataset.Monitor {

		final List<String> seen = new ArrayList<>();
		private final int cancelAfter;

		RecordingMonitor(final int cancelAfter) {
			this.cancelAfter = cancelAfter;
		}

		@Override
		public void progress(final int index, final int total, final String id) {
			seen.add(index + "/" + total + " " + id);
		}

		@Override
		public boolean isCanceled() {
			return seen.size() >= cancelAfter;
		}
	}

	/** Cancels once {@code limit} images have started. */
	private static final class CancelAfter implements Dataset.Monitor {

		private final int limit;
		int seen;

		CancelAfter(final int limit) {
			this.limit = limit;
		}

		@Override
		public void progress(final int index, final int total, final String id) {
			seen++;
		}

		@Override
		public boolean isCanceled() {
			return seen >= limit;
		}
	}

}
