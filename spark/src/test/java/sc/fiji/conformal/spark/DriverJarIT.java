package sc.fiji.conformal.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.Test;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.spark.testing.SparkHome;

/**
 * What the jars hold: the driver jar has the engine with Gson relocated, no
 * Spark, no Fiji plugin index and Java 11 bytecode; the plugin jar it depends
 * on has no Spark class and no Spark dependency.
 */
public class DriverJarIT {

	@Test
	public void theDriverJarHoldsTheEngineButNoSparkAndNoPlainGson() throws IOException {
		try (JarFile jar = new JarFile(SparkHome.driverJar().toFile())) {
			final List<String> spark = new ArrayList<>();
			final List<String> gson = new ArrayList<>();
			int relocated = 0;
			int newerThan11 = 0;
			for (final Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
				final String name = e.nextElement().getName();
				if (name.startsWith("org/apache/spark/") || name.startsWith("scala/")) spark.add(name);
				if (name.startsWith("com/google/gson/")) gson.add(name);
				if (name.startsWith("sc/fiji/conformal/spark/shaded/gson/")) relocated++;
				if (name.endsWith(".class") && !name.startsWith("META-INF/") && majorVersion(jar,
					name) > 55) newerThan11++;
			}
			assertEquals(spark.toString(), 0, spark.size());
			assertEquals(gson.toString(), 0, gson.size());
			assertTrue("relocated Gson", relocated > 50);
			assertEquals("classes newer than Java 11", 0, newerThan11);
			assertTrue(jar.getEntry("sc/fiji/conformal/core/Calibrator.class") != null);
			assertTrue(jar.getEntry("ij/ImagePlus.class") != null);
			assertTrue(jar.getEntry("net/imglib2/img/array/ArrayImg.class") != null);
			assertTrue("no menu entries", jar.getEntry("plugins.config") == null);
			assertTrue("no SciJava plugin index", jar.getEntry(
				"META-INF/json/org.scijava.plugin.Plugin") == null);
			assertEquals(ConformalSpark.class.getName(), jar.getManifest().getMainAttributes().getValue(
				"Main-Class"));
		}
	}

	@Test
	public void thePluginJarHasNoSpark() throws IOException, URISyntaxException {
		final Path plugin = Paths.get(Batch.class.getProtectionDomain().getCodeSource().getLocation()
			.toURI());
		assertTrue(plugin + " is the plugin jar", plugin.getFileName().toString().startsWith(
			"Conformal_Segmentation-"));
		try (JarFile jar = new JarFile(plugin.toFile())) {
			for (final Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
				final String name = e.nextElement().getName();
				assertFalse(name, name.contains("spark"));
			}
			final String pom = read(jar, "META-INF/maven/sc.fiji/Conformal_Segmentation/pom.xml");
			assertFalse("the plugin's pom names Spark", pom.contains("org.apache.spark"));
		}
	}

	/**
	 * The plugin comes from this checkout's build (the reactor), not from a
	 * local Maven repository that other builds write to.
	 */
	@Test
	public void thePluginIsThisCheckoutsBuild() throws IOException, URISyntaxException {
		final Path plugin = Paths.get(Batch.class.getProtectionDomain().getCodeSource().getLocation()
			.toURI()).toRealPath();
		final Path build = Paths.get(System.getProperty("conformal.pluginBuild")).toRealPath();
		assertEquals(plugin + " is in " + build, build, plugin.getParent());
	}

	private static int majorVersion(final JarFile jar, final String name) throws IOException {
		try (DataInputStream in = new DataInputStream(jar.getInputStream(jar.getEntry(name)))) {
			if (in.readInt() != 0xCAFEBABE) return 0;
			in.readUnsignedShort();
			return in.readUnsignedShort();
		}
	}

	private static String read(final JarFile jar, final String name) throws IOException {
		try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
