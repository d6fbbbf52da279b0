package sc.fiji.conformal.core;

import java.util.Arrays;

import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Voxel counts of one image's conformal sets against its ground truth, from
 * which every metric follows. Immutable.
 */
public final class SetCounts {

	/** Marks the counts of a side the method does not have. */
	public static final int ABSENT = -1;

	final int truth;
	final int predicted;
	final int outer;
	final int outerTruth;
	final int outerAdded;
	final int inner;
	final int innerTruth;
	final int innerFalsePositive;
	final int innerOutsideTruth;

	SetCounts(final int truth, final int predicted, final int outer, final int outerTruth,
		final int outerAdded, final int inner, final int innerTruth, final int innerFalsePositive,
		final int innerOutsideTruth)
	{
		this.truth = truth;
		this.predicted = predicted;
		this.outer = outer;
		this.outerTruth = outerTruth;
		this.outerAdded = outerAdded;
		this.inner = inner;
		this.innerTruth = innerTruth;
		this.innerFalsePositive = innerFalsePositive;
		this.innerOutsideTruth = innerOutsideTruth;
	}

	/** Counts the sets against the truth voxel by voxel. */
	public static SetCounts of(final ConformalSets sets, final Mask truth) {
		final Mask p = sets.predicted();
		p.grid().requireSameSize(truth.grid(), "prediction", "ground truth");
		final boolean[] y = truth.voxels();
		final boolean[] yh = p.voxels();
		int o = ABSENT, oy = ABSENT, oa = ABSENT;
		if (sets.outer() != null) {
			final boolean[] ov = sets.outer().voxels();
			o = oy = oa = 0;
			for (int i = 0; i < ov.length; i++) {
				if (!ov[i]) continue;
				o++;
				if (y[i]) oy++;
				if (!yh[i]) oa++;
			}
		}
		int in = ABSENT, iy = ABSENT, ifp = ABSENT, iout = ABSENT;
		if (sets.inner() != null) {
			final boolean[] iv = sets.inner().voxels();
			in = iy = ifp = iout = 0;
			for (int i = 0; i < iv.length; i++) {
				if (!iv[i]) continue;
				in++;
				if (y[i]) iy++;
				else {
					iout++;
					if (yh[i]) ifp++;
				}
			}
		}
		return new SetCounts(truth.count(), p.count(), o, oy, oa, in, iy, ifp, iout);
	}

	/** |Y|. */
	public int truth() {
		return truth;
	}

	/** |Ŷ|. */
	public int predicted() {
		return predicted;
	}

	/** |O|, or {@link #ABSENT}. */
	public int outer() {
		return outer;
	}

	/** |O ∩ Y|, or {@link #ABSENT}. */
	public int outerTruth() {
		return outerTruth;
	}

	/** |O ∖ Ŷ|: voxels the outer set adds, or {@link #ABSENT}. */
	public int outerAdded() {
		return outerAdded;
	}

	/** |I|, or {@link #ABSENT}. */
	public int inner() {
		return inner;
	}

	/** |I ∩ Y|, or {@link #ABSENT}. */
	public int innerTruth() {
		return innerTruth;
	}

	/** |I ∩ (Ŷ ∖ Y)|, or {@link #ABSENT}. */
	public int innerFalsePositive() {
		return innerFalsePositive;
	}

	/** |I ∖ Y|, or {@link #ABSENT}. */
	public int innerOutsideTruth() {
		return innerOutsideTruth;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SetCounts)) return false;
		final SetCounts c = (SetCounts) o;
		return Arrays.equals(array(), c.array());
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(array());
	}

	private int[] array() {
		return new int[] { truth, predicted, outer, outerTruth, outerAdded, inner, innerTruth,
			innerFalsePositive, innerOutsideTruth };
	}

	@Override
	public String toString() {
		return "SetCounts" + Arrays.toString(array());
	}

	/**
	 * One image's level maps with their values sorted per confusion cell
	 * (Y∩Ŷ, Y∖Ŷ, Ŷ∖Y, neither), so the counts at any λ cost O(log |V|): used
	 * to evaluate many thresholds on one image (validation splits).
	 */
	static final class Sorted {

		private final Method method;
		private final int truth;
		private final int predicted;
		private final float[][] inner;
		private final float[][] outer;

		Sorted(final Method method, final LevelMaps.ImageLevelMaps maps, final Mask truth) {
			this.method = method;
			this.truth = truth.count();
			predicted = maps.predicted().count();
			inner = maps.inner() == null ? null : cells(maps.inner(), maps.predicted(), truth);
			outer = maps.outer() == null ? null : cells(maps.outer(), maps.predicted(), truth);
		}

		private static float[][] cells(final ScalarImage level, final Mask predicted,
			final Mask truth)
		{
			final float[] l = level.values();
			final boolean[] y = truth.voxels();
			final boolean[] p = predicted.voxels();
			final int[] size = new int[4];
			for (int i = 0; i < l.length; i++)
				size[cell(y[i], p[i])]++;
			final float[][] c = { new float[size[0]], new float[size[1]], new float[size[2]],
				new float[size[3]] };
			final int[] at = new int[4];
			for (int i = 0; i < l.length; i++) {
				final int k = cell(y[i], p[i]);
				c[k][at[k]++] = l[i];
			}
			for (final float[] v : c)
				Arrays.sort(v);
			return c;
		}

		/** 0: Y∩Ŷ, 1: Y∖Ŷ, 2: Ŷ∖Y, 3: neither. */
		private static int cell(final boolean y, final boolean p) {
			return y ? (p ? 0 : 1) : (p ? 2 : 3);
		}

		/** The counts of the sets at λ_I and λ_O. */
		SetCounts at(final double lambdaInner, final double lambdaOuter) {
			int o = ABSENT, oy = ABSENT, oa = ABSENT;
			if (outer != null) {
				final int[] c = new int[4];
				for (int k = 0; k < 4; k++)
					c[k] = atMost(outer[k], lambdaOuter);
				o = c[0] + c[1] + c[2] + c[3];
				oy = c[0] + c[1];
				oa = c[1] + c[3];
			}
			int in = ABSENT, iy = ABSENT, ifp = ABSENT, iout = ABSENT;
			if (inner != null) {
				final boolean inclusive = method.innerIncludesLevel();
				final int[] c = new int[4];
				for (int k = 0; k < 4; k++)
					c[k] = inner[k].length - (inclusive ? below(inner[k], lambdaInner) : atMost(inner[k],
						lambdaInner));
				in = c[0] + c[1] + c[2] + c[3];
				iy = c[0] + c[1];
				ifp = c[2];
				iout = c[2] + c[3];
			}
			return new SetCounts(truth, predicted, o, oy, oa, in, iy, ifp, iout);
		}

		/** Number of sorted values ≤ x (compared in single precision, as the sets are). */
		private static int atMost(final float[] v, final double level) {
			final float x = (float) level;
			int lo = 0, hi = v.length;
			while (lo < hi) {
				final int mid = (lo + hi) >>> 1;
				if (v[mid] <= x) lo = mid + 1;
				else hi = mid;
			}
			return lo;
		}

		/** Number of sorted values &lt; x (single precision). */
		private static int below(final float[] v, final double level) {
			final float x = (float) level;
			int lo = 0, hi = v.length;
			while (lo < hi) {
				final int mid = (lo + hi) >>> 1;
				if (v[mid] < x) lo = mid + 1;
				else hi = mid;
			}
			return lo;
		}
	}
}
