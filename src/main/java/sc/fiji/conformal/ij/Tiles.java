package sc.fiji.conformal.ij;

import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Window;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.measure.ResultsTable;

/**
 * Places the windows one command run opens side by side, never on top of
 * each other nor of the current image or ImageJ's main window: each in the
 * first free place on the screen, scanning rows from the top, left to right
 * (on a full screen, a cascade from the last one). The current image keeps
 * the focus: it is brought back to the front after each window opens.
 */
final class Tiles {

	private static final int GAP = 10;
	private static final int STEP = 20;
	private static final int TABLE_WIDTH = 520;

	private final ImageWindow current;
	private final Dimension screen = IJ.getScreenSize();
	private final List<Rectangle> taken = new ArrayList<>();

	Tiles() {
		final ImagePlus imp = WindowManager.getCurrentImage();
		current = imp == null ? null : imp.getWindow();
		if (current != null && current.isShowing()) taken.add(current.getBounds());
		final Frame ij = IJ.getInstance();
		if (ij != null && ij.isShowing()) taken.add(ij.getBounds());
	}

	/** Shows an image in the next free place (an image already showing comes to the front). */
	void show(final ImagePlus imp) {
		if (imp.getWindow() != null) {
			imp.getWindow().toFront();
			return;
		}
		imp.show();
		settle();
		// the frame may not have its final size yet on a loaded machine: at least the image plus
		// a frame's borders, title and info line (a plot's buttons too)
		place(imp.getWindow(), imp.getWidth() + 10, imp.getHeight() + 50);
	}

	/** Shows a table in its own window, in the next free place. */
	void show(final ResultsTable table, final String title) {
		table.show(title);
		settle();
		final Window w = WindowManager.getWindow(title);
		// a short table needs no more than a few rows' height
		final int h = 60 + 20 * table.size();
		if (w != null) {
			w.setSize(TABLE_WIDTH, h);
			settle();
			w.setSize(TABLE_WIDTH, h);
		}
		place(w, TABLE_WIDTH, h);
	}

	/** Lets the event queue lay out a window just opened (not on the event thread itself). */
	private static void settle() {
		if (EventQueue.isDispatchThread()) return;
		try {
			EventQueue.invokeAndWait(() -> {});
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final InvocationTargetException e) {
			// an empty task cannot fail
		}
	}

	/** Moves a window just shown to the first free place for its size, or at least the size given. */
	private void place(final Window w, final int minWidth, final int minHeight) {
		if (w != null) {
			final int width = Math.max(w.getWidth(), minWidth), height = Math.max(w.getHeight(),
				minHeight);
			final Point p = free(width, height);
			w.setLocation(p);
			taken.add(new Rectangle(p.x, p.y, width, height));
		}
		refocus();
	}

	/** The first place a w × h window fits without touching a taken one. */
	private Point free(final int w, final int h) {
		for (int y = 0; y + h <= screen.height; y += STEP)
			for (int x = 0; x + w <= screen.width; x += STEP) {
				final Rectangle r = new Rectangle(x, y, w, h);
				final Rectangle padded = new Rectangle(x - GAP, y - GAP, w + 2 * GAP, h + 2 * GAP);
				boolean fits = true;
				for (final Rectangle t : taken)
					if (t.intersects(padded)) {
						fits = false;
						break;
					}
				if (fits) return r.getLocation();
			}
		final Rectangle last = taken.isEmpty() ? new Rectangle(0, 0, 0, 0) : taken.get(taken.size() - 1);
		return new Point(Math.min(last.x + 30, Math.max(0, screen.width - w)), Math.min(last.y + 30,
			Math.max(0, screen.height - h)));
	}

	/**
	 * Keeps the focus on the current image once the window system has
	 * activated the new windows (it does so late, after they show): waits for
	 * up to half a second until the image has stayed current twice in a row.
	 * Not on the event thread, which must stay free.
	 */
	void finish() {
		if (current == null || taken.isEmpty() || EventQueue.isDispatchThread()) return;
		int stable = 0;
		for (int i = 0; i < 10 && stable < 2; i++) {
			settle();
			IJ.wait(50);
			if (WindowManager.getCurrentWindow() == current) stable++;
			else {
				stable = 0;
				refocus();
			}
		}
	}

	private void refocus() {
		if (current != null && current.isShowing()) {
			WindowManager.setCurrentWindow(current);
			current.toFront();
		}
	}
}
