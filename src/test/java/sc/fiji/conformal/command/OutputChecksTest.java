package sc.fiji.conformal.command;

import static org.junit.Assert.assertArrayEquals;
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

import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * Calibrate and Validate check every output before any work (issue 12, case
 * 4): a path that cannot be written, exists, or is an input fails the run
 * naming it, before the images are read (shown with a dataset whose images
 * are all unusable: the old order failed on the images, after the work), and
 * a failed Validate leaves neither a table nor a report folder behind.
 */
public class OutputChecksTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private CommandService commands;
	private File scores, masks;

	@BeforeClass
	public static void headless() throws IOException {
		System.setProperty("java.awt.headless", "true");
		if (System.getProperty("java.util.prefs.userRoot") == null) {
			final File prefs = Files.createTempDirectory("conformal-output-checks-prefs").toFile();
			prefs.deleteOnExit();
			System.setProperty("java.util.prefs.userRoot", prefs.getAbsolutePath());
		}
	}

	@Before
	public void setUp() throws IOException {
		context = new Context(CommandService.class, ConformalService.class, LogService.class,
			StatusService.class);
		commands = context.service(CommandService.class);
		scores = tmp.newFolder("bad", "scores");
		masks = tmp.newFolder("bad", "masks");
		for (int i = 0; i < 3; i++)
			PngDatasets.writeBadImage(scores, masks, "b" + i);
	}

	@After
	public void tearDown() {
		context.service(PrefService.class).clear(CalibrateCommand.class);
		context.service(PrefService.class).clear(ValidateCommand.class);
		context.dispose();
	}

	private String failure(final Class<? extends ConformalCommand> c, final Object... kv)
		throws Exception
	{
		final Map<String, Object> in = new LinkedHashMap<>();
		in.put("scores", scores);
		in.put("masks", masks);
		in.put("method", "dilation");
		in.put("alpha", 0.2);
		for (int i = 0; i < kv.length; i += 2)
			in.put((String) kv[i], kv[i + 1]);
		final CommandModule m = commands.run(c, true, in).get();
		assertEquals(m.getCancelReason(), ConformalCommand.Outcome.FAILED, ConformalCommand.outcome(
			m));
		return m.getCancelReason();
	}

	@Test
	public void calibrateChecksItsFileBeforeAnyWork() throws Exception {
		final File missing = new File(tmp.getRoot(), "no/such/folder/cal.json");
		String reason = failure(CalibrateCommand.class, "output", missing);
		assertTrue(reason, reason.startsWith("Calibration failed: "));
		assertTrue(reason, reason.contains(missing.getParent()) && reason.contains("does not exist"));

		final File existing = tmp.newFile("cal.json");
		reason = failure(CalibrateCommand.class, "output", existing);
		assertTrue(reason, reason.contains(existing.toString()) && reason.contains(
			"refusing to overwrite"));

		final File folder = tmp.newFolder("cal-folder.json");
		reason = failure(CalibrateCommand.class, "output", folder, "overwrite", true);
		assertEquals("Calibration failed: " + folder + ": is a folder, not a file", reason);

		// an input file, even with overwrite
		final File input = new File(scores, "b0.png");
		final byte[] before = Files.readAllBytes(input.toPath());
		reason = failure(CalibrateCommand.class, "output", input, "overwrite", true);
		assertTrue(reason, reason.contains("it is an input file of this run"));
		assertArrayEquals(before, Files.readAllBytes(input.toPath()));
	}

	@Test
	public void validateChecksTableAndReportBeforeAnyWorkAndLeavesNothing() throws Exception {
		final File table = new File(tmp.getRoot(), "v.csv");
		final File report = new File(tmp.getRoot(), "report");
		// the report folder exists: the table must not be written
		assertTrue(report.mkdir());
		String reason = failure(ValidateCommand.class, "output", table, "reportFolder", report,
			"splits", 3);
		assertTrue(reason, reason.startsWith("Validation failed: " + report));
		assertFalse("a table was left behind", table.exists());
		assertTrue(report.delete());
		// the table cannot be written: no report folder may be left
		final File badTable = new File(tmp.getRoot(), "missing/v.csv");
		reason = failure(ValidateCommand.class, "output", badTable, "reportFolder", report, "splits",
			3);
		assertTrue(reason, reason.contains(badTable.getParent()) && reason.contains(
			"does not exist"));
		assertFalse("a report folder was left behind", report.exists());
		// a report folder that holds the inputs, even with overwrite
		reason = failure(ValidateCommand.class, "reportFolder", scores.getParentFile(), "overwrite",
			true, "splits", 3);
		assertTrue(reason, reason.contains("the report folder " + scores.getParentFile()) && reason
			.contains("input files of this run"));
		assertTrue(new File(scores, "b0.png").isFile());
		final String[] left = tmp.getRoot().list();
		java.util.Arrays.sort(left);
		assertArrayEquals("nothing written, no temporary file", new String[] { "bad" }, left);
	}
}
