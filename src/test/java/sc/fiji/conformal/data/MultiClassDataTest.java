package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

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
