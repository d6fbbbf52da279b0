package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassCalibrator;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.RunMonitor;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.Nifti;
import sc.fiji.conformal.io.NiftiVolume;

/**
 * The two-class hippocampus volumes (../shared/data/hippocampus-msd, its
 * manifest-multiclass.csv as it is): each class's score through the label-map
 * path equals the binary method on one-vs-rest masks and channels read
 * voxel by voxel with the plain NIfTI reader, image for image.
 */
public class MultiClassDataTest {

	private static final int VOLUMES = 4;

	@Test
	public void perClassScoresEqualTheBinaryMethodOnOneVsRestVolumes() throws IOException {
		final File folder = SharedData.require("hippocampus-msd");
		final LabelDataset d = LabelDataset.fromManifest(new File(folder, "manifest-multiclass.csv")
			.toPath(), GroupBy.NONE, ImageFormats.nifti());
		assertEquals(257, d.entries().size());
		final LabelClasses classes = LabelClasses.parse("1:anterior,2:posterior");
		assertEquals(classes.labels().length, d.defaultClasses().size());
		final List<Settings> all = Arrays.asList(Settings.builder(Method.DILATION).alpha(0.1)
			.tolerance(0.05).shape(StructuringElement.EUCLIDEAN).build(), Settings.builder(
				Method.THRESHOLD_OUTER).alpha(0.1).tolerance(0.1).build(), Settings.builder(
					Method.CONFIDENCE_SETS).alpha(0.1).build());
		for (int i = 0; i < VOLUMES; i++) {
			final LabelDataset.Entry e = d.entries().get(i);
			final ImageResult<LabelDataset.Loaded> r = d.loader(classes, true).load(e);
			assertTrue(r.toString(), r.ok());
			assertTrue(r.value().warnings().toString(), r.value().warnings().isEmpty());
			final NiftiVolume truth = Nifti.read(e.truth());
			final NiftiVolume pred = Nifti.read(e.prediction());
			final NiftiVolume probs = Nifti.read(e.probabilities());
			final Grid g = truth.grid();
			for (int c = 0; c < 2; c++) {
				final Sample one = Sample.of(e.id(), channel(probs, g, c + 1), equal(pred, g, c + 1),
					equal(truth, g, c + 1));
				for (final Settings s : all) {
					final ClassScores cs = ClassScores.score(s, r.value().sample());
					final ImageScore want = ImageScores.score(s, one);
					assertEquals(e.id() + " " + s.method().id() + " class " + c, want.inner(), cs.get(c)
						.inner(), 0);
					assertEquals(e.id() + " " + s.method().id() + " class " + c, want.outer(), cs.get(c)
						.outer(), 0);
				}
			}
		}
	}

	/**
	 * All 257 volumes scored once (both classes, Euclidean dilation of the
	 * argmax prediction to full coverage); 100 seeded half/half splits: every
	 * class covers, and under bonferroni and max both classes' outer sets
	 * contain their truth at once, in at least 1 − α of the test volumes on
	 * average, within 4 standard errors; the figures are printed.
	 */
	@Test
	public void jointCoverageOverRandomSplits() throws IOException {
		final File folder = SharedData.require("hippocampus-msd");
		final LabelDataset d = LabelDataset.fromManifest(new File(folder, "manifest-multiclass.csv")
			.toPath(), GroupBy.NONE, ImageFormats.nifti());
		final LabelClasses classes = LabelClasses.parse("1:anterior,2:posterior");
		final Settings s = Settings.builder(Method.DILATION).alpha(0.1).shape(
			StructuringElement.EUCLIDEAN).build();
		final long t0 = System.nanoTime();
		final List<ClassScores> all = new java.util.ArrayList<>();
		LocalRunner.allCores().run(d.entries(), e -> d.loader(classes, true).load(e).map(l -> ClassScores
			.score(s, l.sample())), RunMonitor.NONE, r -> all.add(r.value()));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertEquals(257, all.size());
		final int splits = 100, nCal = 128;
		final java.util.Random rnd = new java.util.Random(2026);
		final StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT,
			"hippocampus-msd, 257 volumes scored in %.1f s; dilation (Euclidean, full coverage), alpha 0.1, %d splits %d/%d:",
			seconds, splits, nCal, 257 - nCal));
		for (final ClassJointRule rule : ClassJointRule.values()) {
			long joint = 0, tests = 0;
			final long[] per = new long[2];
			final double[] width = new double[2];
			for (int t = 0; t < splits; t++) {
				final List<ClassScores> shuffled = new java.util.ArrayList<>(all);
				java.util.Collections.shuffle(shuffled, rnd);
				final ClassCalibration c = ClassCalibrator.fromScores(s, classes, rule, shuffled.subList(0,
					nCal));
				for (final ClassScores x : shuffled.subList(nCal, 257)) {
					boolean allHold = true;
					for (int k = 0; k < 2; k++) {
						final boolean holds = x.get(k).outer() <= c.cell("", k).outer().lambda();
						if (holds) per[k]++;
						allHold &= holds;
					}
					if (allHold) joint++;
					tests++;
				}
				width[0] += c.cell("", 0).outer().lambda();
				width[1] += c.cell("", 1).outer().lambda();
			}
			final double j = joint / (double) tests;
			out.append(String.format(java.util.Locale.ROOT,
				"%n  %-10s joint %.4f, anterior %.4f, posterior %.4f, mean margins %.3f / %.3f mm", rule.id(),
				j, per[0] / (double) tests, per[1] / (double) tests, width[0] / splits, width[1] / splits));
			// per split, the coverage given the calibration set varies with sd ≈ sqrt(α(1−α)/n)
			final double band = 4 * Math.sqrt(0.1 * 0.9 / nCal / splits + 0.1 * 0.9 / tests);
			if (rule != ClassJointRule.PER_CLASS) assertTrue(rule.id() + " joint " + j, j >= 0.9 - band);
			for (int k = 0; k < 2; k++)
				assertTrue(rule.id() + " class " + k, per[k] / (double) tests >= 0.9 - band);
		}
		System.out.println(out);
	}

	private static Mask equal(final NiftiVolume v, final Grid g, final int label) {
		final boolean[] m = new boolean[g.count()];
		for (int i = 0; i < m.length; i++)
			m[i] = v.get(i) == label;
		return new Mask(g, m);
	}

	private static ScalarImage channel(final NiftiVolume v, final Grid g, final int label) {
		final float[] p = new float[g.count()];
		for (int i = 0; i < p.length; i++)
			p[i] = (float) v.get(label * p.length + i);
		return new ScalarImage(g, p);
	}
}
