package sc.fiji.conformal.ij;

import ij.IJ;
import sc.fiji.conformal.io.Dataset;

/** Progress bar, status line and Esc-to-cancel for folder operations in ImageJ 1.x. */
final class Ij1Progress implements Dataset.Monitor {

	private final String verb;

	Ij1Progress(final String verb) {
		this.verb = verb;
		IJ.resetEscape();
	}

	@Override
	public void progress(final int index, final int total, final String id) {
		IJ.showProgress(index, total);
		IJ.showStatus(verb + " " + (index + 1) + "/" + total + ": " + id + " (Esc cancels)");
	}

	@Override
	public boolean isCanceled() {
		return IJ.escapePressed();
	}

	static void done() {
		IJ.showProgress(1.0);
		IJ.showStatus("");
	}
}
