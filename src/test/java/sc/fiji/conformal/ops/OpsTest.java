package sc.fiji.conformal.ops;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;

import sc.fiji.conformal.core.BorderRule;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ConformalQuantile;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.ImageMetrics;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.LevelMaps;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.QuantileRule;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SetCounts;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.distance.DistanceTransform;
import sc.fiji.conformal.core.distance.SignedDistance;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.service.ConformalService;

/**
 * Every {@code conformal.*} op, run by name through the
 * {@link ConformalService}, gives exactly what the direct call into the engine
 * gives, on seeded random 2-D and 3-D data; and the service's op errors name
 * what went wrong.
 */
public class OpsTest {

	/** The ops this suite checks, one test each; the service must offer exactly these. */
	private static final List<String> OPS = Arrays.asList("conformal.calibrate",
		"conformal.calibrateClasses", "conformal.classSets", "conformal.distance",
		"conformal.levelMap.dilation", "conformal.levelMap.erosion",
		"conformal.levelMap.thresholdInner", "conformal.levelMap.thresholdOuter",
		"conformal.levelMaps", "conformal.metrics", "conformal.quantile", "conformal.score",
		"conformal.sets", "conformal.settings", "conformal.signedDistance", "conformal.validate",
		"conformal.validateClasses");

	private static final Method[] METHODS = Method.values();

	private static Context context;
	private static ConformalService conformal;
	private static Sample[] samples;

	@BeforeClass
	public static void setUp() {
		context = new Context(ConformalService.class);
		conformal = context.service(ConformalService.class);
		final SyntheticDataset d2 = new SyntheticDataset(3, 5, 29, 23);
		final SyntheticDataset d3 = new SyntheticDataset(2, 6, 13, 11, 7).withSpacing(1, 1.5, 2);
		samples = new Sample[] { d2.get(0), d2.get(1), d2.get(2), d3.get(0), d3.get(1) };
	}

	@AfterClass
	public static void tearDown() {
		context.dispose();
	}

	/** Named inputs, as scripts pass them. */
	private static Map<String, Object> in(final Object... kv) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	private static Object run(final String op, final String output, final Object... inputs) {
		final Map<String, Object> out = conformal.op(op, in(inputs));
		assertTrue(op + " has no output " + output + ": " + out.keySet(), out.containsKey(output));
		return out.get(output);
	}

	/** A seeded random mask of about the given density. */
	private static Mask randomMask(final Grid g, final long seed, final double density) {
		final Random r = new Random(seed);
		final boolean[] v = new boolean[g.count()];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextDouble() < density;
		return new Mask(g, v);
	}

	private static Mask[] masks() {
		final Grid g2 = Grid.of(new long[] { 17, 12 }, new double[] { 1, 1 });
		final Grid g3 = Grid.of(new long[] { 9, 8, 6 }, new double[] { 1, 0.5, 2 });
		return new Mask[] { samples[0].truth(), samples[3].truth(), randomMask(g2, 1, 0.05),
			randomMask(g3, 2, 0.02), randomMask(g2, 3, 0.6), Mask.empty(g2) };
	}

	private static Settings settings(final Method m) {
		final Settings.Builder b = Settings.builder(m).alpha(0.2).shape(StructuringElement.SQUARE);
		if (m != Method.DILATION && m != Method.CONFIDENCE_SETS && m != Method.CRC) b.tolerance(0.05);
		if (m == Method.CONFIDENCE_SETS) b.outerTransform(Transform.GAUSSIAN).sigma(1.5);
		return b.build();
	}

	private static void assertSameImage(final String what, final ScalarImage expected,
		final Object actual)
	{
		assertNotNull(what + ": op gave null", actual);
		final ScalarImage a = (ScalarImage) actual;
		assertEquals(what, expected.grid(), a.grid());
		assertArrayEquals(what, expected.values(), a.values(), 0f);
	}

	private static void assertSameMask(final String what, final Mask expected, final Object actual) {
		if (expected == null) {
			assertNull(what, actual);
			return;
		}
		assertNotNull(what + ": op gave null", actual);
		final Mask a = (Mask) actual;
		assertEquals(what, expected.grid(), a.grid());
		assertArrayEquals(what, expected.voxels(), a.voxels());
	}

	@Test
	public void theServiceOffersExactlyTheseOps() {
		assertEquals(OPS, conformal.ops());
	}

	@Test
	public void dilationLevelMap() {
		for (final Mask m : masks()) {
			assertSameImage("default shape", LevelMaps.dilation(m, StructuringElement.CROSS), run(
				"conformal.levelMap.dilation", "levelMap", "mask", m));
			for (final StructuringElement s : StructuringElement.values()) {
				assertSameImage(s.id(), LevelMaps.dilation(m, s), run("conformal.levelMap.dilation",
					"levelMap", "mask", m, "shape", s.id()));
			}
		}
	}

	@Test
	public void erosionLevelMap() {
		for (final Mask m : masks()) {
			assertSameImage("defaults", LevelMaps.erosion(m, StructuringElement.CROSS,
				BorderRule.BACKGROUND), run("conformal.levelMap.erosion", "levelMap", "mask", m));
			for (final StructuringElement s : StructuringElement.values()) {
				for (final BorderRule b : BorderRule.values()) {
					assertSameImage(s.id() + "/" + b.id(), LevelMaps.erosion(m, s, b), run(
						"conformal.levelMap.erosion", "levelMap", "mask", m, "shape", s.id(), "border", b.id()));
				}
			}
		}
	}

	@Test
	public void thresholdLevelMaps() {
		for (final Sample s : samples) {
			final Mask p = s.predicted(0.5);
			assertSameImage("inner", LevelMaps.thresholdInner(s.scores(), p), run(
				"conformal.levelMap.thresholdInner", "levelMap", "scores", s.scores(), "mask", p));
			assertSameImage("outer", LevelMaps.thresholdOuter(s.scores()), run(
				"conformal.levelMap.thresholdOuter", "levelMap", "scores", s.scores()));
		}
	}

	@Test
	public void levelMapsOfEveryMethod() {
		for (final Method m : METHODS) {
			for (final Sample s : samples) {
				final Settings st = settings(m);
				final LevelMaps.ImageLevelMaps expected = LevelMaps.of(st, s);
				final Map<String, Object> out = conformal.op("conformal.levelMaps", in("settings", st,
					"sample", s));
				if (expected.inner() == null) assertNull(m.id(), out.get("inner"));
				else assertSameImage(m.id() + " inner", expected.inner(), out.get("inner"));
				if (expected.outer() == null) assertNull(m.id(), out.get("outer"));
				else assertSameImage(m.id() + " outer", expected.outer(), out.get("outer"));
			}
		}
	}

	@Test
	public void quantileOfEveryRule() {
		final Random r = new Random(42);
		for (final int n : new int[] { 1, 5, 9, 10, 37, 200 }) {
			final double[] scores = new double[n];
			for (int i = 0; i < n; i++)
				scores[i] = r.nextInt(4) == 0 ? Math.floor(r.nextDouble() * 5) : r.nextGaussian();
			for (final double alpha : new double[] { 0.05, 0.1, 0.25, 0.5 }) {
				final Threshold def = ConformalQuantile.of(scores, alpha, QuantileRule.PAPER);
				final Map<String, Object> d = conformal.op("conformal.quantile", in("scores", scores,
					"alpha", alpha));
				assertEquals(def.lambda(), (Double) d.get("lambda"), 0);
				assertEquals(def.k(), ((Threshold) d.get("threshold")).k());
				for (final QuantileRule rule : QuantileRule.values()) {
					final Threshold expected = ConformalQuantile.of(scores, alpha, rule);
					final Map<String, Object> out = conformal.op("conformal.quantile", in("scores", scores,
						"alpha", alpha, "rule", rule.id()));
					final Threshold t = (Threshold) out.get("threshold");
					final String what = "n=" + n + " alpha=" + alpha + " " + rule.id();
					assertEquals(what, expected.lambda(), t.lambda(), 0);
					assertEquals(what, expected.lambda(), (Double) out.get("lambda"), 0);
					assertEquals(what, expected.k(), t.k());
					assertEquals(what, expected.trivial(), t.trivial());
					assertEquals(what, expected.nNeeded(), t.nNeeded());
				}
			}
		}
	}

	@Test
	public void scoreOfEveryMethod() {
		for (final Method m : METHODS) {
			for (final Sample s : samples) {
				final Settings st = settings(m);
				final ImageScore expected = ImageScores.score(st, s);
				final ImageScore actual = (ImageScore) run("conformal.score", "score", "settings", st,
					"sample", s);
				assertEquals(m.id(), expected.id(), actual.id());
				assertEquals(m.id(), expected.inner(), actual.inner(), 0);
				assertEquals(m.id(), expected.outer(), actual.outer(), 0);
				if (expected.curve() == null) assertNull(actual.curve());
				else {
					assertArrayEquals(expected.curve().levels(), actual.curve().levels(), 0);
					assertArrayEquals(expected.curve().covered(), actual.curve().covered());
					assertEquals(expected.curve().truthCount(), actual.curve().truthCount());
				}
			}
		}
	}

	/** A calibration of each method on synthetic images, and its sets and metrics on new ones. */
	@Test
	public void setsAndMetricsOfEveryMethod() {
		for (final Method m : METHODS) {
			final Settings st = settings(m);
			final Calibration c = Calibrator.calibrate(st, new SyntheticDataset(15, 9, 29, 23));
			for (final Sample s : samples) {
				final ConformalSets expected = ConformalSets.apply(c, s);
				final Map<String, Object> out = conformal.op("conformal.sets", in("calibration", c,
					"sample", s));
				final ConformalSets sets = (ConformalSets) out.get("sets");
				assertSameMask(m.id() + " inner", expected.inner(), out.get("inner"));
				assertSameMask(m.id() + " outer", expected.outer(), out.get("outer"));
				assertSameMask(m.id() + " uncertainty", expected.uncertainty(), out.get("uncertainty"));
				assertSameMask(m.id() + " sets.inner", expected.inner(), sets.inner());
				assertSameMask(m.id() + " sets.outer", expected.outer(), sets.outer());
				assertSameMask(m.id() + " predicted", expected.predicted(), sets.predicted());

				final SetCounts counts = SetCounts.of(expected, s.truth());
				final ImageMetrics metrics = ImageMetrics.of(st, counts);
				final Map<String, Object> mo = conformal.op("conformal.metrics", in("settings", st, "sets",
					expected, "truth", s.truth()));
				assertEquals(m.id(), counts, mo.get("counts"));
				assertEquals(m.id(), metrics.asMap(), ((ImageMetrics) mo.get("metrics")).asMap());
			}
		}
	}

	/**
	 * The ops that run many images equal the engine, on any number of threads
	 * (the calibration file apart from its creation time, the validation
	 * table).
	 */
	@Test
	public void calibrateAndValidateEqualTheEngineOnAnyThreads() {
		final List<Sample> data = new ArrayList<>();
		for (final Sample s : new SyntheticDataset(16, 9, 29, 23))
			data.add(s);
		for (final Method m : new Method[] { Method.DILATION, Method.CONFIDENCE_SETS, Method.CRC }) {
			final Settings st = settings(m);
			final String expected = json(Calibrator.calibrate(st, data, LocalRunner.of(1)));
			final List<List<String>> table = ValidationTable.rows(Validation.randomSplits(st, data, 9,
				0.5, 4, LocalRunner.of(1)));
			for (final int threads : new int[] { 0, 1, 3 }) {
				assertEquals(m.id() + " on " + threads, expected, json((Calibration) run(
					"conformal.calibrate", "calibration", "settings", st, "samples", data, "threads",
					threads)));
				assertEquals(m.id() + " on " + threads, table, ValidationTable.rows((ValidationResult) run(
					"conformal.validate", "validation", "settings", st, "samples", data, "splits", 9, "seed",
					4L, "threads", threads)));
			}
		}
	}

	private static final SyntheticDataset SYNTHETIC = new SyntheticDataset(8, 11, 21, 19);

	/** Label-map samples with two classes in two groups, probabilities from the synthetic scores. */
	private static List<LabelSample> labelSamples() {
		final List<LabelSample> out = new ArrayList<>();
		final LabelClasses k = LabelClasses.parse("1:inner,2:rim");
		for (int i = 0; i < 8; i++) {
			final Sample s = SYNTHETIC.get(i);
			final int n = s.grid().count();
			final int[] t = new int[n], p = new int[n];
			final float[] p1 = new float[n], p2 = new float[n];
			final float[] sc = s.scores().values();
			for (int v = 0; v < n; v++) {
				t[v] = s.truth().get(v) ? (sc[v] > 0.7f ? 1 : 2) : 0;
				p[v] = sc[v] >= 0.5f ? (sc[v] > 0.7f ? 1 : 2) : 0;
				p1[v] = sc[v] > 0.7f ? sc[v] : 0;
				p2[v] = sc[v] > 0.7f ? 0 : sc[v];
			}
			out.add(LabelSample.of("l" + i, i % 2 == 0 ? "a" : "b", k, s.grid(), t, p,
				new ScalarImage[] { new ScalarImage(s.grid(), p1), new ScalarImage(s.grid(), p2) }));
		}
		return out;
	}

	@Test
	public void calibrateClassesAndClassSetsEqualTheEngine() {
		final List<LabelSample> data = labelSamples();
		final Settings st = Settings.builder(Method.DILATION).alpha(0.4).build();
		final ClassCalibration direct = ClassCalibrator.calibrate(st, ClassJointRule.MAX, data,
			LocalRunner.of(1));
		final String expected = CalibrationFile.toJson(direct).replaceFirst("\"created\": \"[^\"]*\"", "");
		for (final int threads : new int[] { 0, 1, 3 }) {
			final ClassCalibration c = (ClassCalibration) run("conformal.calibrateClasses",
				"calibration", "settings", st, "jointRule", "max", "samples", data, "threads", threads);
			assertEquals(expected, CalibrationFile.toJson(c).replaceFirst("\"created\": \"[^\"]*\"", ""));
		}
		final ClassSets sets = (ClassSets) run("conformal.classSets", "sets", "calibration", direct,
			"sample", data.get(3));
		for (int k = 0; k < 2; k++)
			assertArrayEquals(direct.apply(data.get(3)).get(k).outer().voxels(), sets.get(k).outer()
				.voxels());
	}

	/**
	 * conformal.validateClasses measures what counting from scores gives for
	 * dilation (exact there), per group, the same on any number of threads.
	 */
	@Test
	public void validateClassesEqualsTheCountedValidationOnAnyThreads() {
		final List<LabelSample> data = labelSamples();
		final Settings st = Settings.builder(Method.DILATION).alpha(0.4).build();
		final List<ClassScores> scores = new ArrayList<>();
		for (final LabelSample x : data)
			scores.add(ClassScores.score(st, x));
		final ClassValidationResult counted = ClassValidation.fromScores(st, data.get(0).classes(),
			ClassJointRule.BONFERRONI, scores, true, 6, 0.5, 2);
		for (final int threads : new int[] { 1, 3 }) {
			final ClassValidationResult v = (ClassValidationResult) run("conformal.validateClasses",
				"validation", "settings", st, "jointRule", "bonferroni", "samples", data, "splits", 6,
				"seed", 2L, "threads", threads);
			assertEquals(Arrays.asList("a", "b"), v.groups());
			for (final String g : v.rows()) {
				for (int k = 0; k < 2; k++)
					assertEquals(g + " on " + threads, counted.coverage(g, k), v.coverage(g, k), 1e-12);
				assertEquals(g + " on " + threads, counted.jointCoverage(g), v.jointCoverage(g), 1e-12);
			}
		}
	}

	private static String json(final Calibration c) {
		return CalibrationFile.toJson(c).replaceFirst("\"created\": \"[^\"]*\"", "");
	}

	/** The single-image ops give the same images on any number of threads. */
	@Test
	public void singleImageOpsGiveTheSameValuesOnAnyThreads() {
		final Sample big = new SyntheticDataset(1, 3, 96, 80).get(0);
		for (final int threads : new int[] { 1, 2, 4 }) {
			assertSameImage("distance on " + threads, DistanceTransform.distanceTo(big.truth(),
				DistanceTransform.Metric.EUCLIDEAN, false), run("conformal.distance", "distance", "mask",
					big.truth(), "threads", threads));
			assertSameImage("signed distance on " + threads, SignedDistance.of(big.truth()), run(
				"conformal.signedDistance", "distance", "mask", big.truth(), "threads", threads));
			assertSameImage("dilation level map on " + threads, LevelMaps.dilation(big.truth(),
				StructuringElement.SQUARE), run("conformal.levelMap.dilation", "levelMap", "mask", big
					.truth(), "shape", "square", "threads", threads));
			final Settings st = settings(Method.EROSION);
			assertEquals(ImageScores.score(st, big).inner(), ((ImageScore) run("conformal.score", "score",
				"settings", st, "sample", big, "threads", threads)).inner(), 0);
		}
	}

	@Test
	public void settingsFromParameters() {
		final List<Map<String, Object>> cases = Arrays.asList(in("method", "dilation"), in("method",
			"erosion", "alpha", "0.2", "tolerance", 0.05, "shape", "square", "border", "ignore"), in(
				"method", "threshold-inner", "alpha", 0.3, "tolerance", "0.1", "threshold", "0.4"), in(
					"method", "threshold-outer", "quantile", "cls-clipped"), in("method", "confidence-sets",
						"alpha", 0.1, "alphaInner", 0.03, "innerTransform", "distance", "outerTransform",
						"gaussian", "sigma", 2), in("method", "confidence-sets", "joint", "max"), in("method",
							"crc", "alpha", 0.05));
		for (final Map<String, Object> p : cases) {
			final Settings expected = Settings.fromParameters(p);
			final Settings actual = (Settings) run("conformal.settings", "settings", "parameters", p);
			assertEquals(p.toString(), expected.parameters(), actual.parameters());
			assertEquals(p.toString(), expected.toString(), actual.toString());
		}
	}

	@Test
	public void distanceOfEveryMetric() {
		for (final Mask m : masks()) {
			assertSameImage("default", DistanceTransform.distanceTo(m, DistanceTransform.Metric.EUCLIDEAN,
				false), run("conformal.distance", "distance", "mask", m));
			for (final DistanceTransform.Metric metric : DistanceTransform.Metric.values()) {
				final String id = metric.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
				for (final boolean outside : new boolean[] { false, true }) {
					assertSameImage(id + " outside=" + outside, DistanceTransform.distanceTo(m, metric,
						outside), run("conformal.distance", "distance", "mask", m, "metric", id,
							"outsideIsFeature", outside));
				}
			}
		}
	}

	@Test
	public void signedDistance() {
		for (final Mask m : masks())
			assertSameImage("signed", SignedDistance.of(m), run("conformal.signedDistance", "distance",
				"mask", m));
	}

	/** An op's optional input left out takes its declared default, whatever an earlier call gave. */
	@Test
	public void earlierCallsAreNotRemembered() {
		final Mask m = masks()[2];
		run("conformal.levelMap.dilation", "levelMap", "mask", m, "shape", "square");
		assertSameImage("after square", LevelMaps.dilation(m, StructuringElement.CROSS), run(
			"conformal.levelMap.dilation", "levelMap", "mask", m));
		final double[] scores = { 3, 1, 2, 5, 4, 0, 7, 6, 9, 8 };
		run("conformal.quantile", "lambda", "scores", scores, "alpha", 0.4, "rule", "cls-clipped");
		assertEquals(ConformalQuantile.of(scores, 0.4, QuantileRule.PAPER).lambda(), (Double) run(
			"conformal.quantile", "lambda", "scores", scores, "alpha", 0.4), 0);
		try {
			conformal.op("conformal.quantile", in("scores", scores));
			fail("quantile ran without alpha");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("alpha"));
			assertTrue("alpha 0.4 of an earlier call was reused: " + e.getMessage(), !e.getMessage()
				.contains("0.4"));
		}
	}

	@Test
	public void unknownOpListsTheOps() {
		try {
			conformal.op("conformal.levelMap.opening", in("mask", masks()[0]));
			fail("an unknown op ran");
		}
		catch (final IllegalArgumentException e) {
			final String msg = e.getMessage();
			assertTrue(msg, msg.contains("'conformal.levelMap.opening'"));
			for (final String op : OPS)
				assertTrue(msg, msg.contains(op));
		}
	}

	@Test
	public void unknownInputIsNamed() {
		try {
			conformal.op("conformal.levelMap.dilation", in("mask", masks()[0], "radius", 3));
			fail("an unknown input was accepted");
		}
		catch (final IllegalArgumentException e) {
			final String msg = e.getMessage();
			assertTrue(msg, msg.contains("'radius'"));
			assertTrue(msg, msg.contains("mask"));
			assertTrue(msg, msg.contains("shape"));
		}
	}

	@Test
	public void missingOrMistypedInputIsNamed() {
		try {
			conformal.op("conformal.signedDistance", in());
			fail("signedDistance ran without a mask");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("mask"));
		}
		try {
			conformal.op("conformal.signedDistance", null);
			fail("signedDistance ran without inputs");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("mask"));
		}
		try {
			conformal.op("conformal.signedDistance", in("mask", "not a mask"));
			fail("signedDistance ran on a string");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'mask'"));
			assertTrue(e.getMessage(), e.getMessage().contains("Mask"));
		}
	}

	@Test
	public void failingOpGivesItsReason() {
		try {
			conformal.op("conformal.quantile", in("scores", new double[] { 1, 2, 3 }, "alpha", 1.5));
			fail("quantile ran with alpha 1.5");
		}
		catch (final IllegalArgumentException e) {
			final String msg = e.getMessage();
			assertTrue(msg, msg.contains("conformal.quantile"));
			assertTrue(msg, msg.contains("alpha must be in (0, 1), got 1.5"));
		}
		try {
			conformal.op("conformal.levelMap.dilation", in("mask", masks()[0], "shape", "hexagon"));
			fail("dilation ran with shape hexagon");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("hexagon"));
		}
		try {
			conformal.op("conformal.settings", in("parameters", in("method", "dilation", "alpha",
				"lots")));
			fail("settings accepted alpha 'lots'");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("alpha must be a number, got 'lots'"));
		}
	}
}
