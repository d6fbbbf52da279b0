/**
 * Images through ImageJ 1.x: {@link sc.fiji.conformal.io.ij.ImagePlusBridge}
 * converts between {@code ImagePlus} and the engine's images (keeping the
 * voxel spacing), and {@link sc.fiji.conformal.io.ij.ImageJFiles} reads and
 * writes TIFF and PNG as ImageJ 1.x does, next to io's own NIfTI-1. This is
 * the only part of the file layer that imports ImageJ 1.x; it imports no
 * SciJava, so commands and the ImageJ 1.x menu bridge both build on it.
 *
 * <pre>
 * ImageJFiles files = new ImageJFiles();
 * ScalarImage scores = files.readScores(Paths.get("scores/img01.png"));
 * Sample s = ImagePlusBridge.sample(IJ.getImage(), true, null);
 * </pre>
 */
package sc.fiji.conformal.io.ij;
