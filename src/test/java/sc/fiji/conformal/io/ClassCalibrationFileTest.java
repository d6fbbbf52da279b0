package sc.fiji.conformal.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;

/**
 * Calibration file format version 2 (classes and groups): a frozen fixture
 * reads to the calibration it was written from and writes back byte for byte;
 * round trips of every shape (classes, groups, both, a grouped binary
 * calibration) keep every cell's λ̂; a hand-edited λ̂ is refused; version 1
 * files read as the binary calibration without groups.
 */
public class ClassCalibrationFileTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final Instant CREATED = Instant.parse("2026-12-05T02:00:00Z");
	private static final Map<String, String> PROVENANCE = Collections.singletonMap(
		CalibrationFile.SOFTWARE_VERSION_KEY, "0.3.0");

	/** Two groups (one too small for α = 0.3), two classes, confidence sets under the max rule. */
	static ClassCalibration fixtureCalibration() {
		final Settings s = Settings.builder(Method.CONFIDENCE_SETS).alpha(0.3).build();
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			// dyadic values: exact in binary and in the file's decimals
			final double[] v = new double[4];
			for (int j = 0; j < 4; j++)
				v[j] = ((i * 5) % 16) / 16.0 + ((i + j) % 2) / 32.0;
			scores.add(new ClassScores("hippocampus_" + i, i < 13 ? "scannerA" : "scannerB", Arrays
				.asList(new ImageScore("hippocampus_" + i, v[0], v[1], null), new ImageScore(
					"hippocampus_" + i, v[2], v[3], null))));
		}
		final List<SourceFile> sources = Collections.singletonList(new SourceFile("hippocampus_0",
			"probabilities", "probabilities/hippocampus_0.nii.gz",
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
		return ClassCalibration.restore(s, LabelClasses.parse("1:anterior,2:posterior"),
			ClassJointRule.MAX, scores, PROVENANCE, sources, CREATED);
	}

	private static String fixture(final String name) throws IOException {
		try (InputStream in = ClassCalibrationFileTest.class.getResourceAsStream(
			"/fixtures/calibration-v2/" + name))
		{
			if (in == null) throw new IOException("missing test fixture " + name);
			final byte[] b = new byte[1 << 16];
			int n = 0;
			for (int r; (r = in.read(b, n, b.length - n)) > 0;)
				n += r;
			return new String(b, 0, n, StandardCharsets.UTF_8);
		}
	}

	@Test
	public void theFrozenFixtureReadsAndWritesBackByteForByte() throws IOException {
		final String text = fixture("classes-groups-max.json");
		final ClassCalibration c = CalibrationFile.classesFromJson(text, "fixture");
		assertEquals(text, CalibrationFile.toJson(c));
		assertEquals(text, CalibrationFile.toJson(fixtureCalibration()));
		assertEquals(Arrays.asList("scannerA", "scannerB"), c.groups());
		assertEquals(ClassJointRule.MAX, c.jointRule());
		assertEquals("1:anterior,2:posterior", c.classes().spec());
		assertTrue(c.trivial("scannerB"));
		assertEquals(CREATED, c.created());
		assertEquals(same(fixtureCalibration(), "scannerA"), same(c, "scannerA"));
	}

	/** Every cell's λ̂ of a group, as text. */
	private static String same(final ClassCalibration c, final String group) {
		final StringBuilder b = new StringBuilder();
		for (int k = 0; k < c.classes().size(); k++)
			b.append(c.cell(group, k).inner()).append(' ').append(c.cell(group, k).outer()).append('\n');
		return b.toString();
	}

	@Test
	public void everyShapeRoundTrips() throws IOException {
		final Settings d = Settings.builder(Method.DILATION).alpha(0.1).build();
		final List<ClassScores> grouped = new ArrayList<>(), plain = new ArrayList<>(),
			binary = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			final List<ImageScore> two = Arrays.asList(new ImageScore("i" + i, Double.NaN, i % 7, null),
				new ImageScore("i" + i, Double.NaN, i == 3 ? Double.POSITIVE_INFINITY : i % 5, null));
			grouped.add(new ClassScores("i" + i, i % 2 == 0 ? "even" : "odd", two));
			plain.add(new ClassScores("i" + i, "", two));
			binary.add(new ClassScores("i" + i, i < 12 ? "a" : "b", two.subList(0, 1)));
		}
		final LabelClasses k2 = LabelClasses.parse("3:liver,7:spleen");
		for (final ClassCalibration c : Arrays.asList(ClassCalibration.restore(d, k2,
			ClassJointRule.BONFERRONI, grouped, PROVENANCE, Collections.emptyList(), CREATED),
			ClassCalibration.restore(d, k2, ClassJointRule.PER_CLASS, plain, PROVENANCE, Collections
				.emptyList(), CREATED), ClassCalibration.restore(d, LabelClasses.BINARY,
					ClassJointRule.PER_CLASS, binary, PROVENANCE, Collections.emptyList(), CREATED)))
		{
			final Path f = tmp.getRoot().toPath().resolve("c.json");
			CalibrationFile.write(c, f, true);
			final ClassCalibration back = CalibrationFile.readClasses(f);
			assertEquals(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), CalibrationFile
				.toJson(back));
			assertEquals(c.groups(), back.groups());
			assertEquals(c.classes(), back.classes());
			for (final String g : c.groups())
				assertEquals(same(c, g), same(back, g));
			assertTrue(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(
				"\"formatVersion\": 2"));
		}
	}

	@Test
	public void aHandEditedLambdaIsRefused() throws IOException {
		final String text = fixture("classes-groups-max.json");
		final String edited = text.replaceFirst("\"lambdaOuter\": [0-9.]+", "\"lambdaOuter\": 0.01");
		try {
			CalibrationFile.classesFromJson(edited, "bad.json");
			fail();
		}
		catch (final CalibrationFileException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("bad.json: stored cells[0].lambdaOuter 0.01 does not match"));
		}
	}

	@Test
	public void aVersionOneFileReadsAsTheBinaryCalibrationWithoutGroups() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("v1.json");
		try (InputStream in = getClass().getResourceAsStream(
			"/fixtures/calibration-v1/dilation-euclidean.json"))
		{
			Files.copy(in, f);
		}
		final Calibration one = CalibrationFile.read(f);
		final ClassCalibration c = CalibrationFile.readClasses(f);
		assertTrue(c.classes().binary());
		assertEquals(Collections.singletonList(""), c.groups());
		assertEquals(one.outer().lambda(), c.cell("", 0).outer().lambda(), 0);
		assertEquals(one.outer().k(), c.cell("", 0).outer().k());
		assertEquals(one.sources(), c.sources());
	}
}
