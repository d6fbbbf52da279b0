package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.run.ImageResult;

/**
 * Label-map data sets: a manifest of label maps and 4-D probability files
 * loads into label samples; each kind of bad input is a clear error (or a
 * warning) naming the file and the value.
 */
public class LabelDatasetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A little-endian NIfTI-1 uint8 file, optionally scaled (0 = no scaling); unit spacing. */
	public static void writeUint8(final Path file, final int[] dims, final int[] values, final float slope)
		throws IOException
	{
		final ByteBuffer b = ByteBuffer.allocate(352 + values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348);
		b.putShort(40, (short) dims.length);
		for (int d = 0; d < dims.length; d++)
			b.putShort(42 + 2 * d, (short) dims[d]);
		for (int d = dims.length; d < 7; d++)
			b.putShort(42 + 2 * d, (short) 1);
		b.putShort(70, (short) 2);
		b.putShort(72, (short) 8);
		for (int d = 0; d < 8; d++)
			b.putFloat(76 + 4 * d, 1f);
		b.putFloat(108, 352f);
		b.putFloat(112, slope);
		b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
		for (int i = 0; i < values.length; i++)
			b.put(352 + i, (byte) values[i]);
		Files.write(file, b.array());
	}

	/** Probabilities (bg, 1, 2) in 1/255 steps for a 4×3 label map, summing to 255 or not. */
	private static int[] probs(final int[] labels, final boolean sumToOne) {
		final int n = labels.length;
		final int[] v = new int[3 * n];
		for (int i = 0; i < n; i++) {
			for (int c = 0; c < 3; c++)
				v[c * n + i] = c == labels[i] ? 215 : 20;
			if (!sumToOne) v[i] = 100;
		}
		return v;
	}

	private static final int[] T1 = { 0, 1, 1, 2, 0, 2, 2, 0, 1, 0, 0, 0 };
	private static final int[] T2 = { 0, 2, 2, 1, 1, 1, 0, 0, 0, 0, 2, 0 };

	private Path manifest(final String... rows) throws IOException {
		final Path csv = tmp.getRoot().toPath().resolve("m.csv");
		Files.write(csv, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
		return csv;
	}

	private Path dir() {
		return tmp.getRoot().toPath();
	}

	@Test
	public void aManifestOfLabelMapsAndFourDProbabilitiesLoads() throws IOException {
		writeUint8(dir().resolve("t1.nii"), new int[] { 4, 3 }, T1, 0);
		writeUint8(dir().resolve("p1.nii"), new int[] { 4, 3, 3 }, probs(T1, true), 1 / 255f);
		writeUint8(dir().resolve("t2.nii"), new int[] { 4, 3 }, T2, 0);
		writeUint8(dir().resolve("p2.nii"), new int[] { 4, 3, 3 }, probs(T2, true), 1 / 255f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,probabilities,labels,group",
			"a,p1.nii,t1.nii,g1", "b,p2.nii,t2.nii,g2"), GroupBy.COLUMN, ImageFormats.nifti());
		final LabelClasses classes = d.defaultClasses();
		assertEquals("1:label1,2:label2", classes.spec());
		final ImageResult<LabelDataset.Loaded> r = d.loader(classes, true).load(d.entries().get(1));
		assertTrue(r.toString(), r.ok());
		assertTrue(r.value().warnings().isEmpty());
		final LabelSample s = r.value().sample();
		assertEquals("g2", s.group());
		assertEquals(2, r.value().sources().size());
		for (int v = 0; v < T2.length; v++)
			assertEquals(T2[v], s.truthLabel(v));
		// class 2 (index 1): truth {label = 2}, scores channel 2 / 255
		final float[] p2 = s.oneVsRest(1).scores().values();
		for (int v = 0; v < T2.length; v++) {
			assertEquals(T2[v] == 2, s.oneVsRest(1).truth().get(v));
			assertEquals((T2[v] == 2 ? 215 : 20) / 255f, p2[v], 1e-6);
		}
		assertNull(s.oneVsRest(0).prediction());
	}

	private String failure(final LabelDataset d, final LabelClasses classes, final int i) {
		final ImageResult<LabelDataset.Loaded> r = d.loader(classes, true).load(d.entries().get(i));
		assertFalse("expected a failure", r.ok());
		return r.failure().toString();
	}

	@Test
	public void aTruthLabelThatIsNotAClassIsNamedWithItsFile() throws IOException {
		final int[] t = T1.clone();
		t[4] = 3;
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, t, 0);
		writeUint8(dir().resolve("p.nii"), new int[] { 4, 3, 3 }, probs(T1, true), 1 / 255f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,probabilities,labels",
			"a,p.nii,t.nii"), GroupBy.NONE, ImageFormats.nifti());
		final String m = failure(d, LabelClasses.parse("1,2"), 0);
		assertTrue(m, m.contains("t.nii") && m.contains("label 3") && m.contains("not one of the classes"));
		// with label 3 a class, the 4-D file lacks its channel
		final String m3 = failure(d, d.defaultClasses(), 0);
		assertTrue(m3, m3.contains("p.nii") && m3.contains("3 class channels") && m3.contains(
			"label 3"));
	}

	@Test
	public void aClassAxisThatDoesNotMatchTheClassesIsNamed() throws IOException {
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, T1, 0);
		final int[] two = new int[24];
		writeUint8(dir().resolve("p.nii"), new int[] { 4, 3, 2 }, two, 1 / 255f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,probabilities,labels",
			"a,p.nii,t.nii"), GroupBy.NONE, ImageFormats.nifti());
		final String m = failure(d, LabelClasses.parse("1:ant,2:post"), 0);
		assertTrue(m, m.contains("p.nii") && m.contains("2 class channels") && m.contains(
			"class post has label 2"));
		writeUint8(dir().resolve("p.nii"), new int[] { 3, 4, 3 }, new int[36], 1 / 255f);
		final String g = failure(d, LabelClasses.parse("1:ant,2:post"), 0);
		assertTrue(g, g.contains("p.nii") && g.contains("plus a last axis for the classes"));
	}

	@Test
	public void probabilitiesThatDoNotSumToOneWarnButLoad() throws IOException {
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, T1, 0);
		writeUint8(dir().resolve("p.nii"), new int[] { 4, 3, 3 }, probs(T1, false), 1 / 255f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,probabilities,labels",
			"a,p.nii,t.nii"), GroupBy.NONE, ImageFormats.nifti());
		final ImageResult<LabelDataset.Loaded> r = d.loader(d.defaultClasses(), true).load(d
			.entries().get(0));
		assertTrue(r.ok());
		assertEquals(1, r.value().warnings().size());
		final String w = r.value().warnings().get(0);
		assertTrue(w, w.contains("p.nii") && w.contains("do not sum to 1") && w.contains("12 voxel(s)") && w.contains("sum 0.549"));
	}

	@Test
	public void labelMapsOnDifferentGridsAreRefusedNamingBoth() throws IOException {
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, T1, 0);
		writeUint8(dir().resolve("q.nii"), new int[] { 3, 4 }, T1, 0);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,prediction,labels",
			"a,q.nii,t.nii"), GroupBy.NONE, ImageFormats.nifti());
		final String m = failure(d, LabelClasses.parse("1,2"), 0);
		assertTrue(m, m.contains("different grids") && m.contains("t.nii") && m.contains("q.nii"));
	}

	@Test
	public void aValueThatIsNotALabelIsNamed() throws IOException {
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, T1, 0.5f);
		writeUint8(dir().resolve("q.nii"), new int[] { 4, 3 }, T1, 0);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,prediction,labels",
			"a,q.nii,t.nii"), GroupBy.NONE, ImageFormats.nifti());
		final String m = failure(d, LabelClasses.parse("1,2"), 0);
		assertTrue(m, m.contains("t.nii is not a label map: value 0.5"));
	}

	@Test
	public void anEmptyGroupValueIsNamedWithItsLine() throws IOException {
		writeUint8(dir().resolve("t.nii"), new int[] { 4, 3 }, T1, 0);
		final Path csv = manifest("id,prediction,labels,group", "a,t.nii,t.nii,g", "b,t.nii,t.nii,");
		try {
			LabelDataset.fromManifest(csv, GroupBy.COLUMN, ImageFormats.nifti());
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("line 3") && e.getMessage().contains(
				"'b' has an empty group value"));
		}
		try {
			GroupBy.column(csv);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
		}
		assertArrayEquals(new String[] { "Kvasir" }, new String[] { GroupBy.FOLDER.groupOf("Kvasir/x",
			null) });
	}
	/**
	 * classes=auto: every non-zero label of any truth map, not only the first
	 * one's: label 5 appears only in the third image and becomes a class; an
	 * image whose truth is not a label map is left out; the same classes on 1
	 * and 2 threads, equal to the labels gathered by brute force.
	 */
	@Test
	public void foundClassesAreEveryLabelOfEveryTruthMap() throws IOException {
		final int[] t3 = T1.clone();
		t3[7] = 5;
		final int[][] truths = { T1, T2, t3 };
		final java.util.TreeSet<Integer> oracle = new java.util.TreeSet<>();
		for (int i = 0; i < truths.length; i++) {
			writeUint8(dir().resolve("t" + i + ".nii"), new int[] { 4, 3 }, truths[i], 0);
			writeUint8(dir().resolve("p" + i + ".nii"), new int[] { 4, 3 }, truths[i], 0);
			for (final int v : truths[i])
				if (v != 0) oracle.add(v);
		}
		writeUint8(dir().resolve("bad.nii"), new int[] { 4, 3 }, T1, 0.5f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,prediction,labels",
			"a,p0.nii,t0.nii", "b,p1.nii,t1.nii", "c,p2.nii,t2.nii", "d,p0.nii,bad.nii"), GroupBy.NONE,
			ImageFormats.nifti());
		assertEquals("[1, 2, 5]", oracle.toString());
		for (final int threads : new int[] { 1, 2 }) {
			final LabelClasses c = d.foundClasses(sc.fiji.conformal.core.run.LocalRunner.of(threads),
				null);
			assertEquals(oracle.size(), c.size());
			int k = 0;
			for (final int v : oracle)
				assertEquals(v, c.label(k++));
			assertEquals("1:label1,2:label2,5:label5", c.spec());
		}
		assertEquals("1:label1,2:label2,5:label5", d.defaultClasses().spec());
		// the first image's labels alone would have missed label 5: image c then fails
		final String m = failure(d, LabelClasses.parse("1,2"), 2);
		assertTrue(m, m.contains("label 5"));
	}

	/** No truth map with a non-zero label: the error says so and names the maps left out. */
	@Test
	public void noNonZeroLabelAnywhereIsAClearError() throws IOException {
		writeUint8(dir().resolve("z.nii"), new int[] { 4, 3 }, new int[12], 0);
		writeUint8(dir().resolve("bad.nii"), new int[] { 4, 3 }, T1, 0.5f);
		final LabelDataset d = LabelDataset.fromManifest(manifest("id,prediction,labels",
			"a,z.nii,z.nii", "b,z.nii,bad.nii"), GroupBy.NONE, ImageFormats.nifti());
		try {
			d.defaultClasses();
			fail("no classes to find");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("2 image(s)") && e.getMessage().contains(
				"no non-zero label") && e.getMessage().contains("bad.nii") && e.getMessage().contains(
					"classes=1:anterior"));
		}
	}
	/**
	 * Folders of label maps and probabilities with an image in one folder
	 * only, a broken symbolic link and two files of one id: the data set is
	 * not refused; those three are entries that fail to load naming the
	 * reason and the files (so a run skips and reports them), the others load.
	 */
	@Test
	public void foldersWithUnpairedFilesGiveEntriesThatAreSkippedWithTheReason()
		throws IOException
	{
		final Path labels = Files.createDirectories(dir().resolve("labels"));
		final Path probs = Files.createDirectories(dir().resolve("probabilities"));
		for (final String id : new String[] { "a", "b", "c", "twice" }) {
			writeUint8(labels.resolve(id + ".nii"), new int[] { 4, 3 }, T1, 0);
			writeUint8(probs.resolve(id + ".nii"), new int[] { 4, 3, 3 }, probs(T1, true), 1 / 255f);
		}
		writeUint8(probs.resolve("twice.tif"), new int[] { 4, 3 }, T1, 0);
		writeUint8(labels.resolve("alone.nii"), new int[] { 4, 3 }, T1, 0);
		writeUint8(probs.resolve("broken.nii"), new int[] { 4, 3, 3 }, probs(T1, true), 1 / 255f);
		Files.createSymbolicLink(labels.resolve("broken.nii"), dir().resolve("nowhere.nii"));
		final LabelDataset d = LabelDataset.fromFolders(labels, null, probs, GroupBy.NONE,
			ImageFormats.nifti());
		final java.util.Map<String, String> problems = new java.util.TreeMap<>();
		for (final LabelDataset.Entry e : d.entries())
			problems.put(e.id(), e.problem());
		assertEquals("[a, alone, b, broken, c, twice]", problems.keySet().toString());
		for (final String ok : new String[] { "a", "b", "c" }) {
			assertNull(ok, problems.get(ok));
			assertTrue(ok, d.loader(LabelClasses.parse("1,2"), true).load(d.entries().get(
				new java.util.ArrayList<>(problems.keySet()).indexOf(ok))).ok());
		}
		final java.util.List<String> ids = new java.util.ArrayList<>(problems.keySet());
		final String alone = failure(d, LabelClasses.parse("1,2"), ids.indexOf("alone"));
		assertTrue(alone, alone.contains("alone.nii") && alone.contains("no partner") && alone
			.contains("probabilities folder"));
		final String broken = failure(d, LabelClasses.parse("1,2"), ids.indexOf("broken"));
		assertTrue(broken, broken.contains("broken.nii") && broken.contains("broken symbolic link"));
		final String twice = failure(d, LabelClasses.parse("1,2"), ids.indexOf("twice"));
		assertTrue(twice, twice.contains("twice.nii") && twice.contains("twice.tif") && twice
			.contains("same image id"));
		// the classes are found in the usable images' label maps only
		assertEquals("1:label1,2:label2", d.defaultClasses().spec());
	}
}
