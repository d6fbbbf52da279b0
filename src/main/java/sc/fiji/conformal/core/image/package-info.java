/**
 * Flat images of the engine: a {@link sc.fiji.conformal.core.image.Grid}
 * (size and voxel spacing), binary {@link sc.fiji.conformal.core.image.Mask}s
 * and real-valued {@link sc.fiji.conformal.core.image.ScalarImage}s, each
 * viewable as an ImgLib2 {@code ArrayImg} without copying.
 *
 * <pre>
 * ScalarImage s = ScalarImage.fromScores(img, new double[] { 1, 1 }, "scores/a.png");
 * Mask predicted = s.atLeast(0.5);
 * </pre>
 */
package sc.fiji.conformal.core.image;
