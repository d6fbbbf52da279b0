package sc.fiji.conformal.testing;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * A small labelled dataset on disk for command and launcher tests: the images
 * of a seeded {@link SyntheticDataset} written as 8-bit PNG score maps
 * (round(s * 255)) under {@code scores/} and 0/255 PNG masks under
 * {@code masks/}, named {@code imgNN.png}. The same images, quantized exactly
 * as the files hold them, are kept in memory as oracle input.
 */
public final class PngDatasets {

	/** Number of images. */
	public static final int COUNT = 24;

	/** Width and height of each image. */
	public static final int SIZE = 32;

	/** Seed of the synthetic images. */
	public static final long SEED = 11;

	/** The dataset's root folder. */
	public final File root;

	/** Folder of score maps. */
	public final File scores;

	/** Folder of ground-truth masks. */
	public final File masks;

	/** The images as written (scores quantized to k / 255), in file name order. */
	public final List<Sample> samples;

	private PngDatasets(final File root, final List<Sample> samples) {
		this.root = root;
		scores = new File(root, "scores");
		masks = new File(root, "masks");
		this.samples = samples;
	}

	/** Writes the dataset under {@code root} (created if needed). */
	public static PngDatasets write(final File root) throws IOException {
		final File s = new File(root, "scores");
		final File m = new File(root, "masks");
		if (!s.mkdirs() || !m.mkdirs()) throw new IOException("cannot create folders under " + root);
		final SyntheticDataset data = new SyntheticDataset(COUNT, SEED, SIZE, SIZE);
		final List<Sample> samples = new ArrayList<>();
		final int n = SIZE * SIZE;
		for (int i = 0; i < COUNT; i++) {
			final Sample x = data.get(i);
			final byte[] sb = new byte[n];
			final byte[] mb = new byte[n];
			final float[] q = new float[n];
			final boolean[] y = new boolean[n];
			for (int j = 0; j < n; j++) {
				final int k = Math.round(x.scores().get(j) * 255);
				sb[j] = (byte) k;
				q[j] = k / 255f;
				y[j] = x.truth().get(j);
				mb[j] = y[j] ? (byte) 255 : 0;
			}
			final String name = name(i);
			savePng(sb, new File(s, name + ".png"));
			savePng(mb, new File(m, name + ".png"));
			final Grid g = Grid.of(SIZE, SIZE);
			samples.add(Sample.of(name, new ScalarImage(g, q), null, new Mask(g, y)));
		}
		return new PngDatasets(root, samples);
	}

	/** The file name (without extension) of image {@code i}. */
	public static String name(final int i) {
		return String.format("img%02d", i);
	}

	/**
	 * Adds an image whose mask is not binary (values 0, 128 and 255) under
	 * {@code name}, which every run must skip.
	 */
	public void addBadImage(final String name) throws IOException {
		writeBadImage(scores, masks, name);
	}

	/**
	 * Writes a score map and a mask that is not binary (values 0, 128 and 255)
	 * as {@code name.png} into the two folders.
	 */
	public static void writeBadImage(final File scores, final File masks, final String name)
		throws IOException
	{
		final byte[] sb = new byte[SIZE * SIZE];
		final byte[] mb = new byte[SIZE * SIZE];
		for (int j = 0; j < mb.length; j++) {
			sb[j] = (byte) (j % 256);
			mb[j] = (byte) (j % 3 == 0 ? 0 : j % 3 == 1 ? 128 : 255);
		}
		savePng(sb, new File(scores, name + ".png"));
		savePng(mb, new File(masks, name + ".png"));
	}

	/** Writes 8-bit pixels as a PNG with ImageJ 1.x. */
	public static void savePng(final byte[] pixels, final File file) throws IOException {
		final ImagePlus imp = new ImagePlus(file.getName(), new ByteProcessor(SIZE, SIZE, pixels));
		if (!new FileSaver(imp).saveAsPng(file.getPath())) throw new IOException("cannot write " + file);
	}
}
