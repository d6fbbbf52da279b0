package sc.fiji.conformal.core;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/** The core is pure Java + ImgLib2: no SciJava, ImageJ or ImageJ 1.x imports. */
public class CoreIndependenceTest {

	private static final Pattern FORBIDDEN = Pattern.compile(
		"^\\s*import\\s+(static\\s+)?(org\\.scijava|net\\.imagej|ij)\\.", Pattern.MULTILINE);

	@Test
	public void coreImportsNoFramework() throws IOException {
		final Path core = Paths.get("src/main/java/sc/fiji/conformal/core");
		assertTrue("core sources not found at " + core.toAbsolutePath(), Files.isDirectory(core));
		final List<String> offenders = new ArrayList<>();
		int files = 0;
		try (Stream<Path> paths = Files.walk(core)) {
			for (final Path p : (Iterable<Path>) paths.filter(x -> x.toString().endsWith(".java"))::iterator) {
				files++;
				final String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
				if (FORBIDDEN.matcher(text).find()) offenders.add(p.toString());
			}
		}
		assertTrue("no core sources found", files > 10);
		assertTrue("core imports a framework: " + offenders, offenders.isEmpty());
	}
}
