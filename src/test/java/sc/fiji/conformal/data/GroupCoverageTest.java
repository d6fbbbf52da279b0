package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * {@link GroupCoverage} on synthetic sets: the pooled row is the validation's
 * own coverage; a group made harder is under-covered by the pooled
 * calibration (and the easier one over-covered); groups drawn alike both lie
 * in their band.
 */
public class GroupCoverageTest {

	private static final Settings FNR_HALF = Settings.builder(Method.THRESHOLD_OUTER).alpha(0.1)
		.tolerance(0.5).build();

	@Test
	public void aHarderGroupIsUnderCoveredByThePooledCalibration() {
		final List<Sample> data = new ArrayList<>();
		final Random r = new Random(7);
		for (int i = 0; i < 200; i++)
			data.add(block((i % 2 == 0 ? "easy/" : "hard/") + i, i % 2 == 0 ? 1.0 : 0.3, r));
		final List<GroupCoverage.Row> rows = GroupCoverage.of(FNR_HALF, data, GroupCoverage::source,
			Measure.VALIDITY, 0.1, 100, 3);
		assertEquals(3, rows.size());
		assertEquals("easy", rows.get(0).group);
		assertEquals(100, rows.get(0).images);
		assertEquals("over", rows.get(0).verdict());
		assertEquals("hard", rows.get(1).group);
		assertEquals("under", rows.get(1).verdict());
		final GroupCoverage.Row all = rows.get(2);
		assertEquals(GroupCoverage.ALL, all.group);
		assertEquals(200, all.images);
		assertEquals(100, all.testPerSplit, 0);
		assertEquals("the pooled row is the validation's coverage", Validation.randomSplits(FNR_HALF,
			data, 100, 0.5, 3).mean(Measure.VALIDITY), all.mean, 1e-12);
		assertEquals("in band", all.verdict());
	}

	@Test
	public void groupsDrawnAlikeAreBothInTheirBands() {
		final List<Sample> data = new ArrayList<>();
		final Random r = new Random(11);
		for (int i = 0; i < 240; i++)
			data.add(block((r.nextBoolean() ? "a/" : "b/") + i, 1.0, r));
		for (final GroupCoverage.Row row : GroupCoverage.of(FNR_HALF, data, GroupCoverage::source,
			Measure.VALIDITY, 0.1, 100, 5))
			assertEquals(row.group + " " + row.mean + " " + row.band, "in band", row.verdict());
	}

	@Test
	public void theSourceIsTheFirstPathElement() {
		assertEquals("CVC-ClinicDB", GroupCoverage.source("CVC-ClinicDB/100"));
		assertEquals("Kvasir", GroupCoverage.source("Kvasir/a/b"));
		assertEquals("plain", GroupCoverage.source("plain"));
	}

	/** A 10×10 image whose 4×4 truth block has scores uniform in [0, scale). */
	static Sample block(final String id, final double scale, final Random r) {
		final Grid g = Grid.of(10, 10);
		final float[] s = new float[g.count()];
		final boolean[] t = new boolean[g.count()];
		for (int y = 3; y < 7; y++)
			for (int x = 3; x < 7; x++) {
				t[x + 10 * y] = true;
				s[x + 10 * y] = (float) (scale * r.nextDouble());
			}
		return Sample.of(id, new ScalarImage(g, s), null, new Mask(g, t));
	}
}
