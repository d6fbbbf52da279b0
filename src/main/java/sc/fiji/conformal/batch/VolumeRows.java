package sc.fiji.conformal.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassSets;
import sc.fiji.conformal.core.ConformalSets;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.VolumeBounds;
import sc.fiji.conformal.core.image.Mask;

/**
 * One image's rows of the volumes table ({@value ClassBatch#VOLUMES}) and
 * their Log lines, the one formatting of per-class set sizes and volume
 * bounds for the folder apply and an open image alike. A row holds, per
 * class: id, group, class name, label (empty for a binary calibration), the
 * voxels of Ŷ, of the inner and of the outer set, one voxel's volume, and,
 * where the method has both sides, the bounds {@code lower ≤ volume ≤ upper}
 * in the spacing's units cubed and in mL (1000 mm³, for spacing in mm), the
 * probability they hold with, and whether that probability is for all
 * classes at once ({@link ClassCalibration#joint()}).
 */
public final class VolumeRows {

	/** The columns of a row. */
	public static final List<String> HEADER = Collections.unmodifiableList(Arrays.asList("id",
		"group", "class", "label", "predictedVoxels", "innerVoxels", "outerVoxels", "voxelVolume",
		"lowerVolume", "upperVolume", "lowerMl", "upperMl", "probability", "joint"));

	private VolumeRows() {}

	/** The rows of one image's sets, one per class in class order. */
	public static List<List<String>> of(final ClassCalibration c, final String id,
		final String group, final ClassSets sets)
	{
		final List<List<String>> rows = new ArrayList<>();
		final LabelClasses classes = c.classes();
		for (int k = 0; k < classes.size(); k++) {
			final ConformalSets s = sets.get(k);
			final VolumeBounds v = sets.volumes(k);
			rows.add(Arrays.asList(id, group == null ? "" : group, classes.name(k), classes.binary()
				? "" : String.valueOf(classes.label(k)), String.valueOf(s.predicted().count()), s
					.inner() == null ? "" : String.valueOf(s.inner().count()), s.outer() == null ? ""
						: String.valueOf(s.outer().count()), number(voxelVolume(s.predicted())), v == null
							? "" : number(v.lower()), v == null ? "" : number(v.upper()), v == null ? ""
								: number(v.lower() / 1000), v == null ? "" : number(v.upper() / 1000), v == null
									? "" : number(v.probability()), String.valueOf(c.joint())));
		}
		return rows;
	}

	/**
	 * The Log line of a row with volume bounds, in words a reader can quote:
	 * {@code id (group) class: between 1.2 and 3.4 mL (1,200 to 3,400 mm³),
	 * predicted 2.1 mL; probability at least 90% (for all classes at once)}:
	 * mL to 3 significant digits, the spacing's units cubed to the unit (mm³
	 * for NIfTI files in mm); or null for a row without bounds (a method
	 * lacking a side). The CSV row keeps the full precision.
	 */
	public static String line(final ClassCalibration c, final List<String> row) {
		if (row.get(8).isEmpty()) return null;
		final double predicted = Double.parseDouble(row.get(4)) * Double.parseDouble(row.get(7));
		return String.format(Locale.ROOT,
			"%s%s%s: between %s and %s mL (%s to %s mm³), predicted %s mL; probability at least %s%s",
			row.get(0), row.get(1).isEmpty() ? "" : " (" + row.get(1) + ")", c.classes().binary() ? ""
				: " " + row.get(2), ml(Double.parseDouble(row.get(8))), ml(Double.parseDouble(row.get(9))),
			cubic(Double.parseDouble(row.get(8))), cubic(Double.parseDouble(row.get(9))), ml(predicted),
			percent(Double.parseDouble(row.get(12))), c.joint() && c.classes().size() > 1
				? " for all classes at once" : "");
	}

	/** A volume in the spacing's units cubed, as mL (/ 1000) to 3 significant digits. */
	private static String ml(final double cubic) {
		final double v = cubic / 1000;
		if (v == 0) return "0";
		return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
			.toPlainString();
	}

	/** A volume in the spacing's units cubed, to the unit, with thousands separated. */
	private static String cubic(final double v) {
		return String.format(Locale.ROOT, "%,d", Math.round(v));
	}

	private static String percent(final double p) {
		final double v = 100 * p;
		return (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(Math.round(v * 100) /
			100.0)) + "%";
	}

	/** The Log lines of the rows that have volume bounds, in row order. */
	public static List<String> lines(final ClassCalibration c, final List<List<String>> rows) {
		final List<String> out = new ArrayList<>();
		for (final List<String> row : rows) {
			final String l = line(c, row);
			if (l != null) out.add(l);
		}
		return out;
	}

	private static double voxelVolume(final Mask m) {
		double v = 1;
		for (int d = 0; d < m.grid().numDimensions(); d++)
			v *= m.grid().spacing(d);
		return v;
	}

	private static String number(final double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
