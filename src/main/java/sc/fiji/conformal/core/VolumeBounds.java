package sc.fiji.conformal.core;

/**
 * Bounds on an object's true volume from its inner and outer sets:
 * |I| ≤ |Y| ≤ |O|, in voxels and in physical units (the product of the voxel
 * spacing; mm³ for spacing in mm, and mL = cm³ = 1000 mm³), holding with
 * probability at least {@link #probability()} when the calibration's events
 * are I ⊆ Y and Y ⊆ O (confidence sets). Immutable.
 */
public final class VolumeBounds {

	private final int lowerVoxels;
	private final int predictedVoxels;
	private final int upperVoxels;
	private final double voxelVolume;
	private final double probability;

	/**
	 * @param lowerVoxels |I|
	 * @param predictedVoxels |Ŷ|
	 * @param upperVoxels |O|
	 * @param voxelVolume one voxel's volume (product of the spacing)
	 * @param probability the probability the bounds hold
	 */
	public VolumeBounds(final int lowerVoxels, final int predictedVoxels, final int upperVoxels,
		final double voxelVolume, final double probability)
	{
		this.lowerVoxels = lowerVoxels;
		this.predictedVoxels = predictedVoxels;
		this.upperVoxels = upperVoxels;
		this.voxelVolume = voxelVolume;
		this.probability = probability;
	}

	/** |I| in voxels. */
	public int lowerVoxels() {
		return lowerVoxels;
	}

	/** |Ŷ| in voxels. */
	public int predictedVoxels() {
		return predictedVoxels;
	}

	/** |O| in voxels. */
	public int upperVoxels() {
		return upperVoxels;
	}

	/** |I| in physical units (mm³ for spacing in mm). */
	public double lower() {
		return lowerVoxels * voxelVolume;
	}

	/** |Ŷ| in physical units. */
	public double predicted() {
		return predictedVoxels * voxelVolume;
	}

	/** |O| in physical units. */
	public double upper() {
		return upperVoxels * voxelVolume;
	}

	/** One voxel's volume. */
	public double voxelVolume() {
		return voxelVolume;
	}

	/** The probability that |I| ≤ |Y| ≤ |O| holds. */
	public double probability() {
		return probability;
	}

	@Override
	public String toString() {
		return String.format("%.6g <= volume <= %.6g (predicted %.6g), probability >= %.4g", lower(),
			upper(), predicted(), probability);
	}
}
