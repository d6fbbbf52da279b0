package sc.fiji.conformal.method;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetCounts;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SplitResult;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.report.CoverageBand;
import sc.fiji.conformal.report.ValidationReport;

/**
 * A method is one class: a new one, defined here in the test sources only
 * (outside the engine's package, so it sees only the public API), runs
 * through calibration, the calibration file, validation, application and the
 * validation report with no change to the main code. Its numbers are checked
 * against brute force, and its guarantee against random splits.
 */
public class PluggableMethodTest {

	/**
	 * Outer sets: the bounding box of Ŷ grown by λ voxels along every axis (a
	 * chessboard dilation of the box). Level map: the chessboard distance in
	 * voxels to the box; score: the smallest λ whose box holds all of Y.
	 */
	static final class BoundingBoxMethod extends Method {

		BoundingBoxMethod() {
			super("bounding-box", false, true);
		}

		@Override
		public List<String> parameterNames(final Settings settings) {
			return Arrays.asList("quantile", "threshold");
		}

		@Override
		public boolean needsScores(final Settings settings) {
			return false;
		}

		@Override
		public LevelMaps.ImageLevelMaps levelMaps(final Settings settings, final Sample sample) {
			final Mask predicted = sample.predicted(settings.threshold());
			return new LevelMaps.ImageLevelMaps(predicted, null, boxDistance(predicted));
		}

		@Override
		public ImageScore score(final Settings settings, final String id,
			final LevelMaps.ImageLevelMaps maps, final Mask truth)
		{
			return new ImageScore(id, Double.NaN, ImageScores.coverage(maps.outer(), truth, truth
				.count(), 0), null);
		}

		@Override
		public void validity(final Settings settings, final SetCounts c,
			final Map<Measure, Double> measures)
		{
			measures.put(Measure.VALIDITY, c.outerTruth() == c.truth() ? 1.0 : 0.0);
		}

		@Override
		public String guarantee(final Settings settings) {
			return "With probability at least " + percent(1 - settings.alpha()) +
				", the grown bounding box contains the whole true object.";
		}

		@Override
		public String unit(final Settings settings, final boolean inner) {
			return "voxels";
		}

		/** Ŷ itself, as dilation by 0 steps. */
		@Override
		public Calibration baseline(final Settings settings) {
			return Method.DILATION.baseline(Settings.builder(Method.DILATION).threshold(settings
				.threshold()).build());
		}

		/** L(v) = max over axes of v's distance to the box's interval; +∞ when Ŷ is empty. */
		static ScalarImage boxDistance(final Mask predicted) {
			final Grid g = predicted.grid();
			final int nd = g.numDimensions();
			final int[] lo = new int[nd], hi = new int[nd];
			Arrays.fill(lo, Integer.MAX_VALUE);
			Arrays.fill(hi, Integer.MIN_VALUE);
			final boolean[] p = predicted.voxels();
			for (int i = 0; i < p.length; i++) {
				if (!p[i]) continue;
				for (int d = 0; d < nd; d++) {
					final int x = i / g.stride(d) % g.size(d);
					lo[d] = Math.min(lo[d], x);
					hi[d] = Math.max(hi[d], x);
				}
			}
			final float[] l = new float[p.length];
			for (int i = 0; i < l.length; i++) {
				if (predicted.isEmpty()) {
					l[i] = Float.POSITIVE_INFINITY;
					continue;
				}
				int m = 0;
				for (int d = 0; d < nd; d++) {
					final int x = i / g.stride(d) % g.size(d);
					m = Math.max(m, Math.max(lo[d] - x, x - hi[d]));
				}
				l[i] = m;
			}
			return new ScalarImage(g, l);
		}
	}

	private static final BoundingBoxMethod BOX = new BoundingBoxMethod();

	private static final SyntheticDataset DATA = new SyntheticDataset(120, 17, 28, 26);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void register() {
		Method.register(BOX);
	}

	@AfterClass
	public static void unregister() {
		Method.unregister(BOX);
	}

	@Test
	public void foundByIdAndSettingsTakeItsParameters() {
		assertEquals(BOX, Method.fromId("Bounding-Box"));
		assertTrue(Arrays.asList(Method.values()).contains(BOX));
		final Map<String, Object> p = new HashMap<>();
		p.put("method", "bounding-box");
		p.put("alpha", "0.2");
		p.put("threshold", 0.4);
		final Settings s = Settings.fromParameters(p);
		assertEquals(BOX, s.method());
		assertEquals(Arrays.asList("method", "alpha", "quantile", "threshold"), new ArrayList<>(s
			.parameters().keySet()));
		assertEquals(0.4, s.threshold(), 0);
	}

	@Test
	public void calibrationFileValidationApplyAndReport() throws IOException {
		final Settings s = Settings.builder(BOX).alpha(0.1).build();
		final Calibration c = Calibrator.calibrate(s, DATA);

		// scores and λ̂ against brute force: grow the box step by step until it holds Y
		final List<Double> brute = new ArrayList<>();
		for (final Sample x : DATA)
			brute.add(bruteScore(x.predicted(0.5), x.truth()));
		for (int i = 0; i < brute.size(); i++)
			assertEquals(c.scores().get(i).id(), brute.get(i), c.scores().get(i).outer(), 0);
		final List<Double> sorted = new ArrayList<>(brute);
		Collections.sort(sorted);
		final int k = (int) Math.ceil((DATA.size() + 1) * 0.9); // 109 of 120, exact here
		assertEquals(k, c.outer().k());
		assertEquals(sorted.get(k - 1), c.outer().lambda(), 0);
		assertFalse(c.trivial());

		// the calibration file: written, read back to the same calibration and the same bytes
		final Path file = tmp.getRoot().toPath().resolve("box.json");
		CalibrationFile.write(c, file, false);
		final String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		assertTrue(json, json.contains("\"method\": \"bounding-box\""));
		final Calibration read = CalibrationFile.read(file);
		assertEquals(BOX, read.method());
		assertEquals(c.outer().lambda(), read.outer().lambda(), 0);
		assertEquals(json, CalibrationFile.toJson(read));

		// apply: the outer set is the box grown by λ̂, voxel for voxel
		final Sample x = DATA.iterator().next();
		final Mask outer = read.apply(x).outer();
		final Mask expected = grownBox(x.predicted(0.5), (int) c.outer().lambda());
		assertArrayEquals(expected.voxels(), outer.voxels());

		// validation: each split's λ̂ is the quantile of its calibration half; validity in the band
		final ValidationResult v = Validation.randomSplits(s, DATA, 300, 0.5, 3);
		final boolean[][] isTest = Validation.testMembership(DATA.size(), 300, 0.5, 3);
		final SplitResult first = v.splits().get(0);
		final List<Double> cal = new ArrayList<>();
		int covered = 0, tests = 0;
		int i = 0;
		for (final Sample y : DATA) {
			if (!isTest[0][i]) cal.add(brute.get(i));
			i++;
		}
		Collections.sort(cal);
		final double lambda0 = cal.get((int) Math.ceil((cal.size() + 1) * 0.9) - 1);
		assertEquals(lambda0, first.outer().lambda(), 0);
		i = 0;
		for (final Sample y : DATA) {
			if (isTest[0][i]) {
				tests++;
				if (brute.get(i) <= lambda0) covered++;
			}
			i++;
		}
		assertEquals((double) covered / tests, first.mean(Measure.VALIDITY), 1e-12);
		final CoverageBand band = CoverageBand.of(0.1, first.nCalibration(), first.nTest(), v.splits()
			.size());
		assertTrue(band + " vs " + v.mean(Measure.VALIDITY), band.holds(v.mean(Measure.VALIDITY)));

		// the report: every table and plot of the new method, under its own name and guarantee
		final Path report = tmp.getRoot().toPath().resolve("report");
		final ValidationReport.Result r = ValidationReport.write(DATA, Collections.singletonList(s),
			new ValidationReport.Options().splits(20).seed(1).alphas(0.1, 0.2).panels(1), report);
		final String index = new String(Files.readAllBytes(r.index()), StandardCharsets.UTF_8);
		assertTrue(index, index.contains("bounding-box"));
		assertTrue(index, index.contains("the grown bounding box contains the whole true object"));
		try (java.util.stream.Stream<Path> files = Files.list(report)) {
			final long pngs = files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
			assertTrue("plots written: " + pngs, pngs >= 3);
		}
	}

	/** The smallest λ = 0, 1, … whose grown box holds Y; +∞ if none within the image. */
	private static double bruteScore(final Mask predicted, final Mask truth) {
		if (predicted.isEmpty()) return truth.isEmpty() ? 0 : Double.POSITIVE_INFINITY;
		for (int lambda = 0;; lambda++) {
			final boolean[] box = grownBox(predicted, lambda).voxels();
			boolean all = true;
			for (int i = 0; i < box.length && all; i++)
				all = !truth.get(i) || box[i];
			if (all) return lambda;
		}
	}

	/** Ŷ's bounding box grown by λ voxels along every axis, built coordinate by coordinate. */
	private static Mask grownBox(final Mask predicted, final int lambda) {
		final Grid g = predicted.grid();
		final int w = g.size(0), h = g.size(1);
		int x0 = w, x1 = -1, y0 = h, y1 = -1;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (predicted.get(y * w + x)) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
		final boolean[] v = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				v[y * w + x] = x >= x0 - lambda && x <= x1 + lambda && y >= y0 - lambda && y <= y1 + lambda;
		return new Mask(g, v);
	}
}
