/**
 * Per-image work as a pure function, run in parallel; everything else is a
 * merge. An {@link sc.fiji.conformal.core.run.ImageTask} maps one entry (a
 * sample in memory, or the paths of an image's files) to a per-image result;
 * a {@link sc.fiji.conformal.core.run.Runner} maps every entry and hands the
 * results to a sink in entry order, so a reduction that merges them there
 * (λ̂ from the scores, validation sums over the test images) gives the same
 * value to the last bit whatever the number of threads. A bad image is an
 * {@link sc.fiji.conformal.core.run.ImageResult} that names it
 * ({@link sc.fiji.conformal.core.run.ImageFailure}), not an exception; a
 * cancel is a {@link sc.fiji.conformal.core.run.RunCanceledException}.
 * {@link sc.fiji.conformal.core.run.LocalRunner} runs on this machine's
 * cores; a distributed backend implements the same interface.
 *
 * <pre>
 * Runner runner = LocalRunner.of(4);
 * List&lt;ImageScore&gt; scores = runner.map(samples, s -&gt; ImageScores.score(settings, s),
 * 	RunMonitor.NONE); // in sample order
 * Calibration c = Calibrator.fromScores(settings, scores);
 * </pre>
 */
package sc.fiji.conformal.core.run;
