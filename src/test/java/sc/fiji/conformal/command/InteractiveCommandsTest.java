package sc.fiji.conformal.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.service.ConformalService;

/**
 * The commands behind the interactive menu items, headless: Show Calibration
 * returns its plots and summary; Conformal Sets Live Alpha gives the sets the
 * engine gives at the requested α, and draws them (with the truth, when
 * given).
 */
public class InteractiveCommandsTest {

	private Context context;
	private CommandService commands;
	private Calibration cal;

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Before
	public void setUp() {
		context = new Context(CommandService.class, ConformalService.class);
		commands = context.service(CommandService.class);
		cal = Calibrator.calibrate(Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02)
			.alphaOuter(0.08).build(), new SyntheticDataset(60, 8, 40, 40));
		context.service(ConformalService.class).put("cs", cal);
	}

	@After
	public void tearDown() {
		context.dispose();
	}

	@Test
	public void showCalibrationReturnsPlotsAndSummary() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("calibration", "cs");
		final CommandModule m = commands.run(ShowCalibrationCommand.class, true, in).get();
		assertFalse(m.getCancelReason(), m.isCanceled());
		@SuppressWarnings("unchecked")
		final Map<String, ImagePlus> plots = (Map<String, ImagePlus>) m.getOutput("plots");
		assertTrue("plots: " + plots.keySet(), plots.size() >= 3);
		for (final ImagePlus p : plots.values())
			assertTrue(p.getTitle(), p.getWidth() > 100 && p.getHeight() > 100);
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary, summary.contains(cal.guarantee()));
	}

	@Test
	public void liveAlphaGivesTheEnginesSetsAtThatAlpha() throws Exception {
		final Sample s = new SyntheticDataset(1, 99, 40, 40).get(0);
		final ImagePlus image = ImagePlusBridge.image(s.scores(), "x");
		for (final double alpha : new double[] { 0.05, 0.3 }) {
			final Map<String, Object> in = new HashMap<>();
			in.put("calibration", "cs");
			in.put("image", image);
			in.put("alpha", alpha);
			final CommandModule m = commands.run(LiveAlphaCommand.class, true, in).get();
			assertFalse(m.getCancelReason(), m.isCanceled());
			final ConformalSets expected = cal.withAlpha(alpha).apply(Sample.of("x", s.scores(), null,
				null));
			final ImagePlus outer = (ImagePlus) m.getOutput("outer");
			assertNotNull(outer);
			assertArrayEquals("α=" + alpha, expected.outer().voxels(), ImagePlusBridge.mask(outer,
				"outer").voxels());
			assertArrayEquals("α=" + alpha, expected.inner().voxels(), ImagePlusBridge.mask(
				(ImagePlus) m.getOutput("inner"), "inner").voxels());
			assertNotNull(image.getOverlay());
		}
		// with the truth given, the overlay draws it too
		final Map<String, Object> withTruth = new HashMap<>();
		withTruth.put("calibration", "cs");
		withTruth.put("image", image);
		withTruth.put("truth", ImagePlusBridge.image(s.truth(), "truth"));
		withTruth.put("alpha", 0.1);
		assertFalse(commands.run(LiveAlphaCommand.class, true, withTruth).get().isCanceled());
		boolean truth = false;
		for (final ij.gui.Roi r : image.getOverlay().toArray())
			truth |= "truth".equals(r.getName());
		assertTrue("the truth is drawn", truth);
		final Map<String, Object> bad = new HashMap<>();
		bad.put("calibration", "cs");
		bad.put("image", image);
		bad.put("alpha", 1.5);
		final CommandModule m = commands.run(LiveAlphaCommand.class, true, bad).get();
		assertTrue(m.isCanceled());
		assertEquals("Live alpha failed: alpha must be in (0, 1), got 1.5", m.getCancelReason());
	}
}
