package sc.fiji.conformal.service;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.ui.UIService;

import sc.fiji.conformal.core.Calibration;
import sc.fiji.conformal.core.Calibrator;
import sc.fiji.conformal.core.ImageScore;
import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.StructuringElement;
import sc.fiji.conformal.demo.SyntheticDataset;

/**
 * {@link ConformalService} in a narrow context: the named store
 * (put/get/contains/names/remove), errors that name what is known, calibration
 * files saved and loaded through it, and concurrent use.
 */
public class ConformalServiceTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private ConformalService conformal;

	@Before
	public void setUp() {
		context = new Context(ConformalService.class);
		conformal = context.service(ConformalService.class);
	}

	@After
	public void tearDown() {
		context.dispose();
	}

	private static Calibration calibration(final Method method, final double alpha,
		final long seed)
	{
		final Settings s = Settings.builder(method).alpha(alpha).shape(StructuringElement.SQUARE)
			.build();
		return Calibrator.calibrate(s, new SyntheticDataset(20, seed, 24, 24));
	}

	/**
	 * A context asked for the service alone holds it and what it runs on (the
	 * command machinery for the ops, the script service for its alias), and
	 * nothing of a user interface.
	 */
	@Test
	public void narrowContextHoldsTheServiceAndOnlyWhatItNeeds() {
		assertTrue(conformal instanceof DefaultConformalService);
		assertNotNull(context.getService(CommandService.class));
		assertNotNull(context.getService(ModuleService.class));
		assertNotNull(context.getService(ConvertService.class));
		assertNull(context.getService(UIService.class));
		assertNull(context.getService(StatusService.class));
		final Set<String> names = new HashSet<>();
		for (final Service s : context.getServiceIndex())
			names.add(s.getClass().getSimpleName());
		assertTrue("unexpectedly many services: " + names, names.size() <= 16);
	}

	@Test
	public void putGetContainsNamesRemove() {
		final Calibration a = calibration(Method.DILATION, 0.1, 1);
		final Calibration b = calibration(Method.EROSION, 0.2, 2);
		assertTrue(conformal.names().isEmpty());
		conformal.put("zeta", a);
		conformal.put("alpha", b);
		conformal.put("  mid  ", a);
		assertSame(a, conformal.get("zeta"));
		assertSame(b, conformal.get("alpha"));
		assertSame(a, conformal.get("mid"));
		assertTrue(conformal.contains("zeta"));
		assertTrue(conformal.contains(" zeta "));
		assertFalse(conformal.contains("nope"));
		assertFalse(conformal.contains(null));
		assertEquals(Arrays.asList("alpha", "mid", "zeta"), conformal.names());
		// put replaces
		conformal.put("zeta", b);
		assertSame(b, conformal.get("zeta"));
		assertSame(b, conformal.remove("zeta"));
		assertNull(conformal.remove("zeta"));
		assertNull(conformal.remove(null));
		assertFalse(conformal.contains("zeta"));
		assertEquals(Arrays.asList("alpha", "mid"), conformal.names());
	}

	@Test
	public void namesIsASortedCopy() {
		conformal.put("b", calibration(Method.DILATION, 0.1, 1));
		final List<String> names = conformal.names();
		conformal.put("a", calibration(Method.DILATION, 0.1, 1));
		assertEquals(Collections.singletonList("b"), names);
		assertEquals(Arrays.asList("a", "b"), conformal.names());
	}

	@Test
	public void putRejectsBlankNamesAndNull() {
		final Calibration a = calibration(Method.DILATION, 0.1, 1);
		for (final String bad : new String[] { null, "", "   " }) {
			try {
				conformal.put(bad, a);
				fail("put accepted the name '" + bad + "'");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("name"));
			}
		}
		try {
			conformal.put("x", null);
			fail("put accepted a null calibration");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'x'"));
		}
		assertTrue(conformal.names().isEmpty());
	}

	@Test
	public void getOfAnUnknownNameListsTheKnownOnes() {
		conformal.put("polyps", calibration(Method.DILATION, 0.1, 1));
		conformal.put("retina", calibration(Method.EROSION, 0.1, 2));
		try {
			conformal.get("liver");
			fail("get of an unknown name returned");
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			assertTrue(m, m.contains("'liver'"));
			assertTrue(m, m.contains("[polyps, retina]"));
		}
		try {
			conformal.get(null);
			fail("get(null) returned");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("polyps"));
		}
	}

	@Test
	public void saveThenLoadGivesTheSameCalibration() throws IOException {
		for (final Method m : new Method[] { Method.DILATION, Method.EROSION, Method.THRESHOLD_OUTER,
			Method.CONFIDENCE_SETS, Method.CRC })
		{
			final Calibration original = calibration(m, 0.15, 3);
			conformal.put("orig-" + m.id(), original);
			final File file = new File(tmp.getRoot(), m.id() + ".json");
			conformal.save("orig-" + m.id(), file, false);
			assertTrue(file.isFile());
			final Calibration loaded = conformal.load(file, "copy-" + m.id());
			assertSame(loaded, conformal.get("copy-" + m.id()));
			assertEquals(m, loaded.method());
			assertEquals(original.settings().parameters(), loaded.settings().parameters());
			assertEquals(original.n(), loaded.n());
			if (original.inner() != null) {
				assertEquals(original.inner().lambda(), loaded.inner().lambda(), 0);
				assertEquals(original.inner().k(), loaded.inner().k());
			}
			else assertNull(loaded.inner());
			if (original.outer() != null) {
				assertEquals(original.outer().lambda(), loaded.outer().lambda(), 0);
				assertEquals(original.outer().k(), loaded.outer().k());
			}
			else assertNull(loaded.outer());
			for (int i = 0; i < original.n(); i++) {
				final ImageScore a = original.scores().get(i);
				final ImageScore b = loaded.scores().get(i);
				assertEquals(a.id(), b.id());
				assertEquals(a.inner(), b.inner(), 0);
				assertEquals(a.outer(), b.outer(), 0);
				if (a.curve() != null) {
					assertArrayEquals(a.curve().levels(), b.curve().levels(), 0);
					assertArrayEquals(a.curve().covered(), b.curve().covered());
				}
			}
		}
	}

	@Test
	public void loadWithoutANameUsesTheFileBaseName() throws IOException {
		conformal.put("x", calibration(Method.DILATION, 0.1, 1));
		final File file = new File(tmp.getRoot(), "polyps-dilation.json");
		conformal.save("x", file, false);
		conformal.load(file, null);
		conformal.load(file, "  ");
		assertEquals(Arrays.asList("polyps-dilation", "x"), conformal.names());
	}

	@Test
	public void saveRefusesToOverwrite() throws IOException {
		conformal.put("a", calibration(Method.DILATION, 0.1, 1));
		conformal.put("b", calibration(Method.EROSION, 0.2, 2));
		final File file = new File(tmp.getRoot(), "cal.json");
		conformal.save("a", file, false);
		final byte[] before = Files.readAllBytes(file.toPath());
		try {
			conformal.save("b", file, false);
			fail("save replaced an existing file");
		}
		catch (final FileAlreadyExistsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file.getPath()));
		}
		assertArrayEquals(before, Files.readAllBytes(file.toPath()));
		conformal.save("b", file, true);
		assertEquals(Method.EROSION, conformal.load(file, "reloaded").method());
	}

	@Test
	public void saveOfAnUnknownNameFailsAndWritesNothing() throws IOException {
		final File file = new File(tmp.getRoot(), "none.json");
		try {
			conformal.save("nope", file, false);
			fail("save of an unknown calibration returned");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'nope'"));
		}
		assertFalse(file.exists());
	}

	@Test
	public void loadOfACorruptFileNamesTheFile() throws IOException {
		final File file = tmp.newFile("corrupt.json");
		Files.write(file.toPath(), "{ \"format\": \"conformal-calibration\", ".getBytes(
			StandardCharsets.UTF_8));
		try {
			conformal.load(file, "c");
			fail("a corrupt file loaded");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(file.getPath()));
		}
		assertFalse(conformal.contains("c"));
		final File missing = new File(tmp.getRoot(), "missing.json");
		try {
			conformal.load(missing, "m");
			fail("a missing file loaded");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(missing.getPath()));
		}
	}

	@Test
	public void parallelPutsAndReadsLoseNothing() throws Exception {
		final Calibration a = calibration(Method.DILATION, 0.1, 1);
		final int threads = 8;
		final int each = 250;
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			final CountDownLatch start = new CountDownLatch(1);
			final List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				final int id = t;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						final String name = String.format("t%d-%04d", id, i);
						conformal.put(name, a);
						if (conformal.get(name) != a) throw new IllegalStateException(name + " lost");
						conformal.names(); // concurrent iteration must not throw
						conformal.put("shared", a);
						if (i % 2 == 0) conformal.remove(String.format("t%d-%04d", id, i));
					}
					return null;
				}));
			}
			start.countDown();
			for (final Future<?> f : futures)
				f.get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
			assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
		}
		final List<String> names = conformal.names();
		assertEquals(threads * each / 2 + 1, names.size());
		final List<String> sorted = new ArrayList<>(names);
		Collections.sort(sorted);
		assertEquals(sorted, names);
		for (int t = 0; t < threads; t++)
			for (int i = 1; i < each; i += 2)
				assertTrue(conformal.contains(String.format("t%d-%04d", t, i)));
	}
}
