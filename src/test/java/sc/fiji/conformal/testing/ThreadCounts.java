package sc.fiji.conformal.testing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.conformal.batch.ApplyReport;
import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.report.ValidationReport;

/**
 * Runs every folder workflow on a dataset on disk with each number of threads
 * and checks that the outputs are byte-identical to those of one thread:
 * calibration files (apart from {@code created}), validation tables, report
 * folders and applied sets.
 */
public final class ThreadCounts {

	private ThreadCounts() {}

	/**
	 * @param scores folder of score maps
	 * @param masks folder of ground-truth masks
	 * @param work an empty folder for the outputs
	 * @param methods settings to calibrate, validate and report; the first is
	 *          applied to the score maps
	 * @param threads the thread counts, the first being the reference
	 * @return the number of files compared for each thread count
	 */
	public static int assertSameOnAnyThreads(final Path scores, final Path masks, final Path work,
		final List<Settings> methods, final int splits, final int... threads) throws IOException
	{
		final ImageJFiles files = new ImageJFiles();
		for (final int t : threads) {
			final Runner runner = LocalRunner.of(t);
			final Path out = work.resolve("threads-" + t);
			Files.createDirectories(out);
			final Dataset labelled = Dataset.fromFolders(scores, null, masks, files);
			Calibration first = null;
			for (int m = 0; m < methods.size(); m++) {
				final Settings s = methods.get(m);
				final Calibration c = Batch.calibrate(labelled, s, masks.getParent(), runner, null).value();
				if (first == null) first = c;
				CalibrationFile.write(c, out.resolve(m + "-calibration.json"), false);
				ValidationTable.writeCsv(Batch.validate(labelled, s, splits, 0.5, 1, runner, null).value(),
					out.resolve(m + "-validation.csv"), false);
			}
			ValidationReport.write(labelled, methods, new ValidationReport.Options().splits(splits)
				.alphas(0.1, 0.2).panels(2), out.resolve("report"), runner, null);
			final ApplyReport r = Batch.apply(first, Dataset.fromFolders(scores, null, null, files), out
				.resolve("sets"), files, false, runner, null);
			assertTrue(r.summary(), r.failures().isEmpty());
		}
		final Path reference = work.resolve("threads-" + threads[0]);
		final List<Path> expected = tree(reference);
		for (int i = 1; i < threads.length; i++) {
			final Path other = work.resolve("threads-" + threads[i]);
			assertEquals(threads[i] + " threads: the same files", expected, tree(other));
			for (final Path f : expected) {
				final byte[] a = Files.readAllBytes(reference.resolve(f));
				final byte[] b = Files.readAllBytes(other.resolve(f));
				if (f.toString().endsWith(".json")) {
					assertEquals(threads[i] + " threads: " + f, withoutCreated(a), withoutCreated(b));
				}
				else assertArrayEquals(threads[i] + " threads: " + f, a, b);
			}
		}
		return expected.size();
	}

	private static String withoutCreated(final byte[] json) {
		final String s = new String(json, StandardCharsets.UTF_8);
		final String out = s.replaceFirst("\"created\": \"[^\"]*\"", "\"created\": \"\"");
		assertTrue("a created field: " + s.substring(0, Math.min(200, s.length())), !out.equals(s));
		return out;
	}

	/** Every regular file under a folder, relative to it, sorted. */
	private static List<Path> tree(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).map(dir::relativize).sorted().collect(Collectors
				.toList());
		}
	}
}
