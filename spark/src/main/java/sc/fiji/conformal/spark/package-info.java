/**
 * Conformal Segmentation on an Apache Spark cluster: the driver of
 * {@code spark-submit}. Executors do the per-image work (load, level map,
 * score); the driver merges the per-image results in dataset order with the
 * plugin's own code, so a calibration file equals the one made on one machine
 * from the same data (apart from its creation time).
 *
 * <pre>
 * spark-submit --master local[2] --class sc.fiji.conformal.spark.ConformalSpark \
 *   target/conformal-segmentation-spark-0.1.0-SNAPSHOT-driver.jar \
 *   calibrate --manifest /data/polyps/manifest.csv --method dilation --alpha 0.1 \
 *   --output /data/polyps-dilation.json
 * </pre>
 *
 * Only plain values travel between driver and executors: where the dataset
 * is, the settings as named parameters, and per-image results.
 */
package sc.fiji.conformal.spark;
