package sc.fiji.conformal.core.distance;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;
import sc.fiji.conformal.core.image.Grid;

/**
 * Runs a 1-D operation on every line of a flat image along one axis, split
 * into chunks over the {@link Parallelization} executor of the caller (single
 * threaded unless the caller runs inside
 * {@link Parallelization#runMultiThreaded}). Also splits any range of work
 * units into chunks over the same executor ({@link #forEachChunk}).
 */
final class LineRunner {

	/** A 1-D operation on one line: gathers, transforms and scatters it. */
	interface LineOp {

		/**
		 * @param start linear index of the line's first voxel
		 * @param stride distance between consecutive voxels of the line
		 * @param length number of voxels on the line
		 * @param scratch per-task scratch space
		 */
		void run(int start, int stride, int length, Scratch scratch);
	}

	/** Work on the units {@code [from, to)} of a range, on one task. */
	interface ChunkOp {

		void run(int from, int to);
	}

	/** Per-task scratch buffers, large enough for the longest line. */
	static final class Scratch {

		final float[] in;
		final double[] values;
		final int[] site;
		final double[] bound;
		final int[] ints;

		Scratch(final int maxLength) {
			in = new float[maxLength + 2];
			values = new double[maxLength + 2];
			site = new int[maxLength + 3];
			bound = new double[maxLength + 4];
			ints = new int[maxLength + 3];
		}
	}

	/**
	 * The fewest voxels per task: an image smaller than twice this is not
	 * split. A task's start (its scratch, another core's cold caches) costs
	 * more than its share of less work; with a whole image per thread (a
	 * runner's images in parallel) splitting a small one only adds that cost
	 * (the 777 polyps of 50² through the launcher on 2 threads: 0.79 s with
	 * each image split, 0.70 s without). The values never depend on the split.
	 */
	static final int MIN_VOXELS_PER_TASK = 1 << 16;

	/** {@link #MIN_VOXELS_PER_TASK}, lowered by tests to split small images too. */
	private static volatile int minVoxelsPerTask = MIN_VOXELS_PER_TASK;

	private LineRunner() {}

	/**
	 * Sets the fewest voxels per task (tests: 1 splits any image as if it
	 * were large, so small images exercise the split code).
	 */
	static void minVoxelsPerTask(final int voxels) {
		minVoxelsPerTask = Math.max(1, voxels);
	}

	/**
	 * How many tasks an image of {@code voxels} voxels is worth: the caller's
	 * executor's suggestion, fewer for a small image, at least 1.
	 */
	static int tasksFor(final long voxels) {
		return (int) Math.max(1, Math.min(suggestedTasks(), voxels / minVoxelsPerTask));
	}

	/** Applies {@code op} to every line of {@code grid} along axis {@code d}. */
	static void forEachLine(final Grid grid, final int d, final LineOp op) {
		final int length = grid.size(d);
		final int stride = grid.stride(d);
		final int block = stride * length;
		final int lines = grid.count() / length;
		final int maxLength = maxSize(grid);
		forEachChunk(lines, grid.count(), (from, to) -> {
			final Scratch scratch = new Scratch(maxLength);
			for (int j = from; j < to; j++) {
				final int start = (j / stride) * block + (j % stride);
				op.run(start, stride, length, scratch);
			}
		});
	}

	/**
	 * Splits the units {@code [0, units)} of the work on an image of
	 * {@code voxels} voxels into at most {@link #tasksFor} contiguous chunks,
	 * and runs {@code op} on each.
	 */
	static void forEachChunk(final int units, final long voxels, final ChunkOp op) {
		final TaskExecutor executor = Parallelization.getTaskExecutor();
		final int tasks = Math.max(1, Math.min(units, tasksFor(voxels)));
		if (tasks == 1) {
			op.run(0, units);
			return;
		}
		final List<int[]> chunks = new ArrayList<>(tasks);
		for (int t = 0; t < tasks; t++)
			chunks.add(new int[] { (int) ((long) units * t / tasks), (int) ((long) units * (t + 1) /
				tasks) });
		executor.forEach(chunks, chunk -> op.run(chunk[0], chunk[1]));
	}

	/** Number of tasks the caller's executor suggests (1 when single-threaded). */
	private static int suggestedTasks() {
		return Math.max(1, Parallelization.getTaskExecutor().suggestNumberOfTasks());
	}

	static int maxSize(final Grid grid) {
		int m = 0;
		for (int d = 0; d < grid.numDimensions(); d++)
			m = Math.max(m, grid.size(d));
		return m;
	}
}
