/**
 * Exact distance transforms (city-block, chessboard, Euclidean with
 * anisotropic spacing), the signed distance to a mask's boundary and Gaussian
 * smoothing, in any number of dimensions, separable and O(|V|).
 *
 * <pre>
 * Mask m = Mask.fromBinary(img, new double[] { 0.73, 0.73, 2.0 }, "liver.nii");
 * ScalarImage d = DistanceTransform.euclidean(m); // mm to the nearest liver voxel
 * Mask grown = d.atMost(5.0); // the liver dilated by a 5 mm ball
 * </pre>
 */
package sc.fiji.conformal.core.distance;
