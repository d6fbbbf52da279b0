/**
 * Conformal Segmentation on an Apache Spark cluster: the driver of
 * {@code spark-submit} ({@link sc.fiji.conformal.spark.ConformalSpark}) and
 * the {@link sc.fiji.conformal.core.run.Runner} it plugs into the plugin's
 * folder workflows ({@link sc.fiji.conformal.spark.SparkRunner}). Executors
 * load and process images; the driver merges their results in dataset order
 * with the plugin's own code, so calibration files, validation tables and
 * applied sets equal those of one machine (apart from a calibration's
 * creation time).
 *
 * <pre>
 * spark-submit --master local[2] --class sc.fiji.conformal.spark.ConformalSpark \
 *   spark/target/conformal-segmentation-spark-0.1.0-SNAPSHOT-driver.jar \
 *   calibrate --manifest /data/ct/manifest.csv --method dilation --alpha 0.1 \
 *   --output /data/ct/dilation.json \
 *   then apply --calibrationFile /data/ct/dilation.json --manifest /data/ct/new.csv \
 *   --output /data/ct/sets
 * </pre>
 *
 * From Java, any workflow runs on a cluster by handing it the runner, with a
 * dataset whose reader travels to the executors:
 *
 * <pre>
 * Dataset data = new DatasetPaths(null, null, null, manifest).open(new PortableFiles());
 * // or on a Hadoop file system: the files are named by their URIs' paths
 * HadoopFiles hdfs = HadoopFiles.of(URI.create("hdfs://nn:8020/"), sc.hadoopConfiguration());
 * Dataset data = Dataset.fromManifest(Paths.get("/data/ct/manifest.csv"), hdfs, hdfs);
 * Batch.Result&lt;Calibration&gt; r = Batch.calibrate(data, settings, root,
 * 	new SparkRunner(javaSparkContext, 0), null);
 * </pre>
 *
 * Only plain values travel between driver and executors: the entries (an id
 * and paths), the per-image task (settings as named parameters) and the
 * per-image results.
 */
package sc.fiji.conformal.spark;
