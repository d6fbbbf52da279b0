package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidation;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.report.ClassValidationReport;
import sc.fiji.conformal.report.CoverageBand;

/**
 * Validation by group on a data set where one group is harder (its scores
 * are lower inside the object, so its outer sets need a larger threshold):
 * one pooled calibration under-covers the hard group (below the band it
 * would have to reach if the guarantee held within the group), while one
 * calibration per group (Mondrian) brings every group, and the pooled row,
 * into its band.
 */
public class ClassValidationGroupsTest {

	@Test
	public void mondrianCoversTheHardGroupThatThePooledCalibrationMisses() {
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.5).build();
		final Random r = new Random(7);
		final List<Sample> data = new ArrayList<>();
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			final String g = i % 2 == 0 ? "easy" : "hard";
			final Sample x = GroupCoverageTest.block(g + "/" + i, g.equals("easy") ? 1.0 : 0.3, r);
			data.add(x);
			scores.add(ClassScores.binary(s, x, g));
		}
		final ClassValidationResult pooled = validate(s, data, scores, false);
		final ClassValidationResult mondrian = validate(s, data, scores, true);
		assertEquals(Arrays.asList("easy", "hard", ClassValidationResult.ALL), mondrian.rows());
		final CoverageBand hard = ClassValidationReport.band(pooled, "hard", 0);
		assertTrue("pooled: the hard group under-covers: " + pooled.coverage("hard", 0) + " " + hard,
			pooled.coverage("hard", 0) < hard.lower());
		assertTrue("pooled: the pooled row keeps the marginal guarantee", ClassValidationReport.band(
			pooled, ClassValidationResult.ALL, 0).holds(pooled.coverage(ClassValidationResult.ALL, 0)));
		assertEquals(Arrays.asList("hard " + number(pooled.coverage("hard", 0)) + " < " + number(
			hard.lower())), ClassValidationReport.under(pooled));
		for (final String g : mondrian.rows()) {
			final CoverageBand b = ClassValidationReport.band(mondrian, g, 0);
			assertTrue(g + " " + mondrian.coverage(g, 0) + " " + b, b.holds(mondrian.coverage(g, 0)));
		}
		assertTrue(ClassValidationReport.under(mondrian).isEmpty());
		// a group's calibration has its own images: about half of the pooled calibration images
		assertEquals(50, mondrian.calibrationPerSplit("hard"), 5);
		assertEquals(100, pooled.calibrationPerSplit("hard"), 0);
	}

	/** A group named "all" keeps its columns; the pooled ones are then "all (pooled).". */
	@Test
	public void aGroupNamedAllDoesNotShareColumnsWithThePooledImages() {
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.5).build();
		final Random r = new Random(8);
		final List<Sample> data = new ArrayList<>();
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			final String g = i % 2 == 0 ? "all" : "other";
			final Sample x = GroupCoverageTest.block(g + "/" + i, 1.0, r);
			data.add(x);
			scores.add(ClassScores.binary(s, x, g));
		}
		final List<String> header = Arrays.asList(sc.fiji.conformal.io.ClassValidationTable.csv(
			validate(s, data, scores, true)).split("\n")[0].split(","));
		assertEquals("no column twice: " + header, header.size(), new java.util.HashSet<>(header)
			.size());
		assertTrue(header.toString(), header.contains("all.nTest") && header.contains(
			"all (pooled).nTest"));
	}

	private static String number(final double x) {
		return sc.fiji.conformal.report.Tables.number(x);
	}

	private static ClassValidationResult validate(final Settings s, final List<Sample> data,
		final List<ClassScores> scores, final boolean perGroup)
	{
		final ClassValidation.Plan plan = ClassValidation.plan(s, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, scores, perGroup, 100, 0.5, 3);
		final ClassValidation.Merge merge = plan.merge();
		for (int i = 0; i < data.size(); i++)
			merge.add(plan.measure(i, data.get(i)));
		return merge.result();
	}
}
