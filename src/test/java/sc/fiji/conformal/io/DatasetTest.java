package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.testing.CountingReader;

/**
 * Datasets on disk: folders paired recursively by relative path without
 * extension, CSV manifests; loading an entry as a pure function that gives
 * the sample with the SHA-256 of each file, or a failure naming the image, the
 * file and the problem; strict iteration; entries as serializable values.
 * (Skipping, progress and cancel belong to runs: BatchTest.) Images are written
 * with ImageJ 1.x and read with {@link ImageJFiles}, headless.
 */
public class DatasetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path root;
	private CountingReader reader;

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Before
	public void setUp() {
		root = tmp.getRoot().toPath();
		reader = new CountingReader();
	}

	// -- Folders --

	@Test
	public void foldersArePairedRecursivelyByRelativePathWithoutExtension() throws IOException {
		final Map<String, ScalarImage> scores = new HashMap<>();
		final Map<String, boolean[]> masks = new HashMap<>();
		int seed = 1;
		for (final String id : new String[] { "Kvasir/abc", "Kvasir/def", "CVC/deep/x1", "top" }) {
			scores.put(id, score8(root.resolve("scores/" + id + ".png"), 9, 7, seed));
			// mixed formats: one mask is a TIFF
			final String ext = id.equals("Kvasir/abc") ? ".tif" : ".png";
			masks.put(id, mask255(root.resolve("masks/" + id + ext), 9, 7, seed + 100));
			seed++;
		}
		final Dataset d = Dataset.fromFolders(root.resolve("scores"), null, root.resolve("masks"),
			reader);
		assertEquals(4, d.size());
		final List<String> ids = new ArrayList<>();
		for (final Dataset.Entry e : d.entries())
			ids.add(e.id());
		assertEquals(Arrays.asList("CVC/deep/x1", "Kvasir/abc", "Kvasir/def", "top"), ids);
		final Dataset.Entry abc = d.entries().get(1);
		assertEquals(root.resolve("scores/Kvasir/abc.png"), abc.score());
		assertEquals(root.resolve("masks/Kvasir/abc.tif"), abc.mask());
		assertNull(abc.prediction());
		assertEquals(abc.score(), abc.primary());
		int n = 0;
		for (final Sample s : d) {
			assertEquals(ids.get(n++), s.id());
			assertArrayEquals(s.id(), scores.get(s.id()).values(), s.scores().values(), 0f);
			assertArrayEquals(s.id(), masks.get(s.id()), s.truth().voxels());
			assertNull(s.prediction());
		}
		assertEquals(4, n);
		assertTrue("every image loads", loadAll(d).failures.isEmpty());
	}

	/**
	 * Files on another storage: named by paths that exist only there
	 * (here under /elsewhere, kept in the temporary folder), listed, checked
	 * and read through it, paired by the same rules as local folders.
	 */
	@Test
	public void foldersAndManifestsOnAnotherStorageAreListedThroughIt() throws IOException {
		for (final String id : new String[] { "b/x", "a" }) {
			score8(root.resolve("scores/" + id + ".png"), 5, 4, id.length());
			mask255(root.resolve("masks/" + id + ".png"), 5, 4, id.length() + 7);
		}
		write(root.resolve("m.csv"), "id,score,mask\nq,scores/a.png,masks/a.png\n");
		final Path elsewhere = java.nio.file.Paths.get("/elsewhere/data");
		final java.util.function.Function<Path, Path> local = p -> root.resolve(elsewhere.relativize(
			p).toString());
		final List<String> asked = new ArrayList<>();
		final Storage storage = new Storage() {

			@Override
			public boolean isFolder(final Path path) throws IOException {
				asked.add("folder " + path);
				return Storage.LOCAL.isFolder(local.apply(path));
			}

			@Override
			public boolean isFile(final Path path) throws IOException {
				asked.add("file " + path);
				return Storage.LOCAL.isFile(local.apply(path));
			}

			@Override
			public List<Path> files(final Path folder) throws IOException {
				final List<Path> out = new ArrayList<>();
				for (final Path f : Storage.LOCAL.files(local.apply(folder)))
					out.add(elsewhere.resolve(root.relativize(f).toString()));
				return out;
			}

			@Override
			public List<String> lines(final Path file) throws IOException {
				return Storage.LOCAL.lines(local.apply(file));
			}
		};
		final Dataset d = Dataset.fromFolders(elsewhere.resolve("scores"), null, elsewhere.resolve(
			"masks"), reader, storage);
		assertEquals(2, d.size());
		assertEquals("a", d.entries().get(0).id());
		assertEquals("b/x", d.entries().get(1).id());
		assertEquals(elsewhere.resolve("scores/b/x.png"), d.entries().get(1).score());
		assertEquals(elsewhere.resolve("masks/b/x.png"), d.entries().get(1).mask());
		assertTrue(asked.toString(), asked.contains("folder " + elsewhere.resolve("masks")));
		final Dataset m = Dataset.fromManifest(elsewhere.resolve("m.csv"), reader, storage);
		assertEquals("q", m.entries().get(0).id());
		assertEquals(elsewhere.resolve("scores/a.png"), m.entries().get(0).score());
		assertTrue(asked.toString(), asked.contains("file " + elsewhere.resolve("masks/a.png")));
		try {
			Dataset.fromFolders(elsewhere.resolve("nothing"), null, elsewhere.resolve("masks"), reader,
				storage);
			fail("a folder the storage does not have");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(elsewhere.resolve("nothing").toString()));
		}
	}

	@Test
	public void predictionsAloneNeedNoTruth() throws IOException {
		final boolean[] p = mask255(root.resolve("pred/a.tif"), 5, 5, 1);
		final Dataset d = Dataset.fromFolders(null, root.resolve("pred"), null, reader);
		final List<Sample> all = list(d);
		assertEquals(1, all.size());
		assertArrayEquals(p, all.get(0).prediction().voxels());
		assertNull(all.get(0).truth());
		assertEquals(root.resolve("pred/a.tif"), d.entries().get(0).primary());
	}

	@Test
	public void filesDifferingOnlyInExtensionAreSkippedByName() throws IOException {
		score8(root.resolve("scores/sub/a.png"), 4, 4, 1);
		score8(root.resolve("scores/sub/a.tif"), 4, 4, 2);
		score8(root.resolve("scores/b.png"), 4, 4, 3);
		mask255(root.resolve("masks/sub/a.png"), 4, 4, 4);
		mask255(root.resolve("masks/b.png"), 4, 4, 5);
		final Dataset d = Dataset.fromFolders(root.resolve("scores"), null, root.resolve("masks"),
			reader);
		assertEquals(2, d.size());
		assertTrue(d.load(d.entries().get(0)).ok());
		final ImageResult<Dataset.Loaded> r = d.load(d.entries().get(1));
		assertFalse("two score maps for one id", r.ok());
		assertEquals("sub/a", r.failure().id());
		final String m = r.failure().message();
		assertTrue(m, m.contains(root.resolve("scores/sub/a.png").toString()));
		assertTrue(m, m.contains(root.resolve("scores/sub/a.tif").toString()));
	}


	@Test
	public void everyUnmatchedImageIsSkippedNamingItsFiles() throws IOException {
		for (final String id : new String[] { "a", "b", "x" })
			score8(root.resolve("scores/" + id + ".png"), 4, 4, 1);
		for (final String id : new String[] { "a", "b", "y" })
			mask255(root.resolve("pred/" + id + ".png"), 4, 4, 2);
		for (final String id : new String[] { "a", "sub/z" })
			mask255(root.resolve("masks/" + id + ".tif"), 4, 4, 3);
		final Dataset d = Dataset.fromFolders(root.resolve("scores"), root.resolve("pred"), root
			.resolve("masks"), reader);
		final Map<String, String> skipped = new TreeMap<>();
		for (final Dataset.Entry e : d.entries()) {
			final ImageResult<Dataset.Loaded> r = d.load(e);
			if (!r.ok()) skipped.put(e.id(), r.failure().message());
		}
		assertEquals("[b, sub/z, x, y]", skipped.keySet().toString());
		assertEquals(root.resolve("scores/b.png") + " and " + root.resolve("pred/b.png") +
			": no partner: no image named 'b' (any extension) in the masks folder " + root.resolve(
				"masks"), skipped.get("b"));
		assertTrue(skipped.get("x"), skipped.get("x").contains(root.resolve("pred").toString()) &&
			skipped.get("x").contains(root.resolve("masks").toString()));
		assertTrue(skipped.get("sub/z"), skipped.get("sub/z").startsWith(root.resolve(
			"masks/sub/z.tif").toString()));
		assertTrue(d.load(d.entries().get(0)).ok());
	}


	@Test
	public void aMissingFolderIsNamed() throws IOException {
		score8(root.resolve("scores/a.png"), 4, 4, 1);
		final Path missing = root.resolve("no-such-masks");
		try {
			Dataset.fromFolders(root.resolve("scores"), null, missing, reader);
			fail("accepted a missing folder");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(missing.toString()));
			assertTrue(e.getMessage(), e.getMessage().contains("masks"));
		}
		try {
			Dataset.fromFolders(root.resolve("nothing"), null, null, reader);
			fail("accepted a missing folder");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(root.resolve("nothing").toString()));
		}
		try {
			Dataset.fromFolders(null, null, root.resolve("scores"), reader);
			fail("accepted a dataset with neither scores nor predictions");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("score"));
		}
	}

	@Test
	public void aFolderWithoutImagesIsAnError() throws IOException {
		Files.createDirectories(root.resolve("scores"));
		Files.write(root.resolve("scores/readme.txt"), "x".getBytes(StandardCharsets.UTF_8));
		try {
			Dataset.fromFolders(root.resolve("scores"), null, null, reader);
			fail("accepted an empty folder");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(root.resolve("scores").toString()));
		}
	}

	// -- Manifest --

	@Test
	public void manifestColumnsInAnyOrderWithQuotesRelativePathsAndEmptyCells()
		throws IOException
	{
		final ScalarImage a = score8(root.resolve("images/a,1.png"), 6, 5, 1);
		final boolean[] am = mask255(root.resolve("images/a_mask.tif"), 6, 5, 2);
		final ScalarImage b = score8(root.resolve("images/b.png"), 6, 5, 3);
		final boolean[] bm = mask255(root.resolve("images/b_mask.png"), 6, 5, 4);
		final boolean[] bp = mask255(root.resolve("images/b_pred.png"), 6, 5, 5);
		final Path csv = write(root.resolve("lists/manifest.csv"),
			"mask,note,id,prediction,score\n" +
				"../images/a_mask.tif,\"a note, with a comma\",\"case \"\"a\"\"\",,\"../images/a,1.png\"\n" +
				"\n" +
				"../images/b_mask.png,,b,../images/b_pred.png,../images/b.png\n");
		final Dataset d = Dataset.fromManifest(csv, reader);
		assertEquals(2, d.size());
		assertEquals("case \"a\"", d.entries().get(0).id());
		assertNull("empty cell: no prediction", d.entries().get(0).prediction());
		assertEquals(root.resolve("images/a,1.png").toAbsolutePath().normalize(), d.entries().get(0)
			.score().toAbsolutePath().normalize());
		final List<Sample> all = list(d);
		assertEquals(2, all.size());
		assertArrayEquals(a.values(), all.get(0).scores().values(), 0f);
		assertArrayEquals(am, all.get(0).truth().voxels());
		assertArrayEquals(b.values(), all.get(1).scores().values(), 0f);
		assertArrayEquals(bm, all.get(1).truth().voxels());
		assertArrayEquals(bp, all.get(1).prediction().voxels());
		assertTrue(loadAll(d).failures.isEmpty());
	}

	@Test
	public void manifestHeaderMayStartWithAByteOrderMarkAndHoldSpaces() throws IOException {
		final ScalarImage a = score8(root.resolve("a.png"), 4, 4, 1);
		final boolean[] m = mask255(root.resolve("am.png"), 4, 4, 2);
		final Dataset d = Dataset.fromManifest(write(root.resolve("excel.csv"),
			"\uFEFFid, score , mask\r\n" + "a, a.png, am.png\r\n"), reader);
		final List<Sample> all = list(d);
		assertEquals(Arrays.asList("a"), ids(all));
		assertArrayEquals(a.values(), all.get(0).scores().values(), 0f);
		assertArrayEquals(m, all.get(0).truth().voxels());
	}

	@Test
	public void manifestDuplicateIdNamesTheLine() throws IOException {
		score8(root.resolve("a.png"), 4, 4, 1);
		mask255(root.resolve("m.png"), 4, 4, 2);
		final Path csv = write(root.resolve("m.csv"), "id,score,mask\n" + "a,a.png,m.png\n" +
			"b,a.png,m.png\n" + "a,a.png,m.png\n");
		try {
			Dataset.fromManifest(csv, reader);
			fail("accepted a duplicate id");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("line 4"));
			assertTrue(e.getMessage(), e.getMessage().contains("'a'"));
			assertTrue(e.getMessage(), e.getMessage().contains(csv.toString()));
		}
	}

	@Test
	public void manifestListsEveryMissingFile() throws IOException {
		score8(root.resolve("a.png"), 4, 4, 1);
		mask255(root.resolve("am.png"), 4, 4, 2);
		final Path csv = write(root.resolve("m.csv"), "id,score,mask\n" + "a,a.png,am.png\n" +
			"b,b.png,bm.png\n" + "c,a.png,sub/cm.tif\n");
		try {
			Dataset.fromManifest(csv, reader);
			fail("accepted missing files");
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			assertTrue(m, m.contains("3 file(s)"));
			for (final String f : new String[] { "b.png", "bm.png", "sub/cm.tif" })
				assertTrue(f + " in: " + m, m.contains(root.resolve(f).toString()));
			assertFalse(m, m.contains(root.resolve("am.png").toString()));
		}
	}

	@Test
	public void manifestHeaderAndRowErrors() throws IOException {
		score8(root.resolve("a.png"), 4, 4, 1);
		final String[][] cases = { { "score,mask\na.png,\n", "'id'" }, { "id,mask\na,a.png\n",
			"'score' or a 'prediction'" }, { "id,score,mask\na,,a.png\n", "line 2" }, {
				"id,score\n,a.png\n", "line 2" }, { "", "empty" }, { "id,score,mask\n\n", "no images" } };
		int i = 0;
		for (final String[] c : cases) {
			final Path csv = write(root.resolve("m" + i++ + ".csv"), c[0]);
			try {
				Dataset.fromManifest(csv, reader);
				fail("accepted: " + c[0]);
			}
			catch (final IllegalArgumentException e) {
				assertTrue(c[1] + " in: " + e.getMessage(), e.getMessage().contains(c[1]));
				assertTrue(e.getMessage(), e.getMessage().contains(csv.toString()));
			}
		}
	}

	@Test
	public void manifestRowWithoutMaskFailsWhenOthersHaveOne() throws IOException {
		score8(root.resolve("a.png"), 4, 4, 1);
		score8(root.resolve("b.png"), 4, 4, 2);
		mask255(root.resolve("am.png"), 4, 4, 3);
		final Dataset d = Dataset.fromManifest(write(root.resolve("m.csv"), "id,score,mask\n" +
			"a,a.png,am.png\n" + "b,b.png,\n"), reader);
		final Loads all = loadAll(d);
		assertEquals(Arrays.asList("a"), ids(all.samples));
		assertEquals(1, all.failures.size());
		assertEquals("b", all.failures.get(0).id());
		assertTrue(all.failures.get(0).message(), all.failures.get(0).message().contains(
			"ground-truth"));
		try {
			list(d);
			fail("iterating a dataset with a bad image is strict");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("image b: ") && e.getMessage().contains(
				"ground-truth"));
		}
	}

	// -- Iteration --

	@Test
	public void badImagesAreSkippedAndRecordedByImageAndFile() throws IOException {
		score8(root.resolve("s/good1.png"), 8, 8, 1);
		mask255(root.resolve("m/good1.png"), 8, 8, 2);
		// non-binary mask
		score8(root.resolve("s/grey.png"), 8, 8, 3);
		final byte[] grey = new byte[64];
		grey[5] = (byte) 255;
		grey[9] = (byte) 100;
		save(new ImagePlus("grey", new ByteProcessor(8, 8, grey)), root.resolve("m/grey.png"));
		// NaN score in a float TIFF
		final float[] nan = new float[64];
		nan[10] = Float.NaN;
		save(new ImagePlus("nan", new FloatProcessor(8, 8, nan)), root.resolve("s/nan.tif"));
		mask255(root.resolve("m/nan.png"), 8, 8, 4);
		// shape mismatch
		score8(root.resolve("s/shape.png"), 8, 8, 5);
		mask255(root.resolve("m/shape.png"), 6, 8, 6);
		// unreadable
		Files.write(root.resolve("s/text.png"), "not a png".getBytes(StandardCharsets.UTF_8));
		mask255(root.resolve("m/text.png"), 8, 8, 7);
		score8(root.resolve("s/zgood2.png"), 8, 8, 8);
		mask255(root.resolve("m/zgood2.png"), 8, 8, 9);

		final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"), reader);
		assertEquals(6, d.size());
		final Loads all = loadAll(d);
		assertEquals(Arrays.asList("good1", "zgood2"), ids(all.samples));
		final Map<String, String> failures = new HashMap<>();
		final Map<String, String> files = new HashMap<>();
		for (final ImageFailure f : all.failures) {
			failures.put(f.id(), f.message());
			files.put(f.id(), f.file());
			assertTrue(f.toString(), f.toString().startsWith(f.id() + ": "));
		}
		assertEquals("failures in the order met", Arrays.asList("grey", "nan", "shape", "text"), ids(
			all.failures));
		assertEquals("the file that failed", root.resolve("m/grey.png").toString(), files.get("grey"));
		assertEquals(root.resolve("s/nan.tif").toString(), files.get("nan"));
		assertEquals("sizes differ: no one file", null, files.get("shape"));
		assertEquals(root.resolve("s/text.png").toString(), files.get("text"));
		assertNamed(failures.get("grey"), root.resolve("m/grey.png"), "255", "100");
		assertNamed(failures.get("nan"), root.resolve("s/nan.tif"), "NaN");
		assertNamed(failures.get("shape"), root.resolve("s/shape.png"), "8x8", "6x8");
		assertNamed(failures.get("shape"), root.resolve("m/shape.png"));
		assertNamed(failures.get("text"), root.resolve("s/text.png"));
	}

	/**
	 * Loading is a pure function of the entry: loading again gives the same
	 * images and the same failure, each load reading each file once. (That a
	 * run's second pass never reloads a failed image is in BatchTest.)
	 */
	@Test
	public void loadingTwiceGivesTheSameImagesAndFailures() throws IOException {
		for (int i = 0; i < 4; i++) {
			score8(root.resolve("s/i" + i + ".png"), 6, 6, i);
			mask255(root.resolve("m/i" + i + ".png"), 6, 6, 10 + i);
		}
		Files.write(root.resolve("s/i2.png"), "broken".getBytes(StandardCharsets.UTF_8));
		final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"), reader);
		final Loads first = loadAll(d);
		assertEquals(Arrays.asList("i0", "i1", "i3"), ids(first.samples));
		assertEquals(1, reader.reads(root.resolve("s/i2.png")));
		assertEquals("the mask of an image whose score map failed is not read", 0, reader.reads(root
			.resolve("m/i2.png")));
		final Loads second = loadAll(d);
		assertEquals(ids(first.samples), ids(second.samples));
		for (int i = 0; i < first.samples.size(); i++)
			assertArrayEquals(first.samples.get(i).scores().values(), second.samples.get(i).scores()
				.values(), 0f);
		assertEquals(first.failures, second.failures);
		assertEquals(2, reader.reads(root.resolve("s/i0.png")));
		assertEquals(2, reader.reads(root.resolve("m/i3.png")));
		assertEquals("each failure is named once per load", 1, second.failures.size());
	}

	@Test
	public void entriesArePlainSerializableValues() throws Exception {
		score8(root.resolve("s/K/a.png"), 4, 4, 1);
		mask255(root.resolve("m/K/a.png"), 4, 4, 2);
		final Dataset d = Dataset.fromFolders(root.resolve("s"), null, root.resolve("m"), reader);
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
			out.writeObject(d.entries().get(0));
		}
		final Dataset.Entry back;
		try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
			new java.io.ByteArrayInputStream(bytes.toByteArray())))
		{
			back = (Dataset.Entry) in.readObject();
		}
		assertEquals("K/a", back.id());
		assertEquals(root.resolve("s/K/a.png"), back.score());
		assertEquals(root.resolve("m/K/a.png"), back.mask());
		assertNull(back.prediction());
		assertArrayEquals(d.load(d.entries().get(0)).value().sample().scores().values(), d.load(back)
			.value().sample().scores().values(), 0f);
	}

	// -- Sources --

	@Test
	public void sourcesAreRelativeWithTheirSha256() throws Exception {
		score8(root.resolve("scores/K/a.png"), 5, 5, 1);
		mask255(root.resolve("masks/K/a.tif"), 5, 5, 2);
		score8(root.resolve("scores/b.png"), 5, 5, 3);
		mask255(root.resolve("masks/b.png"), 5, 5, 4);
		Files.write(root.resolve("scores/c.png"), "broken".getBytes(StandardCharsets.UTF_8));
		mask255(root.resolve("masks/c.png"), 5, 5, 5);
		final Dataset d = Dataset.fromFolders(root.resolve("scores"), null, root.resolve("masks"),
			reader);
		final List<SourceFile> src = sources(d, root);
		final List<String> shown = new ArrayList<>();
		for (final SourceFile f : src) {
			shown.add(f.id() + " " + f.role() + " " + f.path());
			assertEquals(f.path(), sha256(root.resolve(f.path())), f.sha256());
		}
		assertEquals("the skipped image c is left out", Arrays.asList("K/a score scores/K/a.png",
			"K/a mask masks/K/a.tif", "b score scores/b.png", "b mask masks/b.png"), shown);
		final List<SourceFile> absolute = sources(d, null);
		assertEquals(root.resolve("scores/K/a.png").toString(), absolute.get(0).path());
		final List<SourceFile> outside = sources(d, root.resolve("masks"));
		assertEquals("a file outside the root is shown absolute", root.resolve("scores/K/a.png")
			.toAbsolutePath().toString(), outside.get(0).path());
		assertEquals("K/a.tif", outside.get(1).path());
	}

	@Test
	public void sourcesHashTheBytesThatWereLoadedWithoutReadingAgain() throws Exception {
		final List<Path> files = new ArrayList<>();
		files.add(root.resolve("scores/a.png"));
		score8(files.get(0), 6, 4, 11);
		files.add(root.resolve("masks/a.tif"));
		mask255(files.get(1), 6, 4, 12);
		files.add(root.resolve("scores/b.nii.gz"));
		Nifti.write(files.get(2), score8(root.resolve("b.png"), 6, 4, 13));
		files.add(root.resolve("masks/b.nii"));
		Nifti.write(files.get(3), new Mask(Grid.of(6, 4), mask255(root.resolve("b-mask.png"), 6, 4,
			14)));
		final Map<Path, String> loaded = new HashMap<>();
		for (final Path f : files)
			loaded.put(f, sha256(f));
		final Dataset d = Dataset.fromFolders(root.resolve("scores"), null, root.resolve("masks"),
			reader);
		final List<Dataset.Loaded> loads = new ArrayList<>();
		for (final Dataset.Entry e : d.entries())
			loads.add(d.load(e).value());
		assertEquals(2, loads.size());
		// the files change after loading: provenance names the bytes the calibration used
		for (final Path f : files)
			Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 10), StandardOpenOption.APPEND);
		final List<SourceFile> src = new ArrayList<>();
		for (final Dataset.Loaded l : loads)
			src.addAll(l.sources(root));
		assertEquals(4, src.size());
		for (final SourceFile f : src) {
			final Path file = root.resolve(f.path());
			assertEquals(f.path(), loaded.get(file), f.sha256());
			assertFalse(f.path(), sha256(file).equals(f.sha256()));
			assertEquals(f.path() + " read once", 1, reader.reads(file));
		}
		// loading again hashes the files as they are now
		for (final SourceFile f : sources(Dataset.fromFolders(root.resolve("scores"), null, root
			.resolve("masks"), reader), root))
			assertEquals(f.path(), sha256(root.resolve(f.path())), f.sha256());
	}

	// -- helpers --

	private static void assertNamed(final String message, final Path file, final String... also) {
		assertTrue("no failure recorded", message != null);
		assertTrue(file + " in: " + message, message.contains(file.toString()));
		for (final String a : also)
			assertTrue(a + " in: " + message, message.contains(a));
	}

	/** A random 8-bit score map saved with ImageJ (PNG or TIFF by name), as read back. */
	public static ScalarImage score8(final Path file, final int w, final int h, final long seed)
		throws IOException
	{
		final byte[] b = new byte[w * h];
		new Random(seed).nextBytes(b);
		save(new ImagePlus("s", new ByteProcessor(w, h, b.clone())), file);
		final float[] v = new float[b.length];
		for (int i = 0; i < v.length; i++)
			v[i] = (b[i] & 0xff) / 255f;
		return new ScalarImage(Grid.of(w, h), v);
	}

	/** A random 0/255 mask saved with ImageJ. */
	public static boolean[] mask255(final Path file, final int w, final int h, final long seed)
		throws IOException
	{
		final Random r = new Random(seed);
		final boolean[] v = new boolean[w * h];
		final byte[] b = new byte[w * h];
		for (int i = 0; i < v.length; i++) {
			v[i] = r.nextBoolean();
			if (v[i]) b[i] = (byte) 255;
		}
		save(new ImagePlus("m", new ByteProcessor(w, h, b)), file);
		return v;
	}

	public static void save(final ImagePlus imp, final Path file) throws IOException {
		Files.createDirectories(file.getParent());
		final FileSaver s = new FileSaver(imp);
		final boolean ok = file.toString().endsWith(".png") ? s.saveAsPng(file.toString()) : s
			.saveAsTiff(file.toString());
		assertTrue("ImageJ saved " + file, ok);
	}

	private static Path write(final Path file, final String text) throws IOException {
		Files.createDirectories(file.getParent());
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
		return file;
	}

	private static List<Sample> list(final Iterable<Sample> d) {
		final List<Sample> l = new ArrayList<>();
		for (final Sample s : d)
			l.add(s);
		return l;
	}

	private static List<String> ids(final List<?> items) {
		final List<String> l = new ArrayList<>();
		for (final Object o : items)
			l.add(o instanceof Sample ? ((Sample) o).id() : ((ImageFailure) o).id());
		return l;
	}

	/** What loading every entry in order gave. */
	private static final class Loads {

		final List<Sample> samples = new ArrayList<>();
		final List<ImageFailure> failures = new ArrayList<>();
	}

	/** Loads every entry in order, as a run does: the samples, and the failures. */
	private static Loads loadAll(final Dataset d) {
		final Loads out = new Loads();
		for (final Dataset.Entry e : d.entries()) {
			final ImageResult<Dataset.Loaded> r = d.load(e);
			if (r.ok()) out.samples.add(r.value().sample());
			else out.failures.add(r.failure());
		}
		return out;
	}

	/** The sources of the images that load, in entry order. */
	private static List<SourceFile> sources(final Dataset d, final Path root) {
		final List<SourceFile> out = new ArrayList<>();
		for (final Dataset.Entry e : d.entries()) {
			final ImageResult<Dataset.Loaded> r = d.load(e);
			if (r.ok()) out.addAll(r.value().sources(root));
		}
		return out;
	}

	private static String sha256(final Path f) throws Exception {
		return ImageFilesTest.hex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
	}
}
