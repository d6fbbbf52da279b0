package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.BorderRule;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.FnrCurve;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.JointRule;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.QuantileRule;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * The calibration file: round trips for every method, the frozen version-1
 * fixtures, every content error with the field it names, and the atomic,
 * non-clobbering write.
 */
public class CalibrationFileTest {

	private static final String FIXTURES = "/fixtures/calibration-v1/";

	private static final String[] FIXTURE_NAMES = { "dilation-euclidean.json", "erosion-square.json",
		"threshold-inner.json", "threshold-outer.json", "threshold-outer-trivial.json",
		"confidence-sets-bonferroni-distance.json", "crc.json" };

	private static final Instant CREATED = Instant.parse("2024-02-29T23:59:59.123456789Z");

	@Rule
	public TemporaryFolder folder = new TemporaryFolder();

	// -- round trips -----------------------------------------------------------

	/** Settings covering every method and each of their options. */
	private static List<Settings> everySetting() {
		return Arrays.asList( //
			Settings.builder(Method.DILATION).alpha(0.1).build(), //
			Settings.builder(Method.DILATION).alpha(0.2).tolerance(0.05).shape(StructuringElement.SQUARE)
				.quantile(QuantileRule.CONSEMA_CODE).build(), //
			Settings.builder(Method.DILATION).alpha(0.15).shape(StructuringElement.EUCLIDEAN).threshold(
				0.25).build(), //
			Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.1).shape(StructuringElement.SQUARE)
				.border(BorderRule.IGNORE).build(), //
			Settings.builder(Method.EROSION).alpha(0.3).quantile(QuantileRule.CLS_CLIPPED).build(), //
			Settings.builder(Method.THRESHOLD_INNER).alpha(0.15).tolerance(0.02).threshold(0.4).build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.05).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.03).alphaOuter(0.07).innerTransform(
				Transform.DISTANCE).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alpha(0.2).outerTransform(Transform.DISTANCE)
				.build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alpha(0.1).joint(JointRule.MAX).innerTransform(
				Transform.GAUSSIAN).outerTransform(Transform.GAUSSIAN).sigma(1.5).build(), //
			Settings.builder(Method.CRC).alpha(0.1).threshold(0.3).build());
	}

	@Test
	public void roundTripKeepsEverythingForEveryMethod() throws IOException {
		final Random random = new Random(20250601);
		int i = 0;
		for (final Settings settings : everySetting()) {
			for (final int n : new int[] { 1, 3, 9, 40 }) {
				final Calibration c = Calibration.restore(settings, randomScores(settings, n, random),
					provenance(), sources(n), CREATED);
				final Path file = folder.getRoot().toPath().resolve("c" + i++ + ".json");
				CalibrationFile.write(c, file, false);
				final Calibration back = CalibrationFile.read(file);
				assertSameCalibration(settings + ", n=" + n, c, back);
				// writing what was read gives the same bytes: the format is stable
				assertEquals(CalibrationFile.toJson(c), CalibrationFile.toJson(back));
			}
		}
	}

	/**
	 * A file over the size limit (a wrong file chosen) is refused by its size
	 * before it is read, naming the file, the size, the limit and how to raise
	 * it (issue 12, case 8); the streamed reader reads what the writer wrote,
	 * even with the method's field after the scores.
	 */
	@Test
	public void filesOverTheSizeLimitAreRefusedBeforeReading() throws IOException {
		final Settings settings = Settings.builder(Method.CRC).alpha(0.1).build();
		final Calibration c = Calibration.restore(settings, randomScores(settings, 30, new Random(8)),
			provenance(), sources(30), CREATED);
		final Path file = folder.getRoot().toPath().resolve("big.json");
		CalibrationFile.write(c, file, false);
		final long size = Files.size(file);
		assertSameCalibration("at the limit", c, CalibrationFile.read(file, size));
		try {
			CalibrationFile.read(file, size - 1);
			fail("read a file over the limit");
		}
		catch (final CalibrationFileException e) {
			assertEquals(file + " is " + size + " bytes, more than the " + (size - 1) +
				" a calibration file may have (about " + (size - 1) / 100 + " images' scores): is it the " +
				"calibration you meant? To read it, raise the limit with " +
				"-Dsc.fiji.conformal.maxCalibrationBytes=N", e.getMessage());
		}
		System.setProperty(CalibrationFile.MAX_BYTES_PROPERTY, String.valueOf(size - 1));
		try {
			CalibrationFile.read(file);
			fail("read a file over the limit the property sets");
		}
		catch (final CalibrationFileException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("more than the " + (size - 1)));
		}
		finally {
			System.clearProperty(CalibrationFile.MAX_BYTES_PROPERTY);
		}
		// fields in another order (a hand edit that keeps every value): the same calibration
		final com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(CalibrationFile
			.toJson(c)).getAsJsonObject();
		final com.google.gson.JsonObject moved = new com.google.gson.JsonObject();
		moved.add("scores", o.remove("scores"));
		for (final Map.Entry<String, com.google.gson.JsonElement> e : o.entrySet())
			moved.add(e.getKey(), e.getValue());
		moved.remove("checksum");
		assertSameCalibration("scores first", c, CalibrationFile.fromJson(moved.toString(), "moved"));
		expectExactly("{\"formatVersion\": 1, \"formatVersion\": 1}",
			"bad.json: field 'formatVersion' appears twice");
	}

	@Test
	public void roundTripOfRealCalibrations() throws IOException {
		final SyntheticDataset data = new SyntheticDataset(12, 7, 24, 20).withSpacing(0.7, 1.3);
		int i = 0;
		for (final Settings settings : everySetting()) {
			final Calibration c = Calibrator.calibrate(settings, data).withSources(sources(3))
				.withProvenance(provenance());
			final Path file = folder.getRoot().toPath().resolve("real" + i++ + ".json");
			CalibrationFile.write(c, file, false);
			assertSameCalibration(settings.toString(), c, CalibrationFile.read(file));
		}
	}

	/** Random scores that the method accepts ({@link Method#checkScore}): any other is refused. */
	private static List<ImageScore> randomScores(final Settings settings, final int n,
		final Random r)
	{
		final List<ImageScore> scores = new ArrayList<>();
		while (scores.size() < n) {
			final ImageScore s = randomScore(settings.method(), "image \"" + scores.size() + "\"/ü", r);
			try {
				settings.method().checkScore(settings, s);
				scores.add(s);
			}
			catch (final IllegalArgumentException e) {
				// outside the method's domain: draw again
			}
		}
		return scores;
	}

	private static ImageScore randomScore(final Method m, final String id, final Random r) {
		if (m == Method.CRC) return new ImageScore(id, Double.NaN, Double.NaN, randomCurve(r));
		if (m == Method.CONFIDENCE_SETS) return new ImageScore(id, randomValue(r), randomValue(r),
			null);
		if (m.hasInner()) return new ImageScore(id, randomValue(r), Double.NaN, null);
		return new ImageScore(id, Double.NaN, randomValue(r), null);
	}

	/** Full-precision doubles, float values, whole numbers, ±0 and ±∞. */
	private static double randomValue(final Random r) {
		switch (r.nextInt(7)) {
			case 0:
				return r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
			case 1:
				return r.nextBoolean() ? 0.0 : -0.0;
			case 2:
				return r.nextInt(20) - 5;
			case 3:
				return (float) (r.nextGaussian() * 3);
			case 4:
				return r.nextInt(256) / 255f;
			default:
				return r.nextGaussian() * 1e3;
		}
	}

	private static FnrCurve randomCurve(final Random r) {
		final int steps = r.nextInt(6);
		final float[] levels = new float[steps];
		final int[] covered = new int[steps];
		int count = 0;
		for (int j = 0; j < steps; j++) {
			levels[j] = j == 0 ? -r.nextFloat() : Math.nextUp(levels[j - 1]) + r.nextFloat() / 4;
			count += 1 + r.nextInt(50);
			covered[j] = count;
		}
		return new FnrCurve(levels, covered, count);
	}

	private static Map<String, String> provenance() {
		final Map<String, String> p = new LinkedHashMap<>();
		p.put("dataset", "C:\\data\\ct \"lesions\" <3-D>\nsecond line");
		p.put("user", "Zoë");
		p.put("empty", "");
		return p;
	}

	private static List<SourceFile> sources(final int n) {
		final List<SourceFile> files = new ArrayList<>();
		for (int i = 0; i < Math.min(n, 3); i++) {
			files.add(new SourceFile("image " + i, "mask", "masks/" + i + ".tif", String.format("%064x",
				i * 7919L)));
		}
		return files;
	}

	private static void assertSameCalibration(final String what, final Calibration a,
		final Calibration b)
	{
		assertEquals(what, a.settings().parameters(), b.settings().parameters());
		assertEquals(what, a.settings().alphaInner(), b.settings().alphaInner(), 0);
		assertEquals(what, a.settings().alphaOuter(), b.settings().alphaOuter(), 0);
		assertEquals(what, a.created(), b.created());
		assertEquals(what, a.sources(), b.sources());
		assertEquals(what, a.provenance(), b.provenance());
		assertEquals(what, new ArrayList<>(a.provenance().keySet()), new ArrayList<>(b.provenance()
			.keySet()));
		assertEquals(what, a.n(), b.n());
		for (int i = 0; i < a.n(); i++) {
			final ImageScore x = a.scores().get(i);
			final ImageScore y = b.scores().get(i);
			assertEquals(what, x.id(), y.id());
			assertEquals(what + " " + x.id(), Double.valueOf(x.inner()), Double.valueOf(y.inner()));
			assertEquals(what + " " + x.id(), Double.valueOf(x.outer()), Double.valueOf(y.outer()));
			if (x.curve() == null) {
				assertNull(y.curve());
			}
			else {
				assertArrayEquals(what, x.curve().levels(), y.curve().levels(), 0);
				assertArrayEquals(what, x.curve().covered(), y.curve().covered());
				assertEquals(what, x.curve().truthCount(), y.curve().truthCount());
			}
		}
		assertSameThreshold(what + " inner", a.inner(), b.inner());
		assertSameThreshold(what + " outer", a.outer(), b.outer());
		assertEquals(what, a.trivial(), b.trivial());
		assertEquals(what, a.nNeeded(), b.nNeeded());
	}

	private static void assertSameThreshold(final String what, final Threshold a, final Threshold b) {
		if (a == null) {
			assertNull(what, b);
			return;
		}
		assertEquals(what, Double.valueOf(a.lambda()), Double.valueOf(b.lambda()));
		assertEquals(what, a.alpha(), b.alpha(), 0);
		assertEquals(what, a.n(), b.n());
		assertEquals(what, a.k(), b.k());
		assertEquals(what, a.trivial(), b.trivial());
		assertEquals(what, a.nNeeded(), b.nNeeded());
	}

	// -- fixtures (files every later version must still read) -------------------

	@Test
	public void dilationFixture() throws IOException {
		final Calibration c = readFixture("dilation-euclidean.json");
		assertEquals(StructuringElement.EUCLIDEAN, c.settings().shape());
		assertEquals(0.25, c.settings().alpha(), 0);
		assertEquals(0, c.settings().tolerance(), 0);
		assertOneSided(c, c.outer(), 8, 7, 2.5, false, 3);
		assertNull(c.inner());
		assertEquals(Collections.singletonList("empty-prediction"), c.infiniteScoreIds());
		assertEquals(2, c.sources().size());
		assertEquals(new SourceFile("a", "mask", "masks/a.tif",
			"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"), c.sources().get(1));
		assertEquals("/data/ct-lesions (spacing 0.5 x 0.5 mm)", c.provenance().get("dataset"));
		assertEquals(Instant.parse("2025-06-01T12:00:00Z"), c.created());
	}

	@Test
	public void erosionFixture() throws IOException {
		final Calibration c = readFixture("erosion-square.json");
		assertEquals(StructuringElement.SQUARE, c.settings().shape());
		assertEquals(BorderRule.IGNORE, c.settings().border());
		assertEquals(QuantileRule.CONSEMA_CODE, c.settings().quantile());
		assertEquals(0.05, c.settings().tolerance(), 0);
		// paper rank ⌈11 · 0.7⌉ = 8, consema-code takes the 9th smallest
		assertOneSided(c, c.inner(), 10, 9, 4.0, false, 6);
		assertEquals(Instant.parse("2025-06-01T12:05:30.250Z"), c.created());
		assertTrue(c.sources().isEmpty());
	}

	@Test
	public void thresholdInnerFixture() throws IOException {
		final Calibration c = readFixture("threshold-inner.json");
		assertEquals(QuantileRule.CLS_CLIPPED, c.settings().quantile());
		assertEquals(0.5, c.settings().threshold(), 0);
		// k = min(⌈6 · 0.75⌉, 5) = 5: the largest score, +∞ (an empty inner set, not trivial)
		assertOneSided(c, c.inner(), 5, 5, Double.POSITIVE_INFINITY, false, 1);
		assertEquals(0.9375, c.scores().get(2).inner(), 0);
	}

	@Test
	public void thresholdOuterFixture() throws IOException {
		final Calibration c = readFixture("threshold-outer.json");
		// levels L = −t; k = ⌈13 · 0.75⌉ = 10: the 10th smallest −t is −0.375
		assertOneSided(c, c.outer(), 12, 10, 0.375, false, 3);
		assertEquals(-0.375, c.outer().lambda(), 0);
		assertEquals(Double.NEGATIVE_INFINITY, c.scores().get(3).outer(), 0);
		assertEquals(-0.3125, c.scores().get(11).outer(), 0);
	}

	@Test
	public void trivialFixture() throws IOException {
		final Calibration c = readFixture("threshold-outer-trivial.json");
		// k = ⌈5 · 0.9⌉ = 5 > n = 4: the outer set is the whole image (t = −∞)
		assertOneSided(c, c.outer(), 4, 5, Double.NEGATIVE_INFINITY, true, 9);
		assertTrue(c.trivial());
	}

	@Test
	public void confidenceSetsFixture() throws IOException {
		final Calibration c = readFixture("confidence-sets-bonferroni-distance.json");
		final Settings s = c.settings();
		assertEquals(JointRule.BONFERRONI, s.joint());
		assertEquals(Transform.DISTANCE, s.innerTransform());
		assertEquals(Transform.DISTANCE, s.outerTransform());
		assertEquals(0.3, s.alpha(), 0);
		assertEquals(0.1, s.alphaInner(), 0);
		assertEquals(0.2, s.alphaOuter(), 0);
		assertEquals(12, c.n());
		// inner: k = ⌈13 · 0.9⌉ = 12 (the largest); outer: k = ⌈13 · 0.8⌉ = 11
		assertEquals(12, c.inner().k());
		assertEquals(3.0, c.inner().lambda(), 0);
		assertEquals(11, c.outer().k());
		assertEquals(4.0, c.outer().lambda(), 0);
		assertFalse(c.trivial());
		assertEquals(9, c.nNeeded());
		assertEquals((double) (float) Math.sqrt(2), c.scores().get(5).outer(), 0);
		assertEquals(Double.NEGATIVE_INFINITY, c.scores().get(11).inner(), 0);
		assertEquals(Double.POSITIVE_INFINITY, c.scores().get(11).outer(), 0);
	}

	@Test
	public void crcFixture() throws IOException {
		final Calibration c = readFixture("crc.json");
		assertEquals(0.2, c.settings().alpha(), 0);
		// Σ FNR_i(t) ≤ (n+1)α − 1 = 0.2 first holds at t = 0.3125 (image d misses 1 of 5)
		assertOneSided(c, c.outer(), 5, Threshold.NO_RANK, 0.3125, false, 4);
		final FnrCurve d = c.scores().get(3).curve();
		assertArrayEquals(new float[] { -0.96875f, -0.5f, -0.25f }, d.levels(), 0);
		assertArrayEquals(new int[] { 2, 4, 5 }, d.covered());
		assertEquals(0, c.scores().get(2).curve().truthCount());
		assertEquals(0.2, d.fnr(-0.3125), 1e-12);
	}

	@Test
	public void writerReproducesEveryFixtureExactly() throws IOException {
		for (final String name : FIXTURE_NAMES) {
			// the fixtures predate the checksum, which the writer adds as the last field
			final String written = CalibrationFile.toJson(readFixture(name));
			final String withoutChecksum = written.replaceFirst(
				",\n  \"checksum\": \"[0-9a-f]{64}\"\n}\n$", "\n}\n");
			assertFalse(name + ": the checksum is the last field", written.equals(withoutChecksum));
			assertEquals(name, fixture(name), withoutChecksum);
		}
	}

	private static void assertOneSided(final Calibration c, final Threshold t, final int n,
		final int k, final double naturalLambda, final boolean trivial, final int nNeeded)
	{
		assertEquals(n, c.n());
		assertEquals(n, t.n());
		assertEquals(k, t.k());
		assertEquals(Double.valueOf(naturalLambda), Double.valueOf(c.method().toNatural(t.lambda())));
		assertEquals(trivial, c.trivial());
		assertEquals(nNeeded, c.nNeeded());
	}

	private Calibration readFixture(final String name) throws IOException {
		final Path file = folder.getRoot().toPath().resolve(name);
		Files.write(file, fixture(name).getBytes(StandardCharsets.UTF_8));
		return CalibrationFile.read(file);
	}

	private static String fixture(final String name) throws IOException {
		try (InputStream in = CalibrationFileTest.class.getResourceAsStream(FIXTURES + name)) {
			if (in == null) throw new IOException("missing test fixture " + FIXTURES + name);
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			final byte[] buf = new byte[8192];
			for (int r; (r = in.read(buf)) > 0;)
				out.write(buf, 0, r);
			return new String(out.toByteArray(), StandardCharsets.UTF_8);
		}
	}

	// -- content errors ----------------------------------------------------------

	@Test
	public void corruptJson() throws IOException {
		final String text = fixture("erosion-square.json");
		expectError(text.substring(0, text.length() / 2), "bad.json is not valid JSON: ");
		expectError("", "bad.json is not valid JSON: ");
		expectError(text.replace("\"n\": 10,", "\"n\": 10"), "bad.json is not valid JSON: ");
		expectError(text + "{}", "bad.json is not valid JSON: ");
		expectError(text.replace("\"Infinity\"", "Infinity"), "bad.json is not valid JSON: ");
		expectError("[1, 2]",
			"bad.json is not a calibration file: expected a JSON object, got [1,2]");
		// the file name comes first when reading from disk
		final Path file = folder.getRoot().toPath().resolve("corrupt.json");
		Files.write(file, "{\"formatVersion\": 1,".getBytes(StandardCharsets.UTF_8));
		try {
			CalibrationFile.read(file);
			fail("expected a CalibrationFileException");
		}
		catch (final CalibrationFileException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(file + " is not valid JSON: "));
			assertFalse(e.getMessage(), e.getMessage().contains("setLenient"));
		}
		Files.write(file, new byte[] { '{', (byte) 0xff, '}' });
		try {
			CalibrationFile.read(file);
			fail("expected a CalibrationFileException");
		}
		catch (final CalibrationFileException e) {
			assertEquals(file + " is not valid JSON: it is not UTF-8 text", e.getMessage());
		}
	}

	@Test
	public void missingFields() throws IOException {
		final String erosion = fixture("erosion-square.json");
		expectExactly(erosion.replace("\"alpha\": 0.3,", ""), "bad.json: missing field 'alpha'");
		expectExactly(erosion.replace("\"formatVersion\": 1,", ""),
			"bad.json: missing field 'formatVersion'");
		expectExactly(erosion.replace("\"lambda\": 4.0,", ""), "bad.json: missing field 'lambda'");
		expectExactly(erosion.replace("\"border\": \"ignore\",", ""),
			"bad.json: missing field 'parameters.border'");
		expectExactly(erosion.replace("\"id\": \"img03\",", ""),
			"bad.json: missing field 'scores[2].id'");
		expectExactly(erosion.replace("\"sources\": [],", ""), "bad.json: missing field 'sources'");
		final String cs = fixture("confidence-sets-bonferroni-distance.json");
		expectExactly(cs.replace("\"kOuter\": 11,", ""), "bad.json: missing field 'kOuter'");
		expectExactly(cs.replace("\"outer\": 1.4142135381698608", "\"other\": 1"),
			"bad.json: missing field 'scores[5].outer'");
		expectExactly(fixture("crc.json").replace("\"k\": null,", ""), "bad.json: missing field 'k'");
	}

	@Test
	public void wrongTypes() throws IOException {
		final String erosion = fixture("erosion-square.json");
		expectExactly(erosion.replace("\"n\": 10", "\"n\": \"x\""),
			"bad.json: field 'n' must be an integer, got \"x\"");
		expectExactly(erosion.replace("\"n\": 10", "\"n\": 10.5"),
			"bad.json: field 'n' must be an integer, got 10.5");
		expectExactly(erosion.replace("\"alpha\": 0.3", "\"alpha\": \"0.3\""),
			"bad.json: field 'alpha' must be a finite number, got \"0.3\"");
		expectExactly(erosion.replace("\"alpha\": 0.3", "\"alpha\": null"),
			"bad.json: field 'alpha' must be a finite number, got null");
		expectExactly(erosion.replace("\"trivial\": false", "\"trivial\": \"no\""),
			"bad.json: field 'trivial' must be true or false, got \"no\"");
		expectExactly(erosion.replace("\"score\": 3.0", "\"score\": \"three\""),
			"bad.json: field 'scores[5].score' must be a finite number, \"Infinity\" or \"-Infinity\", got \"three\"");
		expectExactly(erosion.replace("\"score\": \"Infinity\"", "\"score\": \"NaN\""),
			"bad.json: field 'scores[9].score' must be a finite number, \"Infinity\" or \"-Infinity\", got \"NaN\"");
		expectExactly(erosion.replace("\"sources\": []", "\"sources\": {}"),
			"bad.json: field 'sources' must be an array, got {}");
		expectExactly(erosion.replace("\"softwareVersion\": \"0.1.0\"", "\"softwareVersion\": 1"),
			"bad.json: field 'provenance.softwareVersion' must be a string, got 1");
		expectExactly(erosion.replace("\"created\": \"2025-06-01T12:05:30.250Z\"",
			"\"created\": \"yesterday\""),
			"bad.json: field 'created' must be an ISO-8601 instant such as 2025-06-01T12:00:00Z, got \"yesterday\"");
		expectExactly(fixture("dilation-euclidean.json").replace("\"sha256\": \"ca97", "\"sha256\": 5, \"x\": \"ca97"),
			"bad.json: field 'sources[0].sha256' must be a string, got 5");
	}

	@Test
	public void newerFormatVersionAsksToUpdate() throws IOException {
		final String text = fixture("erosion-square.json").replace("\"formatVersion\": 1",
			"\"formatVersion\": 3");
		expectExactly(text,
			"bad.json has formatVersion 3, newer than this software reads (2): update Conformal Segmentation");
		// a newer version is reported even when the rest no longer looks like version 1
		expectExactly("{\"formatVersion\": 7, \"calibrations\": []}",
			"bad.json has formatVersion 7, newer than this software reads (2): update Conformal Segmentation");
		// version 2 (classes, groups) has its own reader
		expectExactly(fixture("erosion-square.json").replace("\"formatVersion\": 1",
			"\"formatVersion\": 2"),
			"bad.json is a calibration per class or per group (formatVersion 2): read it with CalibrationFile.readClasses");
		expectExactly("{\"formatVersion\": 0}",
			"bad.json: field 'formatVersion' must be at least 1, got 0");
	}

	@Test
	public void unknownNamesNameTheField() throws IOException {
		final String erosion = fixture("erosion-square.json");
		expectExactly(erosion.replace("\"method\": \"erosion\"", "\"method\": \"opening\""),
			"bad.json: field 'method': method must be one of [dilation, erosion, threshold-inner, " +
				"threshold-outer, confidence-sets, crc], got 'opening'");
		expectExactly(erosion.replace("\"shape\": \"square\"", "\"shape\": \"disk\""),
			"bad.json: field 'parameters.shape': shape must be one of [cross, square, euclidean], got 'disk'");
		expectError(erosion.replace("\"border\": \"ignore\"", "\"border\": \"wrap\""),
			"bad.json: field 'parameters.border': border must be one of");
		expectError(erosion.replace("\"quantile\": \"consema-code\"", "\"quantile\": \"median\""),
			"bad.json: field 'parameters.quantile': quantile must be one of");
		final String cs = fixture("confidence-sets-bonferroni-distance.json");
		expectError(cs.replace("\"joint\": \"bonferroni\"", "\"joint\": \"sidak\""),
			"bad.json: field 'parameters.joint': joint must be one of");
		expectError(cs.replace("\"outerTransform\": \"distance\"", "\"outerTransform\": \"log\""),
			"bad.json: field 'parameters.outerTransform': transform must be one of");
	}

	@Test
	public void invalidSettingsNameTheParameter() throws IOException {
		final String erosion = fixture("erosion-square.json");
		expectExactly(erosion.replace("\"alpha\": 0.3", "\"alpha\": 1.5"),
			"bad.json: alpha must be in (0, 1), got 1.5");
		expectExactly(erosion.replace("\"tolerance\": 0.05", "\"tolerance\": 1"),
			"bad.json: tolerance must be in [0, 1), got 1.0");
		final String cs = fixture("confidence-sets-bonferroni-distance.json");
		expectError(cs.replace("\"alpha\": 0.3", "\"alpha\": 0.25"),
			"bad.json: alpha must equal alphaInner + alphaOuter (0.3) for Bonferroni, got 0.25");
		final String max = cs.replace("\"joint\": \"bonferroni\"", "\"joint\": \"max\"");
		expectExactly(max, "bad.json: field 'parameters.alphaInner' must equal 0.3 (alpha, under the " +
			"max joint rule), got 0.1");
		final String gaussian = cs.replace("\"innerTransform\": \"distance\"",
			"\"innerTransform\": \"gaussian\"");
		expectExactly(gaussian, "bad.json: missing field 'parameters.sigma'");
		expectExactly(fixture("erosion-square.json").replace("\"scores\": [", "\"scores\": [] ,\"x\": [")
			.replace("\"n\": 10", "\"n\": 0"),
			"bad.json: field 'scores': the calibration set is empty: need at least one image");
	}

	@Test
	public void inconsistentStoredValuesAreRefused() throws IOException {
		final String erosion = fixture("erosion-square.json");
		expectExactly(erosion.replace("\"lambda\": 4.0", "\"lambda\": 5.0"),
			"bad.json: stored lambda 5.0 does not match the one its scores give (4.0)");
		expectExactly(erosion.replace("\"lambda\": 4.0", "\"lambda\": \"Infinity\""),
			"bad.json: stored lambda Infinity does not match the one its scores give (4.0)");
		// editing a score changes λ̂
		expectExactly(erosion.replace("\"score\": 4.0", "\"score\": 3.5"),
			"bad.json: stored lambda 4.0 does not match the one its scores give (3.5)");
		expectExactly(erosion.replace("\"n\": 10", "\"n\": 11"),
			"bad.json: stored n 11 does not match the one its scores give (10)");
		expectExactly(erosion.replace("\"k\": 9", "\"k\": 8"),
			"bad.json: stored k 8 does not match the one its scores give (9)");
		expectExactly(erosion.replace("\"k\": 9", "\"k\": null"),
			"bad.json: stored k null does not match the one its scores give (9)");
		expectExactly(erosion.replace("\"trivial\": false", "\"trivial\": true"),
			"bad.json: stored trivial true does not match the one its scores give (false)");
		expectExactly(erosion.replace("\"nNeeded\": 6", "\"nNeeded\": 4"),
			"bad.json: stored nNeeded 4 does not match the one its scores give (6)");
		// changing α changes k
		expectExactly(erosion.replace("\"alpha\": 0.3", "\"alpha\": 0.2"),
			"bad.json: stored k 9 does not match the one its scores give (10)");
		final String cs = fixture("confidence-sets-bonferroni-distance.json");
		expectExactly(cs.replace("\"lambdaOuter\": 4.0", "\"lambdaOuter\": 3.0"),
			"bad.json: stored lambdaOuter 3.0 does not match the one its scores give (4.0)");
		expectExactly(cs.replace("\"kInner\": 12", "\"kInner\": 11"),
			"bad.json: stored kInner 11 does not match the one its scores give (12)");
		expectExactly(fixture("threshold-outer-trivial.json").replace("\"lambda\": \"-Infinity\"",
			"\"lambda\": \"Infinity\""),
			"bad.json: stored lambda Infinity does not match the one its scores give (-Infinity)");
		expectExactly(fixture("crc.json").replace("\"lambda\": 0.3125", "\"lambda\": 0.25"),
			"bad.json: stored lambda 0.25 does not match the one its scores give (0.3125)");
		expectExactly(fixture("crc.json").replace("\"k\": null", "\"k\": 4"),
			"bad.json: stored k 4 does not match the one its scores give (null)");
	}

	@Test
	public void invalidCrcCurvesNameTheField() throws IOException {
		final String crc = fixture("crc.json");
		expectExactly(crc.replace("0.8125", "0.9375"), "bad.json: field 'scores[0].thresholds[1]' " +
			"must be below the previous threshold (thresholds decrease strictly), got 0.9375 after 0.9375");
		expectExactly(crc.replace("\"truthCount\": 5", "\"truthCount\": 6"),
			"bad.json: field 'scores[3].truthCount' is 6 but the last covered count is 5 (they must be equal)");
		expectExactly(crc.replace("        2,\n        4,\n        5", "        2,\n        2,\n        5"),
			"bad.json: field 'scores[3].covered[1]' must be a count above the previous one " +
				"(counts increase strictly from 1), got 2");
		expectExactly(crc.replace("        0.96875,\n", ""),
			"bad.json: field 'scores[3].covered' must have one count per threshold (2), got 3");
	}

	@Test
	public void unknownFieldsAreIgnored() throws IOException {
		final String text = fixture("erosion-square.json").replace("\"formatVersion\": 1,",
			"\"formatVersion\": 1, \"addedLater\": {\"x\": [1, 2]},").replace("\"border\": \"ignore\",",
				"\"border\": \"ignore\", \"newParameter\": 3,").replace("\"id\": \"img01\",",
					"\"id\": \"img01\", \"weight\": 0.5,").replace("\"version\": \"0.1.0\"",
						"\"version\": \"0.1.0\", \"build\": \"abc\"");
		final Calibration c = CalibrationFile.fromJson(text, "newer.json");
		assertEquals(4.0, c.inner().lambda(), 0);
		assertEquals(10, c.n());
	}

	/** Edits that change a calibration's meaning are refused, each by name. */
	@Test
	public void meaningChangingEditsAreRefused() {
		// dilation by a cross at α = 0.1 on scores 0, 1, …, 9: k = ⌈11 · 0.9⌉ = 10, λ̂ = 9
		final List<ImageScore> scores = new ArrayList<>();
		for (int i = 0; i < 10; i++)
			scores.add(new ImageScore("im" + i, Double.NaN, i, null));
		final Calibration c = Calibration.restore(Settings.builder(Method.DILATION).alpha(0.1)
			.tolerance(0.05).build(), scores, provenance(), sources(2), CREATED);
		final String json = CalibrationFile.toJson(c);
		assertEquals(9.0, CalibrationFile.fromJson(json, "ok.json").outer().lambda(), 0);
		final String checksum = "The content does not match its checksum";
		final String refused = "bad.json: its content does not match its checksum";
		// values that are in their domain but change the guarantee: caught by the checksum
		expectError(json.replace("\"tolerance\": 0.05", "\"tolerance\": 0.1"), refused);
		expectError(json.replace("\"threshold\": 0.5", "\"threshold\": 0.4"), refused);
		expectError(json.replace("\"user\": \"Zoë\"", "\"user\": \"Zoe\""), refused);
		// white space and the creation time may change
		assertEquals(9.0, CalibrationFile.fromJson(json.replace("\n  ", "\n\t").replace(CREATED
			.toString(), "2030-01-01T00:00:00Z"), "ok.json").outer().lambda(), 0);
		assertFalse(checksum, json.replace("\"tolerance\": 0.05", "\"tolerance\": 0.1").equals(json));

		// without a checksum (files of earlier releases), each value is checked against its domain
		final String old = json.replaceFirst(",\n  \"checksum\": \"[0-9a-f]{64}\"", "");
		assertEquals(9.0, CalibrationFile.fromJson(old, "old.json").outer().lambda(), 0);
		expectExactly(old.replace("\"score\": 3.0", "\"score\": 3.5"),
			"bad.json: field 'scores[3]': score must be a whole number of cross steps at least 0 (or \"Infinity\"), got 3.5");
		expectExactly(old.replace("\"score\": 3.0", "\"score\": -3.0"),
			"bad.json: field 'scores[3]': score must be a whole number of cross steps at least 0 (or \"Infinity\"), got -3.0");
		expectExactly(old.replace("\"score\": 9.0", "\"score\": 16.5").replace("\"lambda\": 9.0",
			"\"lambda\": 16.5"),
			"bad.json: field 'scores[9]': score must be a whole number of cross steps at least 0 (or \"Infinity\"), got 16.5");
		expectExactly(old.replace("\"id\": \"im4\"", "\"id\": \"im2\""),
			"bad.json: field 'scores[4].id' repeats the id \"im2\" of scores[2]: each calibration image appears once");
		final String sha = c.sources().get(1).sha256();
		expectExactly(old.replace(sha, sha.substring(1)),
			"bad.json: field 'sources[1].sha256' must be 64 lower-case hexadecimal digits, got \"" + sha
				.substring(1) + "\"");
		expectExactly(old.replace(sha, sha.toUpperCase(java.util.Locale.ROOT)),
			"bad.json: field 'sources[1].sha256' must be 64 lower-case hexadecimal digits, got \"" + sha
				.toUpperCase(java.util.Locale.ROOT) + "\"");
		expectExactly(old.replaceFirst("\"role\": \"[a-z]+\"", "\"role\": \"scores\""),
			"bad.json: field 'sources[0].role' must be one of [score, mask, prediction], got \"scores\"");
		// threshold-inner: a breakpoint is t₀ or above
		final List<ImageScore> inner = new ArrayList<>();
		for (int i = 0; i < 10; i++)
			inner.add(new ImageScore("im" + i, 0.5 + i / 32.0, Double.NaN, null));
		final String ti = CalibrationFile.toJson(Calibration.restore(Settings.builder(
			Method.THRESHOLD_INNER).alpha(0.1).build(), inner, provenance(), sources(2), CREATED))
			.replaceFirst(",\n  \"checksum\": \"[0-9a-f]{64}\"", "");
		expectExactly(ti.replace("\"score\": 0.5\n", "\"score\": 0.25\n"),
			"bad.json: field 'scores[0]': score must be at least the threshold t₀ = 0.5 (or \"Infinity\"), got 0.25");
	}

	private static void expectError(final String json, final String fragment) {
		try {
			CalibrationFile.fromJson(json, "bad.json");
		}
		catch (final CalibrationFileException e) {
			assertTrue("message '" + e.getMessage() + "' should contain '" + fragment + "'", e
				.getMessage().contains(fragment));
			return;
		}
		fail("expected a CalibrationFileException containing '" + fragment + "'");
	}

	private static void expectExactly(final String json, final String message) {
		try {
			CalibrationFile.fromJson(json, "bad.json");
		}
		catch (final CalibrationFileException e) {
			assertEquals(message, e.getMessage());
			return;
		}
		fail("expected a CalibrationFileException: " + message);
	}

	// -- writing -------------------------------------------------------------------

	private static Calibration trivialOuter() {
		final List<ImageScore> scores = new ArrayList<>();
		scores.add(new ImageScore("a", Double.NaN, -0.75, null));
		scores.add(new ImageScore("b", Double.NaN, Double.NEGATIVE_INFINITY, null));
		final Map<String, String> p = new LinkedHashMap<>();
		p.put(CalibrationFile.SOFTWARE_VERSION_KEY, "9.9.9");
		return Calibration.restore(Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).build(), scores,
			p, Collections.emptyList(), CREATED);
	}

	@Test
	public void refusesToOverwriteUnlessAsked() throws IOException {
		final Path file = folder.getRoot().toPath().resolve("cal.json");
		final Calibration first = trivialOuter();
		CalibrationFile.write(first, file, false);
		final byte[] before = Files.readAllBytes(file);
		final Calibration second = readFixture("erosion-square.json");
		try {
			CalibrationFile.write(second, file, false);
			fail("expected FileAlreadyExistsException");
		}
		catch (final FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
		}
		assertArrayEquals(before, Files.readAllBytes(file));
		assertEquals(Collections.singletonList("cal.json"), listing(folder.getRoot().toPath(),
			"cal"));
		CalibrationFile.write(second, file, true);
		assertEquals(Method.EROSION, CalibrationFile.read(file).method());
	}

	@Test
	public void atomicWriteLeavesNoTemporaryFile() throws IOException {
		final Path dir = folder.newFolder("out").toPath();
		final Path file = dir.resolve("cal.json");
		CalibrationFile.write(trivialOuter(), file, false);
		assertEquals(Collections.singletonList("cal.json"), listing(dir, ""));
		CalibrationFile.write(readFixture("crc.json"), file, true);
		assertEquals(Collections.singletonList("cal.json"), listing(dir, ""));
		assertEquals(Method.CRC, CalibrationFile.read(file).method());
		// a failed move (the target is a non-empty directory) removes its temporary file
		final Path blocked = dir.resolve("blocked.json");
		Files.createDirectory(blocked);
		Files.createFile(blocked.resolve("inside"));
		try {
			CalibrationFile.write(trivialOuter(), blocked, true);
			fail("expected an IOException");
		}
		catch (final IOException e) {
			// expected
		}
		assertEquals(Arrays.asList("blocked.json", "cal.json"), listing(dir, ""));
		// no directory: nothing is created
		try {
			CalibrationFile.write(trivialOuter(), dir.resolve("missing").resolve("cal.json"), false);
			fail("expected an IOException");
		}
		catch (final IOException e) {
			// expected
		}
		assertEquals(Arrays.asList("blocked.json", "cal.json"), listing(dir, ""));
	}

	private static List<String> listing(final Path dir, final String prefix) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) || n
				.startsWith("." + prefix)).sorted().collect(Collectors.toList());
		}
	}

	@Test
	public void infinityIsWrittenAsQuotedString() throws IOException {
		final Path file = folder.getRoot().toPath().resolve("trivial.json");
		final Calibration c = trivialOuter();
		assertTrue(c.trivial());
		CalibrationFile.write(c, file, false);
		final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		// λ̂ = +∞ in level units is the cut-off t = −∞; the −∞ level score is t = +∞
		assertTrue(text, text.contains("\"lambda\": \"-Infinity\""));
		assertTrue(text, text.contains("\"score\": \"Infinity\""));
		assertTrue(text, text.contains("\"score\": 0.75"));
		assertFalse(text, Pattern.compile("[:\\[,]\\s*-?Infinity").matcher(text).find());
		assertFalse(text, text.contains("NaN"));
		assertTrue(text, text.contains("\"k\": 3"));
		assertTrue(text, text.contains("\"trivial\": true"));
		assertTrue(text, text.contains("\"nNeeded\": 9"));
		assertTrue(text, text.endsWith("}\n"));
	}

	@Test
	public void writesTheSpecifiedFieldsInOrder() {
		final String text = CalibrationFile.toJson(trivialOuter());
		final String[] order = { "\"formatVersion\": 1", "\"software\"",
			"\"name\": \"Conformal Segmentation\"", "\"version\": \"9.9.9\"",
			"\"created\": \"2024-02-29T23:59:59.123456789Z\"", "\"method\": \"threshold-outer\"",
			"\"parameters\"", "\"quantile\": \"paper\"", "\"threshold\": 0.5", "\"alpha\": 0.1",
			"\"tolerance\": 0.0", "\"n\": 2", "\"k\"", "\"lambda\"", "\"trivial\"", "\"nNeeded\"",
			"\"scores\"", "\"sources\": []", "\"provenance\"", "\"softwareVersion\": \"9.9.9\"" };
		int at = -1;
		for (final String s : order) {
			final int next = text.indexOf(s, at + 1);
			assertTrue("'" + s + "' missing or out of order in\n" + text, next > at);
			at = next;
		}
		// method, alpha and tolerance are top-level only
		final String parameters = text.substring(text.indexOf("\"parameters\""), text.indexOf(
			"\"alpha\""));
		assertFalse(parameters, parameters.contains("\"method\""));
		assertFalse(parameters, parameters.contains("\"tolerance\""));
	}

	@Test
	public void softwareVersionFallsBackToTheJar() {
		final Calibration c = Calibration.restore(Settings.builder(Method.DILATION).build(),
			Collections.singletonList(new ImageScore("a", Double.NaN, 1, null)), Collections.emptyMap(),
			Collections.emptyList(), CREATED);
		final String jar = CalibrationFile.class.getPackage().getImplementationVersion();
		final String expected = jar == null ? "unknown" : jar;
		assertTrue(CalibrationFile.toJson(c).contains("\"version\": \"" + expected + "\""));
		// and reading does not add it to the provenance
		assertTrue(CalibrationFile.fromJson(CalibrationFile.toJson(c), "x").provenance().isEmpty());
	}
}
