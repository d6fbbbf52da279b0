package sc.fiji.conformal.spark;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;

/**
 * {@link PortableFiles}: survives serialization, and a write that must not
 * replace a file accepts a file with exactly its bytes (a retried Spark task
 * meeting its earlier attempt's output) and refuses any other, leaving no
 * temporary file either way, in every format.
 */
public class PortableFilesTest {

	@Rule
	public final TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aRetriedWriteOfTheSameSetSucceedsAndAnyOtherFileIsKept() throws Exception {
		final PortableFiles files = roundTrip(new PortableFiles());
		for (final String name : new String[] { "a.png", "a.tif", "a.nii", "a.nii.gz" }) {
			final Path dir = tmp.newFolder().toPath();
			final Path file = dir.resolve(name);
			final Mask m = random(1);
			files.writeMask(m, file, false);
			final byte[] first = Files.readAllBytes(file);
			files.writeMask(m, file, false); // the same bytes: no conflict
			assertArrayEquals(name, first, Files.readAllBytes(file));
			try {
				files.writeMask(random(2), file, false);
				fail(name + ": another set replaced the file");
			}
			catch (final FileAlreadyExistsException e) {
				assertArrayEquals(name, first, Files.readAllBytes(file));
			}
			try (Stream<Path> s = Files.list(dir)) {
				assertEquals(name + ": only the set, no temporary file", 1, s.count());
			}
			assertNotNull(files.readMask(file));
		}
	}

	private static Mask random(final long seed) {
		final Random r = new Random(seed);
		final boolean[] v = new boolean[40 * 30];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextBoolean();
		return new Mask(Grid.of(40, 30), v);
	}

	private static PortableFiles roundTrip(final PortableFiles f) throws IOException,
		ClassNotFoundException
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(f);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes
			.toByteArray())))
		{
			return (PortableFiles) in.readObject();
		}
	}
}
