package sc.fiji.conformal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.conformal.core.ImageScores;
import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.ij.ImageJFiles;
import sc.fiji.conformal.io.Dataset;

/**
 * The executors' side of a calibration: for one dataset index, load the image
 * (as the plugin's {@link Dataset} does), score it with
 * {@link ImageScores#score} and send back the score and the files' checksums,
 * or why the image cannot be used. A pure function of the index: Spark may
 * run it again (a lost executor, a speculative copy) and gets the same
 * result. It captures plain values only: where the dataset is and the
 * settings as named parameters; each task lists the dataset once.
 */
final class ScoreImage implements OrderedMap.Fn<Integer, ScoredImage> {

	private static final long serialVersionUID = 1L;

	private final DatasetLocation location;
	private final LinkedHashMap<String, Object> settings;
	/** Per task (each task deserializes its own copy): the dataset listing, reader and settings. */
	private transient Dataset data;
	private transient HashingReader reader;
	private transient Settings parsed;
	private transient boolean needsTruth;

	ScoreImage(final DatasetLocation location, final Map<String, Object> settings) {
		this.location = location;
		this.settings = new LinkedHashMap<>(settings);
	}

	@Override
	public ScoredImage apply(final Integer index) throws IOException {
		if (data == null) {
			// ImageJ 1.x decodes TIFF and PNG; no executor has a display
			System.setProperty("java.awt.headless", "true");
			parsed = Settings.fromParameters(settings);
			reader = new HashingReader(new ImageJFiles());
			data = location.paths().open(reader);
			// a dataset with any ground truth requires it of every image (as Dataset's iteration does)
			for (final Dataset.Entry e : data.entries())
				needsTruth |= e.mask() != null;
		}
		return score(index, data.entries().get(index), data, reader, parsed, needsTruth);
	}
	private static ScoredImage score(final int index, final Dataset.Entry e, final Dataset data,
		final HashingReader reader, final Settings s, final boolean needsTruth)
	{
		final Sample sample;
		try {
			sample = data.load(e);
			if (needsTruth && sample.truth() == null) {
				throw new IllegalArgumentException("image '" + e.id() + "' has no ground-truth mask");
			}
		}
		catch (final IOException | IllegalArgumentException ex) {
			return ScoredImage.failed(index, e.id(), ex.getMessage());
		}
		try {
			final Path[] files = { e.score(), e.prediction(), e.mask() };
			final String[] names = new String[files.length];
			final String[] hashes = new String[files.length];
			for (int r = 0; r < files.length; r++) {
				names[r] = files[r] == null ? null : files[r].toString();
				hashes[r] = reader.sha256(files[r]);
			}
			return ScoredImage.scored(index, ImageScores.score(s, sample), names, hashes);
		}
		catch (final IllegalArgumentException ex) {
			return ScoredImage.failed(index, e.id(), ex.getMessage());
		}
	}
}
