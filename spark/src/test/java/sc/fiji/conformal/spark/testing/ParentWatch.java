package sc.fiji.conformal.spark.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs another main class, and ends this JVM when the process that started it
 * is gone: a test JVM killed by a timeout (or by hand) leaves no Spark master,
 * worker or submit JVM behind. Workers' executors and drivers end by
 * themselves when their worker goes. Self-contained (no other test class), so
 * that {@link ChildJvm} can put this one class file on a child's class path.
 * <p>
 * Usage: {@code ParentWatch <parent pid> <main class> [args...]}.
 */
public final class ParentWatch {

	private ParentWatch() {}

	public static void main(final String[] args) throws Exception {
		final long parent = Long.parseLong(args[0]);
		final Optional<ProcessHandle> handle = ProcessHandle.of(parent);
		if (!handle.isPresent() || !handle.get().isAlive()) {
			System.err.println("ParentWatch: parent " + parent + " is gone; not starting " + args[1]);
			System.exit(143);
		}
		handle.get().onExit().thenRun(() -> {
			System.err.println("ParentWatch: parent " + parent + " is gone; exiting");
			final Thread halt = new Thread(() -> {
				try {
					Thread.sleep(15_000);
				}
				catch (final InterruptedException e) {
					// exit below
				}
				Runtime.getRuntime().halt(143);
			});
			halt.setDaemon(true);
			halt.start();
			System.exit(143); // runs Spark's shutdown hooks (workers stop their executors)
		});
		final Method main = Class.forName(args[1]).getMethod("main", String[].class);
		main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
	}
}
