package sc.fiji.conformal.core.distance;

import sc.fiji.conformal.core.image.Grid;

/**
 * Exact Euclidean distance with voxel spacing, in double precision per line
 * and rounded to float once (so the result does not depend on the order of
 * the axes), with the memory traffic of the single-precision output only
 * wherever the dimension allows:
 * <ul>
 * <li>axis 0 counts whole steps to the nearest feature on the line (exact in
 * a float), fused with the read of the mask;</li>
 * <li>every later axis runs the lower envelope of Felzenszwalb &amp;
 * Huttenlocher on {@link #BLOCK} adjacent lines at once: the lines are
 * gathered from memory a few whole cache lines per step, transformed in a
 * scratch buffer in double precision, and scattered back — on the last axis
 * directly as the rounded square root into the output;</li>
 * <li>in 2-D the steps of axis 0 stay in the output array and are squared in
 * double precision as they are gathered, so there is no double-precision work
 * array at all; in 3-D and more a {@code double[]} holds the partial squared
 * distances between axes, and axes 0 and 1 are done plane by plane while the
 * plane is in cache.</li>
 * </ul>
 * Every value is computed with the same double-precision operations as the
 * textbook line-by-line transform: {@code (k w0)^2} after axis 0, then
 * {@code w_d^2 dx^2 + g} per later axis.
 * <p>
 * On the leading axes whose spacings are whole numbers (unit spacing above
 * all) every squared distance is a whole number, exact in a double, so the
 * double-precision values are the exact ones. Those axes run the envelope in
 * {@code long}s with exact comparisons and no division
 * ({@link #wholeAxes}, {@link #wholeEnvelope}); the result is the same, bit
 * for bit. In 2-D with whole spacings nothing is transposed at all
 * ({@link #wholePlane}): the order of the axes does not matter for exact
 * values, so the steps along axis 1 come from running scans over whole rows
 * and the envelope runs along each row in place.
 */
final class EuclideanDistance {

	/** Adjacent lines transformed together: 16 floats or 2 × 8 doubles = whole cache lines. */
	static final int BLOCK = 16;

	private EuclideanDistance() {}

	/**
	 * Distance between gathered lines in the scratch buffer: the line length
	 * plus one cache line, so that lines whose length is a power of two do not
	 * all fall into the same cache set.
	 */
	private static int pitch(final int n) {
		return n + 8;
	}

	/** Per-task scratch: a block of gathered lines and the envelope's stacks. */
	private static final class Scratch {

		final double[] lines;
		final int[] sites;
		final double[] siteValues;
		final double[] from;
		final long[] keys;
		final long[] exact;

		Scratch(final int n) {
			this(n, true);
		}

		/** Without the gathered lines if not {@code blocked}. */
		Scratch(final int n, final boolean blocked) {
			lines = blocked ? new double[BLOCK * pitch(n)] : null;
			sites = new int[n + 3];
			siteValues = new double[n + 3];
			from = new double[n + 3];
			keys = new long[n + 3];
			exact = new long[n];
		}
	}

	/**
	 * Euclidean distance (physical units) to the nearest voxel whose
	 * {@code f} value differs from {@code invert}.
	 */
	static float[] transform(final Grid grid, final boolean[] f, final boolean invert,
		final boolean outside)
	{
		return transform(grid, f, invert, outside, WHOLE_LIMIT);
	}

	/**
	 * {@link #transform(Grid, boolean[], boolean, boolean)} with the bound of
	 * {@link #wholeAxes} given (the tests lower it to reach the fallbacks).
	 */
	static float[] transform(final Grid grid, final boolean[] f, final boolean invert,
		final boolean outside, final long limit)
	{
		final int dims = grid.numDimensions();
		final int whole = wholeAxes(grid, limit);
		final float[] out = new float[grid.count()];
		if (dims == 2 && whole == 2 && planeInBounds(grid, limit)) {
			wholePlane(grid, f, invert, outside, out);
			return out;
		}
		final int n0 = grid.size(0);
		final double w0 = grid.spacing(0);
		if (dims == 2) {
			LineRunner.forEachChunk(grid.count() / n0, grid.count(), (from, to) -> {
				for (int j = from; j < to; j++)
					StepDistance.firstPass(f, j * n0, invert, out, j * n0, n0, outside);
			});
			axis(grid, 1, null, out, w0, out, outside, whole);
			return out;
		}
		final double[] work = new double[grid.count()];
		final int plane = grid.stride(2);
		final int n1 = grid.size(1);
		final int lastDim = dims - 1;
		// axes 0 and 1 plane by plane, while the plane is in cache
		LineRunner.forEachChunk(grid.count() / plane, grid.count(), (from, to) -> {
			final float[] steps = new float[n0];
			final Scratch s = new Scratch(LineRunner.maxSize(grid));
			for (int p = from; p < to; p++) {
				final int base = p * plane;
				for (int r = 0; r < plane; r += n0) {
					StepDistance.firstPass(f, base + r, invert, steps, 0, n0, outside);
					for (int x = 0; x < n0; x++) {
						final double d = steps[x] * w0;
						work[base + r + x] = d * d;
					}
				}
				axisBlock(grid, 1, base, work, null, 0, null, outside, whole, s, 0, n0, n1);
			}
		});
		for (int d = 2; d < lastDim; d++)
			axis(grid, d, work, null, 0, null, outside, whole);
		axis(grid, lastDim, work, null, 0, out, outside, whole);
		return out;
	}

	/**
	 * The envelope pass along axis {@code d} over the whole image: reads
	 * squared distances from {@code src} (or whole steps from {@code steps},
	 * squared with spacing {@code w0}), and writes squared distances to
	 * {@code src} or, if {@code out} is given, their rounded square roots to
	 * {@code out}; in whole numbers if {@code d < whole}.
	 */
	private static void axis(final Grid grid, final int d, final double[] src, final float[] steps,
		final double w0, final float[] out, final boolean outside, final int whole)
	{
		final int s = grid.stride(d);
		final int n = grid.size(d);
		final int blocks = grid.count() / (s * n);
		final int perBlock = (s + BLOCK - 1) / BLOCK;
		final int maxSize = LineRunner.maxSize(grid);
		LineRunner.forEachChunk(blocks * perBlock, grid.count(), (from, to) -> {
			final Scratch scratch = new Scratch(maxSize);
			for (int u = from; u < to; u++) {
				final int base = (u / perBlock) * s * n;
				final int c0 = (u % perBlock) * BLOCK;
				axisBlock(grid, d, base, src, steps, w0, out, outside, whole, scratch, c0, Math.min(BLOCK, s -
					c0), n);
			}
		});
	}

	/**
	 * Transforms the {@code count} adjacent lines along axis d of length
	 * {@code n} that start at {@code base + c0 + i} (i &lt; count),
	 * {@link #BLOCK} at a time: reads {@code src} (or {@code steps}, squared
	 * with spacing {@code w0}), writes {@code src} (or the rounded square roots
	 * to {@code out}); in whole numbers if {@code d < whole}.
	 */
	private static void axisBlock(final Grid grid, final int d, final int base, final double[] src,
		final float[] steps, final double w0, final float[] out, final boolean outside,
		final int whole, final Scratch s, final int c0, final int count, final int n)
	{
		final int stride = grid.stride(d);
		final double w = grid.spacing(d);
		final double w2 = w * w;
		final long wholeW2 = d < whole ? (long) w2 : 0;
		final double[] lines = s.lines;
		final int pitch = pitch(n);
		for (int b0 = c0; b0 < c0 + count; b0 += BLOCK) {
			final int m = Math.min(BLOCK, c0 + count - b0);
			// gather: m adjacent values per step along the axis
			for (int x = 0; x < n; x++) {
				final int r = base + x * stride + b0;
				if (steps != null) {
					for (int b = 0; b < m; b++) {
						final double k = steps[r + b] * w0;
						lines[b * pitch + x] = k * k;
					}
				}
				else {
					for (int b = 0; b < m; b++)
						lines[b * pitch + x] = src[r + b];
				}
			}
			for (int b = 0; b < m; b++) {
				if (wholeW2 > 0) wholeEnvelope(lines, b * pitch, n, outside, wholeW2, s);
				else envelope(lines, b * pitch, n, outside, w2, s);
				if (out != null) {
					// square roots along the line, where they vectorise
					for (int i = b * pitch; i < b * pitch + n; i++)
						lines[i] = Math.sqrt(lines[i]);
				}
			}
			// scatter
			for (int x = 0; x < n; x++) {
				final int r = base + x * stride + b0;
				if (out != null) {
					for (int b = 0; b < m; b++)
						out[r + b] = (float) lines[b * pitch + x];
				}
				else {
					for (int b = 0; b < m; b++)
						src[r + b] = lines[b * pitch + x];
				}
			}
		}
	}

	/**
	 * Lower envelope along one line of {@code f_q(x) = w2 (x - q)^2 + g(q)}
	 * over the line's sites (finite g, plus virtual sites at -1 and n with g = 0
	 * when outside voxels are features), in place on {@code g[off, off + n)}.
	 */
	private static void envelope(final double[] g, final int off, final int n,
		final boolean outside, final double w2, final Scratch s)
	{
		// the envelope's stack holds each site's position and value directly; the
		// sites are taken in order straight from the line (no separate gather)
		final int[] env = s.sites;
		final double[] envVal = s.siteValues;
		final double[] from = s.from;
		int q = -1;
		if (outside) q = push(q, -1, 0, env, envVal, from, w2, n);
		for (int x = 0; x < n; x++) {
			final double v = g[off + x];
			if (v != Double.POSITIVE_INFINITY) q = push(q, x, v, env, envVal, from, w2, n);
		}
		if (outside) q = push(q, n, 0, env, envVal, from, w2, n);
		if (q < 0) return; // no site: the line stays at +Infinity
		for (int x = n - 1; x >= 0; x--) {
			final double dx = x - env[q];
			g[off + x] = w2 * dx * dx + envVal[q];
			if (x == from[q]) q--;
		}
	}

	/**
	 * Adds the site at {@code pu} with value {@code vu} (right of every site so
	 * far) to the envelope whose top is {@code q} (-1: empty); returns the new
	 * top.
	 */
	private static int push(int q, final int pu, final double vu, final int[] env,
		final double[] envVal, final double[] from, final double w2, final int n)
	{
		while (q >= 0) {
			final double z = from[q];
			final double da = z - env[q];
			final double db = z - pu;
			if (w2 * da * da + envVal[q] > w2 * db * db + vu) q--;
			else break;
		}
		if (q < 0) {
			env[0] = pu;
			envVal[0] = vu;
			from[0] = 0;
			return 0;
		}
		final int a = env[q];
		final double ga = envVal[q];
		// first integer x from which u costs no more than the envelope's last site
		final double t = Math.ceil(((a + pu) - (ga - vu) / (w2 * (pu - a))) / 2);
		final double z = Math.max(t, from[q] + 1);
		if (z < n) {
			q++;
			env[q] = pu;
			envVal[q] = vu;
			from[q] = z;
		}
		return q;
	}

	// --- whole numbers ---------------------------------------------------------

	/** Default bound on {@code S (n + 1)} for {@link #wholeAxes}. */
	static final long WHOLE_LIMIT = 1L << 62;

	/**
	 * How many leading axes have whole squared distances within bounds: the
	 * largest {@code c} such that every axis {@code d < c} has a whole-number
	 * spacing {@code w_d}, at most {@code 2^24} voxels, and
	 * {@code S_d = sum_{e <= d} (w_e n_e)^2 < 2^53} with
	 * {@code S_d (n_d + 1) <= limit}. After axes {@code 0..d} every finite
	 * squared distance is then a whole number at most {@code S_d} (each offset
	 * to a feature, inside or outside, is at most {@code n_e}), exact in a
	 * double, and with {@code limit <= 2^62} the envelope's products fit in a
	 * {@code long} (see {@link #wholeEnvelope}).
	 */
	static int wholeAxes(final Grid grid, final long limit) {
		long sum = 0;
		for (int d = 0; d < grid.numDimensions(); d++) {
			final double w = grid.spacing(d);
			final long n = grid.size(d);
			if (w != Math.rint(w) || w > 1 << 30 || n > 1 << 24) return d;
			try {
				final long wn = Math.multiplyExact((long) w, n);
				sum = Math.addExact(sum, Math.multiplyExact(wn, wn));
				if (sum >= 1L << 53 || Math.multiplyExact(sum, n + 1) > limit) return d;
			}
			catch (final ArithmeticException e) {
				return d;
			}
		}
		return grid.numDimensions();
	}

	/**
	 * {@link #envelope} in whole numbers: {@code g} holds whole numbers (or
	 * +Infinity) within the bounds of {@link #wholeAxes}, and {@code w2} is a
	 * whole number. The lower envelope of Felzenszwalb &amp; Huttenlocher with
	 * every decision exact.
	 * <p>
	 * Site p has the key {@code F(p) = w2 p^2 + g(p)}; site b right of a costs
	 * no more than a at x iff {@code x >= s(a, b) = (F(b) - F(a)) / (2 w2 (b - a))}.
	 * The stack keeps the sites whose takeover points increase strictly, so site
	 * j is a minimum on {@code [s(j-1, j), s(j, j+1)]}. The pop test compares
	 * two such fractions with positive denominators by cross-multiplying, in
	 * {@code long}s: {@code 0 <= F <= S}, so every product is at most
	 * {@code S (n + 1) <= 2^62} in magnitude and nothing rounds or overflows.
	 * The read-back moves on to site j+1 at x iff
	 * {@code F(j+1) - F(j) <= 2 w2 x (site(j+1) - site(j))}, also exact (at most
	 * {@code 4 S}). The values written are whole numbers up to {@code S < 2^53},
	 * exact in a double.
	 */
	private static void wholeEnvelope(final double[] g, final int off, final int n,
		final boolean outside, final long w2, final Scratch s)
	{
		final int[] site = s.sites;
		final long[] key = s.keys;
		int k = -1;
		if (outside) k = wholePush(k, -1, w2, site, key);
		for (int x = 0; x < n; x++) {
			final double v = g[off + x];
			if (v != Double.POSITIVE_INFINITY) k = wholePush(k, x, w2 * x * x + (long) v, site, key);
		}
		if (outside) k = wholePush(k, n, w2 * n * n, site, key);
		if (k < 0) return; // no site: the line stays at +Infinity
		final long[] v = s.exact;
		wholeReadBack(site, key, k, n, w2, v);
		for (int x = 0; x < n; x++)
			g[off + x] = v[x];
	}

	/**
	 * The lower envelope of the stack (top {@code k} &ge; 0) read back at
	 * {@code x = 0..n-1} into {@code v}: exact squared distances. Site j and its
	 * takeover point {@code s(j, j+1) = num / den} ({@code num = MAX_VALUE}
	 * after the last site); the read-back moves on to site j+1 at x iff
	 * {@code x >= s(j, j+1)}.
	 */
	private static void wholeReadBack(final int[] site, final long[] key, final int k, final int n,
		final long w2, final long[] v)
	{
		int j = 0;
		long p = site[0];
		long fj = key[0];
		long num = k > 0 ? key[1] - fj : Long.MAX_VALUE;
		long den = k > 0 ? 2 * w2 * (site[1] - p) : 1;
		for (int x = 0; x < n; x++) {
			while (num <= x * den) {
				j++;
				p = site[j];
				fj = key[j];
				num = j < k ? key[j + 1] - fj : Long.MAX_VALUE;
				den = j < k ? 2 * w2 * (site[j + 1] - p) : 1;
			}
			v[x] = fj + w2 * x * (x - 2 * p);
		}
	}

	/**
	 * Pushes site {@code p} with key {@code f} (right of every site so far) on
	 * the stack whose top is {@code k} (-1: empty), after popping every site it
	 * hides: the top b (above a) goes if {@code s(b, p) <= s(a, b)}, i.e.
	 * {@code (F(p) - F(b)) (b - a) <= (F(b) - F(a)) (p - b)}. Returns the new
	 * top.
	 */
	private static int wholePush(int k, final int p, final long f, final int[] site,
		final long[] key)
	{
		while (k > 0) {
			final int b = site[k];
			if ((f - key[k]) * (b - site[k - 1]) <= (key[k] - key[k - 1]) * (p - b)) k--;
			else break;
		}
		k++;
		site[k] = p;
		key[k] = f;
		return k;
	}

	/**
	 * Whether {@link #wholePlane} stays within the bounds of {@link #wholeAxes}:
	 * it runs the envelope along axis 0 on keys up to
	 * {@code S = (w_0 n_0)^2 + (w_1 n_1)^2}, so its products reach
	 * {@code S (n_0 + 1)}, which {@code wholeAxes} (axis 1 last) does not bound.
	 */
	static boolean planeInBounds(final Grid grid, final long limit) {
		try {
			final long a = Math.multiplyExact((long) grid.spacing(0), grid.size(0));
			final long b = Math.multiplyExact((long) grid.spacing(1), grid.size(1));
			final long sum = Math.addExact(Math.multiplyExact(a, a), Math.multiplyExact(b, b));
			return Math.multiplyExact(sum, grid.size(0) + 1L) <= limit;
		}
		catch (final ArithmeticException e) {
			return false;
		}
	}

	/**
	 * 2-D with whole spacings on both axes, without transposing anything: the
	 * steps along axis 1 by running scans over whole rows (column bands split
	 * over the tasks), then the whole-number envelope along each row, in place.
	 * The values are exact, so doing axis 1 first changes nothing.
	 */
	private static void wholePlane(final Grid grid, final boolean[] f, final boolean invert,
		final boolean outside, final float[] out)
	{
		final int n0 = grid.size(0);
		final int n1 = grid.size(1);
		// bands of whole cache lines, one per task
		final int bands = Math.max(1, Math.min(LineRunner.tasksFor(grid.count()), n0 / 16));
		final int band = (n0 / bands + 15) & ~15;
		LineRunner.forEachChunk(bands, grid.count(), (from, to) -> {
			for (int b = from; b < to; b++)
				columnSteps(f, invert, out, n0, n1, Math.min(n0, b * band), b == bands - 1 ? n0 : Math.min(n0,
					(b + 1) * band), outside);
		});
		final long w2 = (long) grid.spacing(0) * (long) grid.spacing(0);
		final long v2 = (long) grid.spacing(1) * (long) grid.spacing(1);
		final double w0n = grid.spacing(0) * n0;
		final double w1n = grid.spacing(1) * n1;
		final boolean floatExact = w0n * w0n + w1n * w1n <= 1 << 24;
		LineRunner.forEachChunk(n1, grid.count(), (from, to) -> {
			final Scratch s = new Scratch(n0, false);
			for (int y = from; y < to; y++)
				wholeRow(out, y * n0, n0, outside, w2, v2, floatExact, s);
		});
	}

	/**
	 * Steps along axis 1 to the nearest feature for the columns
	 * {@code [c0, c1)}, into {@code a}: a forward and a backward running scan
	 * over the rows (whole steps, exact in a float; +Infinity stays +Infinity).
	 */
	private static void columnSteps(final boolean[] f, final boolean invert, final float[] a,
		final int n0, final int n1, final int c0, final int c1, final boolean outside)
	{
		final float edge = outside ? 1 : Float.POSITIVE_INFINITY;
		for (int i = c0; i < c1; i++)
			a[i] = f[i] != invert ? 0 : edge;
		for (int y = 1; y < n1; y++) {
			final int r = y * n0;
			for (int i = r + c0; i < r + c1; i++)
				a[i] = f[i] != invert ? 0 : a[i - n0] + 1;
		}
		final int last = (n1 - 1) * n0;
		for (int i = last + c0; i < last + c1; i++)
			a[i] = Math.min(a[i], edge);
		for (int y = n1 - 2; y >= 0; y--) {
			final int r = y * n0;
			for (int i = r + c0; i < r + c1; i++)
				a[i] = Math.min(a[i], a[i + n0] + 1);
		}
	}

	/**
	 * {@link #wholeEnvelope} along one row of {@link #wholePlane}: {@code a}
	 * holds the steps along axis 1 (squared with {@code v2}) and receives the
	 * distances, {@code (float) Math.sqrt(v)} of the exact squared distance
	 * {@code v}. With {@code floatExact} (all squared distances at most
	 * {@code 2^24}, so exact as floats) the row first receives the squared
	 * distances and then its square roots in one pass, where they vectorise.
	 */
	private static void wholeRow(final float[] a, final int off, final int n, final boolean outside,
		final long w2, final long v2, final boolean floatExact, final Scratch s)
	{
		final int[] site = s.sites;
		final long[] key = s.keys;
		int k = -1;
		if (outside) k = wholePush(k, -1, w2, site, key);
		for (int x = 0; x < n; x++) {
			final float c = a[off + x];
			if (c != Float.POSITIVE_INFINITY) {
				final long ci = (long) c;
				k = wholePush(k, x, w2 * x * x + v2 * ci * ci, site, key);
			}
		}
		if (outside) k = wholePush(k, n, w2 * n * n, site, key);
		if (k < 0) return; // no site: the row stays at +Infinity
		final long[] v = s.exact;
		wholeReadBack(site, key, k, n, w2, v);
		if (floatExact) {
			// exact as floats: the square roots in a pass over floats, where they vectorise
			for (int x = 0; x < n; x++)
				a[off + x] = v[x];
			for (int i = off; i < off + n; i++)
				a[i] = (float) Math.sqrt(a[i]);
		}
		else {
			for (int x = 0; x < n; x++)
				a[off + x] = (float) Math.sqrt(v[x]);
		}
	}
}
