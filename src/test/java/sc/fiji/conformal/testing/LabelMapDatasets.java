package sc.fiji.conformal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import sc.fiji.conformal.io.LabelDatasetTest;

/**
 * A small synthetic multi-class data set on disk: 24 NIfTI label maps of
 * 6×5×3 voxels with two classes, noisy argmax predictions, 4-D probabilities
 * (class axis last, uint8 scaled by 1/255, summing to 1) and a manifest
 * {@code id,probabilities,labels,prediction,group} with groups siteA (the
 * first 12) and siteB.
 */
public final class LabelMapDatasets {

	private LabelMapDatasets() {}

	/** Writes the data set into {@code dir}; returns its manifest. */
	public static Path write(final Path dir) throws IOException {
		final Random r = new Random(17);
		final List<String> rows = new ArrayList<>();
		rows.add("id,probabilities,labels,prediction,group");
		final int n = 90;
		for (int img = 0; img < 24; img++) {
			final int[] t = new int[n], p = new int[n], q = new int[3 * n];
			final int split = 1 + r.nextInt(4);
			for (int i = 0; i < n; i++) {
				final int x = i % 6, y = i / 6 % 5;
				t[i] = y == 0 || y == 4 ? 0 : x < split ? 1 : 2;
				p[i] = r.nextInt(6) == 0 ? r.nextInt(3) : t[i];
				final int hi = 150 + r.nextInt(100);
				final int lo = (255 - hi) / 2;
				for (int c = 0; c < 3; c++)
					q[c * n + i] = c == p[i] ? 255 - 2 * lo : lo;
			}
			LabelDatasetTest.writeUint8(dir.resolve("t" + img + ".nii"), new int[] { 6, 5, 3 }, t, 0);
			LabelDatasetTest.writeUint8(dir.resolve("p" + img + ".nii"), new int[] { 6, 5, 3 }, p, 0);
			LabelDatasetTest.writeUint8(dir.resolve("q" + img + ".nii"), new int[] { 6, 5, 3, 3 }, q,
				1 / 255f);
			rows.add("img" + img + ",q" + img + ".nii,t" + img + ".nii,p" + img + ".nii," + (img < 12
				? "siteA" : "siteB"));
		}
		final Path csv = dir.resolve("manifest.csv");
		Files.write(csv, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
		return csv;
	}
}
