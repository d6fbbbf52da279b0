package sc.fiji.conformal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

import sc.fiji.conformal.testing.PngDatasets;

/** Validate Conformal Sets writes a report folder when asked, and never over an existing one. */
public class ValidateReportCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;

	@BeforeClass
	public static void headless() throws IOException {
		System.setProperty("java.awt.headless", "true");
		if (System.getProperty("java.util.prefs.userRoot") == null) {
			final File prefs = Files.createTempDirectory("conformal-report-test-prefs").toFile();
			prefs.deleteOnExit();
			System.setProperty("java.util.prefs.userRoot", prefs.getAbsolutePath());
		}
	}

	@Before
	public void setUp() {
		context = new Context(CommandService.class, LogService.class, StatusService.class);
		context.service(PrefService.class).clear(ValidateCommand.class);
	}

	@After
	public void tearDown() {
		context.service(PrefService.class).clear(ValidateCommand.class);
		context.dispose();
	}

	private CommandModule validate(final PngDatasets data, final File report, final File csv)
		throws Exception
	{
		final Map<String, Object> in = new LinkedHashMap<>();
		in.put("scores", data.scores);
		in.put("masks", data.masks);
		in.put("method", "erosion");
		in.put("alpha", 0.2);
		in.put("tolerance", 0.05);
		in.put("splits", 4);
		in.put("seed", 2L);
		in.put("output", csv);
		in.put("reportFolder", report);
		return context.service(CommandService.class).run(ValidateCommand.class, true, in).get();
	}

	@Test
	public void reportFolderIsWrittenBesideTheCsv() throws Exception {
		final PngDatasets data = PngDatasets.write(tmp.newFolder("data"));
		final File report = new File(tmp.getRoot(), "report");
		final File csv = new File(tmp.getRoot(), "v.csv");
		final CommandModule m = validate(data, report, csv);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertTrue(Files.size(csv.toPath()) > 0);
		final File index = (File) m.getOutput("reportIndex");
		assertEquals(new File(report, "index.md").getAbsoluteFile(), index.getAbsoluteFile());
		assertTrue(index.isFile());
		for (final String f : new String[] { "1-erosion.md", "1-erosion.csv", "1-erosion-coverage.png",
			"1-erosion-scores.png", "1-erosion-size.png" })
			assertTrue(f, new File(report, f).length() > 0);
		assertTrue((String) m.getOutput("report"), ((String) m.getOutput("report")).contains(
			"Report written to"));
		// an existing report folder is kept and the command fails with the reason
		final CommandModule again = validate(data, report, new File(tmp.getRoot(), "w.csv"));
		assertTrue(again.isCanceled());
		assertTrue(again.getCancelReason(), again.getCancelReason().startsWith("Validation failed:"));
		assertTrue(new File(report, "1-erosion-size.png").isFile());
	}
}
