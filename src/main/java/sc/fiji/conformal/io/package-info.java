/**
 * Files of the engine's images, in pure Java (no SciJava, ImageJ or ImageJ
 * 1.x imports). {@link sc.fiji.conformal.io.ImageFormats} is the registry of
 * image formats: the file's extension picks the {@link
 * sc.fiji.conformal.io.ImageFormat} and its {@link
 * sc.fiji.conformal.io.ImageCodec}, and whatever the format, stored values
 * become scores by one rule ({@link sc.fiji.conformal.io.ScoreScaling}:
 * integers divided by their type's maximum, floating point as stored, unless
 * the file scales its values) and masks by one rule ({@link
 * sc.fiji.conformal.io.BinaryMasks}: 0 and one non-zero value). NIfTI-1 is
 * read here ({@link sc.fiji.conformal.io.Nifti}, single-file {@code .nii} and
 * {@code .nii.gz}, in stored voxel order and without reorientation); TIFF and
 * PNG are decoded by ImageJ 1.x, plugged in from the io.ij package ({@code ImageJFiles}).
 *
 * <pre>
 * ImageFormats formats = ImageFormats.nifti(); // or ImageJFiles.formats() for TIFF and PNG too
 * ScalarImage p = formats.readScores(Paths.get("p.nii.gz")); // uint8: v / 255; scl_slope 1/255: v * slope
 * Mask truth = formats.readMask(Paths.get("gt.nii.gz")); // 0 and one non-zero value
 * NiftiVolume gt = Nifti.read(Paths.get("gt.nii.gz")); // uint8 0/1, 512x512x78
 * Mask strict = gt.toMask(); // fails on any value but 0 and 1
 * Nifti.write(Paths.get("outer.nii.gz"), outer); // uint8, atomic, never overwrites
 * Nifti.write(Paths.get("levels.nii"), levels, true); // float32, may replace
 * </pre>
 */
package sc.fiji.conformal.io;
