package sc.fiji.conformal.spark;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.demo.SyntheticDataset;
import sc.fiji.conformal.io.ij.ImageJFiles;
import sc.fiji.conformal.io.CalibrationFile;
import sc.fiji.conformal.io.DatasetPaths;
import sc.fiji.conformal.io.Nifti;

/**
 * Datasets for the Spark tests, and the local run they are compared with:
 * the real data beside the project ({@code ../shared/data}, skipped with a
 * message when absent) and synthetic NIfTI datasets written on the fly.
 */
final class TestData {

	private TestData() {}

	/**
	 * A file or folder of the shared real data; skips the test (with a message)
	 * when it is absent. The PraNet polyps are folders {@code pred/} and
	 * {@code gt/} (its manifest has other columns); hippocampus-msd has a
	 * manifest {@code id,score,mask}.
	 */
	static Path shared(final String path) {
		final String root = System.getProperty("conformal.sharedData", "../../shared/data");
		final Path p = Paths.get(root, path).toAbsolutePath().normalize();
		if (!Files.exists(p)) {
			System.err.println("SKIPPED: shared data " + p + " is absent (see ../shared/data/README.md)");
		}
		assumeTrue("shared data " + p + " is absent", Files.exists(p));
		return p;
	}

	/**
	 * Writes {@code count} synthetic images of the given size (2-D or 3-D, the
	 * plugin's deterministic {@link SyntheticDataset}) as NIfTI score maps and
	 * masks, with a manifest.
	 *
	 * @return the manifest
	 */
	static Path synthetic(final Path dir, final int count, final long seed, final long... size)
		throws IOException
	{
		final Path manifest = dir.resolve("manifest.csv");
		if (Files.exists(manifest)) return manifest;
		Files.createDirectories(dir.resolve("scores"));
		Files.createDirectories(dir.resolve("masks"));
		final List<String> lines = new ArrayList<>();
		lines.add("id,score,mask");
		final SyntheticDataset data = new SyntheticDataset(count, seed, size);
		for (int i = 0; i < count; i++) {
			final Sample s = data.get(i);
			final String id = String.format(Locale.ROOT, "case%04d", i);
			Nifti.write(dir.resolve("scores/" + id + ".nii.gz"), s.scores());
			Nifti.write(dir.resolve("masks/" + id + ".nii.gz"), s.truth());
			lines.add(id + ",scores/" + id + ".nii.gz,masks/" + id + ".nii.gz");
		}
		Files.write(manifest, lines, StandardCharsets.UTF_8);
		return manifest;
	}

	/**
	 * A copy of a manifest dataset (its manifest listing the original files)
	 * in which image {@code index}'s score map is cut short, as a failed copy
	 * leaves it.
	 *
	 * @return the copy's manifest
	 */
	static Path withCorruptScore(final Path dir, final Path manifest, final int index)
		throws IOException
	{
		final List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
		final List<String> out = new ArrayList<>();
		out.add(lines.get(0));
		for (int i = 1; i < lines.size(); i++) {
			final String[] c = lines.get(i).split(",");
			final Path score = manifest.getParent().resolve(c[1]).toAbsolutePath();
			final Path mask = manifest.getParent().resolve(c[2]).toAbsolutePath();
			if (i - 1 == index) {
				final byte[] bytes = Files.readAllBytes(score);
				final Path cut = dir.resolve(score.getFileName());
				Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
				out.add(c[0] + "," + cut + "," + mask);
			}
			else out.add(c[0] + "," + score + "," + mask);
		}
		final Path copy = dir.resolve("manifest.csv");
		Files.write(copy, out, StandardCharsets.UTF_8);
		return copy;
	}

	/** The calibration one machine makes ({@link Batch#calibrate}), as a calibration file's text. */
	static String localCalibration(final Path manifest, final Settings settings)
		throws IOException
	{
		return localCalibration(new DatasetPaths(null, null, null, manifest), settings);
	}

	/** {@link #localCalibration(Path, Settings)} of a dataset in folders (or a manifest). */
	static String localCalibration(final DatasetPaths paths, final Settings settings)
		throws IOException
	{
		final Calibration c = Batch.calibrate(paths.open(new ImageJFiles()), settings, paths.root());
		return CalibrationFile.toJson(c);
	}

	/** A calibration file's text without its {@code created} line (the only field that may differ). */
	static String withoutCreated(final String json) {
		return json.lines().filter(l -> !l.trim().startsWith("\"created\":")).collect(Collectors
			.joining("\n"));
	}

	static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}
}
