package sc.fiji.conformal.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.event.KeyEvent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Scanner;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Cancelable;
import org.scijava.module.ModuleItem;
import org.scijava.ui.UIService;

import ij.IJ;
import sc.fiji.conformal.command.ConformalCommand.Outcome;
import sc.fiji.conformal.command.LiveAlphaCommand;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.testing.PngDatasets;

/**
 * The ImageJ 1.x menu bridge in this JVM (plain ImageJ 1.x, headless): every
 * menu item's dialog is built from its command's parameters with the macro
 * keys macros have always used; one narrow context serves every run; the
 * outputs are read back by name; Esc cancels a run between images (also
 * during a report) as a cancel, not as an error; a failure leaves no outputs.
 */
public class CommandBridgeTest {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static PngDatasets data;

	@BeforeClass
	public static void setUp() throws IOException {
		System.setProperty("java.awt.headless", "true");
		data = PngDatasets.write(TMP.newFolder("data"));
	}

	/**
	 * The plugins.config entries that run a command: label → command class
	 * (the live-α item's is its command's).
	 */
	private static Map<String, String> menuItems() throws IOException {
		final Map<String, String> items = new LinkedHashMap<>();
		final Pattern line = Pattern.compile(
			"^Plugins>Conformal Segmentation, \"([^\"]+)\", (\\S+?)(?:\\(\"([^\"]+)\"\\))?$");
		try (InputStream in = CommandBridgeTest.class.getResourceAsStream("/plugins.config");
			Scanner sc = new Scanner(in, StandardCharsets.UTF_8.name()))
		{
			while (sc.hasNextLine()) {
				final String l = sc.nextLine().trim();
				if (l.isEmpty() || l.startsWith("#")) continue;
				// the one entry that runs no command: File > Import > NIfTI...
				if (l.startsWith("File>Import, ")) {
					assertEquals("File>Import, \"NIfTI...\", " + NiftiImporter.class.getName(), l);
					continue;
				}
				final Matcher m = line.matcher(l);
				assertTrue("plugins.config line: " + l, m.matches());
				if (m.group(2).equals(CommandPlugin.class.getName())) items.put(m.group(1), m.group(3));
				else {
					assertEquals(l, LiveAlphaPlugin.class.getName(), m.group(2));
					items.put(m.group(1), LiveAlphaCommand.class.getName());
				}
			}
		}
		return items;
	}

	@Test
	public void everyMenuItemAsksForItsCommandsInputsWithTheOldMacroKeys() throws IOException {
		final Map<String, String> items = menuItems();
		assertEquals(items.keySet().toString(), 7, items.size());
		final Map<String, List<String>> keys = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : items.entrySet()) {
			final CommandBridge bridge = CommandBridge.of(e.getValue());
			assertEquals("menu label = command title", e.getKey(), bridge.title());
			final CommandDialog dialog = new CommandDialog(bridge.module(), Collections
				.<String> emptySet());
			final List<String> expected = new ArrayList<>();
			final List<String> k = new ArrayList<>();
			for (final ModuleItem<?> item : bridge.module().getInfo().inputs()) {
				if (!CommandDialog.asked(item)) continue;
				expected.add(item.getName());
				k.add(CommandDialog.key(item));
			}
			assertEquals(e.getKey(), expected, dialog.names());
			assertEquals(e.getKey() + ": keys are unique", new HashSet<>(k).size(), k.size());
			keys.put(e.getKey(), k);
		}
		// the keys of the macros written for the plugins before the bridge
		has(keys, "Calibrate Conformal Sets", "scores", "predictions", "masks", "manifest", "method",
			"alpha", "tolerance", "shape", "border", "quantile", "threshold", "alphainner", "alphaouter",
			"joint", "innertransform", "outertransform", "sigma", "name", "output", "overwrite");
		has(keys, "Validate Conformal Sets", "scores", "masks", "manifest", "method", "alpha",
			"tolerance", "splits", "calibrationfraction", "seed", "output", "reportfolder", "overwrite");
		has(keys, "Apply Conformal Sets to Folder", "calibration", "calibrationfile", "scores",
			"predictions", "output", "overwrite");
		has(keys, "Apply Conformal Sets", "calibration", "calibrationfile", "imageis", "truth");
		has(keys, "Conformal Sets Live Alpha", "calibration", "calibrationfile", "imageis", "truth",
			"alpha");
		has(keys, "Calibrations", "action", "name", "file", "overwrite");
		has(keys, "Show Calibration", "calibration", "calibrationfile");
	}

	private static void has(final Map<String, List<String>> keys, final String item,
		final String... expected)
	{
		for (final String k : expected)
			assertTrue(item + " has no key " + k + ": " + keys.get(item), keys.get(item).contains(k));
	}

	/**
	 * Values remembered from an interactive dialog never reach a headless run
	 * without options (for macros see {@link Ij1MacroTest}).
	 */
	@Test
	public void headlessRunsNeverReuseRememberedValues() {
		ij.Prefs.set("conformal.CalibrateCommand.alpha", "0.37");
		ij.Prefs.set("conformal.CalibrateCommand.method", "erosion");
		ij.Prefs.set("conformal.CalibrateCommand.name", "remembered");
		try {
			final CommandBridge headless = CommandBridge.of("sc.fiji.conformal.command.CalibrateCommand");
			assertTrue(headless.ask(Collections.<String> emptySet()));
			assertEquals(0.1, (Double) headless.inputs().get("alpha"), 0);
			assertEquals("dilation", headless.inputs().get("method"));
			assertEquals("", headless.inputs().get("name"));
		}
		finally {
			for (final String k : new String[] { "alpha", "method", "name" })
				ij.Prefs.set("conformal.CalibrateCommand." + k, null);
		}
	}

	@Test
	public void plainImageJHasOneNarrowContext() {
		assertEquals("no Fiji here", null, CommandContext.fiji());
		assertSame(CommandContext.get(), CommandContext.get());
		// narrow: the commands' services, not every service on the class path
		assertNotNull(CommandContext.get().getService(ConformalService.class));
		assertEquals(null, CommandContext.get().getService(UIService.class));
	}

	@Test
	public void outputsAreReadBackByName() {
		final double expected = Calibrator.calibrate(Settings.builder(Method.DILATION).alpha(0.2)
			.build(), data.samples).outer().lambda();
		final CommandBridge bridge = calibrate("bridge");
		assertEquals(Outcome.SUCCEEDED, bridge.run());
		assertEquals(String.valueOf(expected), Outputs.get("lambda"));
		assertEquals(String.valueOf(expected), Outputs.get("LAMBDAOUTER"));
		assertEquals("NaN", Outputs.get("lambdainner"));
		assertEquals("bridge", Outputs.get("calibrationName"));
		assertTrue(Outputs.get("report"), Outputs.get("report").startsWith("Calibrated dilation"));
		assertTrue(Outputs.names(), Outputs.names().contains("calibrationName"));
		assertNotNull(CommandContext.get().service(ConformalService.class).get("bridge"));
		try {
			Outputs.get("radius");
			fail("an unknown output was read");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Calibrate Conformal Sets") && e
				.getMessage().contains("lambda"));
		}
	}

	@Test
	public void aFailureIsReportedAndLeavesNoOutputs() {
		calibrate("before").run();
		final CommandBridge bridge = calibrate("failing");
		bridge.set("masks", new File(TMP.getRoot(), "missing"));
		assertEquals(Outcome.FAILED, bridge.run());
		final String reason = ((Cancelable) bridge.module()).getCancelReason();
		assertTrue(reason, reason.startsWith("Calibration failed:") && reason.contains("missing"));
		try {
			Outputs.get("lambda");
			fail("a failed run left outputs");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Calibrate Conformal Sets"));
		}
	}

	/**
	 * A choice is passed on as given, as ImageJ does in macros (a method added
	 * to the registry is valid though not among the built-in choices): the
	 * command checks it and fails naming it.
	 */
	@Test
	public void theCommandChecksAChoice() {
		final CommandBridge bridge = calibrate("nonesuch");
		bridge.set("method", "nonesuch");
		assertEquals(Outcome.FAILED, bridge.run());
		final String reason = ((Cancelable) bridge.module()).getCancelReason();
		assertTrue(reason, reason.startsWith("Calibration failed:") && reason.contains("nonesuch"));
	}

	@Test
	public void aRequiredInputLeftBlankIsNamed() {
		final CommandBridge bridge = CommandBridge.of("sc.fiji.conformal.command.ApplyFolderCommand");
		try {
			bridge.ask(Collections.<String> emptySet());
			fail("no output folder accepted");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("output is required: "));
		}
	}

	/**
	 * Esc while a validation and its report run: the command stops between
	 * images and ends as canceled (not with "the images changed between
	 * passes"), and no report folder is left. The data set is the 24 images
	 * 100 times over: a run must outlast the bridge's Esc polling (every 100
	 * ms) however fast the images read, or it ends before Esc is seen.
	 */
	@Test
	public void escCancelsBetweenImagesAlsoDuringAReport() throws Exception {
		final File report = new File(TMP.getRoot(), "report");
		final File many = TMP.newFolder("many");
		final File scores = new File(many, "scores"), masks = new File(many, "masks");
		assertTrue(scores.mkdir() && masks.mkdir());
		for (int copy = 0; copy < 100; copy++) {
			for (final String f : data.scores.list()) {
				Files.copy(new File(data.scores, f).toPath(), new File(scores, copy + "-" + f).toPath());
				Files.copy(new File(data.masks, f).toPath(), new File(masks, copy + "-" + f).toPath());
			}
		}
		final CommandBridge bridge = CommandBridge.of("sc.fiji.conformal.command.ValidateCommand");
		assertTrue(bridge.ask(Collections.<String> emptySet()));
		bridge.set("scores", scores);
		bridge.set("masks", masks);
		bridge.set("splits", 500);
		bridge.set("reportFolder", report);
		final Thread esc = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				IJ.setKeyDown(KeyEvent.VK_ESCAPE);
				try {
					Thread.sleep(20);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		});
		esc.start();
		final Outcome outcome;
		try {
			outcome = bridge.run();
		}
		finally {
			esc.interrupt();
			esc.join();
			IJ.resetEscape();
		}
		final String reason = ((Cancelable) bridge.module()).getCancelReason();
		assertEquals(reason, Outcome.CANCELED, outcome);
		assertTrue(reason, reason.startsWith("Validation canceled"));
		assertFalse(reason, reason.contains("changed"));
		assertFalse("no report folder", report.exists());
		final Set<String> left = new HashSet<>(Arrays.asList(TMP.getRoot().list()));
		for (final String f : left)
			assertFalse("temporary report folder left: " + f, f.startsWith(".report"));
	}

	/** A calibration run with its inputs set (defaults for the rest, as a macro without them). */
	private static CommandBridge calibrate(final String name) {
		final CommandBridge bridge = CommandBridge.of("sc.fiji.conformal.command.CalibrateCommand");
		assertTrue(bridge.ask(Collections.<String> emptySet()));
		bridge.set("scores", data.scores);
		bridge.set("masks", data.masks);
		bridge.set("alpha", 0.2);
		bridge.set("name", name);
		return bridge;
	}
}
