package sc.fiji.conformal.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.io.MaskRule;

/**
 * The dataset and method parameters shared by calibration and validation.
 * Their names are public script and macro API.
 */
public abstract class MethodCommand extends ConformalCommand {

	@Parameter(label = "Score maps folder", description = "the model's score maps (not needed for dilation, erosion)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	protected File scores;

	@Parameter(label = "Predicted masks folder", description = "binary predictions (optional: else scores ≥ threshold)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	protected File predictions;

	@Parameter(label = "Ground-truth masks folder", description = "paired with the others by file name", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	protected File masks;

	@Parameter(label = "Or a manifest (CSV)", description = "instead of folders: id,score,mask[,prediction] (paths relative to it)", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	protected File manifest;

	@Parameter(persist = false, label = "Masks are", description = "binary (0 and one other value), or nonzero (StarDist/Cellpose labels: any label is object)", choices = {
		"binary", "nonzero" })
	protected String maskRule = "binary";

	@Parameter(label = "Manifest columns (optional)", description = "other column names as role:column pairs, e.g. score:pred,mask:gt", required = false, persist = false)
	protected String columns = "";

	@Parameter(persist = false, label = "Method", description = "how the sets are grown and shrunk around the prediction", choices = { "dilation",
		"erosion", "threshold-inner", "threshold-outer", "confidence-sets", "crc" })
	protected String method = "dilation";

	/** The {@code alpha} parameter's default. */
	static final double DEFAULT_ALPHA = 0.1;

	@Parameter(persist = false, label = "Miscoverage α (0–1)", description = "the guarantee holds with probability ≥ 1 − α (crc: the FNR level)", min = "0", max = "1", stepSize = "0.01")
	protected double alpha = DEFAULT_ALPHA;

	@Parameter(persist = false, label = "Tolerance (0–1)", description = "1 − c (dilation), τ (erosion, threshold-inner), ε (threshold-outer)", min = "0", max = "1", stepSize = "0.01")
	protected double tolerance = 0;

	@Parameter(persist = false, label = "Structuring element", description = "shape of one dilation/erosion step", choices = {
		"cross", "square", "euclidean" })
	protected String shape = "cross";

	@Parameter(persist = false, label = "Image border", description = "outside the image counts as background, or is ignored", choices = {
		"background", "ignore" })
	protected String border = "background";

	@Parameter(persist = false, label = "Quantile rule", description = "paper: k-th smallest score; the others: reference codes' variants", choices = {
		"paper", "consema-code", "cls-clipped" })
	protected String quantile = "paper";

	@Parameter(persist = false, label = "Prediction threshold (score)", description = "predicted mask = scores ≥ threshold, when no predictions")
	protected double threshold = 0.5;

	@Parameter(persist = false, label = "Inner α (optional)", description = "Bonferroni: inner miscoverage; with outer α, α is their sum", required = false)
	protected Double alphaInner;

	@Parameter(persist = false, label = "Outer α (optional)", description = "Bonferroni: outer miscoverage", required = false)
	protected Double alphaOuter;

	@Parameter(persist = false, label = "Joint rule", description = "split α between the sides (Bonferroni), or one max score", choices = {
		"bonferroni", "max" })
	protected String joint = "bonferroni";

	@Parameter(persist = false, label = "Inner set from", description = "transform of the scores for the inner set", choices = {
		"identity", "distance", "gaussian" })
	protected String innerTransform = "identity";

	@Parameter(persist = false, label = "Outer set from", description = "transform of the scores for the outer set", choices = {
		"identity", "distance", "gaussian" })
	protected String outerTransform = "identity";

	@Parameter(persist = false, label = "Gaussian σ (physical units)", description = "smoothing of the gaussian transform, e.g. in mm", min = "0")
	protected double sigma = 1;

	@Parameter(persist = false, label = "Threads (0 = all cores)", description = "the results do not depend on it", min = "0", required = false)
	protected int threads = 0;

	/**
	 * The labelled dataset: the manifest if given, else the folders.
	 *
	 * @throws IllegalArgumentException if neither a manifest nor a masks folder
	 *           is given, or the dataset is inconsistent
	 */
	protected Dataset dataset() throws IOException {
		return paths().open(new ImageJFiles(MaskRule.fromId(maskRule)));
	}

	/** The runner of the {@code threads} parameter. */
	protected Runner runner() {
		return runner(threads);
	}

	/** The folder that input paths are recorded relative to. */
	protected Path root() {
		return paths().root();
	}

	private DatasetPaths paths() {
		return new DatasetPaths(path(scores), path(predictions), path(masks), path(manifest), Dataset
			.parseColumns(columns));
	}

	/**
	 * The settings these parameters describe.
	 *
	 * @throws IllegalArgumentException naming the first invalid parameter
	 */
	protected Settings settings() {
		final Double ai = given(alphaInner);
		final Double ao = given(alphaOuter);
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", method);
		// with both sides given, alpha is their sum; an alpha moved off its default is also given,
		// and Settings refuses it when it disagrees (Headless checks a typed default alpha too)
		p.put("alpha", ai != null && ao != null && alpha == DEFAULT_ALPHA ? null : alpha);
		p.put("tolerance", tolerance);
		p.put("shape", shape);
		p.put("border", border);
		p.put("quantile", quantile);
		p.put("threshold", threshold);
		p.put("joint", joint);
		p.put("alphaInner", ai);
		p.put("alphaOuter", ao);
		p.put("innerTransform", innerTransform);
		p.put("outerTransform", outerTransform);
		p.put("sigma", sigma);
		return Settings.fromParameters(p);
	}

	/**
	 * Checks the parameters a caller typed (names to values, as text or
	 * numbers) for conflicts that defaults hide: {@code alpha} typed with both
	 * {@code alphaInner} and {@code alphaOuter} must be their sum (for
	 * Bonferroni confidence sets), even when it equals alpha's default.
	 *
	 * @throws IllegalArgumentException naming the conflict
	 */
	public static void checkTyped(final Map<String, ?> typed) {
		if (!typed.containsKey("alpha") || given(number(typed.get("alphaInner"))) == null || given(
			number(typed.get("alphaOuter"))) == null) return;
		final Map<String, Object> p = new LinkedHashMap<>();
		p.put("method", typed.containsKey("method") ? typed.get("method") : "dilation");
		for (final String key : new String[] { "joint", "alpha", "alphaInner", "alphaOuter" })
			if (typed.containsKey(key)) p.put(key, typed.get(key));
		Settings.fromParameters(p);
	}

	private static Double number(final Object v) {
		if (v instanceof Number) return ((Number) v).doubleValue();
		try {
			return v == null ? null : Double.valueOf(v.toString().trim());
		}
		catch (final NumberFormatException e) {
			return null;
		}
	}

	/**
	 * An optional miscoverage, or null when unset. SciJava's pre-processing
	 * fills an unset {@code Double} input with 0 (and remembers it), and 0 is
	 * never a valid miscoverage, so 0 means unset.
	 */
	private static Double given(final Double a) {
		return a == null || a == 0 ? null : a;
	}
}
