/**
 * The conformal engine: pure Java and ImgLib2, no SciJava or ImageJ.
 * <p>
 * Every method is a nested family of sets written as level sets of one map
 * per image ({@link sc.fiji.conformal.core.LevelMaps}); a per-image score is
 * one order statistic of that map ({@link sc.fiji.conformal.core.ImageScores});
 * λ̂ is the conformal quantile of the scores
 * ({@link sc.fiji.conformal.core.ConformalQuantile}). The guarantees assume the
 * calibration images and new images are exchangeable.
 *
 * <pre>
 * Settings settings = Settings.builder(Method.DILATION)
 * 	.alpha(0.1).tolerance(0).shape(StructuringElement.CROSS).build();
 * Calibration cal = Calibrator.calibrate(settings, samples); // Iterable&lt;Sample&gt;, streamed
 * ConformalSets sets = cal.apply(Sample.of("new", scores, null, null));
 * Mask outer = sets.outer(); // contains the true object with probability ≥ 90%
 * ValidationResult v = Validation.randomSplits(settings, samples, 500, 0.5, 1);
 * double coverage = v.mean(Measure.VALIDITY);
 * </pre>
 */
package sc.fiji.conformal.core;
