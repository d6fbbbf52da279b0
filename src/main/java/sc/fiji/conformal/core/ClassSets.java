package sc.fiji.conformal.core;

import sc.fiji.conformal.core.image.Grid;

/**
 * The conformal sets of one image for every class of a {@link ClassCalibration}:
 * one {@link ConformalSets} per class (each the set of the class's one-vs-rest
 * sample), and, where the method has both an inner and an outer set, volume
 * bounds. Immutable.
 */
public final class ClassSets {

	private final ClassCalibration calibration;
	private final String group;
	private final ConformalSets[] perClass;

	ClassSets(final ClassCalibration calibration, final String group,
		final ConformalSets[] perClass)
	{
		this.calibration = calibration;
		this.group = group == null ? "" : group;
		this.perClass = perClass;
	}

	/** The classes, in the order of {@link #get}. */
	public LabelClasses classes() {
		return calibration.classes();
	}

	/** The image's group ("" for none). */
	public String group() {
		return group;
	}

	/** The sets of class c. */
	public ConformalSets get(final int c) {
		return perClass[c];
	}

	/**
	 * Volume bounds of class c, |I_c| ≤ |Y_c| ≤ |O_c| in the grid's physical
	 * units cubed (mm³ for spacing in mm), or null if the method lacks an
	 * inner or an outer set. They hold whenever I_c ⊆ Y_c ⊆ O_c, the events of
	 * confidence sets, so with probability at least {@link #boundProbability()}
	 * (per class, or for all classes at once when the calibration is
	 * {@link ClassCalibration#joint() joint}).
	 */
	public VolumeBounds volumes(final int c) {
		final ConformalSets s = perClass[c];
		if (s.inner() == null || s.outer() == null) return null;
		final Grid g = s.predicted().grid();
		double voxel = 1;
		for (int d = 0; d < g.numDimensions(); d++)
			voxel *= g.spacing(d);
		return new VolumeBounds(s.inner().count(), s.predicted().count(), s.outer().count(), voxel,
			boundProbability());
	}

	/** 1 − α: the probability the bounds hold (per class or jointly, see {@link #volumes}). */
	public double boundProbability() {
		return 1 - calibration.settings().alpha();
	}
}
