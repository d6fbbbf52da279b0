package sc.fiji.conformal.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The plugins in real windows: on the display of {@code DISPLAY}, or else on
 * an Xvfb server this test starts (and stops), a separate JVM
 * ({@link RealWindowMain}) opens Calibrate's dialog for each method (checking
 * the fields each shows, and that typed values survive an error), runs Apply
 * Conformal Sets (the overlay at 100% and 800%: Ŷ drawn, the legend in view;
 * titles unique, the focus kept on the image), the live-α dialog and Show
 * Calibration (plots and table side by side) in ImageJ 1.x, checks the overlays' ROIs against the masks
 * and saves screenshots under {@code target/screenshots}. Skipped, with a
 * message, where no display can be had (no {@code DISPLAY} and no Xvfb).
 */
public class RealWindowTest {

	private static Process xvfb;
	private static String display;

	@BeforeClass
	public static void display() throws Exception {
		display = System.getenv("DISPLAY");
		if (display != null && !display.isEmpty()) return;
		File bin = null;
		for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
			if (new File(dir, "Xvfb").canExecute()) bin = new File(dir, "Xvfb");
		if (bin == null) skip("no DISPLAY and no Xvfb (apt-get install xvfb)");
		for (int n = 91; n < 120 && display == null; n++) {
			if (new File("/tmp/.X11-unix/X" + n).exists() || new File("/tmp/.X" + n + "-lock").exists()) continue;
			final Process p = new ProcessBuilder(bin.getPath(), ":" + n, "-screen", "0", "1280x1024x24",
				"-nolisten", "tcp").redirectErrorStream(true).redirectOutput(new File(System.getProperty(
					"java.io.tmpdir"), "xvfb-" + n + ".log")).start();
			final File socket = new File("/tmp/.X11-unix/X" + n);
			for (int i = 0; i < 100 && p.isAlive() && !socket.exists(); i++)
				Thread.sleep(50);
			if (p.isAlive() && socket.exists()) {
				xvfb = p;
				display = ":" + n;
			}
			else p.destroy();
		}
		if (display == null) skip("Xvfb could not start a display");
	}

	private static void skip(final String why) {
		System.out.println("RealWindowTest skipped: " + why);
		Assume.assumeTrue(why, false);
	}

	@AfterClass
	public static void stopXvfb() throws InterruptedException {
		if (xvfb == null) return;
		xvfb.destroy();
		if (!xvfb.waitFor(5, TimeUnit.SECONDS)) xvfb.destroyForcibly();
	}

	@Test
	public void applyLiveAlphaAndPlotsInRealWindows() throws Exception {
		final File shots = new File("target/screenshots").getAbsoluteFile();
		if (shots.isDirectory()) for (final File f : shots.listFiles())
			if (f.getName().endsWith(".png")) Files.delete(f.toPath());
		final List<String> cmd = new ArrayList<>();
		cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
		cmd.add("-Djava.awt.headless=false");
		cmd.add("-Xmx512m");
		cmd.add("-cp");
		cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		cmd.add(RealWindowMain.class.getName());
		cmd.add(shots.getPath());
		final File data = new File(System.getProperty("conformal.sharedData", "../shared/data"));
		cmd.add(data.getAbsolutePath());
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("DISPLAY", display);
		final File log = new File(shots.getParentFile(), "real-window.log");
		shots.mkdirs();
		pb.redirectOutput(log);
		final Process p = pb.start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("the GUI run took over 120 s:\n" + read(log));
		}
		assertEquals("GUI run failed:\n" + read(log), 0, p.exitValue());
		for (final String name : new String[] { "apply-overlay.png", "apply-overlay-100.png",
			"apply-overlay-800.png", "live-alpha-image.png",
			"live-alpha-dialog.png", "dialog-calibrate-dilation.png", "dialog-calibrate-erosion.png",
			"dialog-calibrate-threshold-inner.png", "dialog-calibrate-threshold-outer.png",
			"dialog-calibrate-confidence-sets.png", "dialog-calibrate-crc.png",
			"dialog-validate-dilation.png" })
		{
			checkPng(new File(shots, name));
		}
		int plots = 0;
		for (final File f : shots.listFiles())
			if (f.getName().startsWith("calibration-")) {
				checkPng(f);
				plots++;
			}
		assertEquals("plot and table screenshots", 4, plots);
		if (new File(data, "hippocampus-msd").isDirectory()) {
			checkPng(new File(shots, "class-overlay-100.png"));
			checkPng(new File(shots, "class-overlay-800.png"));
		}
	}

	/** A screenshot exists, is at least 100 x 100 px (a 96-pixel image at 100%) and not one flat colour (over 0.5% of pixels differ from its corner). */
	private static void checkPng(final File f) throws IOException {
		assertTrue(f + " written", f.isFile());
		final BufferedImage img = ImageIO.read(f);
		assertTrue(f + " is " + img.getWidth() + " px wide", img.getWidth() >= 100 && img
			.getHeight() >= 100);
		final int first = img.getRGB(0, 0);
		int other = 0;
		for (int y = 0; y < img.getHeight(); y += 2)
			for (int x = 0; x < img.getWidth(); x += 2)
				if (img.getRGB(x, y) != first) other++;
		assertTrue(f + " is blank", other > img.getWidth() * img.getHeight() / 4 / 200);
	}

	private static String read(final File f) throws IOException {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}
}
