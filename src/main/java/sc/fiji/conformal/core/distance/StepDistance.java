package sc.fiji.conformal.core.distance;

import java.util.Arrays;

import net.imglib2.parallel.Parallelization;
import sc.fiji.conformal.core.image.Grid;

/**
 * City-block and chessboard distances computed in place in the output
 * {@code float[]}: every intermediate value is a whole number of steps (or
 * +Infinity), exact in single precision while the sizes sum to at most
 * 2<sup>24</sup> ({@link #exact}), so no wider work array and no conversion
 * pass are needed.
 * <p>
 * Axis 0 is scanned along its lines (contiguous), fused with the read of the
 * mask. Every later axis d is scanned as a sequence of hyperplanes (the voxels
 * with the same coordinate along d), each a contiguous run of memory, so each
 * cache line is used whole:
 * <ul>
 * <li>city-block: {@code L(p) = min(L(p), L(p - e_d) + 1)} forwards, then the
 * same backwards (the classic two running scans, on whole rows at once);</li>
 * <li>chessboard: {@code L(p) = min(L(p), min over the 3^d neighbours q of
 * p - e_d in the previous hyperplane of L(q) + 1)}, forwards then backwards.
 * This is exact because, after axes 0..d-1, L is the exact L∞ distance within
 * each hyperplane: the minimum of L over the (2k+1)^d box around p in the
 * hyperplane k steps back, plus k, is max(k, L∞ distance in that hyperplane),
 * and the scans take exactly these minima over all k. It replaces the lower
 * envelope per line (which costs a stack and branches per voxel) by a few
 * vectorisable minima.</li>
 * </ul>
 * Work is split over the caller's {@code Parallelization} executor: by
 * independent blocks and column ranges for city-block; by independent blocks
 * for chessboard, and for a single block (the last axis) by running the
 * forward and the backward scan on two tasks from the same input, each into
 * its own array, and taking their minimum (both scans are exact on their half
 * of the line, so the minimum is the exact distance).
 */
final class StepDistance {

	private static final float INF = Float.POSITIVE_INFINITY;

	/** City-block scans process this many floats of a hyperplane at once (fits L2 with the line). */
	private static final int CACHE_FLOATS = 1 << 17;

	private StepDistance() {}

	/** True if every distance on this grid is a whole number exact in a float. */
	static boolean exact(final Grid grid) {
		long sum = 0;
		for (int d = 0; d < grid.numDimensions(); d++)
			sum += grid.size(d);
		return sum <= 1 << 24;
	}

	/**
	 * Distance to the nearest voxel whose {@code f} value differs from
	 * {@code invert}, in steps.
	 */
	static float[] transform(final Grid grid, final boolean[] f, final boolean invert,
		final boolean chessboard, final boolean outside)
	{
		final float[] a = new float[grid.count()];
		final int n0 = grid.size(0);
		LineRunner.forEachChunk(grid.count() / n0, (from, to) -> {
			for (int j = from; j < to; j++)
				firstPass(f, j * n0, invert, a, j * n0, n0, outside);
		});
		for (int d = 1; d < grid.numDimensions(); d++) {
			if (chessboard) chessboardAxis(grid, a, d, outside);
			else cityBlockAxis(grid, a, d, outside);
		}
		return a;
	}

	/**
	 * Steps along the line {@code f[fStart, fStart + n)} to the nearest feature
	 * ({@code f != invert}), written to {@code a[start, start + n)}. Beyond the
	 * line there are features if {@code outside}, else none.
	 */
	static void firstPass(final boolean[] f, final int fStart, final boolean invert,
		final float[] a, final int start, final int n, final boolean outside)
	{
		// the position of the last (next) feature is carried from voxel to voxel with a
		// conditional move, not the distance itself, so no floating-point add is on the
		// loop-carried path; "no feature" is a position so far away that the distance is
		// larger than any on the line and becomes +Infinity at the end
		final int end = start + n;
		final int shift = fStart - start;
		final int none = 1 << 30;
		int last = outside ? start - 1 : start - none;
		for (int i = start; i < end; i++) {
			last = f[i + shift] != invert ? i : last;
			a[i] = i - last;
		}
		int next = outside ? end : end + none;
		for (int i = end - 1; i >= start; i--) {
			final float v = a[i];
			next = v == 0 ? i : next;
			final float t = next - i;
			final float m = v < t ? v : t;
			a[i] = m > n ? INF : m;
		}
	}

	// --- city-block ---------------------------------------------------------

	private static void cityBlockAxis(final Grid grid, final float[] a, final int d,
		final boolean outside)
	{
		final int s = grid.stride(d);
		final int n = grid.size(d);
		final int blocks = grid.count() / (s * n);
		// columns per unit: the unit's n rows fit in L2, so the backward scan reads from cache
		int width = Math.max(16, CACHE_FLOATS / n);
		// enough units for every task
		final int tasks = LineRunner.suggestedTasks();
		if ((long) blocks * ((s + width - 1) / width) < tasks) {
			width = Math.max(16, (s + tasks - 1) / tasks);
		}
		width = Math.min(width, s);
		final int w = width;
		final int perBlock = (s + w - 1) / w;
		LineRunner.forEachChunk(blocks * perBlock, (from, to) -> {
			for (int u = from; u < to; u++) {
				final int base = (u / perBlock) * s * n;
				final int c0 = (u % perBlock) * w;
				cityBlockColumns(a, base + c0, s, n, Math.min(w, s - c0), outside);
			}
		});
	}

	/**
	 * The two running scans along the axis of stride {@code s} on the columns
	 * {@code [start, start + width)} of a block of {@code n} hyperplanes.
	 */
	private static void cityBlockColumns(final float[] a, final int start, final int s, final int n,
		final int width, final boolean outside)
	{
		if (outside) clampToOne(a, start, width);
		for (int x = 1; x < n; x++) {
			final int r = start + x * s;
			minPlusOne(a, r - s, r, width);
		}
		final int last = start + (n - 1) * s;
		if (outside) clampToOne(a, last, width);
		for (int x = n - 2; x >= 0; x--) {
			final int r = start + x * s;
			minPlusOne(a, r + s, r, width);
		}
	}

	/** a[to + i] = min(a[to + i], a[from + i] + 1) for i in [0, width). */
	private static void minPlusOne(final float[] a, final int from, final int to, final int width) {
		for (int i = 0; i < width; i++) {
			final float v = a[to + i];
			final float t = a[from + i] + 1;
			a[to + i] = v < t ? v : t;
		}
	}

	private static void clampToOne(final float[] a, final int start, final int width) {
		for (int i = start; i < start + width; i++)
			if (a[i] > 1) a[i] = 1;
	}

	// --- chessboard ---------------------------------------------------------

	private static void chessboardAxis(final Grid grid, final float[] a, final int d,
		final boolean outside)
	{
		final int s = grid.stride(d);
		final int n = grid.size(d);
		final int blocks = grid.count() / (s * n);
		final int parallelism = Parallelization.getTaskExecutor().getParallelism();
		if (blocks == 1 && parallelism >= 2 && n > 1) {
			// one block: forward and backward on two tasks, each from the same input
			final float[] fwd = new float[s * n];
			final float[] bwd = new float[s * n];
			Parallelization.getTaskExecutor().forEach(Arrays.asList(0, 1), t -> {
				final float[] plane = new float[s];
				final float[] spare = new float[s];
				if (t == 0) chessboardScan(grid, a, fwd, 0, d, true, outside, plane, spare);
				else chessboardScan(grid, a, bwd, 0, d, false, outside, plane, spare);
			});
			LineRunner.forEachChunk(Math.max(1, s * n / 4096), (from, to) -> {
				final int units = Math.max(1, s * n / 4096);
				final int i0 = (int) ((long) s * n * from / units);
				final int i1 = (int) ((long) s * n * to / units);
				for (int i = i0; i < i1; i++) {
					final float x = fwd[i];
					final float y = bwd[i];
					a[i] = x < y ? x : y;
				}
			});
			return;
		}
		LineRunner.forEachChunk(blocks, (from, to) -> {
			final float[] plane = new float[s];
			final float[] spare = new float[s];
			for (int b = from; b < to; b++) {
				final int base = b * s * n;
				chessboardScan(grid, a, a, base, d, true, outside, plane, spare);
				chessboardScan(grid, a, a, base, d, false, outside, plane, spare);
			}
		});
	}

	/**
	 * One scan (forward or backward) along axis d over the block at
	 * {@code base}: {@code dst[p] = min(src[p], min of dst over the 3^d
	 * neighbours of the previous hyperplane + 1)}. {@code src} and {@code dst}
	 * may be the same array. {@code plane} and {@code spare} are scratch of one
	 * hyperplane each.
	 */
	private static void chessboardScan(final Grid grid, final float[] src, final float[] dst,
		final int base, final int d, final boolean forward, final boolean outside,
		final float[] plane, final float[] spare)
	{
		final int s = grid.stride(d);
		final int n = grid.size(d);
		final int n0 = grid.size(0);
		final int step = forward ? 1 : -1;
		final int first = forward ? 0 : n - 1;
		// the first hyperplane: its own values, and 1 if outside voxels are features
		final int r0 = base + first * s;
		for (int i = 0; i < s; i++) {
			final float v = src[r0 + i];
			dst[r0 + i] = outside && v > 1 ? 1 : v;
		}
		for (int x = first + step; x >= 0 && x < n; x += step) {
			final int r = base + x * s;
			final int p = r - step * s;
			if (d == 1) {
				// the 3 neighbours along axis 0, read in place
				rowUpdate(src, dst, r, p, n0);
			}
			else {
				final float[] m = neighbourhoodMin(grid, dst, p, d, plane, spare);
				for (int i = 0; i < s; i++) {
					final float v = src[r + i];
					final float t = m[i] + 1;
					dst[r + i] = v < t ? v : t;
				}
			}
		}
	}

	/** dst[r + i] = min(src[r + i], min(dst[p + i - 1 .. p + i + 1]) + 1) on a row of n0. */
	private static void rowUpdate(final float[] src, final float[] dst, final int r, final int p,
		final int n0)
	{
		if (n0 == 1) {
			final float t = dst[p] + 1;
			final float v = src[r];
			dst[r] = v < t ? v : t;
			return;
		}
		{
			final float m = Math.min(dst[p], dst[p + 1]) + 1;
			final float v = src[r];
			dst[r] = v < m ? v : m;
		}
		for (int i = 1; i < n0 - 1; i++) {
			final float l = dst[p + i - 1];
			final float c = dst[p + i];
			final float h = dst[p + i + 1];
			final float m1 = l < c ? l : c;
			final float m = (m1 < h ? m1 : h) + 1;
			final float v = src[r + i];
			dst[r + i] = v < m ? v : m;
		}
		{
			final float m = Math.min(dst[p + n0 - 2], dst[p + n0 - 1]) + 1;
			final float v = src[r + n0 - 1];
			dst[r + n0 - 1] = v < m ? v : m;
		}
	}

	private static void min2(final float[] a, final int i, final int j, final float[] out,
		final int o, final int len)
	{
		for (int k = 0; k < len; k++) {
			final float x = a[i + k];
			final float y = a[j + k];
			out[o + k] = x < y ? x : y;
		}
	}

	private static void min3(final float[] a, final int i, final int j, final int l,
		final float[] out, final int o, final int len)
	{
		for (int k = 0; k < len; k++) {
			final float x = a[i + k];
			final float y = a[j + k];
			final float z = a[l + k];
			final float m = x < y ? x : y;
			out[o + k] = m < z ? m : z;
		}
	}

	/**
	 * The minimum over the 3^d neighbourhood (axes 0..d-1) of the hyperplane at
	 * {@code p} of {@code a}: one 3-minimum per axis, between {@code plane} and
	 * {@code spare}; returns the one that holds the result.
	 */
	private static float[] neighbourhoodMin(final Grid grid, final float[] a, final int p, final int d,
		final float[] plane, final float[] spare)
	{
		final int s = grid.stride(d);
		final int n0 = grid.size(0);
		// axis 0: rows of n0
		for (int r = 0; r < s; r += n0) {
			if (n0 == 1) {
				plane[r] = a[p + r];
				continue;
			}
			plane[r] = Math.min(a[p + r], a[p + r + 1]);
			for (int i = 1; i < n0 - 1; i++) {
				final float l = a[p + r + i - 1];
				final float c = a[p + r + i];
				final float h = a[p + r + i + 1];
				final float m = l < c ? l : c;
				plane[r + i] = m < h ? m : h;
			}
			plane[r + n0 - 1] = Math.min(a[p + r + n0 - 2], a[p + r + n0 - 1]);
		}
		// axes 1..d-1: 3-minimum between whole rows of that axis' stride
		float[] in = plane;
		float[] out = spare;
		for (int e = 1; e < d; e++) {
			final int se = grid.stride(e);
			final int ne = grid.size(e);
			for (int b = 0; b < s; b += se * ne) {
				for (int x = 0; x < ne; x++) {
					final int r = b + x * se;
					if (ne == 1) System.arraycopy(in, r, out, r, se);
					else if (x == 0) min2(in, r, r + se, out, r, se);
					else if (x == ne - 1) min2(in, r - se, r, out, r, se);
					else min3(in, r - se, r, r + se, out, r, se);
				}
			}
			final float[] t = in;
			in = out;
			out = t;
		}
		return in;
	}
}
