package sc.fiji.conformal.data;

import static org.junit.Assume.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import javax.imageio.ImageIO;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ij.ImageJFiles;

/**
 * Test access to the real evaluation data in {@code ../shared/data} (never
 * copied into the repository): 8-bit score maps read as value/255 and {0,255}
 * masks, paired by each folder's manifest, loaded lazily one image at a time.
 * Tests that use it skip with a message when the folder is absent.
 */
final class SharedData {

	private SharedData() {}

	/** The data folder, from the system property set by the build, or {@code ../shared/data}. */
	static File root() {
		return new File(System.getProperty("conformal.sharedData", "../shared/data"));
	}

	/** Skips the calling test unless {@code folder} exists under the data root. */
	static File require(final String folder) {
		final File f = new File(root(), folder);
		if (!f.isDirectory()) {
			System.err.println("SKIPPED: real data folder " + f + " is absent");
		}
		assumeTrue("real data folder " + f + " is absent", f.isDirectory());
		return f;
	}

	/** The pairs of a manifest: columns id, score path, mask path. */
	static List<String[]> manifest(final File folder, final String scoreColumn,
		final String maskColumn) throws IOException
	{
		final List<String> lines = Files.readAllLines(new File(folder, "manifest.csv").toPath(),
			StandardCharsets.UTF_8);
		final String[] header = lines.get(0).split(",", -1);
		int id = -1, score = -1, mask = -1;
		for (int i = 0; i < header.length; i++) {
			if (header[i].equals("id")) id = i;
			if (header[i].equals(scoreColumn)) score = i;
			if (header[i].equals(maskColumn)) mask = i;
		}
		final List<String[]> rows = new ArrayList<>();
		for (final String line : lines.subList(1, lines.size())) {
			if (line.trim().isEmpty()) continue;
			final String[] c = line.split(",", -1);
			rows.add(new String[] { c[id], c[score], c[mask] });
		}
		return rows;
	}

	/** A lazily loaded dataset of (score PNG, mask PNG) pairs. */
	static Iterable<Sample> pngPairs(final File folder, final List<String[]> rows) {
		return () -> new Iterator<Sample>() {

			private int next;

			@Override
			public boolean hasNext() {
				return next < rows.size();
			}

			@Override
			public Sample next() {
				if (!hasNext()) throw new NoSuchElementException();
				final String[] r = rows.get(next++);
				try {
					final File s = new File(folder, r[1]);
					final File m = new File(folder, r[2]);
					final ScalarImage scores = scores(s);
					return Sample.of(r[0], scores, null, mask(m));
				}
				catch (final IOException e) {
					throw new IllegalStateException("cannot read " + r[0], e);
				}
			}
		};
	}

	/**
	 * Every image of a folder's {@code manifest.csv} (id, score, mask), read
	 * into memory through the plugin's own readers (NIfTI, TIFF, PNG), in
	 * manifest order: for studies that pass over the same images many times.
	 *
	 * @throws IllegalStateException naming the image and the problem if one
	 *           cannot be read
	 */
	static List<Sample> niftiManifest(final File folder) throws IOException {
		final Dataset d = Dataset.fromManifest(new File(folder, "manifest.csv").toPath(),
			new ImageJFiles());
		final List<Sample> out = new ArrayList<>(d.size());
		for (final Dataset.Entry e : d.entries()) {
			final ImageResult<Dataset.Loaded> r = d.load(e);
			if (!r.ok()) throw new IllegalStateException(folder + ": " + r.failure());
			out.add(r.value().sample());
		}
		return out;
	}

	static ScalarImage scores(final File f) throws IOException {
		final Raster r = read(f).getRaster();
		final Grid g = Grid.of(r.getWidth(), r.getHeight());
		final float[] v = new float[g.count()];
		for (int y = 0; y < r.getHeight(); y++)
			for (int x = 0; x < r.getWidth(); x++)
				v[x + y * r.getWidth()] = r.getSample(x, y, 0) / 255f;
		return new ScalarImage(g, v);
	}

	static Mask mask(final File f) throws IOException {
		final Raster r = read(f).getRaster();
		final Grid g = Grid.of(r.getWidth(), r.getHeight());
		final boolean[] v = new boolean[g.count()];
		for (int y = 0; y < r.getHeight(); y++) {
			for (int x = 0; x < r.getWidth(); x++) {
				final int s = r.getSample(x, y, 0);
				if (s != 0 && s != 255) {
					throw new IOException(f + " is not a binary mask: value " + s + " at (" + x + ", " + y + ")");
				}
				v[x + y * r.getWidth()] = s == 255;
			}
		}
		return new Mask(g, v);
	}

	private static BufferedImage read(final File f) throws IOException {
		final BufferedImage img = ImageIO.read(f);
		if (img == null) throw new IOException("not an image: " + f);
		return img;
	}
}
