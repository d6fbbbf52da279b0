package sc.fiji.conformal.data;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.conformal.core.Method;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.testing.ThreadCounts;

/**
 * On the PraNet polyps (777 score maps, skipped with a message when absent):
 * calibration files, validation tables, the report folder and the applied
 * sets are byte-identical on 1 and 2 threads.
 */
public class ParallelRealDataTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	public void polypsGiveTheSameBytesOnOneAndTwoThreads() throws IOException {
		final File dir = SharedData.require("polyps-pranet");
		final int compared = ThreadCounts.assertSameOnAnyThreads(new File(dir, "pred").toPath(),
			new File(dir, "gt").toPath(), tmp.newFolder("work").toPath(), Arrays.asList(Settings
				.builder(Method.DILATION).alpha(0.1).build(), Settings.builder(Method.THRESHOLD_OUTER).alpha(
					0.1).tolerance(0.1).build(), Settings.builder(Method.CRC).alpha(0.1).build()), 20, 1, 2);
		assertTrue("files compared: " + compared, compared > 777);
	}
}
