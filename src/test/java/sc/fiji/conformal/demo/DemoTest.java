package sc.fiji.conformal.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import sc.fiji.conformal.core.Sample;

/** The demo runs end to end and its data are deterministic. */
public class DemoTest {

	@Test
	public void demoCalibratesAppliesAndValidatesEveryMethod() throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Demo.run(60, 10, 3, new PrintStream(bytes, true, "UTF-8"));
		final String out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		for (final String method : new String[] { "dilation", "erosion", "threshold-outer",
			"confidence-sets", "crc" })
		{
			assertTrue("demo output lacks " + method + ":\n" + out, out.contains("\n" + method + "  {"));
		}
		assertTrue(out, out.contains("validity"));
		assertTrue(out, !out.contains("NaN ±"));
	}

	@Test
	public void syntheticDataAreDeterministic() {
		final SyntheticDataset a = new SyntheticDataset(5, 9, 20, 16, 6);
		final SyntheticDataset b = new SyntheticDataset(5, 9, 20, 16, 6);
		for (int i = 0; i < 5; i++) {
			final Sample x = a.get(i);
			final Sample y = b.get(i);
			assertEquals(x.id(), y.id());
			assertTrue(java.util.Arrays.equals(x.scores().values(), y.scores().values()));
			assertTrue(java.util.Arrays.equals(x.truth().voxels(), y.truth().voxels()));
		}
	}
}
