package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.ImageResult;
import sc.fiji.conformal.core.run.RunMonitor;

/**
 * A labelled (or unlabelled) set of images on disk: the result of scanning
 * folders or a manifest into {@link Entry entries}, one per image, holding
 * only the image's id and file paths. Two layouts:
 * <ul>
 * <li>folders of score maps, predicted masks and/or ground-truth masks,
 * scanned recursively and paired by relative path without extension, which
 * becomes the image's id (e.g. {@code Kvasir/cju0u82z3cuma0835wlxrnrjv});</li>
 * <li>a CSV manifest with the header {@code id,score,mask[,prediction]} and
 * paths relative to the CSV (an empty cell means no such file).</li>
 * </ul>
 * Scanning is separate from loading: {@link #load(Entry)} (or its
 * {@link #loader() Loader}, which a run ships to its worker threads) reads one
 * entry's files into a {@link Sample} with the SHA-256 of each file, or gives
 * a {@link ImageFailure} naming the image, the file and the problem. Loading
 * is a pure function of the entry: a dataset holds no state about runs
 * (failures, progress, hashes); the run that loads the images collects them
 * (see {@code Batch} in the batch package). Immutable and thread-safe.
 * <p>
 * A dataset is also an {@code Iterable<Sample>} that loads its images in
 * order, one at a time; that iteration is strict: a bad image throws an
 * {@link IllegalArgumentException} naming it. Runs that skip bad images and
 * report them go through {@code Batch} or
 * {@code ValidationReport.write(Dataset, ...)}.
 */
public final class Dataset implements Iterable<Sample> {

	/**
	 * One image's files (any may be null): a plain value, serializable, the
	 * paths kept as strings.
	 */
	public static final class Entry implements Serializable {

		private static final long serialVersionUID = 1L;

		private final String id;
		private final String score;
		private final String prediction;
		private final String mask;
		/** Why the scan could not pair this image (it then fails to load), or null. */
		private final String problem;

		Entry(final String id, final Path score, final Path prediction, final Path mask) {
			this(id, score, prediction, mask, null);
		}

		private Entry(final String id, final Path score, final Path prediction, final Path mask,
			final String problem)
		{
			this.id = id;
			this.score = text(score);
			this.prediction = text(prediction);
			this.mask = text(mask);
			this.problem = problem;
		}

		/**
		 * An image the scan found but could not pair (no partner, a broken
		 * symbolic link, a folder that could not be read): it is skipped with
		 * the problem when loaded, and reported with the other skipped images.
		 */
		static Entry unusable(final String id, final Path file, final String problem) {
			return new Entry(id, file, null, null, problem);
		}

		/** Why the scan could not pair this image (it fails to load), or null for a usable entry. */
		public String problem() {
			return problem;
		}

		private static String text(final Path p) {
			return p == null ? null : p.toString();
		}

		private static Path path(final String s) {
			return s == null ? null : Paths.get(s);
		}

		/** The image id. */
		public String id() {
			return id;
		}

		/** The score map file, or null. */
		public Path score() {
			return path(score);
		}

		/** The predicted mask file, or null. */
		public Path prediction() {
			return path(prediction);
		}

		/** The ground-truth mask file, or null. */
		public Path mask() {
			return path(mask);
		}

		/** The first file present (score, prediction, then mask): names the image's format. */
		public Path primary() {
			return path(score != null ? score : prediction != null ? prediction : mask);
		}

		@Override
		public String toString() {
			return id;
		}
	}

	/**
	 * One entry as loaded: its sample and the SHA-256 of the bytes each of its
	 * files was decoded from (provenance without reading a file twice).
	 */
	public static final class Loaded {

		private final Entry entry;
		private final Sample sample;
		private final String scoreSha256;
		private final String predictionSha256;
		private final String maskSha256;

		Loaded(final Entry entry, final Sample sample, final String scoreSha256,
			final String predictionSha256, final String maskSha256)
		{
			this.entry = entry;
			this.sample = sample;
			this.scoreSha256 = scoreSha256;
			this.predictionSha256 = predictionSha256;
			this.maskSha256 = maskSha256;
		}

		/** The entry loaded. */
		public Entry entry() {
			return entry;
		}

		/** The image. */
		public Sample sample() {
			return sample;
		}

		/**
		 * The entry's files with the SHA-256 of the bytes loaded, in the order
		 * score, prediction, mask (those present), for a calibration's
		 * provenance.
		 *
		 * @param root folder that paths are shown relative to (a file outside it
		 *          is shown absolute), or null to show them as given
		 */
		public List<SourceFile> sources(final Path root) {
			final List<SourceFile> out = new ArrayList<>(3);
			add(out, "score", entry.score(), scoreSha256, root);
			add(out, "prediction", entry.prediction(), predictionSha256, root);
			add(out, "mask", entry.mask(), maskSha256, root);
			return out;
		}

		private void add(final List<SourceFile> out, final String role, final Path file,
			final String sha256, final Path root)
		{
			if (file == null) return;
			final Path shown = root == null ? file : relativeOrAbsolute(root, file);
			out.add(new SourceFile(entry.id(), role, shown.toString().replace('\\', '/'), sha256));
		}
	}

	/**
	 * Loads entries: a pure function of the entry (and of the reader, and
	 * whether the dataset needs ground truth), safe to call from many threads
	 * at once if the reader is.
	 */
	public static final class Loader implements Serializable {

		private static final long serialVersionUID = 1L;

		private final ImageFileReader reader;
		private final boolean needsTruth;

		/**
		 * @param reader reads the image files (serializable if the loader is to
		 *          be shipped to another process)
		 * @param needsTruth true if an entry without a ground-truth mask is a
		 *          failure
		 */
		public Loader(final ImageFileReader reader, final boolean needsTruth) {
			if (reader == null) throw new IllegalArgumentException("a loader needs an image reader");
			this.reader = reader;
			this.needsTruth = needsTruth;
		}

		/** True if an entry without a ground-truth mask is a failure. */
		public boolean needsTruth() {
			return needsTruth;
		}

		/**
		 * Loads one image: its sample with the SHA-256 of each file, or a
		 * failure naming the image, the file and the problem (a file that cannot
		 * be read, bad content such as a non-binary mask or NaN scores, files of
		 * different sizes, or a missing ground-truth mask when the dataset needs
		 * one, or a file too large for the memory or stack of this Java). Never
		 * throws for a bad image.
		 */
		public ImageResult<Loaded> load(final Entry e) {
			final Path score = e.score(), prediction = e.prediction(), mask = e.mask();
			if (e.problem != null) {
				return ImageResult.failed(new ImageFailure(e.id, e.score, e.problem));
			}
			if (needsTruth && mask == null) {
				return ImageResult.failed(new ImageFailure(e.id, null, "image '" + e.id +
					"' has no ground-truth mask"));
			}
			final ImageFiles.Hashed<ScalarImage> s;
			final ImageFiles.Hashed<Mask> p, m;
			try {
				s = score == null ? null : named(score, () -> reader.readScoresHashed(score));
			}
			catch (final IOException | IllegalArgumentException ex) {
				return failed(e, score, ex);
			}
			catch (final OutOfMemoryError | StackOverflowError ex) {
				return ImageResult.failed(ImageFailure.of(e.id, score.toString(), ex));
			}
			try {
				p = prediction == null ? null : named(prediction, () -> reader.readMaskHashed(
					prediction));
			}
			catch (final IOException | IllegalArgumentException ex) {
				return failed(e, prediction, ex);
			}
			catch (final OutOfMemoryError | StackOverflowError ex) {
				return ImageResult.failed(ImageFailure.of(e.id, prediction.toString(), ex));
			}
			try {
				m = mask == null ? null : named(mask, () -> reader.readMaskHashed(mask));
			}
			catch (final IOException | IllegalArgumentException ex) {
				return failed(e, mask, ex);
			}
			catch (final OutOfMemoryError | StackOverflowError ex) {
				return ImageResult.failed(ImageFailure.of(e.id, mask.toString(), ex));
			}
			final Sample sample;
			try {
				sample = Sample.of(e.id, value(s), value(p), value(m));
			}
			catch (final IllegalArgumentException ex) {
				// e.g. a shape mismatch: name the files, as every other failure does
				final List<String> files = new ArrayList<>();
				for (final Path f : new Path[] { score, prediction, mask })
					if (f != null) files.add(f.toString());
				return ImageResult.failed(new ImageFailure(e.id, null, ex.getMessage() + " (files " +
					String.join(", ", files) + ")"));
			}
			return ImageResult.of(e.id, new Loaded(e, sample, hash(s), hash(p), hash(m)));
		}

		private static ImageResult<Loaded> failed(final Entry e, final Path file, final Exception ex) {
			return ImageResult.failed(ImageFailure.of(e.id, file.toString(), ex));
		}

		private static <T> T value(final ImageFiles.Hashed<T> h) {
			return h == null ? null : h.value();
		}

		private static String hash(final ImageFiles.Hashed<?> h) {
			return h == null ? null : h.sha256();
		}
	}

	/** Sees a run's progress over a dataset and may cancel it between images. */
	public interface Monitor {

		/**
		 * Called before image {@code index} (0-based, its position in
		 * {@link #entries()}) of {@code total} is handed out to be loaded.
		 */
		void progress(int index, int total, String id);

		/** True to stop before the next image. */
		boolean isCanceled();

		/**
		 * A run monitor that reports each entry handed out to {@code m} by its
		 * position and its id in {@code ids}; {@link RunMonitor#NONE} for a null
		 * {@code m}.
		 */
		static RunMonitor of(final Monitor m, final List<String> ids) {
			if (m == null) return RunMonitor.NONE;
			return new RunMonitor() {

				@Override
				public void started(final int index) {
					m.progress(index, ids.size(), ids.get(index));
				}

				@Override
				public boolean isCanceled() {
					return m.isCanceled();
				}
			};
		}
	}

	private final List<Entry> entries;
	private final Loader loader;

	private Dataset(final List<Entry> entries, final ImageFileReader reader,
		final boolean needsTruth)
	{
		this.entries = Collections.unmodifiableList(entries);
		this.loader = new Loader(reader, needsTruth);
	}

	/**
	 * Pairs folders by relative path without extension (compared after
	 * Unicode NFC normalisation, so a name stored decomposed, as macOS does,
	 * pairs with its composed twin). Subfolders are scanned recursively,
	 * following symbolic links to folders (a link that loops back is reported,
	 * not followed). A file the scan cannot pair does not stop the run: it
	 * becomes an entry that fails to load with the reason (no partner in
	 * another folder, a broken symbolic link, two files that map to the same
	 * id, a subfolder that cannot be read), so it is skipped and reported with
	 * the other bad images.
	 *
	 * @param scores folder of score maps, or null
	 * @param predictions folder of binary predictions, or null
	 * @param masks folder of ground-truth masks, or null (when only applying)
	 * @param reader reads the image files
	 * @throws IOException if a folder cannot be read
	 * @throws IllegalArgumentException if neither scores nor predictions are
	 *           given, or a folder does not exist or holds no images
	 */
	public static Dataset fromFolders(final Path scores, final Path predictions, final Path masks,
		final ImageFileReader reader) throws IOException
	{
		return fromFolders(scores, predictions, masks, reader, Storage.LOCAL);
	}

	/**
	 * {@link #fromFolders(Path, Path, Path, ImageFileReader)} with the folders
	 * listed on {@code storage} (whose files {@code reader} reads).
	 */
	public static Dataset fromFolders(final Path scores, final Path predictions, final Path masks,
		final ImageFileReader reader, final Storage storage) throws IOException
	{
		if (scores == null && predictions == null) {
			throw new IllegalArgumentException("a dataset needs a folder of score maps or of predicted masks, got neither");
		}
		final List<Scan> scans = new ArrayList<>();
		final Scan s = scan(scores, "scores", storage), p = scan(predictions, "predictions",
			storage), m = scan(masks, "masks", storage);
		for (final Scan x : Arrays.asList(s, p, m))
			if (x != null) scans.add(x);
		final List<Entry> entries = new ArrayList<>();
		for (final Pairing x : pair(scans))
			entries.add(x.problem != null ? Entry.unusable(x.id, x.file, x.problem) : distinctFiles(
				new Entry(x.id, get(s, x.id), get(p, x.id), get(m, x.id)), null));
		if (entries.isEmpty()) throw new IllegalArgumentException("the dataset folders hold no images");
		return new Dataset(entries, reader, masks != null);
	}

	/**
	 * Reads a CSV manifest: header {@code id,score,mask[,prediction]} (columns
	 * in any order, extra columns ignored), paths relative to the CSV's folder.
	 *
	 * @throws IllegalArgumentException naming the CSV and the line on a missing
	 *           column, a duplicate id, a row with neither score nor prediction,
	 *           one file in two roles, or files that do not exist (all listed)
	 */
	public static Dataset fromManifest(final Path csv, final ImageFileReader reader)
		throws IOException
	{
		return fromManifest(csv, reader, Collections.emptyMap(), Storage.LOCAL);
	}

	/**
	 * {@link #fromManifest(Path, ImageFileReader)} with the manifest read and
	 * its files checked on {@code storage} (whose files {@code reader} reads).
	 */
	public static Dataset fromManifest(final Path csv, final ImageFileReader reader,
		final Storage storage) throws IOException
	{
		return fromManifest(csv, reader, Collections.emptyMap(), storage);
	}

	/**
	 * Reads a CSV manifest whose roles may have other column names:
	 * {@code columns} maps a role ({@code id}, {@code score}, {@code mask},
	 * {@code prediction}) to the column that holds it, e.g. {@code score → pred},
	 * {@code mask → gt} for a header {@code id,dataset,pred,gt}; unmapped roles
	 * keep their own names. See {@link #parseColumns}.
	 *
	 * @throws IllegalArgumentException as {@link #fromManifest(Path, ImageFileReader)},
	 *           or if a mapped role is unknown or its column is not in the header
	 */
	public static Dataset fromManifest(final Path csv, final ImageFileReader reader,
		final Map<String, String> columns) throws IOException
	{
		return fromManifest(csv, reader, columns, Storage.LOCAL);
	}

	/**
	 * {@link #fromManifest(Path, ImageFileReader, Map)} with the manifest read
	 * and its files checked on {@code storage}.
	 */
	public static Dataset fromManifest(final Path csv, final ImageFileReader reader,
		final Map<String, String> columns, final Storage storage) throws IOException
	{
		for (final String role : columns.keySet())
			if (!ROLES.contains(role)) {
				throw new IllegalArgumentException("columns: unknown role '" + role + "'; the roles are " + ROLES);
			}
		final List<String> lines;
		try {
			lines = storage.lines(csv);
		}
		catch (final IOException e) {
			throw FileErrors.reading(csv, e);
		}
		if (lines.isEmpty()) throw new IllegalArgumentException(csv + " is empty: expected a header id,score,mask[,prediction]");
		final List<String> header = new ArrayList<>();
		// a spreadsheet's UTF-8 byte-order mark and spaces after commas are not part of the names
		for (final String name : Csv.split(lines.get(0).replace("\uFEFF", "")))
			header.add(name.trim());
		for (final Map.Entry<String, String> e : columns.entrySet())
			if (!header.contains(e.getValue())) {
				throw new IllegalArgumentException(csv + ": columns maps " + e.getKey() + " to '" + e.getValue() + "', which the header " + header + " lacks");
			}
		final int id = column(header, columns.getOrDefault("id", "id"), csv, true);
		final int score = column(header, columns.getOrDefault("score", "score"), csv, false);
		final int mask = column(header, columns.getOrDefault("mask", "mask"), csv, false);
		final int pred = column(header, columns.getOrDefault("prediction", "prediction"), csv, false);
		if (score < 0 && pred < 0) {
			throw new IllegalArgumentException(csv + ": the header needs a 'score' or a 'prediction' column, got " + header + "; to use other columns, map them, e.g. columns=\"score:pred,mask:gt\"");
		}
		final Path dir = csv.toAbsolutePath().getParent();
		final List<Entry> entries = new ArrayList<>();
		final Map<String, Integer> seen = new LinkedHashMap<>();
		final List<String> missing = new ArrayList<>();
		boolean anyMask = false;
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).trim().isEmpty()) continue;
			final List<String> c = Csv.split(lines.get(i));
			final String name = cell(c, id);
			if (name.isEmpty()) throw new IllegalArgumentException(csv + " line " + (i + 1) + ": empty id");
			if (seen.put(name, i + 1) != null) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": duplicate id '" + name + "'");
			}
			final Path s = path(dir, cell(c, score), missing, storage);
			final Path p = path(dir, cell(c, pred), missing, storage);
			final Path m = path(dir, cell(c, mask), missing, storage);
			if (s == null && p == null) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": image '" + name + "' has neither a score nor a prediction file");
			}
			anyMask |= m != null;
			entries.add(distinctFiles(new Entry(name, s, p, m), csv + " line " + (i + 1)));
		}
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException(csv + " names " + missing.size() + " file(s) that do not exist: " + list(missing));
		}
		if (entries.isEmpty()) throw new IllegalArgumentException(csv + " lists no images");
		return new Dataset(entries, reader, anyMask);
	}

	/** The images, in id order (folders) or file order (manifest). */
	public List<Entry> entries() {
		return entries;
	}

	/** Number of images. */
	public int size() {
		return entries.size();
	}

	/** The loader of this dataset's entries (what a run ships to its workers). */
	public Loader loader() {
		return loader;
	}

	/** Loads one entry; see {@link Loader#load}. */
	public ImageResult<Loaded> load(final Entry e) {
		return loader.load(e);
	}

	/**
	 * Loads the images in order, one at a time (strict: see the class
	 * comment).
	 *
	 * @throws IllegalArgumentException from {@code next()} on an image that
	 *           cannot be loaded, naming it, the file and the problem
	 */
	@Override
	public Iterator<Sample> iterator() {
		final Iterator<Entry> it = entries.iterator();
		return new Iterator<Sample>() {

			@Override
			public boolean hasNext() {
				return it.hasNext();
			}

			@Override
			public Sample next() {
				final ImageResult<Loaded> r = load(it.next());
				if (!r.ok()) throw new IllegalArgumentException("image " + r.failure());
				return r.value().sample();
			}
		};
	}

	// -- helpers --

	private interface Load<T> {

		ImageFiles.Hashed<T> get() throws IOException;
	}

	/** Runs a read; prefixes content errors with the file name when they lack it. */
	private static <T> ImageFiles.Hashed<T> named(final Path file, final Load<T> load)
		throws IOException
	{
		try {
			return load.get();
		}
		catch (final IllegalArgumentException e) {
			final String msg = e.getMessage() == null ? "" : e.getMessage();
			if (msg.contains(file.toString()) || msg.contains(file.getFileName().toString())) throw e;
			throw new IllegalArgumentException(file + ": " + msg, e);
		}
	}

	private static Path relativeOrAbsolute(final Path root, final Path file) {
		final Path r = root.toAbsolutePath().normalize();
		final Path f = file.toAbsolutePath().normalize();
		return f.startsWith(r) ? r.relativize(f) : f;
	}

	/** One folder's images by id, and the ids (or subfolders) it could not use, with why. */
	static final class Scan {

		final Path folder;
		final String what;
		final Map<String, Path> files = new TreeMap<>();
		final Map<String, String> problems = new TreeMap<>();

		Scan(final Path folder, final String what) {
			this.folder = folder;
			this.what = what;
		}

		/** The id of a file or folder: its path relative to the folder, NFC, extension removed. */
		String id(final Path f) {
			final Path rel = folder.relativize(f);
			final Path parent = rel.getParent();
			final String id = (parent == null ? "" : parent.toString().replace('\\', '/') + "/") +
				ImageFiles.baseName(f);
			return Normalizer.normalize(id, Normalizer.Form.NFC);
		}
	}

	/** {@link #scan(Path, String, Storage)} on the local file system. */
	static Scan scan(final Path folder, final String what) throws IOException {
		return scan(folder, what, Storage.LOCAL);
	}

	/**
	 * A folder's images by id, walked (following links, reporting broken ones
	 * and loops) on the local file system, or listed on another storage.
	 */
	static Scan scan(final Path folder, final String what, final Storage storage)
		throws IOException
	{
		if (folder == null) return null;
		if (!storage.isFolder(folder)) {
			throw new IllegalArgumentException("the " + what + " folder " + folder + " does not exist or is not a folder");
		}
		final Scan scan = new Scan(folder, what);
		if (storage != Storage.LOCAL) {
			// hidden files (".DS_Store", macOS "._name.png" forks) are not images
			for (final Path f : storage.files(folder)) {
				if (f.getFileName().toString().startsWith(".") || !ImageFiles.isImage(f)) continue;
				final String id = scan.id(f);
				final Path old = scan.files.put(id, f);
				if (old != null) {
					scan.problems.putIfAbsent(id, old + " and " + f + " map to the same image id '" + id +
						"' (they differ only in extension or in Unicode normalisation)");
				}
			}
		}
		else Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
			new SimpleFileVisitor<Path>() {

				@Override
				public FileVisitResult visitFile(final Path f, final BasicFileAttributes a) {
					// hidden files (".DS_Store", macOS "._name.png" forks) are not images
					if (f.getFileName().toString().startsWith(".") || !ImageFiles.isImage(f)) {
						return FileVisitResult.CONTINUE;
					}
					final String id = scan.id(f);
					if (a.isSymbolicLink()) {
						// followed links have their target's attributes: this one points nowhere
						scan.problems.putIfAbsent(id, f + ": a broken symbolic link (its target does not exist)");
						return FileVisitResult.CONTINUE;
					}
					if (!a.isRegularFile()) return FileVisitResult.CONTINUE;
					final Path old = scan.files.put(id, f);
					if (old != null) {
						scan.problems.putIfAbsent(id, old + " and " + f + " map to the same image id '" + id +
							"' (they differ only in extension or in Unicode normalisation)");
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(final Path f, final IOException e)
					throws IOException
				{
					if (f.equals(folder)) throw e;
					final String why = e instanceof FileSystemLoopException
						? "a symbolic link to a folder that contains it; not followed"
						: e instanceof AccessDeniedException ? "permission denied; not scanned" : e
							.getMessage();
					scan.problems.putIfAbsent(scan.id(f), f + ": " + why);
					return FileVisitResult.CONTINUE;
				}
			});
		if (scan.files.isEmpty() && scan.problems.isEmpty()) {
			throw new IllegalArgumentException("the " + what + " folder " + folder + " holds no image files (" + String.join(", ", ImageFiles.EXTENSIONS) + ")");
		}
		return scan;
	}

	/** One id of scanned folders: usable (a file in every folder) or not, and why. */
	static final class Pairing {

		final String id;
		/** Why the image cannot be used, or null when every folder has its file. */
		final String problem;
		/** The file that names an unusable image (may be null), else null. */
		final Path file;

		private Pairing(final String id, final String problem, final Path file) {
			this.id = id;
			this.problem = problem;
			this.file = file;
		}
	}

	/**
	 * Pairs scanned folders by id: every id any of them has (a file or a
	 * problem), ascending, each usable or with the reason it is not: the first
	 * scan's problem with it (a broken link, two files of one id, a subfolder
	 * that could not be read), else a missing partner, naming the files present
	 * and the folders without one.
	 */
	static List<Pairing> pair(final List<Scan> scans) {
		final TreeSet<String> ids = new TreeSet<>();
		for (final Scan x : scans) {
			ids.addAll(x.files.keySet());
			ids.addAll(x.problems.keySet());
		}
		final List<Pairing> pairs = new ArrayList<>();
		for (final String id : ids) {
			String problem = null;
			Path file = null;
			for (final Scan x : scans)
				if (problem == null && x.problems.containsKey(id)) {
					problem = x.problems.get(id);
					file = x.files.get(id);
				}
			if (problem == null) {
				final List<String> present = new ArrayList<>(), missing = new ArrayList<>();
				for (final Scan x : scans) {
					if (x.files.containsKey(id)) present.add(x.files.get(id).toString());
					else missing.add("the " + x.what + " folder " + x.folder);
				}
				if (!missing.isEmpty()) {
					file = Paths.get(present.get(0));
					problem = String.join(" and ", present) + ": no partner: no image named '" + id +
						"' (any extension) in " + String.join(" or ", missing);
				}
			}
			pairs.add(new Pairing(id, problem, file));
		}
		return pairs;
	}

	private static Path get(final Scan m, final String id) {
		return m == null ? null : m.files.get(id);
	}

	/** The roles a manifest's columns play. */
	public static final List<String> ROLES = Collections.unmodifiableList(Arrays.asList("id",
		"score", "mask", "prediction"));

	/**
	 * A column mapping from its text form {@code role:column,role:column}
	 * (e.g. {@code score:pred,mask:gt}); empty for null or blank text.
	 *
	 * @throws IllegalArgumentException on a malformed pair, an unknown role or
	 *           a role given twice
	 */
	public static Map<String, String> parseColumns(final String text) {
		final Map<String, String> out = new LinkedHashMap<>();
		if (text == null || text.trim().isEmpty()) return out;
		for (final String pair : text.split(",")) {
			final String[] kv = pair.split(":", -1);
			if (kv.length != 2 || kv[0].trim().isEmpty() || kv[1].trim().isEmpty()) {
				throw new IllegalArgumentException("columns: expected role:column pairs separated by commas (e.g. score:pred,mask:gt), got '" + text + "'");
			}
			final String role = kv[0].trim();
			if (!ROLES.contains(role)) {
				throw new IllegalArgumentException("columns: unknown role '" + role + "'; the roles are " + ROLES);
			}
			if (out.put(role, kv[1].trim()) != null) {
				throw new IllegalArgumentException("columns: the role '" + role + "' is mapped twice");
			}
		}
		return out;
	}

	/**
	 * The entry, if no file plays two roles in it (e.g. predictions and masks
	 * pointed at one folder, which pairs each file with itself).
	 *
	 * @param where the manifest line, or null for folders
	 * @throws IllegalArgumentException naming the file and its two roles
	 */
	private static Entry distinctFiles(final Entry e, final String where) {
		final Path[] files = { e.score(), e.prediction(), e.mask() };
		final String[] roles = { "score map", "prediction", "ground-truth mask" };
		for (int i = 0; i < files.length; i++)
			for (int j = i + 1; j < files.length; j++)
				if (files[i] != null && files[j] != null && files[i].toAbsolutePath().normalize().equals(
					files[j].toAbsolutePath().normalize()))
				{
					throw new IllegalArgumentException((where == null ? "" : where + ": ") + files[i] +
						" is both the " + roles[i] + " and the " + roles[j] + " of image '" + e.id() +
						"' (identical source file in two roles): point them at different files or folders");
				}
		return e;
	}

	static int column(final List<String> header, final String name, final Path csv,
		final boolean required)
	{
		final int i = header.indexOf(name);
		if (i < 0 && required) {
			throw new IllegalArgumentException(csv + ": the header lacks the '" + name + "' column, got " + header);
		}
		return i;
	}

	static String cell(final List<String> c, final int i) {
		return i < 0 || i >= c.size() ? "" : c.get(i).trim();
	}

	static Path path(final Path dir, final String cell, final List<String> missing)
		throws IOException
	{
		return path(dir, cell, missing, Storage.LOCAL);
	}

	private static Path path(final Path dir, final String cell, final List<String> missing,
		final Storage storage) throws IOException
	{
		if (cell.isEmpty()) return null;
		final Path p = dir.resolve(cell);
		if (!storage.isFile(p)) missing.add(p.toString());
		return p;
	}

	static String list(final List<String> items) {
		final int shown = Math.min(20, items.size());
		final String s = String.join(", ", items.subList(0, shown));
		return items.size() > shown ? s + ", ... (" + (items.size() - shown) + " more)" : s;
	}
}
