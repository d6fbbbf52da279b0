package sc.fiji.conformal.batch;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ImageFileReader;
import sc.fiji.conformal.report.ValidationReport;
import sc.fiji.conformal.testing.CountingReader;
import sc.fiji.conformal.testing.PngDatasets;
import sc.fiji.conformal.testing.ThreadCounts;

/**
 * The folder workflows give the same bytes on any number of threads
 * (calibration files apart from {@code created}, validation tables, report
 * folders, applied sets), read each file once per pass, and their per-image
 * functions survive serialization (the seam of a distributed runner).
 */
public class ThreadCountTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static List<Settings> methods() {
		return Arrays.asList(Settings.builder(Method.DILATION).alpha(0.2).shape(
			StructuringElement.EUCLIDEAN).build(), Settings.builder(Method.EROSION).alpha(0.2).tolerance(
				0.05).build(), Settings.builder(Method.THRESHOLD_OUTER).alpha(0.2).tolerance(0.1).build(),
			Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).build(), Settings.builder(Method.CRC)
				.alpha(0.2).build());
	}

	@Test
	public void outputsAreByteIdenticalOnOneTwoAndEightThreads() throws IOException {
		final PngDatasets data = PngDatasets.write(tmp.newFolder("data"));
		final int compared = ThreadCounts.assertSameOnAnyThreads(data.scores.toPath(), data.masks
			.toPath(), tmp.newFolder("work").toPath(), methods(), 20, 1, 2, 8);
		// 5 calibrations, 5 tables, the report (index, 4 tables per method, plots, panels), 24 sets
		assertTrue("files compared: " + compared, compared > 10 + 1 + 20 + 24);
	}

	/**
	 * Calibrate reads each file once; validate and a report (whatever the
	 * number of methods and α) read each file once per pass: twice.
	 */
	@Test
	public void eachPassReadsEachFileOnce() throws IOException {
		final PngDatasets data = PngDatasets.write(tmp.newFolder("data"));
		final int files = 2 * PngDatasets.COUNT;
		for (final int threads : new int[] { 1, 2 }) {
			final CountingReader calibrate = new CountingReader();
			Batch.calibrate(Dataset.fromFolders(data.scores.toPath(), null, data.masks.toPath(),
				calibrate), methods().get(0), null, LocalRunner.of(threads), null);
			assertReads("calibrate", calibrate, files, 1);

			final CountingReader validate = new CountingReader();
			Batch.validate(Dataset.fromFolders(data.scores.toPath(), null, data.masks.toPath(),
				validate), methods().get(0), 10, 0.5, 1, LocalRunner.of(threads), null);
			assertReads("validate", validate, files, 2);

			final CountingReader report = new CountingReader();
			final ValidationReport.Result r = ValidationReport.write(Dataset.fromFolders(data.scores
				.toPath(), null, data.masks.toPath(), report), methods(), new ValidationReport.Options()
					.splits(10), tmp.getRoot().toPath().resolve("report-" + threads), LocalRunner.of(threads),
				null);
			assertEquals(5, r.methods().size());
			assertReads("report of 5 methods at 6 alphas", report, files, 2);
		}
	}

	private static void assertReads(final String what, final CountingReader reader, final int files,
		final int times)
	{
		final Map<Path, Integer> all = reader.all();
		assertEquals(what + ": files read " + all, files, all.size());
		for (final Map.Entry<Path, Integer> e : all.entrySet())
			assertEquals(what + ": " + e.getKey(), times, e.getValue().intValue());
	}

	/**
	 * The per-image function of a calibration, shipped as bytes (as a
	 * distributed runner would) and run on entries shipped the same way, gives
	 * the same results as the original.
	 */
	@Test
	public void thePerImageFunctionsAreSerializable() throws Exception {
		final PngDatasets data = PngDatasets.write(tmp.newFolder("data"));
		final Dataset d = Dataset.fromFolders(data.scores.toPath(), null, data.masks.toPath(),
			new PortableReader());
		for (final Settings s : methods()) {
			final Batch.Score task = new Batch.Score(d.loader(), s, data.root.toPath(), true);
			final Batch.Score shipped = roundTrip(task);
			final List<ImageResult<Batch.ScoredImage>> here = LocalRunner.of(2).map(d.entries(), task,
				RunMonitor.NONE);
			final List<Dataset.Entry> entries = new ArrayList<>();
			for (final Dataset.Entry e : d.entries())
				entries.add(roundTrip(e));
			final List<ImageResult<Batch.ScoredImage>> there = LocalRunner.of(1).map(entries, shipped,
				RunMonitor.NONE);
			assertEquals(here.size(), there.size());
			for (int i = 0; i < here.size(); i++) {
				final Batch.ScoredImage a = here.get(i).value(), b = roundTrip(there.get(i)).value();
				assertEquals(s.method().id(), a.score.toString(), b.score.toString());
				if (a.score.curve() != null) {
					assertArrayEquals(a.score.curve().levels(), b.score.curve().levels(), 0f);
					assertArrayEquals(a.score.curve().covered(), b.score.curve().covered());
				}
				assertEquals(a.sources, b.sources);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T roundTrip(final T value) throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes
			.toByteArray())))
		{
			return (T) in.readObject();
		}
	}

	/** A serializable reader (the plugin's ImageJFiles is not). */
	private static final class PortableReader implements ImageFileReader, Serializable {

		private static final long serialVersionUID = 1L;

		@Override
		public ScalarImage readScores(final Path file) throws IOException {
			return new ImageJFiles().readScores(file);
		}

		@Override
		public Mask readMask(final Path file) throws IOException {
			return new ImageJFiles().readMask(file);
		}
	}
}
