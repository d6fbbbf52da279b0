package sc.fiji.conformal.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.report.ValidationReport;

/** The demo runs end to end and its data are deterministic. */
public class DemoTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@Test
	public void demoWritesTheReportItPrints() throws Exception {
		final Path folder = tmp.getRoot().toPath().resolve("demo-report");
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final ValidationReport.Result r = Demo.run(40, 5, 3, folder, new PrintStream(bytes, true,
			"UTF-8"));
		final String out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(out, out.contains(folder.resolve("index.md").toAbsolutePath().toString()));
		final Path index = folder.resolve("index.md");
		assertTrue(Files.size(index) > 0);
		final String text = new String(Files.readAllBytes(index), StandardCharsets.UTF_8);
		assertTrue(text, text.contains("**Guarantee.**"));
		for (final String table : new String[] { "1-dilation.md", "1-dilation.csv",
			"2-erosion.csv", "3-confidence-sets.csv", "3-confidence-sets-splits.csv" })
		{
			assertTrue(table, Files.size(folder.resolve(table)) > 0);
			assertTrue("index links " + table, table.endsWith("splits.csv") || table.endsWith(".md") ||
				text.contains("(" + table + ")"));
		}
		final List<Path> plots;
		try (Stream<Path> s = Files.list(folder)) {
			plots = s.filter(p -> p.toString().endsWith(".png")).collect(Collectors.toList());
		}
		final List<Path> panels;
		try (Stream<Path> s = Files.list(folder.resolve("panels"))) {
			panels = s.filter(p -> p.toString().endsWith(".png")).collect(Collectors.toList());
		}
		assertTrue("plots: " + plots, plots.size() >= 9);
		assertTrue("panels: " + panels, panels.size() >= 3);
		for (final Path p : plots)
			assertPng(p);
		for (final Path p : panels)
			assertPng(p);
		assertEquals(r.files().size(), r.files().stream().filter(f -> Files.isRegularFile(folder
			.resolve(f))).count());
		// a second run never replaces the report
		try {
			Demo.run(40, 5, 3, folder, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
			org.junit.Assert.fail("an existing report folder was replaced");
		}
		catch (final java.nio.file.FileAlreadyExistsException expected) {
			// as documented
		}
		assertEquals(folder.resolveSibling("demo-report-2"), Demo.freshFolder(folder));
	}

	private static void assertPng(final Path p) throws Exception {
		final byte[] b = Files.readAllBytes(p);
		assertTrue(p + " is empty", b.length > PNG.length);
		for (int i = 0; i < PNG.length; i++)
			assertEquals(p + " is not a PNG", PNG[i], b[i]);
		final java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(p.toFile());
		assertTrue(p + " does not decode", img != null && img.getWidth() > 16 && img.getHeight() > 16);
	}

	@Test
	public void demoCalibratesAppliesAndValidatesEveryMethod() throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Demo.run(60, 10, 3, new PrintStream(bytes, true, "UTF-8"));
		final String out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		for (final String method : new String[] { "dilation", "erosion", "threshold-outer",
			"confidence-sets", "crc" })
		{
			assertTrue("demo output lacks " + method + ":\n" + out, out.contains("\n" + method + "  {"));
		}
		assertTrue(out, out.contains("validity"));
		assertTrue(out, !out.contains("NaN ±"));
	}

	@Test
	public void syntheticDataAreDeterministic() {
		final SyntheticDataset a = new SyntheticDataset(5, 9, 20, 16, 6);
		final SyntheticDataset b = new SyntheticDataset(5, 9, 20, 16, 6);
		for (int i = 0; i < 5; i++) {
			final Sample x = a.get(i);
			final Sample y = b.get(i);
			assertEquals(x.id(), y.id());
			assertTrue(java.util.Arrays.equals(x.scores().values(), y.scores().values()));
			assertTrue(java.util.Arrays.equals(x.truth().voxels(), y.truth().voxels()));
		}
	}
}
