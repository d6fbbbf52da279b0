package sc.fiji.conformal.ij;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.TextEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.Zoom;
import ij.plugin.frame.Recorder;
import sc.fiji.conformal.report.LiveAlpha;
import sc.fiji.conformal.report.ScreenLegend;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.service.ConformalService;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.command.CalibrateCommand;
import sc.fiji.conformal.command.ValidateCommand;
import sc.fiji.conformal.command.ApplyCommand;
import sc.fiji.conformal.command.ShowCalibrationCommand;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.batch.ClassBatch;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ij.NiftiImages;

/**
 * The GUI half of {@link RealWindowTest}, run in its own JVM on a display:
 * starts ImageJ 1.x, opens a synthetic score map and its truth, runs Apply
 * Conformal Sets, the live-α menu item (its inputs dialog, then moving its
 * slider) and Show Calibration through the menu bridge, checks the overlays' ROIs against the masks, and saves
 * screenshots of the real windows as PNGs. Exits 1 on a failed check.
 */
public final class RealWindowMain {

	private static final String CAL = "demo";

	private RealWindowMain() {}

	/**
	 * @param args the folder for the screenshots, and optionally the shared
	 *          data folder (with hippocampus-msd: the per-class overlay)
	 */
	public static void main(final String[] args) throws Exception {
		final File out = new File(args[0]);
		if (!out.isDirectory() && !out.mkdirs()) fail("cannot create " + out);
		try {
			run(out, args.length > 1 && new File(args[1], "hippocampus-msd").isDirectory() ? new File(
				args[1]) : null);
		}
		catch (final Throwable t) {
			t.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	/** @param shared the shared data folder, or null to leave out the per-class overlay */
	private static void run(final File out, final File shared) throws Exception {
		final ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		dialogs(out);
		final SyntheticDataset data = new SyntheticDataset(61, 5, 96, 96);
		final List<Sample> cal = new ArrayList<>();
		for (int i = 0; i < 60; i++)
			cal.add(data.get(i));
		final Calibration c = Calibrator.calibrate(Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1)
			.build(), cal);
		CommandContext.get().service(ConformalService.class).put(CAL, c);
		final Sample sample = data.get(60);
		final ImagePlus truth = ImagePlusBridge.image(sample.truth(), "truth");
		truth.show();
		final ImagePlus scores = ImagePlusBridge.image(sample.scores(), "scores");
		scores.show();
		IJ.wait(300);
		Zoom.set(scores, 3);
		WindowManager.setCurrentWindow(scores.getWindow());

		// Apply Conformal Sets, as a macro would call it
		runPlugin(new CommandPlugin(), ApplyCommand.class.getName(), "calibration=" + CAL +
			" imageis=scores truth=truth");
		final ConformalSets sets = c.apply(sample);
		check(WindowManager.getCurrentImage() == scores, "the mask windows leave the focus on the image");
		final String outerTitle = "scores outer (" + CAL + ", α = 0.1)";
		checkArea(scores.getOverlay(), "outer", count(WindowManager.getImage(outerTitle)));
		checkArea(scores.getOverlay(), "inner", count(WindowManager.getImage("scores inner (" + CAL +
			", α = 0.1)")));
		checkArea(scores.getOverlay(), "truth", sample.truth().count());
		checkArea(scores.getOverlay(), "uncertainty", sets.uncertainty().count());
		checkArea(scores.getOverlay(), "prediction", sets.predicted().count());
		check(sets.outer().count() == count(WindowManager.getImage(outerTitle)),
			"outer mask window = core outer set");
		scores.getWindow().toFront();
		settle();
		grab(scores.getWindow(), new File(out, "apply-overlay.png"));
		// the overlay at 100% and at 800% zoomed into the lower right: the legend stays in view, same size
		for (final double zoom : new double[] { 1, 8 }) {
			// zoom about the object's lower right edge, then shrink the window to a 320-pixel view there
			EventQueue.invokeAndWait(() -> Zoom.set(scores, zoom, 80, 80));
			settle();
			EventQueue.invokeAndWait(() -> {
				final ij.gui.ImageCanvas ic = scores.getCanvas();
				final int side = (int) Math.round(Math.min(96, 320 / zoom));
				ic.setSize((int) (side * zoom), (int) (side * zoom));
				final int from = Math.min(96 - side, 66 - side / 2);
				ic.setSourceRect(new Rectangle(from, from, side, side));
				scores.getWindow().pack();
				ic.repaint();
			});
			settle();
			final Rectangle view = scores.getCanvas().getSrcRect();
			check(zoom == 1 || !view.contains(0, 0), "zoomed into a region without the image's corner: " +
				view);
			// outer, Ŷ, inner, truth, uncertain
			checkLegendInView(scores, "overlay at " + (int) (zoom * 100) + "%", 5);
			grab(scores.getWindow(), new File(out, "apply-overlay-" + (int) (zoom * 100) + ".png"));
		}
		EventQueue.invokeAndWait(() -> Zoom.set(scores, 3));
		settle();
		// a second Apply: new windows, new titles
		runPlugin(new CommandPlugin(), ApplyCommand.class.getName(), "calibration=" + CAL +
			" imageis=scores truth=truth");
		check(WindowManager.getImage(outerTitle + " #2") != null, "the second outer window is titled apart: " +
			String.join(", ", WindowManager.getImageTitles()));

		// the live-α menu item: OK on its inputs dialog (the current image, the only
		// calibration), then move the slider to 0.3, check the overlay, press OK
		final LiveAlpha live = new LiveAlpha(c, sample);
		WindowManager.setCurrentWindow(scores.getWindow());
		new Recorder(false);
		final AtomicReference<Throwable> failed = new AtomicReference<>();
		final Thread plugin = new Thread(() -> {
			try {
				// as ImageJ runs a menu item with the Recorder open
				Recorder.setCommand("Conformal Sets Live Alpha");
				new LiveAlphaPlugin().run("");
				Recorder.saveCommand();
			}
			catch (final Throwable t) {
				failed.set(t);
			}
		}, "live-alpha");
		plugin.start();
		final GenericDialog inputs = waitForDialog("Conformal Sets Live Alpha", false, 10000);
		check(inputs.getChoices().size() == 3, "inputs dialog: image, imageIs and truth choices");
		EventQueue.invokeAndWait(() -> inputs.actionPerformed(new ActionEvent(inputs.getButtons()[0],
			ActionEvent.ACTION_PERFORMED, "OK")));
		final GenericDialog gd = waitForDialog("Conformal Sets Live Alpha", true, 10000);
		// no window manager on Xvfb: move the dialog clear of the image windows
		EventQueue.invokeAndWait(() -> gd.setLocation(20, 600));
		// let the dialog finish showing (it draws α0's overlay first) before moving the slider
		settle();
		final TextField alpha = (TextField) gd.getNumericFields().get(0);
		final AtomicReference<Throwable> edt = new AtomicReference<>();
		EventQueue.invokeAndWait(() -> {
			try {
				alpha.setText("0.3");
				gd.textValueChanged(new TextEvent(alpha, TextEvent.TEXT_VALUE_CHANGED));
			}
			catch (final Throwable t) {
				edt.set(t);
			}
		});
		if (edt.get() != null) throw new Exception(edt.get());
		settle();
		final ConformalSets at3 = live.sets(0.3);
		// the slider's listener redraws on the event thread: on a loaded machine give it a few seconds
		for (int i = 0; i < 50 && area(scores.getOverlay(), "outer") != at3.outer().count(); i++)
			settle();
		checkArea(scores.getOverlay(), "outer", at3.outer().count());
		checkArea(scores.getOverlay(), "inner", at3.inner().count());
		check(at3.outer().count() <= sets.outer().count(), "α=0.3 outer set no larger than α=0.1's");
		grab(scores.getWindow(), new File(out, "live-alpha-image.png"));
		gd.toFront();
		settle();
		grab(gd, new File(out, "live-alpha-dialog.png"));
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0],
			ActionEvent.ACTION_PERFORMED, "OK")));
		plugin.join(10000);
		check(!plugin.isAlive(), "live dialog closed by OK");
		if (failed.get() != null) throw new Exception(failed.get());
		// OK ran the command at α = 0.3: its overlay, and its summary in the Log
		checkArea(scores.getOverlay(), "outer", at3.outer().count());
		check(IJ.getLog() != null && IJ.getLog().contains("α = 0.3, n = 60"), "live-α summary in the Log");
		// both dialogs recorded as one line that replays the run
		final String recorded = Recorder.getInstance().getText();
		check(recorded.contains("run(\"Conformal Sets Live Alpha\", \"image=scores imageis=scores truth=none calibration=") &&
			recorded.contains(" alpha=0.3\");"), "recorded: " + recorded);
		System.out.println("recorded: " + recorded.trim());

		// Show Calibration: plot windows
		runPlugin(new CommandPlugin(), ShowCalibrationCommand.class.getName(), "calibration=" + CAL);
		settle();
		int plots = 0;
		final List<Window> placed = new ArrayList<>();
		placed.add(scores.getWindow());
		final List<String> titles = new ArrayList<>();
		for (final int id : WindowManager.getIDList()) {
			final ImagePlus imp = WindowManager.getImage(id);
			titles.add(imp.getTitle());
			if (!imp.getTitle().startsWith(CAL + " (")) continue;
			final String key = imp.getTitle().contains("λ̂ against α") ? "lambda" : "scores";
			imp.getWindow().toFront();
			settle();
			grab(imp.getWindow(), new File(out, "calibration-" + key + "-" + (++plots) + ".png"));
			placed.add(imp.getWindow());
		}
		check(plots == 3, "3 plot windows for confidence sets (2 histograms, λ̂ with its band), got " + plots);
		final Window needed = WindowManager.getWindow("Images needed per α");
		check(needed != null, "the images needed per α in a results table");
		needed.toFront();
		settle();
		grab(needed, new File(out, "calibration-needed-table.png"));
		placed.add(needed);
		for (int i = 0; i < placed.size(); i++)
			for (int j = i + 1; j < placed.size(); j++)
				check(!placed.get(i).getBounds().intersects(placed.get(j).getBounds()), "windows overlap: " +
					title(placed.get(i)) + " " + placed.get(i).getBounds() + " and " + title(placed.get(j)) +
					" " + placed.get(j).getBounds());
		check(new java.util.HashSet<>(titles).size() == titles.size(), "image titles unique: " + titles);
		check(WindowManager.getCurrentImage() == scores, "the user's image keeps the focus, not " +
			WindowManager.getCurrentImage().getTitle());
		check(IJ.getLog() != null && IJ.getLog().contains(c.guarantee()), "guarantee in the Log");
		if (shared != null) perClass(out, shared);
		ij.exitWhenQuitting(false);
	}

	/**
	 * A calibration per class (confidence sets on the distance transform: the
	 * 8-bit probabilities saturate at 0, where the identity's outer set is the
	 * whole image; α 0.04 inner, 0.16 outer, as docs/validation.md; two
	 * hippocampus classes, 128 volumes) applied to an open 4-D probability file with its truth: the
	 * overlay's ROIs against the mask channels, and screenshots of its middle
	 * slice (the one with most of the structure) at 100% and 800%.
	 */
	private static void perClass(final File out, final File data) throws Exception {
		final java.nio.file.Path folder = data.toPath().resolve("hippocampus-msd");
		final List<String> lines = java.nio.file.Files.readAllLines(folder.resolve(
			"manifest-multiclass.csv"));
		final StringBuilder csv = new StringBuilder("id,probabilities,labels\n");
		for (final String l : lines.subList(1, 129)) {
			final String[] r = l.split(",");
			csv.append(r[0]).append(',').append(folder.resolve(r[1])).append(',').append(folder.resolve(
				r[2])).append('\n');
		}
		final File tmp = java.nio.file.Files.createTempDirectory("real-window-classes").toFile();
		final java.nio.file.Path manifest = tmp.toPath().resolve("calibration.csv");
		java.nio.file.Files.write(manifest, csv.toString().getBytes("UTF-8"));
		final LabelClasses classes = LabelClasses.parse("1:anterior,2:posterior");
		final ClassCalibration c = ClassBatch.calibrate(LabelDataset.fromManifest(manifest,
			GroupBy.NONE, ImageFormats.nifti()), classes, Settings.builder(Method.CONFIDENCE_SETS)
				.alphaInner(0.05).alphaOuter(0.05).innerTransform(Transform.DISTANCE).outerTransform(
					Transform.DISTANCE).build(), ClassJointRule.PER_CLASS, LocalRunner.of(1), null).calibration();
		final File file = new File(tmp, "hippocampus.json");
		CalibrationFile.write(c, file.toPath(), false);
		final String[] target = lines.get(129).split(",");
		final ImagePlus truth = NiftiImages.open(folder.resolve(target[2]));
		truth.setTitle("labels");
		truth.show();
		final ImagePlus probs = NiftiImages.open(folder.resolve(target[1]));
		probs.show();
		IJ.wait(300);
		WindowManager.setCurrentWindow(probs.getWindow());
		runPlugin(new CommandPlugin(), ApplyCommand.class.getName(), "image=[" + probs.getTitle() +
			"] imageis=scores truth=labels calibrationfile=[" + file + "]");
		// the slice with most of the inner sets
		final ImagePlus inner = WindowManager.getImage(probs.getTitle() + " inner (hippocampus.json, α = 0.1)");
		final int w = truth.getWidth(), plane = w * truth.getHeight();
		int mid = 1, most = -1;
		for (int z = 1; z <= inner.getNSlices(); z++) {
			int n = 0;
			for (int k = 1; k <= 2; k++)
				for (final byte b : (byte[]) inner.getStack().getPixels(inner.getStackIndex(k, z, 1)))
					if (b != 0) n++;
			if (n > most) {
				most = n;
				mid = z;
			}
		}
		final ImagePlus outer = WindowManager.getImage(probs.getTitle() + " outer (hippocampus.json, α = 0.1)");
		check(outer != null && outer.getNChannels() == 2, "the outer sets, a channel per class: " +
			String.join(", ", WindowManager.getImageTitles()));
		for (int k = 0; k < 2; k++) {
			int n = 0;
			final byte[] px = (byte[]) outer.getStack().getPixels(outer.getStackIndex(k + 1, mid, 1));
			for (final byte b : px)
				if (b != 0) n++;
			checkArea(probs.getOverlay(), "outer " + classes.name(k) + "-" + mid, n);
		}
		final Window table = WindowManager.getWindow("Volume bounds");
		check(table != null, "the volume bounds in a results table");
		final int slice = mid;
		EventQueue.invokeAndWait(() -> probs.setPosition(1, slice, 1));
		probs.getWindow().toFront();
		settle();
		for (final double zoom : new double[] { 1, 8 }) {
			EventQueue.invokeAndWait(() -> {
				Zoom.set(probs, zoom, w / 2, plane / w / 2);
				probs.getWindow().pack();
			});
			settle();
			grab(probs.getWindow(), new File(out, "class-overlay-" + (int) (zoom * 100) + ".png"));
			// at 100% the legend would hide the 34×52 image: it shows zoomed in, where it fits
			if (zoom > 1) checkLegendInView(probs, "per-class overlay at " + (int) (zoom * 100) + "%", 6);
		}
	}

	/**
	 * Calibrate's dialogs, as a user opens them from the menu: the method first,
	 * then for each method exactly the method parameters it uses (a screenshot
	 * of each); values typed survive a failed run and show when the dialog
	 * reopens; Validate's dialog for dilation.
	 */
	private static void dialogs(final File out) throws Exception {
		final String title = "Calibrate Conformal Sets";
		final org.scijava.module.ModuleInfo info = CommandBridge.of(CalibrateCommand.class.getName())
			.module().getInfo();
		for (final Method m : new Method[] { Method.DILATION, Method.EROSION, Method.THRESHOLD_INNER,
			Method.THRESHOLD_OUTER, Method.CONFIDENCE_SETS, Method.CRC })
		{
			final Thread t = menu(CalibrateCommand.class.getName());
			final GenericDialog gd = methodThen(title, m.id());
			grab(gd, new File(out, "dialog-calibrate-" + m.id() + ".png"));
			final List<String> labels = labels(gd);
			final List<String> used = m.parameterNames(Settings.builder(m).innerTransform(
				Transform.GAUSSIAN).outerTransform(Transform.GAUSSIAN).build());
			for (final String name : Settings.NAMES) {
				if (name.equals("method") || name.equals("alpha")) continue;
				final String label = name.equals("tolerance") ? "Tolerance " + m.toleranceSymbol() + " (0–1)"
					: info.getInput(name).getLabel();
				check(labels.contains(label) == used.contains(name), m.id() + " dialog " + (used.contains(
					name) ? "lacks " : "shows ") + name + " (" + label + "): " + labels);
			}
			check(labels.contains("Miscoverage α (0–1)") && labels.contains("Method") && labels
				.contains("Output"), m.id() + " dialog: α and the headings: " + labels);
			press(gd, 1);
			t.join(10000);
			check(!t.isAlive(), "Cancel closes the " + m.id() + " dialog");
		}
		// values typed survive a failed run (no such masks folder) and come back on reopening
		Thread t = menu(CalibrateCommand.class.getName());
		GenericDialog gd = methodThen(title, "erosion");
		EventQueue.invokeAndWait(() -> {
			((TextField) gd.getNumericFields().get(0)).setText("0.2");
			((TextField) gd.getStringFields().get(2)).setText("/nonexistent/masks");
		});
		press(gd, 0);
		final Window error = waitForWindow(title, w -> !(w instanceof GenericDialog), 20000);
		EventQueue.invokeAndWait(error::dispose);
		t.join(10000);
		check(!t.isAlive(), "the failed run ended once its error was closed");
		t = menu(CalibrateCommand.class.getName());
		final GenericDialog first = waitForDialog(title, false, 10000);
		check("erosion".equals(((Choice) first.getChoices().get(0)).getSelectedItem()),
			"the method chosen last is remembered");
		press(first, 0);
		final GenericDialog again = waitForDialog(title, true, 10000);
		final String alpha = ((TextField) again.getNumericFields().get(0)).getText();
		final String masks = ((TextField) again.getStringFields().get(2)).getText();
		check(alpha.equals("0.2") && masks.startsWith("/nonexistent/masks"),
			"values typed before the error come back: alpha " + alpha + ", masks " + masks);
		press(again, 1);
		t.join(10000);
		t = menu(ValidateCommand.class.getName());
		final GenericDialog validate = methodThen("Validate Conformal Sets", "dilation");
		grab(validate, new File(out, "dialog-validate-dilation.png"));
		press(validate, 1);
		t.join(10000);
	}

	/** Runs a menu item on its own thread, as ImageJ does (no macro options). */
	private static Thread menu(final String command) {
		final Thread t = new Thread(() -> new CommandPlugin().run(command), "menu " + command);
		t.start();
		return t;
	}

	/** Chooses a method in the first dialog, presses OK and returns the second, shown at the top left. */
	private static GenericDialog methodThen(final String title, final String method)
		throws Exception
	{
		final GenericDialog first = waitForDialog(title, false, 20000);
		settle();
		check(first.getChoices().size() == 1, title + ": the first dialog asks for the method only");
		EventQueue.invokeAndWait(() -> ((Choice) first.getChoices().get(0)).select(method));
		press(first, 0);
		final GenericDialog gd = waitForDialog(title, true, 20000);
		EventQueue.invokeAndWait(() -> gd.setLocation(0, 0));
		settle();
		return gd;
	}

	/**
	 * The legend is drawn in screen space at the bottom-left of the canvas's
	 * visible area whatever the zoom and scroll: its dark box shows there (a
	 * column of pixels left of its swatches).
	 */
	private static void checkLegendInView(final ImagePlus imp, final String what, final int lines)
		throws Exception
	{
		final Overlay o = imp.getOverlay();
		Roi legend = null;
		for (int i = 0; i < o.size(); i++)
			if ("legend".equals(o.get(i).getName())) legend = o.get(i);
		check(legend instanceof ScreenLegend && ((ScreenLegend) legend).lines() == lines, what +
			": a screen legend of " + lines + " lines");
		final java.awt.Point at = imp.getCanvas().getLocationOnScreen();
		final int h = imp.getCanvas().getHeight();
		final int x = at.x + ScreenLegend.MARGIN + 1, height = lines * 12;
		final BufferedImage shot = new Robot().createScreenCapture(new Rectangle(x, at.y + h -
			ScreenLegend.MARGIN - height, 1, height));
		int dark = 0;
		for (int y = 0; y < height; y++) {
			final int rgb = shot.getRGB(0, y);
			if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 150) dark++;
		}
		check(dark > height * 9 / 10, what + ": the legend's dark box shows at the view's bottom left (" +
			dark + "/" + height + " dark)");
	}

	private static String title(final Window w) {
		return w instanceof Frame ? ((Frame) w).getTitle() : w.getName();
	}

	/** Presses a dialog's button: 0 OK, 1 Cancel. */
	private static void press(final GenericDialog gd, final int button) throws Exception {
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[button],
			ActionEvent.ACTION_PERFORMED, button == 0 ? "OK" : "Cancel")));
	}

	/** The texts of a dialog's labels and check boxes. */
	private static List<String> labels(final Container c) {
		final List<String> texts = new ArrayList<>();
		for (final Component x : c.getComponents()) {
			if (x instanceof Label) texts.add(((Label) x).getText().trim());
			else if (x instanceof Checkbox) texts.add(((Checkbox) x).getLabel().trim());
			else if (x instanceof Container) texts.addAll(labels((Container) x));
		}
		return texts;
	}

	/** A showing window of that title that passes the test. */
	private static Window waitForWindow(final String title, final Predicate<Window> test,
		final long ms) throws Exception
	{
		final long end = System.currentTimeMillis() + ms;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle()) && test
					.test(w)) return w;
			Thread.sleep(50);
		}
		throw new Exception("no window '" + title + "' within " + ms + " ms");
	}

	/**
	 * Runs a plugin with macro options, as IJ.run does: ImageJ reads options only
	 * on threads named "Run$_…".
	 */
	private static void runPlugin(final PlugIn p, final String arg, final String options)
		throws Exception
	{
		final AtomicReference<Throwable> error = new AtomicReference<>();
		final Thread t = new Thread(() -> {
			Macro.setOptions(Thread.currentThread(), options + " ");
			try {
				p.run(arg);
			}
			catch (final Throwable e) {
				error.set(e);
			}
			finally {
				Macro.setOptions(Thread.currentThread(), null);
			}
		}, "Run$_" + p.getClass().getSimpleName());
		t.start();
		t.join(20000);
		if (t.isAlive()) fail(p.getClass().getSimpleName() + " still running after 20 s (a dialog waiting?)");
		if (error.get() != null) throw new Exception(error.get());
	}

	/** The showing dialog of that title, with numeric fields (the slider) or without. */
	private static GenericDialog waitForDialog(final String title, final boolean numeric,
		final long ms) throws Exception
	{
		final long end = System.currentTimeMillis() + ms;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing() && title.equals(((GenericDialog) w)
					.getTitle()) && numeric == (((GenericDialog) w).getNumericFields() != null &&
						!((GenericDialog) w).getNumericFields().isEmpty())) return (GenericDialog) w;
			Thread.sleep(50);
		}
		throw new Exception("no dialog '" + title + "' within " + ms + " ms");
	}

	private static void settle() throws Exception {
		EventQueue.invokeAndWait(() -> {});
		Thread.sleep(400);
		EventQueue.invokeAndWait(() -> {});
	}

	private static void grab(final Window w, final File png) throws Exception {
		EventQueue.invokeAndWait(w::repaint);
		settle();
		final Rectangle r = w.getBounds();
		final BufferedImage img = new Robot().createScreenCapture(r);
		ImageIO.write(img, "png", png);
		System.out.println("screenshot " + png + " (" + r.width + "x" + r.height + " at " + r.x + "," + r.y + ")");
	}

	private static int count(final ImagePlus mask) {
		check(mask != null, "mask window open");
		int n = 0;
		final byte[] px = (byte[]) mask.getProcessor().getPixels();
		for (final byte b : px)
			if (b != 0) n++;
		return n;
	}

	/** The pixels of an overlay's ROI of that name (0 if there is none). */
	private static int area(final Overlay o, final String name) {
		Roi roi = null;
		if (o != null) for (int i = 0; i < o.size(); i++)
			if (name.equals(o.get(i).getName())) roi = o.get(i);
		return roi == null ? 0 : roi.getContainedPoints().length;
	}

	private static void checkArea(final Overlay o, final String name, final int expected) {
		check(o != null, "overlay present");
		final int got = area(o, name);
		check(got == expected, name + " ROI covers " + got + " pixels, the mask " + expected);
		System.out.println("ok: " + name + " ROI = " + expected + " pixels");
	}

	private static void check(final boolean ok, final String what) {
		if (!ok) fail(what);
	}

	private static void fail(final String what) {
		throw new IllegalStateException("check failed: " + what);
	}
}
