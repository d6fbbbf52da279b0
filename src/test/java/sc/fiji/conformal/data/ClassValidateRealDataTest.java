package sc.fiji.conformal.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.conformal.batch.ClassValidate;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.Measure;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.core.Transform;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.io.GroupBy;
import sc.fiji.conformal.io.ImageFormats;
import sc.fiji.conformal.io.LabelDataset;

/**
 * The folder validation per class ({@link ClassValidate}: two passes over the
 * 257 two-class hippocampus volumes, sets measured) against
 * {@link ClassCoverage}, which counts the same splits' events from scores
 * read here (exact for these methods): every class's and the joint coverage
 * agree to 1e-12 over 12 splits (max rule on one thread, Bonferroni on two). Skips when the
 * data is absent.
 */
public class ClassValidateRealDataTest {

	private static final int SPLITS = 12;

	@Test
	public void hippocampusTwoClassesAgreeWithCountedCoverage() throws Exception {
		final File dir = SharedData.require("hippocampus-msd");
		final LabelDataset d = LabelDataset.fromManifest(new File(dir, "manifest-multiclass.csv")
			.toPath(), GroupBy.NONE, ImageFormats.nifti());
		final LabelClasses classes = LabelClasses.parse("1:anterior,2:posterior");
		final Settings dilation = Settings.builder(Method.DILATION).alpha(0.1).tolerance(0.01).shape(
			StructuringElement.EUCLIDEAN).build();
		final Settings confidence = Settings.builder(Method.CONFIDENCE_SETS).alphaInner(0.02)
			.alphaOuter(0.08).innerTransform(Transform.DISTANCE).outerTransform(Transform.DISTANCE)
			.build();
		final List<ClassScores> dilationScores = new ArrayList<>(), confidenceScores =
			new ArrayList<>();
		final LabelDataset.Loader loader = d.loader(classes, true);
		for (final LabelDataset.Entry e : d.entries()) {
			final ImageResult<LabelDataset.Loaded> r = loader.load(e);
			dilationScores.add(ClassScores.score(dilation, r.value().sample()));
			confidenceScores.add(ClassScores.score(confidence, r.value().sample()));
		}
		check(d, classes, dilation, ClassJointRule.MAX, dilationScores, 1);
		check(d, classes, confidence, ClassJointRule.BONFERRONI, confidenceScores, 2);
	}

	private static void check(final LabelDataset d, final LabelClasses classes, final Settings s,
		final ClassJointRule rule, final List<ClassScores> scores, final int threads)
		throws Exception
	{
		final String what = s.method().id() + " " + rule.id() + " on " + threads + " thread(s)";
		final ClassValidate.Run run = ClassValidate.validate(d, classes, s, rule, SPLITS, 0.5,
			PaperProtocols.SEED, LocalRunner.of(threads), null);
		assertTrue(what + ": " + run.failures(), run.failures().isEmpty());
		final ClassValidationResult v = run.validation();
		assertEquals(257, v.images(ClassValidationResult.ALL));
		assertEquals(129, v.nCalibration());
		final ClassCoverage.Row counted = ClassCoverage.of(s, classes, rule, scores, SPLITS,
			PaperProtocols.SEED).get(0);
		for (int c = 0; c < 2; c++) {
			assertEquals(what + " " + classes.name(c), counted.mean[c], v.coverage("", c), 1e-12);
			assertEquals(what + " " + classes.name(c), counted.sd[c], v.coverageSd("", c), 1e-12);
			assertTrue(what + ": measured sets have a size", v.mean("", c, Measure.STRETCH) >= 1);
		}
		assertEquals(what + " joint", counted.mean[2], v.jointCoverage(""), 1e-12);
		assertEquals(what, Arrays.asList(""), v.groups());
	}
}
