package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import sc.fiji.conformal.core.Sample;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * A labelled (or unlabelled) set of images on disk, loaded lazily one image
 * at a time. Two layouts:
 * <ul>
 * <li>folders of score maps, predicted masks and/or ground-truth masks,
 * scanned recursively and paired by relative path without extension, which
 * becomes the image's id (e.g. {@code Kvasir/cju0u82z3cuma0835wlxrnrjv});</li>
 * <li>a CSV manifest with the header {@code id,score,mask[,prediction]} and
 * paths relative to the CSV (an empty cell means no such file).</li>
 * </ul>
 * Iteration never stops at a bad image: it records a {@link Failure} naming
 * the image, the file and the problem, skips the image, and goes on; a
 * {@link Monitor} sees progress and can cancel between images.
 */
public final class Dataset implements Iterable<Sample> {

	/** One image's files (any may be null). */
	public static final class Entry {

		private final String id;
		private final Path score;
		private final Path prediction;
		private final Path mask;

		Entry(final String id, final Path score, final Path prediction, final Path mask) {
			this.id = id;
			this.score = score;
			this.prediction = prediction;
			this.mask = mask;
		}

		/** The image id. */
		public String id() {
			return id;
		}

		/** The score map file, or null. */
		public Path score() {
			return score;
		}

		/** The predicted mask file, or null. */
		public Path prediction() {
			return prediction;
		}

		/** The ground-truth mask file, or null. */
		public Path mask() {
			return mask;
		}

		/** The first file present (score, prediction, then mask): names the image's format. */
		public Path primary() {
			return score != null ? score : prediction != null ? prediction : mask;
		}
	}

	/** An image that could not be used, and why. */
	public static final class Failure {

		private final String id;
		private final String message;

		Failure(final String id, final String message) {
			this.id = id;
			this.message = message;
		}

		/** The image id. */
		public String id() {
			return id;
		}

		/** What went wrong, naming the file. */
		public String message() {
			return message;
		}

		@Override
		public String toString() {
			return id + ": " + message;
		}
	}

	/** Sees progress and may cancel between images. */
	public interface Monitor {

		/** Called before image {@code index} (0-based) of {@code total} is loaded. */
		void progress(int index, int total, String id);

		/** True to stop before the next image. */
		boolean isCanceled();
	}

	private final List<Entry> entries;
	private final ImageFileReader reader;
	private final boolean needsTruth;
	private final Map<String, Failure> failures = Collections.synchronizedMap(
		new LinkedHashMap<>());
	/** SHA-256 of each file as last loaded: provenance without reading the file again. */
	private final Map<Path, String> hashes = new ConcurrentHashMap<>();
	private volatile Monitor monitor;
	private volatile boolean canceled;

	private Dataset(final List<Entry> entries, final ImageFileReader reader,
		final boolean needsTruth)
	{
		this.entries = Collections.unmodifiableList(entries);
		this.reader = reader;
		this.needsTruth = needsTruth;
	}

	/**
	 * Pairs folders by relative path without extension.
	 *
	 * @param scores folder of score maps, or null
	 * @param predictions folder of binary predictions, or null
	 * @param masks folder of ground-truth masks, or null (when only applying)
	 * @param reader reads the image files
	 * @throws IOException if a folder cannot be read
	 * @throws IllegalArgumentException if neither scores nor predictions are
	 *           given, a folder does not exist or holds no images, or some files
	 *           have no partner (all such files are listed)
	 */
	public static Dataset fromFolders(final Path scores, final Path predictions, final Path masks,
		final ImageFileReader reader) throws IOException
	{
		if (scores == null && predictions == null) {
			throw new IllegalArgumentException("a dataset needs a folder of score maps or of predicted masks, got neither");
		}
		final Map<String, Path> s = scan(scores, "scores");
		final Map<String, Path> p = scan(predictions, "predictions");
		final Map<String, Path> m = scan(masks, "masks");
		final TreeMap<String, Boolean> ids = new TreeMap<>();
		for (final Map<String, Path> f : Arrays.asList(s, p, m))
			if (f != null) for (final String id : f.keySet())
				ids.put(id, Boolean.TRUE);
		final List<String> unmatched = new ArrayList<>();
		final List<Entry> entries = new ArrayList<>();
		for (final String id : ids.keySet()) {
			boolean complete = true;
			for (final Map<String, Path> f : Arrays.asList(s, p, m))
				if (f != null && !f.containsKey(id)) complete = false;
			if (!complete) {
				for (final Map<String, Path> f : Arrays.asList(s, p, m))
					if (f != null && f.containsKey(id)) unmatched.add(f.get(id).toString());
				continue;
			}
			entries.add(new Entry(id, get(s, id), get(p, id), get(m, id)));
		}
		if (!unmatched.isEmpty()) {
			throw new IllegalArgumentException(unmatched.size() +
				" file(s) have no partner with the same relative path in the other folder(s): " + list(
					unmatched));
		}
		if (entries.isEmpty()) throw new IllegalArgumentException("the dataset folders hold no images");
		return new Dataset(entries, reader, masks != null);
	}

	/**
	 * Reads a CSV manifest: header {@code id,score,mask[,prediction]} (columns
	 * in any order, extra columns ignored), paths relative to the CSV's folder.
	 *
	 * @throws IllegalArgumentException naming the CSV and the line on a missing
	 *           column, a duplicate id, a row with neither score nor prediction,
	 *           or files that do not exist (all listed)
	 */
	public static Dataset fromManifest(final Path csv, final ImageFileReader reader)
		throws IOException
	{
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty()) throw new IllegalArgumentException(csv + " is empty: expected a header id,score,mask[,prediction]");
		final List<String> header = new ArrayList<>();
		// a spreadsheet's UTF-8 byte-order mark and spaces after commas are not part of the names
		for (final String name : Csv.split(lines.get(0).replace("\uFEFF", "")))
			header.add(name.trim());
		final int id = column(header, "id", csv, true);
		final int score = column(header, "score", csv, false);
		final int mask = column(header, "mask", csv, false);
		final int pred = column(header, "prediction", csv, false);
		if (score < 0 && pred < 0) {
			throw new IllegalArgumentException(csv + ": the header needs a 'score' or a 'prediction' column, got " + header);
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
			final Path s = path(dir, cell(c, score), missing);
			final Path p = path(dir, cell(c, pred), missing);
			final Path m = path(dir, cell(c, mask), missing);
			if (s == null && p == null) {
				throw new IllegalArgumentException(csv + " line " + (i + 1) + ": image '" + name + "' has neither a score nor a prediction file");
			}
			anyMask |= m != null;
			entries.add(new Entry(name, s, p, m));
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

	/** Sets the monitor that sees progress and may cancel. */
	public Dataset monitor(final Monitor m) {
		monitor = m;
		return this;
	}

	/** True if iteration stopped because the monitor canceled. */
	public boolean canceled() {
		return canceled;
	}

	/** The images skipped so far, each once, in the order met. */
	public List<Failure> failures() {
		synchronized (failures) {
			return new ArrayList<>(failures.values());
		}
	}

	/**
	 * Records that an image cannot be used (e.g. it lacks a score map the
	 * method needs); later iterations skip it without loading it.
	 */
	public void recordFailure(final String id, final String message) {
		failures.putIfAbsent(id, new Failure(id, message));
	}

	/**
	 * Loads one image.
	 *
	 * @throws IOException if a file cannot be read (the message names it)
	 * @throws IllegalArgumentException on bad content (named)
	 */
	public Sample load(final Entry e) throws IOException {
		final ScalarImage s = e.score == null ? null : named(e.score, () -> reader.readScoresHashed(
			e.score));
		final Mask p = e.prediction == null ? null : named(e.prediction, () -> reader.readMaskHashed(
			e.prediction));
		final Mask m = e.mask == null ? null : named(e.mask, () -> reader.readMaskHashed(e.mask));
		try {
			return Sample.of(e.id, s, p, m);
		}
		catch (final IllegalArgumentException ex) {
			// e.g. a shape mismatch: name the files, as every other failure does
			final List<String> files = new ArrayList<>();
			for (final Path f : new Path[] { e.score, e.prediction, e.mask })
				if (f != null) files.add(f.toString());
			throw new IllegalArgumentException(ex.getMessage() + " (files " + String.join(", ", files) +
				")", ex);
		}
	}

	/**
	 * The input files with their SHA-256, for a calibration's provenance.
	 * Skipped images are left out. A file's hash is that of the bytes its
	 * latest load decoded; files never loaded are read to hash them.
	 */
	public List<SourceFile> sources(final Path root) throws IOException {
		final List<SourceFile> out = new ArrayList<>();
		for (final Entry e : entries) {
			if (failures.containsKey(e.id)) continue;
			addSource(out, e.id, "score", e.score, root);
			addSource(out, e.id, "prediction", e.prediction, root);
			addSource(out, e.id, "mask", e.mask, root);
		}
		return out;
	}

	private void addSource(final List<SourceFile> out, final String id, final String role,
		final Path file, final Path root) throws IOException
	{
		if (file == null) return;
		final Path shown = root == null ? file : relativeOrAbsolute(root, file);
		final String hash = hashes.get(file);
		out.add(new SourceFile(id, role, shown.toString().replace('\\', '/'), hash != null ? hash
			: ImageFiles.sha256(file)));
	}

	private static Path relativeOrAbsolute(final Path root, final Path file) {
		final Path r = root.toAbsolutePath().normalize();
		final Path f = file.toAbsolutePath().normalize();
		return f.startsWith(r) ? r.relativize(f) : f;
	}

	/**
	 * Iterates the images that load, skipping (and recording) those that do
	 * not, and those recorded as failed before; stops early when the monitor
	 * cancels. The same dataset iterates the
	 * same way every time, so it can be read twice (validation).
	 */
	@Override
	public Iterator<Sample> iterator() {
		canceled = false; // each pass starts afresh; canceled() tells about the latest
		return new Iterator<Sample>() {

			private int next;
			private Sample ready;

			@Override
			public boolean hasNext() {
				while (ready == null && next < entries.size()) {
					final Monitor m = monitor;
					if (m != null && m.isCanceled()) {
						canceled = true;
						return false;
					}
					final Entry e = entries.get(next);
					next++;
					if (failures.containsKey(e.id)) continue;
					if (m != null) m.progress(next - 1, entries.size(), e.id);
					try {
						final Sample s = load(e);
						if (needsTruth && s.truth() == null) {
							throw new IllegalArgumentException("image '" + e.id + "' has no ground-truth mask");
						}
						ready = s;
					}
					catch (final IOException | IllegalArgumentException ex) {
						failures.putIfAbsent(e.id, new Failure(e.id, ex.getMessage()));
					}
				}
				return ready != null;
			}

			@Override
			public Sample next() {
				if (!hasNext()) throw new NoSuchElementException();
				final Sample s = ready;
				ready = null;
				return s;
			}
		};
	}

	// -- helpers --

	private interface Load<T> {

		ImageFiles.Hashed<T> get() throws IOException;
	}

	/**
	 * Runs a read and records the file's hash; prefixes content errors with the
	 * file name when they lack it.
	 */
	private <T> T named(final Path file, final Load<T> load) throws IOException {
		final ImageFiles.Hashed<T> read;
		try {
			read = load.get();
		}
		catch (final IllegalArgumentException e) {
			final String msg = e.getMessage() == null ? "" : e.getMessage();
			if (msg.contains(file.toString()) || msg.contains(file.getFileName().toString())) throw e;
			throw new IllegalArgumentException(file + ": " + msg, e);
		}
		hashes.put(file, read.sha256());
		return read.value();
	}

	private static Map<String, Path> scan(final Path folder, final String what) throws IOException {
		if (folder == null) return null;
		if (!Files.isDirectory(folder)) {
			throw new IllegalArgumentException("the " + what + " folder " + folder + " does not exist or is not a folder");
		}
		final Map<String, Path> byId = new TreeMap<>();
		final List<String> clashes = new ArrayList<>();
		try (Stream<Path> files = Files.walk(folder)) {
			// hidden files (".DS_Store", macOS "._name.png" forks) are not images
			for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(
				ImageFiles::isImage).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()::iterator)
			{
				final Path rel = folder.relativize(f);
				final Path parent = rel.getParent();
				final String id = (parent == null ? "" : parent.toString().replace('\\', '/') + "/") +
					ImageFiles.baseName(f);
				final Path old = byId.put(id, f);
				if (old != null) clashes.add(old + " and " + f);
			}
		}
		if (!clashes.isEmpty()) {
			throw new IllegalArgumentException("the " + what + " folder has files that differ only in extension: " + list(clashes));
		}
		if (byId.isEmpty()) {
			throw new IllegalArgumentException("the " + what + " folder " + folder + " holds no image files (" + String.join(", ", ImageFiles.EXTENSIONS) + ")");
		}
		return byId;
	}

	private static Path get(final Map<String, Path> m, final String id) {
		return m == null ? null : m.get(id);
	}

	private static int column(final List<String> header, final String name, final Path csv,
		final boolean required)
	{
		final int i = header.indexOf(name);
		if (i < 0 && required) {
			throw new IllegalArgumentException(csv + ": the header lacks the '" + name + "' column, got " + header);
		}
		return i;
	}

	private static String cell(final List<String> c, final int i) {
		return i < 0 || i >= c.size() ? "" : c.get(i).trim();
	}

	private static Path path(final Path dir, final String cell, final List<String> missing) {
		if (cell.isEmpty()) return null;
		final Path p = dir.resolve(cell);
		if (!Files.isRegularFile(p)) missing.add(p.toString());
		return p;
	}

	private static String list(final List<String> items) {
		final int shown = Math.min(20, items.size());
		final String s = String.join(", ", items.subList(0, shown));
		return items.size() > shown ? s + ", ... (" + (items.size() - shown) + " more)" : s;
	}
}
