package sc.fiji.conformal.core.distance;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import net.imglib2.parallel.Parallelization;

/**
 * {@link LineRunner} splits an image over tasks only when each task gets at
 * least {@link LineRunner#MIN_VOXELS_PER_TASK} voxels, never into more tasks
 * than the executor suggests, and into one task when single-threaded.
 */
public class LineRunnerTest {

	@Test
	public void smallImagesAreNotSplit() {
		final int min = LineRunner.MIN_VOXELS_PER_TASK;
		Parallelization.runWithNumThreads(2, () -> {
			assertEquals("a 50x50 image", 1, LineRunner.tasksFor(2500));
			assertEquals("just under two tasks' worth", 1, LineRunner.tasksFor(2L * min - 1));
			assertEquals(2, LineRunner.tasksFor(2L * min));
			final int suggested = Parallelization.getTaskExecutor().suggestNumberOfTasks();
			assertEquals("never more than suggested", suggested, LineRunner.tasksFor(1L << 40));
		});
		assertEquals("single-threaded", 1, LineRunner.tasksFor(1L << 40));
	}
}
