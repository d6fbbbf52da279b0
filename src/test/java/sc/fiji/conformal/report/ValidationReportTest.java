package sc.fiji.conformal.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.JointRule;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.testing.PngDatasets;

/** The report's baseline, splits, numbers and folder handling. */
public class ValidationReportTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final SyntheticDataset DATA = new SyntheticDataset(30, 5, 24, 24);

	private static final List<Settings> ALL = Arrays.asList( //
		Settings.builder(Method.DILATION).tolerance(0.05).build(), //
		Settings.builder(Method.DILATION).shape(StructuringElement.EUCLIDEAN).build(), //
		Settings.builder(Method.EROSION).tolerance(0.01).build(), //
		Settings.builder(Method.THRESHOLD_INNER).tolerance(0.01).build(), //
		Settings.builder(Method.THRESHOLD_OUTER).tolerance(0.1).build(), //
		Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02).alphaOuter(0.08).build(), //
		Settings.builder(Method.CONFIDENCE_SETS).joint(JointRule.MAX).innerTransform(
			Transform.GAUSSIAN).outerTransform(Transform.DISTANCE).build(), //
		Settings.builder(Method.CRC).build());

	@Test
	public void baselineSetsAreThePredictedMask() {
		for (final Settings s : ALL) {
			final Baseline b = Baseline.of(s);
			for (final Sample x : DATA) {
				final ConformalSets sets = b.sets(x);
				final boolean[] yHat = x.predicted(0.5).voxels();
				if (s.method().hasInner()) assertArrayEquals(s + " inner", yHat, sets.inner().voxels());
				if (s.method().hasOuter()) assertArrayEquals(s + " outer", yHat, sets.outer().voxels());
			}
		}
	}

	@Test
	public void reportNumbersAreTheEnginesAndItsSplitsAreValidations() throws Exception {
		final Settings s = ALL.get(4);
		final ValidationReport.Result r = ValidationReport.write(DATA, Collections.singletonList(s),
			new ValidationReport.Options().splits(7).seed(3).alphas(0.2).panels(2), tmp.getRoot()
				.toPath().resolve("r"));
		final ValidationResult direct = Validation.randomSplits(s, DATA, 7, 0.5, 3);
		final ValidationResult v = r.methods().get(0).validation();
		for (final Measure m : Measure.values())
			assertEquals(m.id(), direct.mean(m), v.mean(m), 0);
		// the report's own splits are the engine's: the same calibration sizes and the same λ̂
		final boolean[][] test = Validation.testMembership(30, 7, 0.5, 3);
		for (int i = 0; i < 7; i++) {
			int nTest = 0;
			for (final boolean t : test[i])
				if (t) nTest++;
			assertEquals(direct.splits().get(i).nTest(), nTest);
		}
		assertEquals(2, r.methods().get(0).sweep().size());
		// baseline validity: FNR of Ŷ ≤ 0.1, measured the same way as the sets
		double expected = 0;
		for (final Sample x : DATA) {
			final int y = x.truth().count();
			final int covered = x.predicted(0.5).countAnd(x.truth());
			expected += (y == 0 || covered >= Math.ceil(0.9 * y - 1e-9)) ? 1 : 0;
		}
		assertEquals(expected / 30, r.methods().get(0).baselineMean(Measure.VALIDITY), 0.15);
	}

	/**
	 * Both passes' tasks, entries and results travel as bytes, as to another
	 * process (a Spark executor), and the report folder is the same, byte for
	 * byte, as on local threads.
	 */
	@Test
	public void aReportWhoseTasksAreShippedIsTheSameByteForByte() throws Exception {
		final PngDatasets data = PngDatasets.write(tmp.newFolder("data"));
		final Dataset d = Dataset.fromFolders(data.scores.toPath(), null, data.masks.toPath(),
			new ImageJFiles());
		final List<Settings> methods = Arrays.asList(ALL.get(1), ALL.get(5), ALL.get(7));
		final Path here = tmp.getRoot().toPath().resolve("here");
		final Path there = tmp.getRoot().toPath().resolve("there");
		final ValidationReport.Result a = ValidationReport.write(d, methods, new ValidationReport.Options()
			.splits(5).alphas(0.1, 0.3).panels(2).panelSize(48), here, LocalRunner.of(2), null);
		final ValidationReport.Result b = ValidationReport.write(d, methods, new ValidationReport.Options()
			.splits(5).alphas(0.1, 0.3).panels(2).panelSize(48), there, new ShippingRunner(), null);
		assertEquals(a.files(), b.files());
		assertTrue(a.files().toString(), a.files().stream().anyMatch(f -> f.startsWith("panels")));
		for (final Path f : a.files())
			assertArrayEquals(f.toString(), Files.readAllBytes(here.resolve(f)), Files.readAllBytes(there
				.resolve(f)));
	}

	/** Runs on the calling thread, every task, entry and result serialized and read back first. */
	private static final class ShippingRunner implements Runner {

		@Override
		public int threads() {
			return 1;
		}

		@Override
		public <E, R> void run(final Iterable<? extends E> entries,
			final ImageTask<? super E, ? extends R> task, final RunMonitor monitor,
			final Consumer<? super R> sink) throws IOException
		{
			final ImageTask<? super E, ? extends R> shipped = roundTrip(task);
			int i = 0;
			for (final E e : entries) {
				monitor.started(i++);
				sink.accept(roundTrip(shipped.apply(roundTrip(e))));
			}
		}

		@SuppressWarnings("unchecked")
		private static <T> T roundTrip(final T value) throws IOException {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(value);
			}
			try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes
				.toByteArray())))
			{
				return (T) in.readObject();
			}
			catch (final ClassNotFoundException e) {
				throw new IOException(e);
			}
		}
	}

	private static int count(final String text, final String part) {
		int n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1))
			n++;
		return n;
	}

	@Test
	public void everyMethodReportsAndAnExistingFolderIsKept() throws Exception {
		final Path folder = tmp.getRoot().toPath().resolve("all");
		final ValidationReport.Result r = ValidationReport.write(DATA, ALL,
			new ValidationReport.Options().splits(5).alphas(0.1, 0.3).panels(1).panelSize(64), folder);
		assertEquals(30, r.images());
		for (final Path f : r.files())
			assertTrue(f + " is empty", Files.size(folder.resolve(f)) > 0);
		final String index = new String(Files.readAllBytes(r.index()), StandardCharsets.UTF_8);
		for (final ValidationReport.MethodResult m : r.methods())
			assertTrue(m.label(), index.contains("## " + m.label()));
		// the same page in HTML: every heading, every picture, every table of the markdown
		final String html = new String(Files.readAllBytes(r.html()), StandardCharsets.UTF_8);
		assertTrue(r.files().contains(java.nio.file.Paths.get("index.html")));
		for (final ValidationReport.MethodResult m : r.methods())
			assertTrue(m.label(), html.contains("<h2>" + m.label() + "</h2>"));
		final java.util.regex.Matcher img = java.util.regex.Pattern.compile("!\\[[^\\]]*\\]\\(([^)]*)\\)")
			.matcher(index);
		int images = 0;
		while (img.find()) {
			images++;
			assertTrue(img.group(1), html.contains("src=\"" + img.group(1) + "\""));
			assertTrue(img.group(1) + " exists", Files.isRegularFile(folder.resolve(img.group(1))));
		}
		assertTrue("pictures in the report: " + images, images > 8);
		assertEquals(count(index, "\n|---"), count(html, "<table>"));
		assertFalse("no markdown left in the HTML", html.contains("![") || html.contains("|---"));
		try {
			ValidationReport.write(DATA, ALL.subList(0, 1), new ValidationReport.Options().splits(2),
				folder);
			fail("an existing report folder was replaced");
		}
		catch (final FileAlreadyExistsException expected) {
			assertTrue(Files.isRegularFile(folder.resolve("8-crc-risk.png")));
		}
		ValidationReport.write(DATA, ALL.subList(0, 1), new ValidationReport.Options().splits(2)
			.overwrite(true).panels(0), folder);
		assertFalse("old files stay after overwrite", Files.exists(folder.resolve("8-crc-risk.png")));
		try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
			assertEquals("temporary folders left behind", 1, s.count());
		}
	}

	@Test
	public void bandMatchesTheValidityTests() {
		final CoverageBand b = CoverageBand.of(0.1, 100, 100, 500);
		final int k = 91; // ⌈101 · 0.9⌉
		final double se = Math.sqrt((k * 10.0 / (101.0 * 101 * 102) + 0.09 / 100) / 500);
		assertEquals(0.9 - 4 * se, b.lower(), 1e-12);
		assertEquals(0.9 + 1 / 101.0 + 4 * se, b.upper(), 1e-12);
		assertTrue(b.contains(0.9) && !b.holds(0.85));
		// too few images: k > n, the set is trivial and the coverage 1
		assertTrue(CoverageBand.of(0.01, 20, 20, 10).holds(1.0));
	}
}
