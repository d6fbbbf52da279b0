package sc.fiji.conformal.core.distance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;
import sc.fiji.conformal.core.image.Grid;

/**
 * City-block and chessboard distances computed in place in the output
 * {@code float[]}: every intermediate value is a whole number of steps (or
 * +Infinity), exact in single precision while the sizes sum to at most
 * 2<sup>24</sup> ({@link #exact}), so no wider work array and no conversion
 * pass are needed.
 * <p>
 * The axes are fused so that the map is streamed through memory about twice,
 * not once per axis and direction. The block of axes 0..d is transformed
 * hyperplane by hyperplane along axis d: each hyperplane (axes 0..d-1) is
 * transformed while it is in cache (recursively; on axis 0 the steps along the
 * line, fused with the read of the mask), then takes the forward step along
 * d from the previous hyperplane; a backward sweep along d finishes the block.
 * A step along d from hyperplane q to hyperplane p is
 * <ul>
 * <li>city-block: {@code L(p) = min(L(p), L(q) + 1)};</li>
 * <li>chessboard: {@code L(p) = min(L(p), min over the 3^d neighbours of p's
 * position in q of L + 1)}. This is exact because after axes 0..d-1 L is the
 * exact L∞ distance within each hyperplane: the minimum of L over the
 * (2k+1)^d box in the hyperplane k steps back, plus k, is max(k, L∞ distance
 * in that hyperplane), and the scans take exactly these minima over all k.</li>
 * </ul>
 * <p>
 * Threads: the last axis is cut into as many contiguous chunks as the
 * caller's {@code Parallelization} executor has threads, and each chunk is
 * transformed on its own as if the rest of the image had no features. The
 * exact distance is the minimum of that and the distance to the features of
 * the other chunks, which reaches a chunk only through its boundary
 * hyperplane: a carry starting from the neighbour chunk's exact boundary
 * values, stepped along the axis with the same step as above. The carry is
 * applied until a hyperplane where it improves nothing; after that it never
 * can, because the map is 1-Lipschitz along the axis in the metric (it is a
 * minimum of distance functions), so one stepped hyperplane never goes below
 * the next. The carries that cross more than one chunk are chained before
 * they are applied, read-only and with the same early stop.
 * <p>
 * Minima are taken with {@code Math.min}, which the JIT compiles to a single
 * min instruction; it equals the plain comparison here because no value is
 * NaN or −0.
 */
final class StepDistance {

	private static final float INF = Float.POSITIVE_INFINITY;

	/** A chunk of the last axis for one thread has at least this many hyperplanes. */
	private static final int MIN_CHUNK = 16;

	private final Grid grid;
	private final boolean[] f;
	private final boolean invert;
	private final boolean chessboard;
	private final boolean outside;
	private final float[] a;

	private StepDistance(final Grid grid, final boolean[] f, final boolean invert,
		final boolean chessboard, final boolean outside)
	{
		this.grid = grid;
		this.f = f;
		this.invert = invert;
		this.chessboard = chessboard;
		this.outside = outside;
		this.a = new float[grid.count()];
	}

	/** True if every distance on this grid is a whole number exact in a float. */
	static boolean exact(final Grid grid) {
		long sum = 0;
		for (int d = 0; d < grid.numDimensions(); d++)
			sum += grid.size(d);
		return sum <= 1 << 24;
	}

	/**
	 * Distance to the nearest voxel whose {@code f} value differs from
	 * {@code invert}, in steps. Beyond the grid there are features if
	 * {@code outside}, else none.
	 */
	static float[] transform(final Grid grid, final boolean[] f, final boolean invert,
		final boolean chessboard, final boolean outside)
	{
		final StepDistance t = new StepDistance(grid, f, invert, chessboard, outside);
		t.run();
		return t.a;
	}

	private void run() {
		final int last = grid.numDimensions() - 1;
		final int n = grid.size(last);
		final TaskExecutor executor = Parallelization.getTaskExecutor();
		final int chunks = last == 0 ? 1 : Math.max(1, Math.min(Math.min(executor.getParallelism(), n /
			MIN_CHUNK), LineRunner.tasksFor(grid.count())));
		if (chunks == 1) {
			block(last, a, 0, 0, 0, n, new Scratch(grid));
			return;
		}
		final int[] bound = new int[chunks + 1];
		final List<Integer> ids = new ArrayList<>(chunks);
		for (int i = 0; i <= chunks; i++)
			bound[i] = (int) ((long) n * i / chunks);
		for (int i = 0; i < chunks; i++)
			ids.add(i);
		executor.forEach(ids, i -> block(last, a, 0, 0, bound[i], bound[i + 1], new Scratch(grid)));
		// down[i]: exact distance, on hyperplane bound[i] - 1, to the features of chunks < i;
		// up[i]: on hyperplane bound[i + 1], to the features of chunks > i
		final Scratch scratch = new Scratch(grid);
		final float[][] down = new float[chunks][];
		final float[][] up = new float[chunks][];
		down[1] = hyperplane(bound[1] - 1);
		for (int i = 1; i + 1 < chunks; i++)
			down[i + 1] = carry(down[i], bound[i], bound[i + 1], true, false, scratch);
		up[chunks - 2] = hyperplane(bound[chunks - 1]);
		for (int i = chunks - 2; i > 0; i--)
			up[i - 1] = carry(up[i], bound[i], bound[i + 1], false, false, scratch);
		executor.forEach(ids, i -> {
			final Scratch own = new Scratch(grid);
			if (i > 0) carry(down[i], bound[i], bound[i + 1], true, true, own);
			if (i + 1 < chunks) carry(up[i], bound[i], bound[i + 1], false, true, own);
		});
	}

	/**
	 * Transforms hyperplanes {@code [lo, hi)} of axis d of the block of axes
	 * 0..d whose mask starts at {@code maskAt}, into {@code out} from
	 * {@code outAt}, with the features in that range only (and those beyond the
	 * grid if {@code outside} and the range touches its border). Each
	 * hyperplane is built and stepped in the task's scratch at index 0, so the
	 * step reads and writes the same indices of two arrays, which the JIT
	 * vectorises (it does not for two offsets into one array).
	 */
	private void block(final int d, final float[] out, final int outAt, final int maskAt,
		final int lo, final int hi, final Scratch scratch)
	{
		if (d == 0) {
			firstPass(f, maskAt, invert, out, outAt, grid.size(0), outside);
			return;
		}
		final int s = grid.stride(d);
		final int n = grid.size(d);
		float[] cur = scratch.cur[d];
		float[] prev = scratch.prev[d];
		for (int x = lo; x < hi; x++) {
			// a line straight away (the common case, without a recursive call), else a hyperplane
			if (d == 1) firstPass(f, maskAt + x * s, invert, cur, 0, s, outside);
			else block(d - 1, cur, 0, maskAt + x * s, 0, grid.size(d - 1), scratch);
			if (x == 0 && outside) clampToOne(cur, s);
			if (x > lo) step(d, prev, cur, scratch);
			if (x == n - 1 && outside) clampToOne(cur, s);
			System.arraycopy(cur, 0, out, outAt + x * s, s);
			final float[] t = prev;
			prev = cur;
			cur = t;
		}
		// prev holds hyperplane hi - 1
		for (int x = hi - 2; x >= lo; x--) {
			final int at = outAt + x * s;
			System.arraycopy(out, at, cur, 0, s);
			step(d, prev, cur, scratch);
			System.arraycopy(cur, 0, out, at, s);
			final float[] t = prev;
			prev = cur;
			cur = t;
		}
	}

	/** cur = min(cur, the step along d from the hyperplane prev); both from index 0. */
	private void step(final int d, final float[] prev, final float[] cur, final Scratch scratch) {
		final int s = grid.stride(d);
		if (chessboard) minPlusOne(neighbourhoodMin(grid, prev, s, d, scratch), cur, s);
		else minPlusOne(prev, cur, s);
	}

	/** A copy of hyperplane x of the last axis. */
	private float[] hyperplane(final int x) {
		final int s = grid.stride(grid.numDimensions() - 1);
		return Arrays.copyOfRange(a, x * s, x * s + s);
	}

	/**
	 * Steps a carry (exact distances to the features of the chunks before
	 * {@code [lo, hi)} in the given direction, on the hyperplane just before
	 * it) through the chunk, and returns the exact distance to the same
	 * features together with the chunk's own on the chunk's far hyperplane. If {@code apply}, the
	 * carry is also taken into the map.
	 * Stops early where it improves nothing (see the class description).
	 */
	private float[] carry(final float[] start, final int lo, final int hi, final boolean forward,
		final boolean apply, final Scratch scratch)
	{
		final int d = grid.numDimensions() - 1;
		final int s = grid.stride(d);
		final int far = forward ? hi - 1 : lo;
		float[] c = start.clone();
		float[] next = new float[s];
		for (int x = forward ? lo : hi - 1; forward ? x < hi : x >= lo; x += forward ? 1 : -1) {
			if (chessboard) {
				final float[] m = neighbourhoodMin(grid, c, s, d, scratch);
				for (int i = 0; i < s; i++)
					next[i] = m[i] + 1;
			}
			else {
				for (int i = 0; i < s; i++)
					next[i] = c[i] + 1;
			}
			final float[] t = c;
			c = next;
			next = t;
			if (!improves(c, x * s, apply)) return hyperplane(far);
		}
		// c is on the far hyperplane and improved it everywhere it is below
		final float[] own = hyperplane(far);
		for (int i = 0; i < s; i++)
			if (own[i] < c[i]) c[i] = own[i];
		return c;
	}

	/** Whether c is below a anywhere on the hyperplane at {@code at}; if {@code apply}, a = min(a, c). */
	private boolean improves(final float[] c, final int at, final boolean apply) {
		boolean any = false;
		for (int i = 0; i < c.length; i++) {
			final float v = a[at + i];
			final float t = c[i];
			final boolean below = t < v;
			any |= below;
			if (apply) a[at + i] = below ? t : v;
		}
		return any;
	}

	/**
	 * Per-task scratch: the hyperplane being built and the previous one for
	 * every axis d &ge; 1 ({@code stride(d)} values each), and three hyperplanes
	 * of the last axis for the chessboard neighbourhood minimum.
	 */
	private static final class Scratch {

		final float[][] cur;
		final float[][] prev;
		final float[] plane;
		final float[] spare;
		final float[] shifted;

		Scratch(final Grid grid) {
			final int dims = grid.numDimensions();
			cur = new float[dims][];
			prev = new float[dims][];
			for (int d = 1; d < dims; d++) {
				cur[d] = new float[grid.stride(d)];
				prev[d] = new float[grid.stride(d)];
			}
			final int s = grid.stride(dims - 1);
			plane = new float[s];
			spare = new float[s];
			shifted = new float[s];
		}
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

	/** b[i] = min(b[i], a[i] + 1) for i in [0, width). */
	private static void minPlusOne(final float[] a, final float[] b, final int width) {
		for (int i = 0; i < width; i++)
			b[i] = Math.min(b[i], a[i] + 1);
	}

	private static void clampToOne(final float[] a, final int width) {
		for (int i = 0; i < width; i++)
			a[i] = Math.min(a[i], 1);
	}

	/**
	 * The minimum over the 3^k neighbourhood (axes 0..k-1, k &ge; 1) of the
	 * {@code s} values of {@code in} from index 0 (whole blocks of those axes):
	 * a 3-minimum per axis, between {@code plane} and {@code spare}; returns the
	 * one that holds the result.
	 */
	private static float[] neighbourhoodMin(final Grid grid, final float[] in, final int s,
		final int k, final Scratch scratch)
	{
		float[] from = in;
		float[] to = scratch.plane;
		for (int e = 0; e < k; e++) {
			min3Along(from, to, scratch.shifted, s, grid.stride(e), grid.size(e));
			from = to;
			to = to == scratch.plane ? scratch.spare : scratch.plane;
		}
		return from;
	}

	/**
	 * out[i] = the minimum of in at i and its neighbours at i &plusmn; se that
	 * lie on the same line of the axis of stride {@code se} and size
	 * {@code ne}, for i in [0, s) (whole blocks of se·ne). The neighbours are
	 * laid beside i by copying in shifted by one step (array copies), so both
	 * minima read and write the same index of different arrays, which the JIT
	 * vectorises; a loop reading in[i - se] and in[i + se] it does not, for
	 * se = 1.
	 */
	private static void min3Along(final float[] in, final float[] out, final float[] shifted,
		final int s, final int se, final int ne)
	{
		if (ne == 1) {
			System.arraycopy(in, 0, out, 0, s);
			return;
		}
		final int line = se * ne;
		final int inner = se * (ne - 1);
		// the next neighbour (a voxel on the last step of a line has none: itself)
		for (int b = 0; b < s; b += line) {
			System.arraycopy(in, b + se, shifted, b, inner);
			System.arraycopy(in, b + inner, shifted, b + inner, se);
		}
		for (int i = 0; i < s; i++)
			out[i] = Math.min(in[i], shifted[i]);
		// the previous neighbour (on the first step: itself)
		for (int b = 0; b < s; b += line) {
			System.arraycopy(in, b, shifted, b + se, inner);
			System.arraycopy(in, b, shifted, b, se);
		}
		for (int i = 0; i < s; i++)
			out[i] = Math.min(out[i], shifted[i]);
	}
}
