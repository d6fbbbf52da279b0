package sc.fiji.conformal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * Seeded random test images for the brute-force oracle tests: masks (unions
 * of random discs/balls, noise, both), score maps (blurred truth with bias and
 * noise, continuous or quantised to k/255 like 8-bit data) and the samples
 * built from them. Every case carries a name that says how to reproduce it
 * (seed, size, spacing, kind). Flat arrays, first axis fastest, as in
 * {@link Grid}.
 */
public final class OracleFixtures {

	/** The image sizes of the oracle tests: two 2-D, one 3-D. */
	public static final int[][] SIZES = { { 17, 13 }, { 24, 9 }, { 9, 8, 6 } };

	private OracleFixtures() {}

	// -- geometry --

	/** Unit spacing in {@code dims} dimensions. */
	public static double[] unit(final int dims) {
		final double[] s = new double[dims];
		Arrays.fill(s, 1.0);
		return s;
	}

	/** Anisotropic spacing: {1.0, 1.7} in 2-D, {0.73, 0.73, 2.0} in 3-D. */
	public static double[] anisotropic(final int dims) {
		return dims == 2 ? new double[] { 1.0, 1.7 } : new double[] { 0.73, 0.73, 2.0 };
	}

	/** The grid of a size and spacing. */
	public static Grid grid(final int[] size, final double[] spacing) {
		final long[] l = new long[size.length];
		for (int d = 0; d < size.length; d++)
			l[d] = size[d];
		return Grid.of(l, spacing);
	}

	/** Number of voxels. */
	public static int count(final int[] size) {
		int n = 1;
		for (final int s : size)
			n *= s;
		return n;
	}

	/** {@code 17x13}. */
	public static String str(final int[] size) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < size.length; d++)
			sb.append(d == 0 ? "" : "x").append(size[d]);
		return sb.toString();
	}

	// -- masks --

	/**
	 * The union of discs/balls (voxel units) with the given centres and radii:
	 * a voxel is in if its centre lies within a radius of a centre.
	 */
	public static boolean[] discs(final int[] size, final double[][] centres, final double[] radii) {
		final boolean[] m = new boolean[count(size)];
		final int[] x = new int[size.length];
		for (int i = 0; i < m.length; i++) {
			coordinates(i, size, x);
			for (int b = 0; b < centres.length && !m[i]; b++) {
				double r2 = 0;
				for (int d = 0; d < size.length; d++) {
					final double dx = x[d] - centres[b][d];
					r2 += dx * dx;
				}
				m[i] = r2 <= radii[b] * radii[b];
			}
		}
		return m;
	}

	/** Random centres anywhere in [−1, size] along each axis (so some blobs are cut by the border). */
	public static double[][] centres(final Random rnd, final int[] size, final int count) {
		final double[][] c = new double[count][size.length];
		for (int b = 0; b < count; b++)
			for (int d = 0; d < size.length; d++)
				c[b][d] = -1 + rnd.nextDouble() * (size[d] + 1);
		return c;
	}

	/** Random radii in [min, max). */
	public static double[] radii(final Random rnd, final int count, final double min,
		final double max)
	{
		final double[] r = new double[count];
		for (int b = 0; b < count; b++)
			r[b] = min + rnd.nextDouble() * (max - min);
		return r;
	}

	/** The union of {@code count} random discs/balls with radii in [min, max). */
	public static boolean[] blobs(final Random rnd, final int[] size, final int count,
		final double min, final double max)
	{
		return discs(size, centres(rnd, size, count), radii(rnd, count, min, max));
	}

	/** Each voxel set with probability {@code density}. */
	public static boolean[] noise(final Random rnd, final int[] size, final double density) {
		final boolean[] m = new boolean[count(size)];
		for (int i = 0; i < m.length; i++)
			m[i] = rnd.nextDouble() < density;
		return m;
	}

	/** A copy with each voxel flipped with probability p. */
	public static boolean[] flip(final Random rnd, final boolean[] m, final double p) {
		final boolean[] r = m.clone();
		for (int i = 0; i < r.length; i++)
			if (rnd.nextDouble() < p) r[i] = !r[i];
		return r;
	}

	/** A mask with a name saying how it was made. */
	public static final class NamedMask {

		/** Kind, seed and size. */
		public final String name;
		/** The voxels. */
		public final boolean[] voxels;

		NamedMask(final String name, final boolean[] voxels) {
			this.name = name;
			this.voxels = voxels;
		}
	}

	/**
	 * Masks of one size from one seed: blobs of several sizes and densities,
	 * blobs with noise, pure noise of several densities, a single voxel, empty
	 * and full.
	 */
	public static List<NamedMask> masks(final long seed, final int[] size) {
		final Random rnd = new Random(seed);
		final List<NamedMask> list = new ArrayList<>();
		final String at = " (seed " + seed + ", size " + str(size) + ")";
		final boolean three = size.length == 3;
		list.add(new NamedMask("one small blob" + at, blobs(rnd, size, 1, 1, 3)));
		list.add(new NamedMask("few blobs" + at, blobs(rnd, size, 3, 1, three ? 2.5 : 4)));
		list.add(new NamedMask("many blobs" + at, blobs(rnd, size, 7, 1.5, three ? 3 : 5)));
		list.add(new NamedMask("blobs with noise" + at, flip(rnd, blobs(rnd, size, 3, 1.5, 4), 0.08)));
		for (final double density : new double[] { 0.03, 0.2, 0.5, 0.9 })
			list.add(new NamedMask("noise " + density + at, noise(rnd, size, density)));
		final boolean[] one = new boolean[count(size)];
		one[rnd.nextInt(one.length)] = true;
		list.add(new NamedMask("single voxel" + at, one));
		list.add(new NamedMask("empty" + at, new boolean[count(size)]));
		final boolean[] full = new boolean[count(size)];
		Arrays.fill(full, true);
		list.add(new NamedMask("full" + at, full));
		return list;
	}

	// -- score maps --

	/**
	 * A score map in [0, 1] from a truth mask: the indicator blurred by
	 * {@code blur} cross-neighbourhood averages, plus {@code bias}, plus uniform
	 * noise of half-width {@code noise}, clipped to [0, 1]; if
	 * {@code quantised}, rounded to k/255 and stored as float(k/255.0), as an
	 * 8-bit map is read.
	 */
	public static float[] scores(final Random rnd, final int[] size, final boolean[] truth,
		final int blur, final double bias, final double noise, final boolean quantised)
	{
		double[] v = new double[truth.length];
		for (int i = 0; i < v.length; i++)
			v[i] = truth[i] ? 1 : 0;
		final int[] x = new int[size.length];
		for (int b = 0; b < blur; b++) {
			final double[] w = new double[v.length];
			for (int i = 0; i < v.length; i++) {
				coordinates(i, size, x);
				double sum = v[i];
				int n = 1;
				int stride = 1;
				for (int d = 0; d < size.length; d++) {
					if (x[d] > 0) {
						sum += v[i - stride];
						n++;
					}
					if (x[d] < size[d] - 1) {
						sum += v[i + stride];
						n++;
					}
					stride *= size[d];
				}
				w[i] = sum / n;
			}
			v = w;
		}
		final float[] s = new float[v.length];
		for (int i = 0; i < s.length; i++) {
			final double y = Math.max(0, Math.min(1, v[i] + bias + noise * (2 * rnd.nextDouble() - 1)));
			s[i] = quantised ? (float) (Math.round(y * 255) / 255.0) : (float) y;
		}
		return s;
	}

	/** Uniform random scores, k/255 if quantised. */
	public static float[] uniformScores(final Random rnd, final int n, final boolean quantised) {
		final float[] s = new float[n];
		for (int i = 0; i < n; i++)
			s[i] = quantised ? (float) (rnd.nextInt(256) / 255.0) : rnd.nextFloat();
		return s;
	}

	// -- samples --

	/** One image of an oracle test: scores and/or a given prediction, and the truth. */
	public static final class Case {

		/** How to reproduce it. */
		public final String name;
		/** Size. */
		public final int[] size;
		/** Spacing. */
		public final double[] spacing;
		/** Score map, or null. */
		public final float[] scores;
		/** Given prediction, or null (then Ŷ = {s ≥ t₀}). */
		public final boolean[] prediction;
		/** Truth Y. */
		public final boolean[] truth;

		Case(final String name, final int[] size, final double[] spacing, final float[] scores,
			final boolean[] prediction, final boolean[] truth)
		{
			this.name = name + " (size " + str(size) + ", spacing " + Arrays.toString(spacing) + ")";
			this.size = size;
			this.spacing = spacing;
			this.scores = scores;
			this.prediction = prediction;
			this.truth = truth;
		}

		/** The grid. */
		public Grid grid() {
			return OracleFixtures.grid(size, spacing);
		}

		/** The sample (fresh copies of the arrays). */
		public Sample sample() {
			final Grid g = grid();
			return Sample.of("case", scores == null ? null : new ScalarImage(g, scores.clone()),
				prediction == null ? null : new Mask(g, prediction.clone()), new Mask(g, truth.clone()));
		}

		/** The same case without its ground truth (for applying). */
		public Sample unlabelled() {
			final Grid g = grid();
			return Sample.of("case", scores == null ? null : new ScalarImage(g, scores.clone()),
				prediction == null ? null : new Mask(g, prediction.clone()), null);
		}

		/** Ŷ: the given prediction, or {s ≥ t₀}. */
		public boolean[] predicted(final double t0) {
			if (prediction != null) return prediction.clone();
			final boolean[] p = new boolean[scores.length];
			for (int i = 0; i < p.length; i++)
				p[i] = scores[i] >= t0;
			return p;
		}

		/** The truth as a mask. */
		public Mask truthMask() {
			return new Mask(grid(), truth.clone());
		}
	}

	/**
	 * Labelled images of one size from one seed, with scores (every case, half
	 * of them quantised to k/255) and, for some, a given binary prediction:
	 * realistic blobs (prediction from blurred, biased, noisy scores; or from
	 * jittered blobs), pure noise, and the edge cases empty truth, empty
	 * prediction, full prediction, full truth, both empty. With
	 * {@code binaryOnly}, cases get a given prediction and no scores.
	 */
	public static List<Case> cases(final long seed, final int[] size, final double[] spacing,
		final boolean binaryOnly)
	{
		final Random rnd = new Random(seed);
		final List<Case> list = new ArrayList<>();
		final int n = count(size);
		final boolean three = size.length == 3;
		final double rMax = three ? 3 : 4.5;
		for (int rep = 0; rep < 4; rep++) {
			final boolean q = rep % 2 == 0;
			final String at = " seed " + seed + " rep " + rep + (q ? " 8-bit" : " continuous");
			// blobs; prediction = {s >= t0} of a blurred, biased, noisy map
			final int count = 1 + rnd.nextInt(4);
			final boolean[] y = blobs(rnd, size, count, 1, rMax);
			list.add(make("blobs" + at, size, spacing, scores(rnd, size, y, 1 + rnd.nextInt(3), 0.3 *
				(rnd.nextDouble() - 0.5), 0.15, q), null, y, binaryOnly));
			// blobs; prediction = jittered blobs, scores independent of it
			final double[][] c = centres(rnd, size, count);
			final double[] r = radii(rnd, count, 1, rMax);
			final double[][] cj = new double[count][size.length];
			final double[] rj = new double[count];
			for (int b = 0; b < count; b++) {
				for (int d = 0; d < size.length; d++)
					cj[b][d] = c[b][d] + 1.5 * rnd.nextGaussian();
				rj[b] = Math.max(0.5, r[b] + rnd.nextGaussian());
			}
			final boolean[] y2 = discs(size, c, r);
			final boolean[] p2 = flip(rnd, discs(size, cj, rj), 0.03);
			list.add(make("jittered blobs" + at, size, spacing, scores(rnd, size, y2, 2, 0, 0.3, q), p2,
				y2, binaryOnly));
			// noise
			final double density = new double[] { 0.1, 0.3, 0.5, 0.8 }[rep];
			list.add(make("noise " + density + at, size, spacing, uniformScores(rnd, n, q), null, noise(
				rnd, size, density), binaryOnly));
		}
		final String at = " seed " + seed;
		final boolean[] y = blobs(rnd, size, 2, 1.5, rMax);
		final float[] s = scores(rnd, size, y, 2, 0, 0.1, true);
		list.add(make("empty truth" + at, size, spacing, s, null, new boolean[n], binaryOnly));
		final float[] low = new float[n];
		for (int i = 0; i < n; i++)
			low[i] = s[i] * 0.49f;
		list.add(make("empty prediction" + at, size, spacing, low, null, y, binaryOnly));
		final float[] high = new float[n];
		for (int i = 0; i < n; i++)
			high[i] = 0.5f + s[i] * 0.5f;
		list.add(make("full prediction" + at, size, spacing, high, null, y, binaryOnly));
		final boolean[] full = new boolean[n];
		Arrays.fill(full, true);
		list.add(make("full truth" + at, size, spacing, s, null, full, binaryOnly));
		list.add(make("both empty" + at, size, spacing, low, null, new boolean[n], binaryOnly));
		list.add(make("both full" + at, size, spacing, high, null, full, binaryOnly));
		return list;
	}

	private static Case make(final String name, final int[] size, final double[] spacing,
		final float[] scores, final boolean[] prediction, final boolean[] truth,
		final boolean binaryOnly)
	{
		if (!binaryOnly) return new Case(name, size, spacing, scores, prediction, truth);
		final boolean[] p = prediction != null ? prediction : new boolean[scores.length];
		if (prediction == null) for (int i = 0; i < p.length; i++)
			p[i] = scores[i] >= 0.5;
		return new Case(name + " binary", size, spacing, null, p, truth);
	}

	// -- calibrations at a chosen λ --

	/**
	 * A calibration whose λ̂ are exactly the given values (NaN for a side the
	 * method lacks), made with {@link Calibrator#fromScores} from 19 scores: two
	 * equal to λ and 17 below it (all −∞ when λ = −∞), shuffled. With α ≤ 0.1
	 * (and α_I, α_O ≤ 0.1) the rank k is 18 or 19, so λ̂ = λ.
	 *
	 * @throws IllegalStateException if λ̂ is not λ (a broken premise, not a
	 *           finding)
	 */
	public static Calibration calibrationAt(final Settings settings, final double lambdaInner,
		final double lambdaOuter, final Random rnd)
	{
		final Method m = settings.method();
		final double li = m.hasInner() ? lambdaInner : Double.NaN;
		final double lo = m.hasOuter() ? lambdaOuter : Double.NaN;
		final List<ImageScore> scores = new ArrayList<>();
		for (int i = 0; i < 19; i++)
			scores.add(new ImageScore("cal" + i, i < 2 ? li : below(li, rnd), i < 2 ? lo : below(lo,
				rnd), null));
		Collections.shuffle(scores, rnd);
		final Calibration c = Calibrator.fromScores(settings, scores);
		if (m.hasInner() && Double.compare(c.inner().lambda(), li) != 0 || m.hasOuter() && Double
			.compare(c.outer().lambda(), lo) != 0)
		{
			throw new IllegalStateException("calibration premise broken: wanted " + li + ", " + lo +
				", got " + c);
		}
		return c;
	}

	private static double below(final double x, final Random rnd) {
		if (Double.isNaN(x)) return x;
		if (x == Double.NEGATIVE_INFINITY) return x;
		if (x == Double.POSITIVE_INFINITY) return 100 * rnd.nextDouble();
		return rnd.nextInt(4) == 0 ? x : x - 5 * rnd.nextDouble();
	}

	// -- flat-array helpers --

	/** Coordinates of linear index i. */
	public static void coordinates(final int i, final int[] size, final int[] x) {
		int rest = i;
		for (int d = 0; d < size.length; d++) {
			x[d] = rest % size[d];
			rest /= size[d];
		}
	}

	/** Number of true voxels. */
	public static int count(final boolean[] m) {
		int n = 0;
		for (final boolean b : m)
			if (b) n++;
		return n;
	}

	/** Number of voxels true in both. */
	public static int countAnd(final boolean[] a, final boolean[] b) {
		int n = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] && b[i]) n++;
		return n;
	}

	/** a ∖ b. */
	public static boolean[] minus(final boolean[] a, final boolean[] b) {
		final boolean[] r = new boolean[a.length];
		for (int i = 0; i < a.length; i++)
			r[i] = a[i] && !b[i];
		return r;
	}

	/** ¬a. */
	public static boolean[] not(final boolean[] a) {
		final boolean[] r = new boolean[a.length];
		for (int i = 0; i < a.length; i++)
			r[i] = !a[i];
		return r;
	}

	/**
	 * Null if equal, else a description of the first difference (index,
	 * coordinates, expected and actual) and the number of differing voxels.
	 */
	public static String difference(final boolean[] expected, final boolean[] actual,
		final int[] size)
	{
		if (expected.length != actual.length) {
			return "length " + expected.length + " expected, got " + actual.length;
		}
		int first = -1;
		int diffs = 0;
		for (int i = 0; i < expected.length; i++) {
			if (expected[i] != actual[i]) {
				if (first < 0) first = i;
				diffs++;
			}
		}
		if (first < 0) return null;
		final int[] x = new int[size.length];
		coordinates(first, size, x);
		return diffs + " voxel(s) differ, first at " + Arrays.toString(x) + ": expected " +
			expected[first] + ", got " + actual[first];
	}
}
