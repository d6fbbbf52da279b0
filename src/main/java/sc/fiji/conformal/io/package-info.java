/**
 * Files of the engine's images, in pure Java (no SciJava, ImageJ or ImageJ
 * 1.x imports). {@link sc.fiji.conformal.io.Nifti} reads and writes
 * single-file NIfTI-1 ({@code .nii}, {@code .nii.gz}) as
 * {@link sc.fiji.conformal.core.image.Grid}-based images, in stored voxel
 * order and without reorientation.
 *
 * <pre>
 * NiftiVolume gt = Nifti.read(Paths.get("gt.nii.gz")); // uint8 0/1, 512x512x78
 * Mask truth = gt.toMask(); // fails on any value but 0 and 1
 * ScalarImage ct = Nifti.read(Paths.get("image.nii.gz")).toScores();
 * Nifti.write(Paths.get("outer.nii.gz"), outer); // uint8, atomic, never overwrites
 * Nifti.write(Paths.get("levels.nii"), levels, true); // float32, may replace
 * </pre>
 */
package sc.fiji.conformal.io;
