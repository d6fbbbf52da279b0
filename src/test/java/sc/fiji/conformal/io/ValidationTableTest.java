package sc.fiji.conformal.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SplitResult;
import sc.fiji.conformal.core.Threshold;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * The validation table of every method against the {@link ValidationResult}
 * it shows: one λ column per side the method has, measures undefined for the
 * method left out, per-split, mean and sd rows equal to the result's values
 * (to the six significant digits written), λ in natural units, and the CSV
 * written atomically and parsed back to the same cells.
 */
public class ValidationTableTest {

	private static final int SPLITS = 4;

	private static final Map<Method, ValidationResult> RESULTS = new LinkedHashMap<>();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void validateEveryMethod() {
		final SyntheticDataset data = new SyntheticDataset(30, 21, 24, 24);
		for (final Method m : Method.values())
			RESULTS.put(m, Validation.randomSplits(Settings.builder(m).alpha(0.2).tolerance(m == Method.CRC
				? 0 : 0.05).build(), data, SPLITS, 0.5, 5));
	}

	@Test
	public void columnsFollowTheMethod() {
		for (final Method m : Method.values()) {
			final ValidationResult v = RESULTS.get(m);
			final List<String> expected = new ArrayList<>(Arrays.asList("split", "nCalibration",
				"nTest"));
			if (m.hasInner()) expected.add("lambdaInner");
			if (m.hasOuter()) expected.add("lambdaOuter");
			for (final Measure x : Measure.values())
				if (!Double.isNaN(v.mean(x))) expected.add(x.id());
			assertEquals(m.id(), expected, ValidationTable.columns(v));
		}
		final List<String> crc = ValidationTable.columns(RESULTS.get(Method.CRC));
		assertFalse("crc has no validity", crc.contains("validity"));
		assertFalse(crc.contains("lambdaInner"));
		assertTrue(crc.contains("fnr"));
		final List<String> dilation = ValidationTable.columns(RESULTS.get(Method.DILATION));
		assertTrue(dilation.contains("validity"));
		assertFalse("only confidence-sets has inner validity", dilation.contains("innerValidity"));
		assertFalse(dilation.contains("lambdaInner"));
		final List<String> sets = ValidationTable.columns(RESULTS.get(Method.CONFIDENCE_SETS));
		assertTrue(sets.containsAll(Arrays.asList("lambdaInner", "lambdaOuter", "innerValidity",
			"outerValidity")));
		assertFalse(ValidationTable.columns(RESULTS.get(Method.EROSION)).contains("lambdaOuter"));
	}

	@Test
	public void rowsEqualTheSplitsAndTheirMeanAndSd() {
		for (final Method m : Method.values()) {
			final ValidationResult v = RESULTS.get(m);
			final List<String> cols = ValidationTable.columns(v);
			final List<List<String>> rows = ValidationTable.rows(v);
			assertEquals(m.id(), SPLITS + 2, rows.size());
			for (int i = 0; i < SPLITS; i++) {
				final SplitResult s = v.splits().get(i);
				final List<String> r = rows.get(i);
				assertEquals(cols.size(), r.size());
				assertEquals(String.valueOf(i), cell(cols, r, "split"));
				assertEquals(String.valueOf(s.nCalibration()), cell(cols, r, "nCalibration"));
				assertEquals(String.valueOf(s.nTest()), cell(cols, r, "nTest"));
				assertEquals(30, s.nCalibration() + s.nTest());
				if (m.hasInner()) near(m.id(), s.inner().lambda(), cell(cols, r, "lambdaInner"));
				if (m.hasOuter()) near(m.id(), m.toNatural(s.outer().lambda()), cell(cols, r,
					"lambdaOuter"));
				for (final Measure x : Measure.values())
					if (cols.contains(x.id())) near(m.id() + " " + x.id(), s.mean(x), cell(cols, r, x.id()));
			}
			final List<String> mean = rows.get(SPLITS);
			final List<String> sd = rows.get(SPLITS + 1);
			assertEquals("mean", mean.get(0));
			assertEquals("sd", sd.get(0));
			assertEquals("", cell(cols, mean, "nTest"));
			for (final Measure x : Measure.values()) {
				if (!cols.contains(x.id())) continue;
				near(m.id() + " mean " + x.id(), v.mean(x), cell(cols, mean, x.id()));
				near(m.id() + " sd " + x.id(), v.sd(x), cell(cols, sd, x.id()));
			}
			if (m.hasInner()) {
				near(m.id(), v.meanLambda(true), cell(cols, mean, "lambdaInner"));
				assertEquals("no sd of λ", "", cell(cols, sd, "lambdaInner"));
			}
			if (m.hasOuter()) near(m.id(), m.toNatural(v.meanLambda(false)), cell(cols, mean,
				"lambdaOuter"));
		}
	}

	@Test
	public void thresholdOuterShowsTheCutOff() {
		final ValidationResult v = RESULTS.get(Method.THRESHOLD_OUTER);
		final List<String> cols = ValidationTable.columns(v);
		double sum = 0;
		for (int i = 0; i < SPLITS; i++) {
			final Threshold t = v.splits().get(i).outer();
			assertFalse(t.trivial());
			final double shown = Double.parseDouble(cell(cols, ValidationTable.rows(v).get(i),
				"lambdaOuter"));
			assertEquals("t = −λ", -t.lambda(), shown, 1e-5 * Math.abs(t.lambda()));
			assertTrue("a cut-off on sigmoid scores lies in (0, 1), got " + shown, shown > 0 &&
				shown < 1);
			sum += -t.lambda();
		}
		near("mean cut-off", sum / SPLITS, cell(cols, ValidationTable.rows(v).get(SPLITS),
			"lambdaOuter"));
	}

	@Test
	public void csvIsWrittenAtomicallyAndParsesBack() throws IOException {
		for (final Method m : new Method[] { Method.CONFIDENCE_SETS, Method.CRC }) {
			final ValidationResult v = RESULTS.get(m);
			final Path f = tmp.getRoot().toPath().resolve(m.id() + ".csv");
			ValidationTable.writeCsv(v, f, false);
			final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
			assertEquals(SPLITS + 3, lines.size());
			assertEquals(ValidationTable.columns(v), Csv.split(lines.get(0)));
			final List<List<String>> rows = ValidationTable.rows(v);
			for (int i = 0; i < rows.size(); i++)
				assertEquals(m.id() + " line " + (i + 2), rows.get(i), Csv.split(lines.get(i + 1)));
			for (final String line : lines.subList(1, lines.size() - 1))
				for (final String cell : Csv.split(line).subList(3, Csv.split(line).size()))
					if (!cell.isEmpty()) assertNotNull(Double.valueOf(cell));
		}
		assertEquals("no temporary files", 2, tmp.getRoot().list().length);
	}

	@Test
	public void csvRefusesToOverwriteUnlessAsked() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("table.csv");
		Files.write(f, "keep".getBytes(StandardCharsets.UTF_8));
		final ValidationResult v = RESULTS.get(Method.DILATION);
		try {
			ValidationTable.writeCsv(v, f, false);
			fail("overwrote an existing table");
		}
		catch (final FileAlreadyExistsException e) {
			assertEquals(f.toString(), e.getFile());
		}
		assertEquals("keep", new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
		ValidationTable.writeCsv(v, f, true);
		assertEquals(ValidationTable.columns(v), Csv.split(Files.readAllLines(f).get(0)));
		assertEquals(1, tmp.getRoot().list().length);
	}

	@Test
	public void csvQuotesCellsWithCommasAndQuotes() {
		assertEquals("plain", Csv.quote("plain"));
		assertEquals("\"a,b\"", Csv.quote("a,b"));
		assertEquals("\"say \"\"hi\"\"\"", Csv.quote("say \"hi\""));
		for (final String s : new String[] { "a,b", "say \"hi\"", ",", "\"", "x\ny" })
			assertEquals(Arrays.asList(s, "z"), Csv.split(Csv.quote(s) + ",z"));
		assertEquals(Arrays.asList("", "", ""), Csv.split(",,"));
	}

	// -- helpers --

	private static String cell(final List<String> cols, final List<String> row, final String col) {
		final int i = cols.indexOf(col);
		assertTrue("column " + col + " in " + cols, i >= 0);
		return row.get(i);
	}

	/** A cell written with six significant digits equals the value. */
	private static void near(final String what, final double expected, final String cell) {
		if (Double.isNaN(expected)) {
			assertEquals(what, "", cell);
			return;
		}
		if (Double.isInfinite(expected)) {
			assertEquals(what, expected > 0 ? "Infinity" : "-Infinity", cell);
			return;
		}
		assertEquals(what, expected, Double.parseDouble(cell), 1e-5 * Math.max(Math.abs(expected),
			1e-3));
	}
}
