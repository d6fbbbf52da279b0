package sc.fiji.conformal.ij;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import sc.fiji.conformal.io.ij.ImagePlusBridge;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.DatasetPaths;

/**
 * The method fields of the ImageJ 1.x dialogs, with the same names as the
 * SciJava commands' parameters (macro keys are their lower-case forms, e.g.
 * {@code alphainner}).
 */
final class MethodDialog {

	static final String[] METHODS = { "dilation", "erosion", "threshold-inner", "threshold-outer",
		"confidence-sets", "crc" };

	private MethodDialog() {}

	/**
	 * The dataset fields: folders of scores and predictions and, if
	 * {@code labelled}, of masks and a CSV manifest (which, if given, replaces
	 * the folders).
	 */
	static void addDataset(final GenericDialog gd, final boolean labelled) {
		addPath(gd, "scores", true);
		addPath(gd, "predictions", true);
		if (labelled) {
			addPath(gd, "masks", true);
			addPath(gd, "manifest", false);
		}
	}

	/**
	 * The {@code threads} field: threads to process images on, 0 for all cores
	 * (macro key {@code threads}; macros without it use all cores). Read with
	 * {@link #readThreads}.
	 */
	static void addThreads(final GenericDialog gd) {
		gd.addNumericField("threads", 0, 0);
	}

	/**
	 * The runner of the {@code threads} field.
	 *
	 * @throws IllegalArgumentException if it is negative or not a whole number
	 */
	static Runner readThreads(final GenericDialog gd) {
		final double t = gd.getNextNumber();
		if (Double.isNaN(t) || t != Math.rint(t)) {
			throw new IllegalArgumentException("threads must be a whole number >= 0 (0 = all cores), got " + t);
		}
		return LocalRunner.of((int) t);
	}

	/**
	 * A folder or file field; a plain text field where there is no display
	 * (headless ImageJ's dialogs have no browse fields), with the same macro key.
	 */
	static void addPath(final GenericDialog gd, final String label, final boolean folder) {
		if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, "");
		else if (folder) gd.addDirectoryField(label, "");
		else gd.addFileField(label, "");
	}

	/**
	 * The calibration fields: a session name (prefilled when the session holds
	 * exactly one) and a calibration file; read with
	 * {@link SessionCalibrations#resolve}.
	 */
	static void addCalibration(final GenericDialog gd) {
		final List<String> names = SessionCalibrations.names();
		gd.addStringField("calibration", names.size() == 1 ? names.get(0) : "");
		addPath(gd, "calibrationFile", false);
	}

	/**
	 * The image fields: whether the current image holds scores or a prediction,
	 * and which open image (or none) is its ground truth.
	 */
	static void addImage(final GenericDialog gd) {
		gd.addChoice("imageIs", new String[] { "scores", "prediction" }, "scores");
		final String[] open = WindowManager.getImageTitles();
		final String[] truth = new String[open.length + 1];
		truth[0] = "none";
		System.arraycopy(open, 0, truth, 1, open.length);
		gd.addChoice("truth", truth, "none");
	}

	/** The sample the fields of {@link #addImage} describe for an image. */
	static Sample readImage(final GenericDialog gd, final ImagePlus image) {
		final boolean isScores = gd.getNextChoice().equals("scores");
		final String truthTitle = gd.getNextChoice();
		final ImagePlus truth = truthTitle.equals("none") ? null : WindowManager.getImage(truthTitle);
		return ImagePlusBridge.sample(image, isScores, truth);
	}

	static void addMethod(final GenericDialog gd) {
		gd.addChoice("method", METHODS, "dilation");
		gd.addNumericField("alpha", 0.1, 3);
		gd.addNumericField("tolerance", 0, 3);
		gd.addChoice("shape", new String[] { "cross", "square", "euclidean" }, "cross");
		gd.addChoice("border", new String[] { "background", "ignore" }, "background");
		gd.addChoice("quantile", new String[] { "paper", "consema-code", "cls-clipped" }, "paper");
		gd.addNumericField("threshold", 0.5, 3);
		gd.addStringField("alphaInner", "");
		gd.addStringField("alphaOuter", "");
		gd.addChoice("joint", new String[] { "bonferroni", "max" }, "bonferroni");
		gd.addChoice("innerTransform", new String[] { "identity", "distance", "gaussian" }, "identity");
		gd.addChoice("outerTransform", new String[] { "identity", "distance", "gaussian" }, "identity");
		gd.addNumericField("sigma", 1, 3);
	}

	/** The dataset fields in the order {@link #addDataset} added them; blank = null. */
	static DatasetPaths readDataset(final GenericDialog gd, final boolean labelled) {
		final Path scores = nextPath(gd);
		final Path predictions = nextPath(gd);
		final Path masks = labelled ? nextPath(gd) : null;
		final Path manifest = labelled ? nextPath(gd) : null;
		return new DatasetPaths(scores, predictions, masks, manifest);
	}

	private static Path nextPath(final GenericDialog gd) {
		final String s = gd.getNextString().trim();
		return s.isEmpty() ? null : Paths.get(s);
	}

	/** Settings from the method fields, read in the order added. */
	static Settings readMethod(final GenericDialog gd) {
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", gd.getNextChoice());
		p.put("alpha", gd.getNextNumber());
		p.put("tolerance", gd.getNextNumber());
		p.put("shape", gd.getNextChoice());
		p.put("border", gd.getNextChoice());
		p.put("quantile", gd.getNextChoice());
		p.put("threshold", gd.getNextNumber());
		final String ai = gd.getNextString().trim();
		final String ao = gd.getNextString().trim();
		p.put("alphaInner", ai);
		p.put("alphaOuter", ao);
		if (!ai.isEmpty() && !ao.isEmpty()) p.remove("alpha");
		p.put("joint", gd.getNextChoice());
		p.put("innerTransform", gd.getNextChoice());
		p.put("outerTransform", gd.getNextChoice());
		p.put("sigma", gd.getNextNumber());
		return Settings.fromParameters(p);
	}
}
