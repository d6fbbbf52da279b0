package sc.fiji.conformal.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.ClassCalibration;
import sc.fiji.conformal.core.ClassJointRule;
import sc.fiji.conformal.core.ClassScores;
import sc.fiji.conformal.core.LabelClasses;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.SourceFile;
import sc.fiji.conformal.core.Threshold;

/**
 * The calibration file: a {@link Calibration} as versioned, pretty-printed
 * UTF-8 JSON (format version {@value #FORMAT_VERSION}, specified field by
 * field in the README). The file stores the settings, the per-image scores in
 * each method's natural unit (dilation steps or physical distance, score
 * cut-offs), λ̂, n and k, the input files with their SHA-256 and free-form
 * provenance. Reading rebuilds the calibration from the settings and the
 * scores ({@link Calibration#restore}) and refuses a file whose stored λ̂, n,
 * k or triviality disagree with the rebuilt ones, so a hand-edited λ̂ cannot
 * pass silently.
 * <p>
 * Infinite values are written as the JSON strings {@code "Infinity"} and
 * {@code "-Infinity"}, never as bare (invalid) JSON tokens; NaN is never
 * written. Unknown fields are ignored, so later releases may add fields
 * within version 1; a file of a newer format version is refused with a
 * message asking to update.
 * <p>
 * Content problems throw the unchecked {@link CalibrationFileException}, whose
 * message names the file and the field; I/O problems throw
 * {@link IOException}.
 *
 * <pre>
 * CalibrationFile.write(calibration, Paths.get("dilation.json"), false);
 * Calibration c = CalibrationFile.read(Paths.get("dilation.json"));
 * </pre>
 */
public final class CalibrationFile {

	/** The format version of a binary calibration without groups (what {@link #write(Calibration, Path, boolean)} writes). */
	public static final int FORMAT_VERSION = 1;

	/**
	 * The format version of a calibration per class or per group (what
	 * {@link #write(ClassCalibration, Path, boolean)} writes), and the newest
	 * this class reads.
	 */
	public static final int CLASSES_FORMAT_VERSION = 2;

	/** The software name written to the {@code software} field. */
	public static final String SOFTWARE_NAME = "Conformal Segmentation";

	/**
	 * The provenance key whose value, when present, is written as the software
	 * version (otherwise the jar's Implementation-Version, or {@code unknown}).
	 */
	public static final String SOFTWARE_VERSION_KEY = "softwareVersion";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
		.disableHtmlEscaping().create();

	private static final TypeAdapter<JsonElement> TREE = GSON.getAdapter(JsonElement.class);

	/** Settings parameters stored as top-level fields instead of under {@code parameters}. */
	private static final Set<String> TOP_LEVEL = new HashSet<>(Arrays.asList("method", "alpha",
		"tolerance"));

	private static final int MAX_SHOWN = 60;

	/** The system property that sets {@link #maxBytes()}. */
	public static final String MAX_BYTES_PROPERTY = "sc.fiji.conformal.maxCalibrationBytes";

	/**
	 * {@link #maxBytes()} unless the property sets it: 1 GiB, the file of
	 * about ten million images' scores (the largest calibration any workflow
	 * here makes is far smaller).
	 */
	public static final long DEFAULT_MAX_BYTES = 1L << 30;

	/** The roles an input file may have (version 2 adds those of label-map data). */
	private static final List<String> ROLES = Arrays.asList("score", "mask", "prediction");

	private static final List<String> LABEL_ROLES = Arrays.asList("labels", "prediction",
		"probabilities");

	private CalibrationFile() {}

	/**
	 * Writes a calibration file atomically: the JSON goes to a temporary file
	 * in the same directory, which is then moved onto {@code file} (an atomic
	 * rename where the file system supports it), so readers see either the old
	 * file or the complete new one, never a partial write. The temporary file is
	 * removed on failure.
	 *
	 * @param overwrite whether to replace an existing file; when false and the
	 *          file exists (or appears while writing), nothing is written
	 * @throws FileAlreadyExistsException if the file exists and overwrite is
	 *           false; the message names the file
	 * @throws IllegalArgumentException if the calibration holds a NaN value
	 * @throws IOException if the directory does not exist or cannot be written
	 */
	public static void write(final Calibration c, final Path file, final boolean overwrite)
		throws IOException
	{
		if (c == null) throw new IllegalArgumentException("calibration must be given");
		if (file == null) throw new IllegalArgumentException("calibration file path must be given");
		final byte[] bytes = toJson(c).getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(file, overwrite, out -> out.write(bytes));
	}

	/**
	 * Reads a calibration file and rebuilds the calibration from its settings
	 * and scores. The file is parsed as a stream: the scores go straight into
	 * the calibration, and no copy of the text or tree of the scores is held.
	 * A file larger than {@link #maxBytes()} is refused before it is read.
	 *
	 * @throws CalibrationFileException if the content is not a valid calibration
	 *           file of a version this software reads, or is inconsistent, or
	 *           the file is too large; the message names the file and the field
	 * @throws IOException if the file cannot be read
	 */
	public static Calibration read(final Path file) throws IOException {
		return read(file, maxBytes());
	}

	/** {@link #read(Path)} with another size limit, in bytes. */
	static Calibration read(final Path file, final long maxBytes) throws IOException {
		try (Reader in = open(file, maxBytes)) {
			return new Parser(file.toString()).calibration(in);
		}
	}

	/**
	 * The file as UTF-8 text to stream, after checking that it exists, is no
	 * folder and is not larger than {@code maxBytes}.
	 */
	private static Reader open(final Path file, final long maxBytes) throws IOException {
		if (file == null) throw new IllegalArgumentException("calibration file path must be given");
		final long size;
		final InputStream stream;
		try {
			if (Files.isDirectory(file)) throw new IOException("Is a directory");
			size = Files.size(file);
			stream = Files.newInputStream(file);
		}
		catch (final IOException e) {
			throw FileErrors.reading(file, e); // "Is a directory" alone did not say which
		}
		if (size > maxBytes) {
			stream.close();
			throw new CalibrationFileException(file + " is " + size + " bytes, more than the " +
				maxBytes + " a calibration file may have (about " + maxBytes / 100 +
				" images' scores): is it the calibration you meant? To read it, raise the limit with -D" +
				MAX_BYTES_PROPERTY + "=N");
		}
		final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(
			CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
		return new InputStreamReader(stream, utf8);
	}

	/**
	 * The largest calibration file {@link #read(Path)} reads, in bytes: the
	 * system property {@value #MAX_BYTES_PROPERTY} (a positive whole number),
	 * else {@link #DEFAULT_MAX_BYTES}.
	 *
	 * @throws IllegalArgumentException if the property is not such a number
	 */
	public static long maxBytes() {
		final String p = System.getProperty(MAX_BYTES_PROPERTY);
		if (p == null || p.trim().isEmpty()) return DEFAULT_MAX_BYTES;
		try {
			final long v = Long.parseLong(p.trim());
			if (v >= 1) return v;
		}
		catch (final NumberFormatException e) {
			// refused below
		}
		throw new IllegalArgumentException("the system property " + MAX_BYTES_PROPERTY +
			" must be a positive whole number of bytes, got '" + p + "'");
	}

	/**
	 * Reads a calibration file of either version as a calibration per class
	 * and group: a version 2 file as written, a version 1 file as the binary
	 * calibration without groups ({@link LabelClasses#BINARY}, one group "").
	 *
	 * @throws CalibrationFileException as {@link #read(Path)}
	 * @throws IOException if the file cannot be read
	 */
	public static ClassCalibration readClasses(final Path file) throws IOException {
		try (Reader in = open(file, maxBytes())) {
			return new Parser(file.toString()).classCalibration(in);
		}
	}

	/**
	 * Parses the JSON text of a calibration file of either version; see
	 * {@link #readClasses}.
	 *
	 * @throws CalibrationFileException naming {@code sourceName} and the field
	 */
	public static ClassCalibration classesFromJson(final String json, final String sourceName) {
		if (json == null) throw new IllegalArgumentException("JSON text must be given");
		return new Parser(sourceName == null ? "calibration" : sourceName).classCalibration(
			new StringReader(json));
	}

	/**
	 * The calibration as the JSON text of a calibration file (format version
	 * {@value #FORMAT_VERSION}), pretty-printed, fields in the specified order,
	 * ending with a newline.
	 *
	 * @throws IllegalArgumentException if the calibration holds a NaN value
	 */
	public static String toJson(final Calibration c) {
		if (c == null) throw new IllegalArgumentException("calibration must be given");
		final Settings s = c.settings();
		final Method m = s.method();
		final JsonObject o = header(FORMAT_VERSION, s, c.provenance(), c.created());
		o.addProperty("n", c.n());
		final List<Side> sides = Side.of(m);
		for (final Side side : sides)
			o.add(side.k, rank(side.of(c)));
		for (final Side side : sides)
			o.add(side.lambda, number(m.toNatural(side.of(c).lambda()), side.lambda));
		o.addProperty("trivial", c.trivial());
		o.addProperty("nNeeded", c.nNeeded());
		final JsonArray scores = new JsonArray();
		for (final ImageScore score : c.scores())
			scores.add(score(m, score));
		o.add("scores", scores);
		return tail(o, c.sources(), c.provenance());
	}

	/** Fields 1–7: version, software, created, method, parameters, alpha, tolerance. */
	private static JsonObject header(final int version, final Settings s,
		final Map<String, String> provenance, final Instant created)
	{
		final JsonObject o = new JsonObject();
		o.addProperty("formatVersion", version);
		final JsonObject software = new JsonObject();
		software.addProperty("name", SOFTWARE_NAME);
		software.addProperty("version", softwareVersion(provenance));
		o.add("software", software);
		o.addProperty("created", created.toString());
		o.addProperty("method", s.method().id());
		final JsonObject parameters = new JsonObject();
		for (final Map.Entry<String, Object> e : s.parameters().entrySet()) {
			if (TOP_LEVEL.contains(e.getKey())) continue;
			final Object v = e.getValue();
			parameters.add(e.getKey(), v instanceof Number ? number(((Number) v).doubleValue(),
				"parameter " + e.getKey()) : new JsonPrimitive(String.valueOf(v)));
		}
		o.add("parameters", parameters);
		o.add("alpha", number(s.alpha(), "alpha"));
		o.add("tolerance", number(s.tolerance(), "tolerance"));
		return o;
	}

	/** The last fields: sources, provenance, checksum; the file's text. */
	private static String tail(final JsonObject o, final List<SourceFile> files,
		final Map<String, String> prov)
	{
		final JsonArray sources = new JsonArray();
		for (final SourceFile f : files) {
			final JsonObject e = new JsonObject();
			e.addProperty("id", f.id());
			e.addProperty("role", f.role());
			e.addProperty("path", f.path());
			e.addProperty("sha256", f.sha256());
			sources.add(e);
		}
		o.add("sources", sources);
		final JsonObject provenance = new JsonObject();
		for (final Map.Entry<String, String> e : prov.entrySet())
			provenance.addProperty(e.getKey(), e.getValue());
		o.add("provenance", provenance);
		o.addProperty("checksum", checksum(o));
		return GSON.toJson(o) + "\n";
	}

	/**
	 * Writes a calibration per class or per group as a file of format version
	 * {@value #CLASSES_FORMAT_VERSION}, atomically, as
	 * {@link #write(Calibration, Path, boolean)} does.
	 *
	 * @throws FileAlreadyExistsException if the file exists and overwrite is false
	 * @throws IOException if the directory does not exist or cannot be written
	 */
	public static void write(final ClassCalibration c, final Path file, final boolean overwrite)
		throws IOException
	{
		if (c == null) throw new IllegalArgumentException("calibration must be given");
		if (file == null) throw new IllegalArgumentException("calibration file path must be given");
		final byte[] bytes = toJson(c).getBytes(StandardCharsets.UTF_8);
		AtomicWrite.write(file, overwrite, out -> out.write(bytes));
	}

	/**
	 * A calibration per class or per group as the JSON text of a file of
	 * format version {@value #CLASSES_FORMAT_VERSION} (README, "Format version
	 * 2"): the fields of version 1 up to {@code tolerance}, then
	 * {@code classes}, {@code jointRule}, {@code grouped}, {@code n}, one
	 * {@code cells} entry per (group, class) with its k, λ̂, triviality and the
	 * n it needs, and the {@code scores} of every image per class.
	 *
	 * @throws IllegalArgumentException if the calibration holds a NaN value
	 */
	public static String toJson(final ClassCalibration c) {
		if (c == null) throw new IllegalArgumentException("calibration must be given");
		final Settings s = c.settings();
		final Method m = s.method();
		final LabelClasses classes = c.classes();
		final JsonObject o = header(CLASSES_FORMAT_VERSION, s, c.provenance(), c.created());
		if (classes.binary()) o.add("classes", JsonNull.INSTANCE);
		else {
			final JsonArray a = new JsonArray();
			for (int k = 0; k < classes.size(); k++) {
				final JsonObject e = new JsonObject();
				e.addProperty("label", classes.label(k));
				e.addProperty("name", classes.name(k));
				a.add(e);
			}
			o.add("classes", a);
		}
		o.addProperty("jointRule", c.jointRule().id());
		o.addProperty("grouped", c.grouped());
		o.addProperty("n", c.scores().size());
		final JsonArray cells = new JsonArray();
		final List<Side> sides = Side.of(m);
		for (final String g : c.groups())
			for (int k = 0; k < classes.size(); k++) {
				final Calibration cell = c.cell(g, k);
				final JsonObject e = new JsonObject();
				e.add("group", c.grouped() ? new JsonPrimitive(g) : JsonNull.INSTANCE);
				e.addProperty("class", classes.name(k));
				e.addProperty("n", cell.n());
				for (final Side side : sides)
					e.add(side.k, rank(side.of(cell)));
				for (final Side side : sides)
					e.add(side.lambda, number(m.toNatural(side.of(cell).lambda()), side.lambda));
				e.addProperty("trivial", cell.trivial());
				e.addProperty("nNeeded", cell.nNeeded());
				cells.add(e);
			}
		o.add("cells", cells);
		final JsonArray scores = new JsonArray();
		for (final ClassScores cs : c.scores()) {
			final JsonObject e = new JsonObject();
			e.addProperty("id", cs.id());
			if (c.grouped()) e.addProperty("group", cs.group());
			final JsonArray per = new JsonArray();
			for (int k = 0; k < cs.size(); k++) {
				final JsonObject f = score(m, cs.get(k));
				f.remove("id");
				per.add(f);
			}
			e.add("classes", per);
			scores.add(e);
		}
		o.add("scores", scores);
		return tail(o, c.sources(), c.provenance());
	}

	/**
	 * The SHA-256 (lower-case hex) of the file's fields as the writer formats
	 * them, all but {@code created} and {@code checksum}: two calibrations of
	 * the same data have the same checksum, and any edit to a value changes
	 * it (white space does not).
	 */
	private static String checksum(final JsonObject root) {
		final JsonObject content = new JsonObject();
		for (final Map.Entry<String, JsonElement> e : root.entrySet())
			if (!e.getKey().equals("created") && !e.getKey().equals("checksum")) content.add(e.getKey(), e
				.getValue());
		return ImageFiles.sha256Hex(GSON.toJson(content).getBytes(StandardCharsets.UTF_8));
	}

	private static String softwareVersion(final Map<String, String> provenance) {
		final String v = provenance.get(SOFTWARE_VERSION_KEY);
		if (v != null) return v;
		final Package p = CalibrationFile.class.getPackage();
		final String jar = p == null ? null : p.getImplementationVersion();
		return jar == null ? "unknown" : jar;
	}

	private static JsonElement rank(final Threshold t) {
		return t.k() == Threshold.NO_RANK ? JsonNull.INSTANCE : new JsonPrimitive(t.k());
	}

	private static JsonObject score(final Method m, final ImageScore s) {
		final JsonObject e = new JsonObject();
		e.addProperty("id", s.id());
		final String what = "score of image '" + s.id() + "'";
		for (final Map.Entry<String, Object> f : m.encodeScore(s).entrySet())
			e.add(f.getKey(), value(f.getValue(), f.getKey() + " " + what));
		return e;
	}

	/** A score field's value as JSON: numbers, or arrays of numbers (see {@link Method#encodeScore}). */
	private static JsonElement value(final Object v, final String what) {
		if (v instanceof Float) return number((float) (Float) v, what);
		if (v instanceof Integer) return new JsonPrimitive((Integer) v);
		if (v instanceof Number) return number(((Number) v).doubleValue(), what);
		final JsonArray a = new JsonArray();
		if (v instanceof float[]) for (final float x : (float[]) v)
			a.add(number(x, what));
		else if (v instanceof double[]) for (final double x : (double[]) v)
			a.add(number(x, what));
		else if (v instanceof int[]) for (final int x : (int[]) v)
			a.add(x);
		else throw new IllegalArgumentException("cannot write the calibration: " + what +
			" is not a number or an array of numbers");
		return a;
	}

	/**
	 * The λ̂ of one side as the file names it: {@code k}/{@code lambda} for a
	 * method with one side, {@code kInner}/{@code lambdaInner} and
	 * {@code kOuter}/{@code lambdaOuter} for one with both.
	 */
	private static final class Side {

		final boolean inner;
		final String k;
		final String lambda;

		private Side(final boolean inner, final String suffix) {
			this.inner = inner;
			k = "k" + suffix;
			lambda = "lambda" + suffix;
		}

		static List<Side> of(final Method m) {
			if (m.hasInner() && m.hasOuter()) return Arrays.asList(new Side(true, "Inner"), new Side(
				false, "Outer"));
			return Collections.singletonList(new Side(m.hasInner(), ""));
		}

		Threshold of(final Calibration c) {
			return inner ? c.inner() : c.outer();
		}
	}

	/** A JSON number, or the string "Infinity" / "-Infinity". */
	private static JsonElement number(final double v, final String what) {
		if (Double.isNaN(v)) {
			throw new IllegalArgumentException("cannot write the calibration: " + what + " is NaN");
		}
		if (Double.isInfinite(v)) return new JsonPrimitive(v > 0 ? "Infinity" : "-Infinity");
		return new JsonPrimitive(v);
	}

	/** As {@link #number(double, String)}, writing a float's shortest decimal form. */
	private static JsonElement number(final float v, final String what) {
		if (Float.isNaN(v) || Float.isInfinite(v)) return number((double) v, what);
		return new JsonPrimitive(v);
	}

	/**
	 * Parses the JSON text of a calibration file and rebuilds the calibration.
	 *
	 * @param sourceName how to name the text in error messages (e.g. its path)
	 * @throws CalibrationFileException if the text is not a valid, consistent
	 *           calibration file of a version this software reads; the message
	 *           starts with {@code sourceName} and names the field
	 */
	public static Calibration fromJson(final String json, final String sourceName) {
		if (json == null) throw new IllegalArgumentException("JSON text must be given");
		return new Parser(sourceName == null ? "calibration" : sourceName).calibration(
			new StringReader(json));
	}

	/** Reads one file's JSON tree, naming the source and the field in every error. */
	private static final class Parser {

		private final String source;

		Parser(final String source) {
			this.source = source;
		}

		/** The scores, decoded as they stream in (or later, if the method comes after them). */
		private ScoreList scores;

		/** SHA-256 of the fields as {@link #checksum} formats them, computed while parsing. */
		private String checksum;

		/**
		 * Whether {@link #parse} keeps the {@code scores} array in the tree too
		 * (version 2 files, whose scores are per class, are read from the tree).
		 */
		private boolean keepScores;

		Calibration calibration(final Reader json) {
			final JsonObject root = parse(json);
			if (version(root) == CLASSES_FORMAT_VERSION) {
				throw new CalibrationFileException(source + " is a calibration per class or per group " +
					"(formatVersion 2): read it with CalibrationFile.readClasses");
			}
			return calibration(root);
		}

		/** The format version, refused if newer than this software reads or below 1. */
		private int version(final JsonObject root) {
			final int version = integer(root, "formatVersion", "");
			if (version > CLASSES_FORMAT_VERSION) {
				throw new CalibrationFileException(source + " has formatVersion " + version +
					", newer than this software reads (" + CLASSES_FORMAT_VERSION + "): update " +
					SOFTWARE_NAME);
			}
			if (version < 1) {
				throw new CalibrationFileException(source + ": field 'formatVersion' must be at least 1, got " +
					version);
			}
			return version;
		}

		/**
		 * A file of either version as a calibration per class and group: a
		 * version 1 file is the binary calibration without groups.
		 */
		ClassCalibration classCalibration(final Reader json) {
			keepScores = true;
			final JsonObject root = parse(json);
			if (version(root) == FORMAT_VERSION) {
				final Calibration c = calibration(root);
				final List<ClassScores> scores = new ArrayList<>();
				for (final ImageScore x : c.scores())
					scores.add(new ClassScores(x.id(), "", Collections.singletonList(x)));
				return ClassCalibration.restore(c.settings(), LabelClasses.BINARY,
					ClassJointRule.PER_CLASS, scores, c.provenance(), c.sources(), c.created());
			}
			final Instant created = instant(root, "created");
			final Method method = named(root, "method", "", Method::fromId);
			final Settings settings = settings(root, method);
			final LabelClasses classes = classes(root);
			final ClassJointRule rule = named(root, "jointRule", "", ClassJointRule::fromId);
			final boolean grouped = bool(root, "grouped");
			final int n = integer(root, "n", "");
			final JsonArray cells = array(root, "cells", "");
			final List<ClassScores> scores = classScores(root, method, classes.size(), grouped);
			final List<SourceFile> sources = sources(root, true);
			final Map<String, String> provenance = provenance(root);
			final ClassCalibration c;
			try {
				c = ClassCalibration.restore(settings, classes, rule, scores, provenance, sources, created);
			}
			catch (final IllegalArgumentException e) {
				throw new CalibrationFileException(source + ": field 'scores': " + e.getMessage(), e);
			}
			check("n", n, scores.size());
			if (c.jointRule() != rule) {
				throw new CalibrationFileException(source + ": field 'jointRule' is " + rule.id() +
					" but one class takes only per-class");
			}
			final List<Side> sides = Side.of(method);
			int i = 0;
			for (final String g : c.groups())
				for (int k = 0; k < classes.size(); k++, i++) {
					final String path = "cells[" + i + "]";
					if (i >= cells.size()) {
						throw new CalibrationFileException(source + ": field 'cells' has " + cells.size() +
							" entries but the scores give " + c.groups().size() * classes.size());
					}
					final JsonObject e = object(cells.get(i), path);
					final String group = grouped ? string(e, "group", path) : "";
					final String name = string(e, "class", path);
					if (!group.equals(g) || !name.equals(classes.name(k))) {
						throw new CalibrationFileException(source + ": field '" + path +
							"' is group '" + group + "', class " + name + " but the scores give group '" + g +
							"', class " + classes.name(k) + " there");
					}
					final Calibration cell = c.cell(g, k);
					check(path + ".n", integer(e, "n", path), cell.n());
					for (final Side side : sides)
						check(path + "." + side.k, integerOrNull(e, side.k), side.of(cell).k());
					for (final Side side : sides)
						checkLambda(path + "." + side.lambda, numberOrInfinity(e, side.lambda, path), method
							.toNatural(side.of(cell).lambda()));
					if (bool(e, "trivial") != cell.trivial()) {
						throw new CalibrationFileException(source + ": stored " + path + ".trivial " + bool(e,
							"trivial") + " does not match the one its scores give (" + cell.trivial() + ")");
					}
					check(path + ".nNeeded", integer(e, "nNeeded", path), cell.nNeeded());
				}
			if (i != cells.size()) {
				throw new CalibrationFileException(source + ": field 'cells' has " + cells.size() +
					" entries but the scores give " + i);
			}
			for (int j = 0; j < scores.size(); j++)
				for (int k = 0; k < classes.size(); k++) {
					try {
						method.checkScore(settings, scores.get(j).get(k));
					}
					catch (final IllegalArgumentException e) {
						throw new CalibrationFileException(source + ": field 'scores[" + j + "].classes[" + k +
							"]': " + e.getMessage(), e);
					}
				}
			checkChecksum(root);
			return c;
		}

		private LabelClasses classes(final JsonObject root) {
			final JsonElement e = field(root, "classes", "");
			if (e.isJsonNull()) return LabelClasses.BINARY;
			final JsonArray a = array(root, "classes", "");
			final int[] labels = new int[a.size()];
			final String[] names = new String[a.size()];
			for (int i = 0; i < labels.length; i++) {
				final String path = "classes[" + i + "]";
				final JsonObject c = object(a.get(i), path);
				labels[i] = integer(c, "label", path);
				names[i] = string(c, "name", path);
			}
			try {
				return LabelClasses.of(labels, names);
			}
			catch (final IllegalArgumentException ex) {
				throw new CalibrationFileException(source + ": field 'classes': " + ex.getMessage(), ex);
			}
		}

		private List<ClassScores> classScores(final JsonObject root, final Method method,
			final int k, final boolean grouped)
		{
			final JsonArray array = array(root, "scores", "");
			final List<ClassScores> scores = new ArrayList<>(array.size());
			final Map<String, Integer> seen = new HashMap<>();
			for (int i = 0; i < array.size(); i++) {
				final String path = "scores[" + i + "]";
				final JsonObject e = object(array.get(i), path);
				final String id = string(e, "id", path);
				final Integer before = seen.put(id, i);
				if (before != null) {
					throw new CalibrationFileException(source + ": field '" + path + ".id' repeats the id \"" +
						id + "\" of scores[" + before + "]: each calibration image appears once");
				}
				final String group = grouped ? string(e, "group", path) : "";
				if (grouped && group.isEmpty()) {
					throw new CalibrationFileException(source + ": field '" + path + ".group' is empty");
				}
				final JsonArray per = array(e, "classes", path);
				if (per.size() != k) {
					throw new CalibrationFileException(source + ": field '" + path + ".classes' has " + per
						.size() + " scores but the file has " + k + " classes");
				}
				final List<ImageScore> l = new ArrayList<>(k);
				for (int c = 0; c < k; c++) {
					final String cp = path + ".classes[" + c + "]";
					try {
						l.add(method.decodeScore(id, new Fields(object(per.get(c), cp), cp)));
					}
					catch (final CalibrationFileException ex) {
						throw ex;
					}
					catch (final IllegalArgumentException ex) {
						throw new CalibrationFileException(source + ": field '" + cp + "': " + ex.getMessage(),
							ex);
					}
				}
				scores.add(new ClassScores(id, group, l));
			}
			return scores;
		}

		private void checkChecksum(final JsonObject root) {
			if (root.has("checksum")) {
				final String stored = string(root, "checksum", "");
				if (!stored.equals(checksum(root))) {
					throw new CalibrationFileException(source +
						": its content does not match its checksum, so it was changed after it was written " +
						"(a hand edit?); to use another α, re-derive λ̂ from the scores (Calibration.withAlpha, " +
						"Live Alpha); for other settings, calibrate again");
				}
			}
		}

		private Calibration calibration(final JsonObject root) {
			final Instant created = instant(root, "created");
			final Method method = named(root, "method", "", Method::fromId);
			final Settings settings = settings(root, method);

			final int n = integer(root, "n", "");
			final List<Side> sides = Side.of(method);
			final Map<String, Integer> ranks = new LinkedHashMap<>();
			final Map<String, Double> lambdas = new LinkedHashMap<>();
			for (final Side side : sides)
				ranks.put(side.k, integerOrNull(root, side.k));
			for (final Side side : sides)
				lambdas.put(side.lambda, numberOrInfinity(root, side.lambda, ""));
			final boolean trivial = bool(root, "trivial");
			final int nNeeded = integer(root, "nNeeded", "");

			// without a ScoreList, 'scores' is missing or no array: array() names which
			final List<ImageScore> scores = this.scores != null ? this.scores.decoded(method)
				: Collections.nCopies(array(root, "scores", "").size(), null);
			final List<SourceFile> sources = sources(root, false);
			final Map<String, String> provenance = provenance(root);

			final Calibration c;
			try {
				c = Calibration.restore(settings, scores, provenance, sources, created);
			}
			catch (final IllegalArgumentException e) {
				throw new CalibrationFileException(source + ": field 'scores': " + e.getMessage(), e);
			}

			check("n", n, c.n());
			for (final Side side : sides)
				check(side.k, ranks.get(side.k), side.of(c).k());
			for (final Side side : sides)
				checkLambda(side.lambda, lambdas.get(side.lambda), method.toNatural(side.of(c).lambda()));
			if (trivial != c.trivial()) {
				throw new CalibrationFileException(source + ": stored trivial " + trivial +
					" does not match the one its scores give (" + c.trivial() + ")");
			}
			check("nNeeded", nNeeded, c.nNeeded());
			for (int i = 0; i < scores.size(); i++) {
				try {
					method.checkScore(settings, scores.get(i));
				}
				catch (final IllegalArgumentException e) {
					throw new CalibrationFileException(source + ": field 'scores[" + i + "]': " + e.getMessage(),
						e);
				}
			}
			if (root.has("checksum")) {
				final String stored = string(root, "checksum", "");
				if (!stored.equals(checksum)) {
					throw new CalibrationFileException(source +
						": its content does not match its checksum, so it was changed after it was written " +
						"(a hand edit?); to use another α, re-derive λ̂ from the scores (Calibration.withAlpha, " +
						"Live Alpha); for other settings, calibrate again");
				}
			}
			return c;
		}

		/**
		 * Parses the top-level object as a stream: every field but
		 * {@code scores} as a tree; each element of {@code scores} as a small
		 * tree handed to a {@link ScoreList} and dropped. The checksum's text
		 * ({@link #checksum}: the fields but {@code created} and
		 * {@code checksum}, formatted as the writer does) is hashed on the way.
		 */
		private JsonObject parse(final Reader json) {
			final JsonObject root = new JsonObject();
			final MessageDigest md = ImageFiles.sha256Digest();
			try {
				final JsonReader reader = new JsonReader(withoutBom(json));
				reader.setLenient(false);
				if (reader.peek() != JsonToken.BEGIN_OBJECT) {
					throw new CalibrationFileException(source +
						" is not a calibration file: expected a JSON object, got " + show(TREE.read(reader)));
				}
				final Writer hashed = new OutputStreamWriter(new DigestOutputStream(OutputStream
					.nullOutputStream(), md), StandardCharsets.UTF_8);
				final JsonWriter digest = GSON.newJsonWriter(hashed);
				digest.beginObject();
				reader.beginObject();
				while (reader.hasNext()) {
					final String name = reader.nextName();
					if (root.has(name)) {
						throw new CalibrationFileException(source + ": field '" + name +
							"' appears twice");
					}
					final boolean inChecksum = !name.equals("created") && !name.equals("checksum");
					if (inChecksum) digest.name(name);
					if (name.equals("scores") && reader.peek() == JsonToken.BEGIN_ARRAY) {
						scores = new ScoreList(root);
						final JsonArray kept = new JsonArray();
						reader.beginArray();
						digest.beginArray();
						while (reader.hasNext()) {
							final JsonElement e = TREE.read(reader);
							TREE.write(digest, e);
							scores.add(e);
							if (keepScores) kept.add(e);
						}
						reader.endArray();
						digest.endArray();
						root.add(name, kept); // present; empty unless kept (then read from the ScoreList)
					}
					else {
						final JsonElement v = TREE.read(reader);
						if (inChecksum) TREE.write(digest, v);
						root.add(name, v);
					}
				}
				reader.endObject();
				digest.endObject();
				digest.flush();
				if (reader.peek() != JsonToken.END_DOCUMENT) {
					throw new CalibrationFileException(source +
						" is not valid JSON: unexpected content after the top-level object");
				}
			}
			catch (final CharacterCodingException e) {
				throw new CalibrationFileException(source + " is not valid JSON: it is not UTF-8 text", e);
			}
			catch (final IOException | JsonParseException | IllegalStateException
					| NumberFormatException e)
			{
				throw new CalibrationFileException(source + " is not valid JSON: " + parseMessage(e), e);
			}
			checksum = ImageFiles.hex(md.digest());
			return root;
		}

		/** The text without a leading byte-order mark. */
		private Reader withoutBom(final Reader in) throws IOException {
			final PushbackReader r = new PushbackReader(in, 1);
			final int c = r.read();
			if (c >= 0 && c != '\uFEFF') r.unread(c);
			return r;
		}

		/**
		 * The {@code scores} array's elements as they stream in: decoded at
		 * once when the method is known by then (as in every file this software
		 * writes, where {@code method} comes first), else kept and decoded at
		 * the end. The first problem is kept and thrown when the scores are
		 * asked for, so errors come in the same order whatever the field order.
		 */
		private final class ScoreList {

			private final JsonObject root;
			private final List<ImageScore> decoded = new ArrayList<>();
			private final List<JsonElement> kept = new ArrayList<>();
			private final Map<String, Integer> seen = new HashMap<>();
			private Method method;
			private RuntimeException problem;
			private int count;

			ScoreList(final JsonObject root) {
				this.root = root;
			}

			void add(final JsonElement e) {
				if (problem != null) return;
				if (method == null && kept.isEmpty()) method = knownMethod();
				if (method == null) kept.add(e);
				else {
					try {
						decode(e);
					}
					catch (final RuntimeException ex) {
						problem = ex;
					}
				}
			}

			/** The method if the fields so far name a usable one of a readable version, else null. */
			private Method knownMethod() {
				try {
					final int v = root.has("formatVersion") ? root.get("formatVersion").getAsInt() : -1;
					if (v < 1 || v > FORMAT_VERSION || !root.has("method")) return null;
					return Method.fromId(root.get("method").getAsString());
				}
				catch (final RuntimeException e) {
					return null;
				}
			}

			private void decode(final JsonElement element) {
				final int i = count++;
				final String path = "scores[" + i + "]";
				final JsonObject e = object(element, path);
				final String id = string(e, "id", path);
				final Integer before = seen.put(id, i);
				if (before != null) {
					throw new CalibrationFileException(source + ": field '" + path + ".id' repeats the id \"" +
						id + "\" of scores[" + before + "]: each calibration image appears once");
				}
				try {
					decoded.add(method.decodeScore(id, new Fields(e, path)));
				}
				catch (final CalibrationFileException ex) {
					throw ex;
				}
				catch (final IllegalArgumentException ex) {
					throw new CalibrationFileException(source + ": field '" + path + "': " + ex.getMessage(),
						ex);
				}
			}

			/** The decoded scores of {@code m} (the method the file names). */
			List<ImageScore> decoded(final Method m) {
				if (problem != null) throw problem;
				if (method != null && method != m) throw new IllegalStateException("method changed");
				method = m;
				for (final JsonElement e : kept)
					decode(e);
				kept.clear();
				return decoded;
			}
		}

		private String parseMessage(final Exception e) {
			final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			return m.replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
		}

		/**
		 * The settings: {@code alpha} and {@code tolerance} at the top level, the
		 * method's other parameters ({@link Method#parameterNames}, which depend
		 * only on the choices) under {@code parameters}. Each stored parameter
		 * must equal the value the settings end up with (e.g. α_I = α under the
		 * max joint rule).
		 */
		private Settings settings(final JsonObject root, final Method method) {
			final JsonObject p = object(root, "parameters", "");
			final Settings defaults = Settings.builder(method).build();
			final Settings.Builder b = Settings.builder(method).alpha(number(root, "alpha", ""))
				.tolerance(number(root, "tolerance", ""));
			// the choices first: they decide which parameters the method has
			for (final String name : Settings.NAMES) {
				if (!TOP_LEVEL.contains(name) && p.has(name) && !(defaults.value(name) instanceof Number)) {
					set(b, name, string(p, name, "parameters"));
				}
			}
			final Map<String, Object> stored = new LinkedHashMap<>();
			for (final String name : method.parameterNames(build(b))) {
				if (TOP_LEVEL.contains(name)) continue;
				final Object v = defaults.value(name) instanceof Number ? number(p, name, "parameters")
					: string(p, name, "parameters");
				stored.put(name, v);
				set(b, name, v);
			}
			final Settings s = build(b);
			for (final Map.Entry<String, Object> e : stored.entrySet()) {
				final String name = e.getKey();
				final Object actual = s.value(name);
				final Object v = e.getValue();
				if (actual instanceof Number ? ((Number) v).doubleValue() != ((Number) actual).doubleValue()
					: !String.valueOf(actual).equalsIgnoreCase(String.valueOf(v)))
				{
					throw new CalibrationFileException(source + ": field 'parameters." + name + "' must equal " +
						actual + (name.startsWith("alpha") ? " (alpha, under the " + s.joint().id() +
							" joint rule)" : " (what the other parameters give)") + ", got " + v);
				}
			}
			return s;
		}

		private void set(final Settings.Builder b, final String name, final Object value) {
			try {
				b.set(name, value);
			}
			catch (final IllegalArgumentException e) {
				throw new CalibrationFileException(source + ": field 'parameters." + name + "': " + e
					.getMessage(), e);
			}
		}

		private Settings build(final Settings.Builder b) {
			try {
				return b.build();
			}
			catch (final IllegalArgumentException e) {
				throw new CalibrationFileException(source + ": " + e.getMessage(), e);
			}
		}

		/** One stored score's fields, for {@link Method#decodeScore}. */
		private final class Fields implements Method.ScoreFields {

			private final JsonObject e;
			private final String path;

			Fields(final JsonObject e, final String path) {
				this.e = e;
				this.path = path;
			}

			@Override
			public double number(final String name) {
				return numberOrInfinity(e, name, path);
			}

			@Override
			public int integer(final String name) {
				return Parser.this.integer(e, name, path);
			}

			@Override
			public double[] numbers(final String name) {
				final JsonArray a = array(e, name, path);
				final double[] v = new double[a.size()];
				for (int j = 0; j < v.length; j++)
					v[j] = numberOrInfinity(a.get(j), path + "." + name + "[" + j + "]");
				return v;
			}

			@Override
			public int[] integers(final String name) {
				final JsonArray a = array(e, name, path);
				final int[] v = new int[a.size()];
				for (int j = 0; j < v.length; j++)
					v[j] = Parser.this.integer(a.get(j), path + "." + name + "[" + j + "]");
				return v;
			}

			@Override
			public String text(final String field) {
				final int bracket = field.indexOf('[');
				if (bracket < 0) return show(e.get(field));
				final JsonElement a = e.get(field.substring(0, bracket));
				final int j = Integer.parseInt(field.substring(bracket + 1, field.length() - 1));
				return show(a != null && a.isJsonArray() && j < a.getAsJsonArray().size() ? a
					.getAsJsonArray().get(j) : null);
			}

			@Override
			public RuntimeException invalid(final String field, final String problem) {
				return new CalibrationFileException(source + ": field '" + path + "." + field + "' " +
					problem);
			}
		}

		/** The input files; version 2 also allows the roles of label-map data. */
		private List<SourceFile> sources(final JsonObject root, final boolean labels) {
			final JsonArray array = array(root, "sources", "");
			final List<SourceFile> files = new ArrayList<>(array.size());
			for (int i = 0; i < array.size(); i++) {
				final String path = "sources[" + i + "]";
				final JsonObject e = object(array.get(i), path);
				final String role = string(e, "role", path);
				if (!ROLES.contains(role) && !(labels && (LABEL_ROLES.contains(role) || role.matches(
					"probabilities:[0-9]+"))))
				{
					final List<String> allowed = new ArrayList<>(ROLES);
					if (labels) {
						allowed.addAll(LABEL_ROLES);
						allowed.add("probabilities:<label>");
					}
					throw new CalibrationFileException(source + ": field '" + path + ".role' must be one of " +
						allowed + ", got \"" + role + "\"");
				}
				final String sha = string(e, "sha256", path);
				if (!sha.matches("[0-9a-f]{64}")) {
					throw new CalibrationFileException(source + ": field '" + path +
						".sha256' must be 64 lower-case hexadecimal digits, got \"" + sha + "\"");
				}
				files.add(new SourceFile(string(e, "id", path), role, string(e, "path", path), sha));
			}
			return files;
		}

		private Map<String, String> provenance(final JsonObject root) {
			final JsonObject o = object(root, "provenance", "");
			final Map<String, String> map = new LinkedHashMap<>();
			for (final String key : o.keySet())
				map.put(key, string(o, key, "provenance"));
			return Collections.unmodifiableMap(map);
		}

		private void check(final String field, final Integer stored, final int actual) {
			final Integer a = actual == Threshold.NO_RANK ? null : actual;
			if (stored == null ? a != null : !stored.equals(a)) {
				throw new CalibrationFileException(source + ": stored " + field + " " + stored +
					" does not match the one its scores give (" + a + ")");
			}
		}

		private void checkLambda(final String field, final double stored, final double actual) {
			if (stored != actual) { // == also equates 0.0 and -0.0, and equal infinities
				throw new CalibrationFileException(source + ": stored " + field + " " + stored +
					" does not match the one its scores give (" + actual + ")");
			}
		}

		// -- typed field access ------------------------------------------------

		private static String at(final String parent, final String name) {
			return parent.isEmpty() ? name : parent + "." + name;
		}

		private JsonElement field(final JsonObject o, final String name, final String parent) {
			final JsonElement e = o.get(name);
			if (e == null) {
				throw new CalibrationFileException(source + ": missing field '" + at(parent, name) + "'");
			}
			return e;
		}

		private CalibrationFileException wrongType(final String path, final String expected,
			final JsonElement got)
		{
			return new CalibrationFileException(source + ": field '" + path + "' must be " + expected +
				", got " + show(got));
		}

		private static String show(final JsonElement e) {
			if (e == null) return "nothing";
			final String s = e.toString();
			return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
		}

		private int integer(final JsonObject o, final String name, final String parent) {
			return integer(field(o, name, parent), at(parent, name));
		}

		private int integer(final JsonElement e, final String path) {
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
				try {
					return e.getAsBigDecimal().intValueExact();
				}
				catch (final ArithmeticException | NumberFormatException ex) {
					// not an integer, or out of range: reported below
				}
			}
			throw wrongType(path, "an integer", e);
		}

		private Integer integerOrNull(final JsonObject o, final String name) {
			final JsonElement e = field(o, name, "");
			return e.isJsonNull() ? null : integer(e, name);
		}

		private double number(final JsonObject o, final String name, final String parent) {
			final JsonElement e = field(o, name, parent);
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
				final double v = e.getAsDouble();
				if (!Double.isInfinite(v)) return v;
			}
			throw wrongType(at(parent, name), "a finite number", e);
		}

		private double numberOrInfinity(final JsonObject o, final String name, final String parent) {
			return numberOrInfinity(field(o, name, parent), at(parent, name));
		}

		private double numberOrInfinity(final JsonElement e, final String path) {
			if (e.isJsonPrimitive()) {
				final JsonPrimitive p = e.getAsJsonPrimitive();
				if (p.isNumber()) {
					final double v = p.getAsDouble();
					if (!Double.isInfinite(v)) return v;
				}
				else if (p.isString()) {
					if ("Infinity".equals(p.getAsString())) return Double.POSITIVE_INFINITY;
					if ("-Infinity".equals(p.getAsString())) return Double.NEGATIVE_INFINITY;
				}
			}
			throw wrongType(path, "a finite number, \"Infinity\" or \"-Infinity\"", e);
		}

		private String string(final JsonObject o, final String name, final String parent) {
			final JsonElement e = field(o, name, parent);
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return e.getAsString();
			throw wrongType(at(parent, name), "a string", e);
		}

		private boolean bool(final JsonObject o, final String name) {
			final JsonElement e = field(o, name, "");
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean();
			throw wrongType(name, "true or false", e);
		}

		private JsonObject object(final JsonObject o, final String name, final String parent) {
			return object(field(o, name, parent), at(parent, name));
		}

		private JsonObject object(final JsonElement e, final String path) {
			if (e.isJsonObject()) return e.getAsJsonObject();
			throw wrongType(path, "an object", e);
		}

		private JsonArray array(final JsonObject o, final String name, final String parent) {
			final JsonElement e = field(o, name, parent);
			if (e.isJsonArray()) return e.getAsJsonArray();
			throw wrongType(at(parent, name), "an array", e);
		}

		private Instant instant(final JsonObject o, final String name) {
			final String s = string(o, name, "");
			try {
				return Instant.parse(s);
			}
			catch (final DateTimeParseException e) {
				throw new CalibrationFileException(source + ": field '" + name +
					"' must be an ISO-8601 instant such as 2025-06-01T12:00:00Z, got \"" + s + "\"", e);
			}
		}

		private <E> E named(final JsonObject o, final String name, final String parent,
			final Function<String, E> parse)
		{
			final String s = string(o, name, parent);
			try {
				return parse.apply(s);
			}
			catch (final IllegalArgumentException e) {
				throw new CalibrationFileException(source + ": field '" + at(parent, name) + "': " + e
					.getMessage(), e);
			}
		}
	}
}
