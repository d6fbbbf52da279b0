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
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link ClassCoverage}: counting events from scores gives exactly the
 * coverage {@link Validation} measures on the sets; group-conditional
 * calibration covers a harder group that the pooled calibration misses; the
 * joint event of identical classes is each class's event.
 */
public class ClassCoverageTest {

	private static final int SPLITS = 40;

	@Test
	public void eventsFromScoresEqualTheMeasuredSets() {
		final Random r = new Random(3);
		final List<Sample> data = new ArrayList<>();
		for (int i = 0; i < 60; i++)
			data.add(blob("img" + i, r));
		for (final Settings s : Arrays.asList( //
			Settings.builder(Method.DILATION).alpha(0.1).tolerance(0).shape(StructuringElement.CROSS)
				.build(), //
			Settings.builder(Method.DILATION).alpha(0.2).tolerance(0.1).shape(StructuringElement.EUCLIDEAN)
				.build(), //
			Settings.builder(Method.EROSION).alpha(0.1).tolerance(0.1).build(), //
			Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.2).build(), //
			Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.04).alphaOuter(0.16).build()))
		{
			final List<ClassScores> scores = new ArrayList<>();
			for (final Sample x : data)
				scores.add(ClassScores.binary(s, x, null));
			final List<ClassCoverage.Row> rows = ClassCoverage.of(s, LabelClasses.BINARY,
				ClassJointRule.PER_CLASS, scores, SPLITS, 9);
			assertEquals("no groups: one row", 1, rows.size());
			final ValidationResult v = Validation.randomSplits(s, data, SPLITS, 0.5, 9);
			final ClassCoverage.Row row = rows.get(0);
			assertEquals(s.method().id(), v.mean(Measure.VALIDITY), row.mean[0], 1e-12);
			assertEquals(s.method().id(), v.sd(Measure.VALIDITY), row.sd[0], 1e-12);
			assertEquals("one class: the joint event is the class's", row.mean[0], row.mean[1], 0);
			assertEquals(30, row.testPerSplit, 0);
		}
	}

	/**
	 * threshold-inner's score is a breakpoint of the image's own scores, at or
	 * above the infimum λ meeting the criterion: a λ̂ between two breakpoints
	 * can meet it although the score is larger, so counting from scores is a
	 * lower bound of the measured coverage there, not equal to it.
	 */
	@Test
	public void thresholdInnerEventsFromScoresAreConservative() {
		final Random r = new Random(3);
		final List<Sample> data = new ArrayList<>();
		for (int i = 0; i < 60; i++)
			data.add(blob("img" + i, r));
		final Settings s = Settings.builder(Method.THRESHOLD_INNER).alpha(0.1).tolerance(0.05).build();
		final List<ClassScores> scores = new ArrayList<>();
		for (final Sample x : data)
			scores.add(ClassScores.binary(s, x, null));
		final double counted = ClassCoverage.of(s, LabelClasses.BINARY, ClassJointRule.PER_CLASS,
			scores, SPLITS, 9).get(0).mean[0];
		final double measured = Validation.randomSplits(s, data, SPLITS, 0.5, 9).mean(Measure.VALIDITY);
		assertTrue(counted + " > " + measured, counted <= measured);
		assertTrue("both reach 1 − α − 0.05: " + counted, counted >= 0.85);
	}

	@Test
	public void mondrianCoversTheHardGroupThePooledCalibrationMisses() {
		final Settings s = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.5).build();
		final Random r = new Random(7);
		final List<Sample> data = new ArrayList<>();
		final List<ClassScores> grouped = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			final String g = i % 2 == 0 ? "easy" : "hard";
			final Sample x = GroupCoverageTest.block(g + "/" + i, g.equals("easy") ? 1.0 : 0.3, r);
			data.add(x);
			grouped.add(ClassScores.binary(s, x, g));
		}
		final List<GroupCoverage.Row> marginal = GroupCoverage.of(s, data, GroupCoverage::source,
			Measure.VALIDITY, 0.1, 100, 3);
		assertEquals("under", marginal.get(1).verdict());
		final List<ClassCoverage.Row> mondrian = ClassCoverage.of(s, LabelClasses.BINARY,
			ClassJointRule.PER_CLASS, grouped, 100, 3);
		assertEquals(Arrays.asList("easy", "hard", ClassCoverage.ALL), Arrays.asList(mondrian.get(0).group,
			mondrian.get(1).group, mondrian.get(2).group));
		for (final ClassCoverage.Row row : mondrian)
			assertTrue(row.group + " " + row.mean[0] + " " + row.band[0], row.band[0].contains(
				row.mean[0]));
	}

	@Test
	public void theJointEventOfIdenticalClassesIsEachClasssEvent() {
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.05).build();
		final LabelClasses two = LabelClasses.parse("1:a,2:b");
		final Random r = new Random(5);
		final List<ClassScores> scores = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			final ImageScore one = ClassScores.binary(s, blob("img" + i, r), null).get(0);
			scores.add(new ClassScores(one.id(), null, Arrays.asList(one, one)));
		}
		for (final ClassJointRule rule : ClassJointRule.values()) {
			final ClassCoverage.Row row = ClassCoverage.of(s, two, rule, scores, SPLITS, 2).get(0);
			assertEquals(rule.id(), row.mean[0], row.mean[2], 0);
			assertEquals(rule.id(), row.mean[1], row.mean[2], 0);
			assertEquals(rule.id() + ": a joint band unless per-class", rule != ClassJointRule.PER_CLASS,
				row.band[2] != null);
		}
	}

	/** A 16×16 image: a disk of truth, scores high inside it, with noise. */
	private static Sample blob(final String id, final Random r) {
		final Grid g = Grid.of(16, 16);
		final float[] s = new float[g.count()];
		final boolean[] t = new boolean[g.count()];
		final double cx = 5 + 6 * r.nextDouble(), cy = 5 + 6 * r.nextDouble(), rad = 2 + 2 * r
			.nextDouble();
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++) {
				final boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad;
				t[x + 16 * y] = in;
				s[x + 16 * y] = (float) Math.min(1, Math.max(0, (in ? 0.65 : 0.2) + 0.25 * r
					.nextGaussian()));
			}
		return Sample.of(id, new ScalarImage(g, s), null, new Mask(g, t));
	}
}
