package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.LabelSample;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.ImageTask;
import sc.fiji.conformal.core.run.LocalRunner;
import sc.fiji.conformal.core.run.Runner;

/**
 * A multi-class data set on disk: per image a ground-truth label map, a
 * predicted label map and/or per-class probabilities, and a group. Two layouts:
 * <ul>
 * <li>a CSV manifest with the header {@code id,labels,prediction,probabilities}
 * (any order; {@code labels} is the truth; {@code probabilities} one file with
 * the class axis last, or instead one column {@code probabilities:<label>}
 * per class, one score file each) and an optional {@code group} column; paths
 * relative to the CSV;</li>
 * <li>folders of label maps, predictions and probability files, paired by
 * relative path without extension as {@link Dataset} pairs them.</li>
 * </ul>
 * Loading ({@link Loader#load}) reads each file once, checks it against the
 * classes and the other files (see {@link LabelMaps}), and gives a
 * {@link LabelSample} with the SHA-256 of each file and any warnings, or an
 * {@link ImageFailure} naming the image, the file and the problem. Immutable.
 */
public final class LabelDataset {

	/** One image's files and group: a plain, serializable value. */
	public static final class Entry implements Serializable {

		private static final long serialVersionUID = 1L;

		private final String id;
		private final String group;
		private final String truth;
		private final String prediction;
		private final String probabilities;
		private final TreeMap<Integer, String> classFiles;
		/** Why the scan could not pair this image (it then fails to load), or null. */
		private final String problem;

		Entry(final String id, final String group, final Path truth, final Path prediction,
			final Path probabilities, final Map<Integer, Path> classFiles)
		{
			this(id, group, truth, prediction, probabilities, classFiles, null);
		}

		private Entry(final String id, final String group, final Path truth, final Path prediction,
			final Path probabilities, final Map<Integer, Path> classFiles, final String problem)
		{
			this.id = id;
			this.problem = problem;
			this.group = group;
			this.truth = truth == null ? null : truth.toString();
			this.prediction = prediction == null ? null : prediction.toString();
			this.probabilities = probabilities == null ? null : probabilities.toString();
			this.classFiles = new TreeMap<>();
			for (final Map.Entry<Integer, Path> e : classFiles.entrySet())
				this.classFiles.put(e.getKey(), e.getValue().toString());
		}

		/** The image id. */
		public String id() {
			return id;
		}

		/** The group ("" for none). */
		public String group() {
			return group;
		}

		/** The ground-truth label map, or null. */
		public Path truth() {
			return truth == null ? null : Paths.get(truth);
		}

		/** The predicted label map, or null. */
		public Path prediction() {
			return prediction == null ? null : Paths.get(prediction);
		}

		/** The probabilities with the class axis last, or null. */
		public Path probabilities() {
			return probabilities == null ? null : Paths.get(probabilities);
		}

		/**
		 * Why the folder scan could not pair this image (no partner, a broken
		 * symbolic link, two files of one id, a subfolder that could not be
		 * read), or null for a usable entry. An unusable entry holds the files
		 * that were found; it fails to load with this reason, so a run skips it
		 * and reports it with the other bad images.
		 */
		public String problem() {
			return problem;
		}

		/** The score file of each class when the scores are one file per class, else empty. */
		public Map<Integer, Path> classFiles() {
			final Map<Integer, Path> m = new TreeMap<>();
			for (final Map.Entry<Integer, String> e : classFiles.entrySet())
				m.put(e.getKey(), Paths.get(e.getValue()));
			return m;
		}

		@Override
		public String toString() {
			return id;
		}
	}

	/** One image as loaded: the sample, its files with their SHA-256, and warnings. */
	public static final class Loaded {

		private final LabelSample sample;
		private final List<SourceFile> sources;
		private final List<String> warnings;

		Loaded(final LabelSample sample, final List<SourceFile> sources, final List<String> warnings) {
			this.sample = sample;
			this.sources = Collections.unmodifiableList(sources);
			this.warnings = Collections.unmodifiableList(warnings);
		}

		/** The image. */
		public LabelSample sample() {
			return sample;
		}

		/** Its files as given, with the SHA-256 of the bytes read. */
		public List<SourceFile> sources() {
			return sources;
		}

		/** Warnings (e.g. probabilities that do not sum to 1), each naming the file. */
		public List<String> warnings() {
			return warnings;
		}
	}

	/** Loads entries: a pure function of the entry, the classes and the reader. */
	public static final class Loader implements Serializable {

		private static final long serialVersionUID = 1L;

		private final ImageFormats formats;
		private final LabelClasses classes;
		private final boolean needsTruth;

		/**
		 * @param formats reads the files
		 * @param classes the classes every image is checked against
		 * @param needsTruth true if an entry without a truth label map is a failure
		 */
		public Loader(final ImageFormats formats, final LabelClasses classes,
			final boolean needsTruth)
		{
			if (formats == null || classes == null) {
				throw new IllegalArgumentException("a loader needs image formats and classes");
			}
			this.formats = formats;
			this.classes = classes;
			this.needsTruth = needsTruth;
		}

		/** The classes. */
		public LabelClasses classes() {
			return classes;
		}

		/** Loads one image, or a failure naming it, the file and the problem; never throws for a bad image. */
		public ImageResult<Loaded> load(final Entry e) {
			final List<SourceFile> sources = new ArrayList<>();
			final List<String> warnings = new ArrayList<>();
			final Path truthFile = e.truth(), predFile = e.prediction();
			if (e.problem != null) return ImageResult.failed(new ImageFailure(e.id, null, e.problem));
			if (needsTruth && truthFile == null) {
				return ImageResult.failed(new ImageFailure(e.id, null, "image '" + e.id +
					"' has no ground-truth label map"));
			}
			Path current = truthFile;
			try {
				int[] truth = null, pred = null;
				Grid grid = null;
				String gridFile = null;
				if (truthFile != null) {
					final StoredImage t = read(truthFile, "labels", e, sources);
					truth = LabelMaps.labels(t, truthFile.toString());
					LabelMaps.requireClasses(truth, t.grid(), classes, truthFile.toString());
					grid = t.grid();
					gridFile = truthFile.toString();
				}
				current = predFile;
				if (predFile != null) {
					final StoredImage p = read(predFile, "prediction", e, sources);
					pred = LabelMaps.labels(p, predFile.toString());
					LabelMaps.requireClasses(pred, p.grid(), classes, predFile.toString());
					if (grid == null) {
						grid = p.grid();
						gridFile = predFile.toString();
					}
					else sameGrid(grid, gridFile, p.grid(), predFile);
				}
				ScalarImage[] probs = null;
				current = e.probabilities();
				if (current != null) {
					final StoredImage all = read(current, "probabilities", e, sources);
					if (grid == null) {
						throw new IllegalArgumentException(current +
							": per-class probabilities need a label map beside them (truth or prediction) to give the grid");
					}
					probs = LabelMaps.probabilities(all, grid, classes, current.toString());
					final String w = LabelMaps.sumWarning(all, grid, current.toString());
					if (w != null) warnings.add(w);
				}
				else if (!e.classFiles.isEmpty()) {
					probs = new ScalarImage[classes.size()];
					for (int c = 0; c < probs.length; c++) {
						final String f = e.classFiles.get(classes.label(c));
						if (f == null) {
							throw new IllegalArgumentException("image '" + e.id + "' has no probabilities:" +
								classes.label(c) + " file for class " + classes.name(c));
						}
						current = Paths.get(f);
						final StoredImage s = read(current, "probabilities:" + classes.label(c), e, sources);
						probs[c] = ScoreScaling.scores(s, current.toString());
						if (grid == null) {
							grid = s.grid();
							gridFile = current.toString();
						}
						else sameGrid(grid, gridFile, s.grid(), current);
					}
				}
				current = null;
				return ImageResult.of(e.id, new Loaded(LabelSample.of(e.id, e.group, classes, grid, truth,
					pred, probs), sources, warnings));
			}
			catch (final IOException | IllegalArgumentException ex) {
				return ImageResult.failed(ImageFailure.of(e.id, current == null ? null : current
					.toString(), ex));
			}
		}

		private StoredImage read(final Path file, final String role, final Entry e,
			final List<SourceFile> sources) throws IOException
		{
			final ImageFiles.Hashed<StoredImage> h = formats.readStored(file);
			sources.add(new SourceFile(e.id, role, file.toString().replace('\\', '/'), h.sha256()));
			return h.value();
		}

		private static void sameGrid(final Grid a, final String aFile, final Grid b, final Path bFile) {
			if (!a.sameSize(b)) {
				throw new IllegalArgumentException("label maps on different grids: " + aFile + " is " + a +
					" but " + bFile + " is " + b);
			}
		}
	}

	private final List<Entry> entries;
	private final ImageFormats formats;

	private LabelDataset(final List<Entry> entries, final ImageFormats formats) {
		this.entries = Collections.unmodifiableList(entries);
		this.formats = formats;
	}

	/**
	 * Reads a manifest (see the class comment).
	 *
	 * @param groupBy {@link GroupBy#COLUMN} to take groups from the
	 *          {@code group} column, {@link GroupBy#FOLDER} from the id's first
	 *          folder level, {@link GroupBy#NONE} for none
	 * @throws IllegalArgumentException naming the CSV and the line on a missing
	 *           column, a duplicate or empty id, an empty group value, a row
	 *           without a prediction or probabilities, or files that do not
	 *           exist (all listed)
	 */
	public static LabelDataset fromManifest(final Path csv, final GroupBy groupBy,
		final ImageFormats formats) throws IOException
	{
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty()) {
			throw new IllegalArgumentException(csv + " is empty: expected a header id,labels,prediction,probabilities");
		}
		final List<String> header = new ArrayList<>();
		for (final String name : Csv.split(lines.get(0).replace("\uFEFF", "")))
			header.add(name.trim());
		final int id = Dataset.column(header, "id", csv, true);
		final int truth = Dataset.column(header, "labels", csv, false);
		final int pred = Dataset.column(header, "prediction", csv, false);
		final int probs = Dataset.column(header, "probabilities", csv, false);
		final int group = Dataset.column(header, "group", csv, groupBy == GroupBy.COLUMN);
		final Map<Integer, Integer> classColumns = new TreeMap<>();
		for (int i = 0; i < header.size(); i++) {
			final String h = header.get(i);
			if (!h.startsWith("probabilities:")) continue;
			try {
				classColumns.put(Integer.parseInt(h.substring("probabilities:".length()).trim()), i);
			}
			catch (final NumberFormatException ex) {
				throw new IllegalArgumentException(csv + ": column '" + h +
					"' should be probabilities:<label> with an integer label");
			}
		}
		final Path dir = csv.toAbsolutePath().getParent();
		final List<Entry> entries = new ArrayList<>();
		final Map<String, Integer> seen = new LinkedHashMap<>();
		final List<String> missing = new ArrayList<>();
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).trim().isEmpty()) continue;
			final List<String> c = Csv.split(lines.get(i));
			final String name = Dataset.cell(c, id);
			if (name.isEmpty()) throw new IllegalArgumentException(csv + " line " + (i + 1) + ": empty id");
			if (seen.put(name, i + 1) != null) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": duplicate id '" + name + "'");
			}
			String g = "";
			if (groupBy == GroupBy.COLUMN) {
				g = Dataset.cell(c, group);
				if (g.isEmpty()) {
					throw new IllegalArgumentException(csv + " line " + (i + 1) + ": image '" + name +
						"' has an empty group value");
				}
			}
			else if (groupBy == GroupBy.FOLDER) g = groupBy.groupOf(name, null);
			final Map<Integer, Path> perClass = new TreeMap<>();
			for (final Map.Entry<Integer, Integer> cc : classColumns.entrySet()) {
				final Path p = Dataset.path(dir, Dataset.cell(c, cc.getValue()), missing);
				if (p != null) perClass.put(cc.getKey(), p);
			}
			final Path p = Dataset.path(dir, Dataset.cell(c, pred), missing);
			final Path s = Dataset.path(dir, Dataset.cell(c, probs), missing);
			if (p == null && s == null && perClass.isEmpty()) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": image '" + name +
					"' has neither a prediction nor probabilities");
			}
			entries.add(new Entry(name, g, Dataset.path(dir, Dataset.cell(c, truth), missing), p, s,
				perClass));
		}
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException(csv + " names " + missing.size() + " file(s) that do not exist: " + Dataset.list(missing));
		}
		if (entries.isEmpty()) throw new IllegalArgumentException(csv + " lists no images");
		return new LabelDataset(entries, formats);
	}

	/**
	 * Pairs folders by relative path without extension, scanned and paired as
	 * {@link Dataset#fromFolders(Path, Path, Path, ImageFileReader)} does: a
	 * file the scan cannot pair (no partner in another folder, a broken
	 * symbolic link, two files of one id, a subfolder that cannot be read) does
	 * not stop the run but becomes an entry with its {@link Entry#problem()},
	 * which fails to load with that reason, so it is skipped and reported with
	 * the other bad images.
	 *
	 * @param labels folder of ground-truth label maps, or null (when only applying)
	 * @param predictions folder of predicted label maps, or null
	 * @param probabilities folder of probability files (class axis last), or null
	 * @param groupBy {@link GroupBy#FOLDER} for groups by first folder level, or
	 *          {@link GroupBy#NONE} ({@link GroupBy#COLUMN} needs a manifest)
	 * @throws IllegalArgumentException if neither predictions nor probabilities
	 *           are given, or a folder does not exist or holds no images
	 * @throws IOException if a folder cannot be read
	 */
	public static LabelDataset fromFolders(final Path labels, final Path predictions,
		final Path probabilities, final GroupBy groupBy, final ImageFormats formats)
		throws IOException
	{
		if (predictions == null && probabilities == null) {
			throw new IllegalArgumentException("a label-map dataset needs a folder of predictions or of probabilities, got neither");
		}
		if (groupBy == GroupBy.COLUMN) {
			throw new IllegalArgumentException("groupBy=column needs a manifest with a group column; with folders use groupBy=folder");
		}
		final Dataset.Scan t = Dataset.scan(labels, "labels"), p = Dataset.scan(predictions,
			"predictions"), s = Dataset.scan(probabilities, "probabilities");
		final List<Dataset.Scan> scans = new ArrayList<>();
		for (final Dataset.Scan x : java.util.Arrays.asList(t, p, s))
			if (x != null) scans.add(x);
		final List<Entry> entries = new ArrayList<>();
		for (final Dataset.Pairing x : Dataset.pair(scans)) {
			// an image that is skipped anyway needs no group (a stray file beside the group folders)
			final String group = x.problem != null && groupBy == GroupBy.FOLDER && x.id.indexOf(
				'/') <= 0 ? "" : groupBy.groupOf(x.id, null);
			entries.add(new Entry(x.id, group, file(t, x.id), file(p, x.id), file(s, x.id), Collections
				.emptyMap(), x.problem));
		}
		return new LabelDataset(entries, formats);
	}

	/** A scanned folder's file of an image, or null (no folder, or no file). */
	private static Path file(final Dataset.Scan scan, final String id) {
		return scan == null ? null : scan.files.get(id);
	}

	/** The images, in id order (folders) or file order (manifest). */
	public List<Entry> entries() {
		return entries;
	}

	/**
	 * The default classes, {@link #foundClasses(Runner, Dataset.Monitor)} on
	 * one thread of this machine.
	 *
	 * @throws IllegalArgumentException if no label map holds a non-zero label
	 */
	public LabelClasses defaultClasses() throws IOException {
		return foundClasses(LocalRunner.of(1), null);
	}

	/**
	 * The classes found in the data: every non-zero label of any image's
	 * truth label map (of its prediction for an image without truth),
	 * ascending, each named {@code label<value>}. A pass of its own over the
	 * label maps only (never the probabilities), on {@code runner}, merged in
	 * entry order, so the result does not depend on the runner or its
	 * threads. It reads each label map once more than the calibration does:
	 * the price of knowing every class before any image is scored, since an
	 * image's scores depend on the classes (its probabilities' channels, its
	 * labels checked against them). An image whose label map cannot be read,
	 * is not a label map or that the scan could not pair is left out here; the
	 * calibration pass skips and reports it.
	 *
	 * @param monitor progress and cancellation, or null
	 * @throws IllegalArgumentException if no label map could be read or none
	 *           holds a non-zero label (naming the images left out and why)
	 * @throws sc.fiji.conformal.core.run.RunCanceledException if the monitor canceled
	 */
	public LabelClasses foundClasses(final Runner runner, final Dataset.Monitor monitor)
		throws IOException
	{
		final List<String> ids = new ArrayList<>();
		for (final Entry e : entries)
			ids.add(e.id);
		final TreeSet<Integer> found = new TreeSet<>();
		final List<ImageFailure> unread = new ArrayList<>();
		runner.run(entries, new LabelsFound(formats), Dataset.Monitor.of(monitor, ids), r -> {
			if (!r.ok()) unread.add(r.failure());
			else for (final int v : r.value())
				found.add(v);
		});
		final int[] labels = new int[found.size()];
		int k = 0;
		for (final int v : found)
			labels[k++] = v;
		return LabelMaps.nonZeroClasses(labels, "the label maps of the " + entries
			.size() + " image(s)" + (unread.isEmpty() ? "" : " (left out: " + unread + ")"));
	}

	/** One image's distinct non-zero labels (truth, else prediction), ascending. */
	private static final class LabelsFound implements ImageTask<Entry, ImageResult<int[]>> {

		private static final long serialVersionUID = 1L;

		private final ImageFormats formats;

		LabelsFound(final ImageFormats formats) {
			this.formats = formats;
		}

		@Override
		public ImageResult<int[]> apply(final Entry e) {
			if (e.problem != null) return ImageResult.failed(new ImageFailure(e.id, null, e.problem));
			final Path f = e.truth() != null ? e.truth() : e.prediction();
			if (f == null) {
				return ImageResult.failed(new ImageFailure(e.id, null, "image '" + e.id +
					"' has no label map"));
			}
			try {
				final TreeSet<Integer> found = new TreeSet<>();
				for (final int v : LabelMaps.labels(formats.readStored(f).value(), f.toString()))
					if (v != 0) found.add(v);
				final int[] labels = new int[found.size()];
				int k = 0;
				for (final int v : found)
					labels[k++] = v;
				return ImageResult.of(e.id, labels);
			}
			catch (final IOException | IllegalArgumentException ex) {
				return ImageResult.failed(ImageFailure.of(e.id, f.toString(), ex));
			}
		}
	}

	/**
	 * A loader for these images and classes.
	 *
	 * @param needsTruth true if an image without a truth label map is a failure
	 */
	public Loader loader(final LabelClasses classes, final boolean needsTruth) {
		return new Loader(formats, classes, needsTruth);
	}
}
