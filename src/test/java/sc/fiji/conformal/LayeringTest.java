package sc.fiji.conformal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Dependencies point down. Every main source file is read, and each reference
 * to another of the project's packages (import or fully qualified name) and
 * to a framework must be one its package is allowed; a new package must be
 * given its place here. The layers, top to bottom (docs/design.md):
 * <pre>
 * headless, script, demo        entry points
 * ij                            the ImageJ 1.x menu bridge: runs the commands
 * command                       SciJava commands: the one implementation of each action
 * service, batch, report        named calibrations, folder workflows, reports
 * ops                           one call into the engine each
 * io, io.ij                     files: images, datasets, the calibration file;
 *                               io.ij: ImagePlus and TIFF/PNG through ImageJ 1.x
 * core, core.distance, core.image   the engine: pure Java + ImgLib2
 * core.run                      runs a per-image function on threads (knows nothing else)
 * </pre>
 */
public class LayeringTest {

	private static final Path MAIN = Paths.get("src/main/java/sc/fiji/conformal");

	private static final List<String> CORE = Arrays.asList("core", "core.distance", "core.image",
		"core.run");

	/** The project's packages each package may use (besides itself). */
	private static final Map<String, Set<String>> ALLOWED = new HashMap<>();

	/** The frameworks each package must not import. */
	private static final Map<String, List<String>> FORBIDDEN = new HashMap<>();

	private static final List<String> FRAMEWORKS = Arrays.asList("org.scijava", "net.imagej",
		"ij");

	static {
		allow("core.image");
		allow("core.distance", "core.image");
		allow("core.run");
		allow("core", "core.distance", "core.image", "core.run");
		allow("io", CORE);
		// ImageJ 1.x images: ImagePlus conversion, TIFF and PNG files through ImageJ 1.x
		allow("io.ij", CORE, "io");
		allow("ops", CORE);
		allow("batch", CORE, "io");
		allow("report", CORE, "io", "io.ij");
		allow("service", CORE, "io", "ops");
		// the SciJava commands are the one implementation of each action; the ImageJ 1.x
		// menu bridge (ij) runs them, never the other way round
		allow("command", CORE, "io", "io.ij", "batch", "report", "service");
		allow("ij", CORE, "io", "io.ij", "batch", "report", "service", "command");
		allow("headless", "service", "command", "script");
		allow("script");
		allow("demo", CORE, "io", "report");
		for (final String p : CORE)
			FORBIDDEN.put(p, FRAMEWORKS);
		FORBIDDEN.put("io", FRAMEWORKS);
		FORBIDDEN.put("io.ij", Arrays.asList("org.scijava", "net.imagej"));
		FORBIDDEN.put("batch", FRAMEWORKS);
		FORBIDDEN.put("ops", Arrays.asList("net.imagej", "ij"));
		FORBIDDEN.put("service", Arrays.asList("net.imagej", "ij"));
	}

	private static void allow(final String pkg, final Object... deps) {
		final Set<String> s = new HashSet<>();
		for (final Object d : deps) {
			if (d instanceof List) for (final Object x : (List<?>) d)
				s.add((String) x);
			else s.add((String) d);
		}
		ALLOWED.put(pkg, s);
	}

	private static final Pattern PROJECT = Pattern.compile(
		"\\bsc\\.fiji\\.conformal\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

	private static final Pattern IMPORT = Pattern.compile(
		"^\\s*import\\s+(?:static\\s+)?([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.", Pattern.MULTILINE);

	@Test
	public void dependenciesPointDown() throws IOException {
		assertTrue("main sources not found at " + MAIN.toAbsolutePath(), Files.isDirectory(MAIN));
		final Set<String> offences = new TreeSet<>();
		final Set<String> seen = new HashSet<>();
		try (Stream<Path> paths = Files.walk(MAIN)) {
			for (final Path p : (Iterable<Path>) paths.filter(x -> x.toString().endsWith(
				".java"))::iterator)
			{
				final String pkg = MAIN.relativize(p.getParent()).toString().replace('/', '.');
				seen.add(pkg);
				final Set<String> allowed = ALLOWED.get(pkg);
				if (allowed == null) {
					offences.add("package " + pkg + " has no place in the layers (" + p + ")");
					continue;
				}
				final String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8)
					.replaceFirst("(?m)^package .*$", "");
				final Matcher m = PROJECT.matcher(text);
				while (m.find()) {
					final String dep = m.group(1);
					if (!dep.equals(pkg) && !allowed.contains(dep)) offences.add(p.getFileName() + " (" +
						pkg + ") uses " + dep);
				}
				final Matcher i = IMPORT.matcher(text);
				while (i.find())
					for (final String f : FORBIDDEN.getOrDefault(pkg, new ArrayList<>()))
						if (i.group(1).equals(f) || i.group(1).startsWith(f + ".")) offences.add(p.getFileName() +
							" (" + pkg + ") imports " + i.group(1));
			}
		}
		assertTrue("too few packages found: " + seen, seen.containsAll(CORE) && seen.size() >= 12);
		assertTrue("dependencies that do not point down:\n" + String.join("\n", offences), offences
			.isEmpty());
	}
}
