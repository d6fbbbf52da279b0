package sc.fiji.conformal.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import org.junit.Test;

import sc.fiji.conformal.core.image.Grid;
import sc.fiji.conformal.core.image.Mask;
import sc.fiji.conformal.core.image.ScalarImage;

/**
 * The score rule for every voxel type ({@link ScoreScaling}): integer types
 * divided by their maximum, exactly as the TIFF/PNG reader always divided
 * 8- and 16-bit values (every uint8 and uint16 value checked bit for bit
 * against {@code v / 255f} and {@code v / 65535f}); floating point as stored;
 * a file's own scaling applied instead of the division; negative and 64-bit
 * integer scores refused by name; and the mask rule on the same voxels.
 */
public class ScoreScalingTest {

	@Test
	public void everyUint8AndUint16ValueIsTheOldTiffAndPngScoreBitForBit() {
		final Grid g8 = Grid.of(16, 16);
		final ScalarImage s8 = ScoreScaling.scores(StoredImage.of(g8, VoxelType.UINT8, i -> i), "u8");
		for (int v = 0; v < 256; v++)
			assertEquals("uint8 " + v, Float.floatToIntBits(v / 255f), Float.floatToIntBits(s8.get(v)));
		final Grid g16 = Grid.of(256, 256);
		final ScalarImage s16 = ScoreScaling.scores(StoredImage.of(g16, VoxelType.UINT16, i -> i),
			"u16");
		for (int v = 0; v < 65536; v++)
			assertEquals("uint16 " + v, Float.floatToIntBits(v / 65535f), Float.floatToIntBits(s16.get(
				v)));
	}

	/** Planes of uint8/uint16 take a short path of their own: the same bits, in several planes. */
	@Test
	public void uint8AndUint16PlanesGiveTheSameScoresAndMasksAsTheGeneralLoop() {
		final byte[][] b = new byte[2][128];
		final short[][] s = new short[2][32768];
		for (int v = 0; v < 256; v++)
			b[v / 128][v % 128] = (byte) v;
		for (int v = 0; v < 65536; v++)
			s[v / 32768][v % 32768] = (short) v;
		final ScalarImage s8 = ScoreScaling.scores(StoredImage.ofPlanes(Grid.of(16, 8, 2),
			VoxelType.UINT8, (Object[]) b), "u8");
		for (int v = 0; v < 256; v++)
			assertEquals("uint8 " + v, Float.floatToIntBits(v / 255f), Float.floatToIntBits(s8.get(v)));
		final ScalarImage s16 = ScoreScaling.scores(StoredImage.ofPlanes(Grid.of(256, 128, 2),
			VoxelType.UINT16, (Object[]) s), "u16");
		for (int v = 0; v < 65536; v++)
			assertEquals("uint16 " + v, Float.floatToIntBits(v / 65535f), Float.floatToIntBits(s16.get(
				v)));
		final byte[] mask8 = { 0, 9, 0, 9, 9, 0 };
		final short[] mask16 = { 0, -1, 0, 0, -1, 0 };
		assertArrayEquals(new boolean[] { false, true, false, true, true, false }, BinaryMasks.of(
			StoredImage.ofPlanes(Grid.of(3, 2), VoxelType.UINT8, (Object) mask8), "m").voxels());
		assertArrayEquals(new boolean[] { false, true, false, false, true, false }, BinaryMasks.of(
			StoredImage.ofPlanes(Grid.of(3, 1, 2), VoxelType.UINT16, new short[] { 0, -1, 0 },
				new short[] { 0, -1, 0 }), "m").voxels());
		assertArrayEquals(new boolean[6], BinaryMasks.of(StoredImage.ofPlanes(Grid.of(3, 2),
			VoxelType.UINT8, (Object) new byte[6]), "m").voxels());
		mask8[4] = 8;
		expectIllegal(() -> BinaryMasks.of(StoredImage.ofPlanes(Grid.of(3, 2), VoxelType.UINT8,
			(Object) mask8), "two.png"), "two.png is not a binary mask: values 9.0 and 8.0 (at (1, 1)) " +
				"are both non-zero");
		mask16[4] = 1;
		expectIllegal(() -> BinaryMasks.of(StoredImage.ofPlanes(Grid.of(3, 2), VoxelType.UINT16,
			(Object) mask16), "two.tif"), "two.tif is not a binary mask: values 65535.0 and 1.0 (at (1, " +
				"1)) are both non-zero");
	}

	@Test
	public void eachIntegerTypeIsDividedByItsMaximum() {
		final Object[][] cases = { //
			{ VoxelType.UINT8, 255.0 }, { VoxelType.INT8, 127.0 }, //
			{ VoxelType.UINT16, 65535.0 }, { VoxelType.INT16, 32767.0 }, //
			{ VoxelType.UINT32, 4294967295.0 }, { VoxelType.INT32, 2147483647.0 } };
		final Random random = new Random(1);
		for (final Object[] c : cases) {
			final VoxelType type = (VoxelType) c[0];
			final double max = (Double) c[1];
			assertTrue(type + " is an integer type", type.isInteger());
			assertEquals(type.toString(), max, type.max(), 0);
			final double[] stored = new double[12];
			stored[1] = 1;
			stored[2] = max;
			stored[3] = Math.floor(max / 2);
			for (int i = 4; i < stored.length; i++)
				stored[i] = Math.floor(random.nextDouble() * (max + 1));
			final ScalarImage s = ScoreScaling.scores(StoredImage.of(Grid.of(4, 3), type, i -> stored[i]),
				"f");
			for (int i = 0; i < stored.length; i++)
				assertEquals(type + " value " + stored[i], (float) (stored[i] / max), s.get(i), 0);
			assertEquals(type + ": the maximum is score 1", 1f, s.get(2), 0);
			assertEquals(type + ": 0 is score 0", 0f, s.get(0), 0);
		}
	}

	@Test
	public void negativeIntegerScoresAreRefusedNamingFileValueAndPosition() {
		for (final VoxelType type : new VoxelType[] { VoxelType.INT8, VoxelType.INT16,
			VoxelType.INT32 })
		{
			final double[] stored = { 0, 5, 7, -3, 1, 0 };
			expectIllegal(() -> ScoreScaling.scores(StoredImage.of(Grid.of(3, 2), type, i -> stored[i]),
				"scores/s.nii"), "scores/s.nii has a negative score -3 at (0, 1) in its " + type +
					" voxels", "(" + (long) type.max() + ")", "float32");
		}
	}

	@Test
	public void sixtyFourBitIntegerScoresAreRefusedUnlessTheFileScalesThem() {
		for (final VoxelType type : new VoxelType[] { VoxelType.INT64, VoxelType.UINT64 }) {
			final StoredImage s = StoredImage.of(Grid.of(2, 2), type, i -> i);
			expectIllegal(() -> ScoreScaling.scores(s, "labels.nii.gz"), "labels.nii.gz stores its " +
				"scores as " + type, "float32");
			assertArrayEquals(new float[] { 0, 0.5f, 1, 1.5f }, ScoreScaling.scores(s.scaledBy(0.5, 0),
				"x").values(), 0);
			// masks are fine in any type
			assertEquals(3, BinaryMasks.of(StoredImage.of(Grid.of(2, 2), type, i -> i == 0 ? 0 : 7),
				"m").count());
		}
	}

	@Test
	public void floatingPointIsReadAsStored() {
		final float[] v = { -0f, -3.5f, 1e30f, Float.MIN_VALUE, 0.5f, 255f };
		final ScalarImage s32 = ScoreScaling.scores(StoredImage.of(Grid.of(3, 2), VoxelType.FLOAT32,
			i -> v[i]), "f");
		assertArrayEquals(v, s32.values(), 0);
		assertEquals("-0 stays -0", Float.floatToIntBits(-0f), Float.floatToIntBits(s32.get(0)));
		final ScalarImage s64 = ScoreScaling.scores(StoredImage.of(Grid.of(3, 2), VoxelType.FLOAT64,
			i -> v[i]), "f");
		assertArrayEquals(v, s64.values(), 0);
		final float[] wrapped = v.clone();
		assertSame("one float array is wrapped, not copied", wrapped, ScoreScaling.scores(StoredImage
			.ofFloats(Grid.of(3, 2), wrapped), "f").values());
	}

	@Test
	public void aFilesOwnScalingReplacesTheDivision() {
		final StoredImage raw = StoredImage.of(Grid.of(256, 1), VoxelType.UINT8, i -> i);
		final float slope = 1 / 255f; // as a NIfTI header stores it
		final ScalarImage scaled = ScoreScaling.scores(raw.scaledBy(slope, 0), "p");
		for (int v = 0; v < 256; v++) {
			assertEquals("uint8 " + v + " * scl_slope, not divided again", (float) (v * (double) slope),
				scaled.get(v), 0);
			assertEquals("within the float rounding of the stored slope", v / 255.0, scaled.get(v), 1e-7);
		}
		final ScalarImage shifted = ScoreScaling.scores(raw.scaledBy(2, -10), "p");
		assertEquals(2 * 100 - 10, shifted.get(100), 0);
		assertEquals("scaled values may be negative", -10, shifted.get(0), 0);
		// the identity is no scaling: the integers are divided by their maximum
		final StoredImage identity = raw.scaledBy(1, 0);
		assertFalse(identity.scaled());
		assertArrayEquals(ScoreScaling.scores(raw, "p").values(), ScoreScaling.scores(identity, "p")
			.values(), 0);
		assertEquals(128 / 255f, ScoreScaling.scores(identity, "p").get(128), 0);
		// a float file's scaling applies too
		final float[] f = { 0.25f, 4f };
		assertArrayEquals(new float[] { 1.5f, 9f }, ScoreScaling.scores(StoredImage.ofFloats(Grid.of(2,
			1), f).scaledBy(2, 1), "p").values(), 0);
	}

	@Test
	public void aScalingMustBeFiniteAndNonZero() {
		final StoredImage s = StoredImage.of(Grid.of(2, 1), VoxelType.UINT8, i -> i);
		expectIllegal(() -> s.scaledBy(0, 0), "slope 0.0");
		expectIllegal(() -> s.scaledBy(Double.NaN, 0), "slope NaN");
		expectIllegal(() -> s.scaledBy(1, Double.POSITIVE_INFINITY), "intercept Infinity");
	}

	@Test
	public void nonFiniteAndOutOfRangeScoresAreRefusedWithTheirPosition() {
		final double[] v = { 0, 1, Double.NaN, 0 };
		expectIllegal(() -> ScoreScaling.scores(StoredImage.of(Grid.of(2, 2), VoxelType.FLOAT64,
			i -> v[i]), "n.nii"), "n.nii has a NaN score at (0, 1) (scores must be finite numbers)");
		final float[] f = { 0, Float.NEGATIVE_INFINITY, 0, 0 };
		expectIllegal(() -> ScoreScaling.scores(StoredImage.ofFloats(Grid.of(2, 2), f), "i.tif"),
			"i.tif has an infinite score at (1, 0)");
		v[2] = 1e300;
		expectIllegal(() -> ScoreScaling.scores(StoredImage.of(Grid.of(2, 2), VoxelType.FLOAT64,
			i -> v[i]), "b.nii"), "b.nii has a score 1.0E300 at (0, 1) beyond the float range");
		// a scaling that overflows the float range is refused the same way
		expectIllegal(() -> ScoreScaling.scores(StoredImage.of(Grid.of(2, 1), VoxelType.UINT8,
			i -> 200).scaledBy(1e37, 0), "o.nii"), "o.nii has a score ", " at (0, 0) beyond the float range");
	}

	@Test
	public void theMaskRuleReadsTheValuesTheFileMeans() {
		final double[] stored = { 0, 255, 255, 0, 0, 255 };
		final StoredImage raw = StoredImage.of(Grid.of(3, 2), VoxelType.UINT8, i -> stored[i]);
		final boolean[] expected = { false, true, true, false, false, true };
		assertArrayEquals(expected, BinaryMasks.of(raw, "m").voxels());
		assertArrayEquals("one non-zero value after scaling", expected, BinaryMasks.of(raw.scaledBy(
			1 / 255f, 0), "m").voxels());
		final Mask inverted = BinaryMasks.of(raw.scaledBy(-1 / 255.0, 1), "m");
		assertArrayEquals("0 · slope + 1 is the object, 255 · slope + 1 = 0 the background",
			new boolean[] { true, false, false, true, true, false }, inverted.voxels());
		stored[4] = 128;
		expectIllegal(() -> BinaryMasks.of(raw, "two.png"), "two.png is not a binary mask: values " +
			"255.0 and 128.0 (at (1, 1)) are both non-zero");
	}

	/** The sentence recorded in provenance names each type's divisor as VoxelType has it. */
	@Test
	public void theRuleSentenceNamesEveryDivisor() {
		for (final VoxelType t : VoxelType.values()) {
			if (!t.isInteger() || t == VoxelType.INT64 || t == VoxelType.UINT64) continue;
			final String part = t + " " + (long) t.max();
			assertTrue("RULE names " + part + ": " + ScoreScaling.RULE, ScoreScaling.RULE.contains(part));
		}
		assertTrue(ScoreScaling.RULE.contains("64-bit integer scores are refused"));
		assertTrue(ScoreScaling.RULE.contains("scl_slope"));
	}

	private static void expectIllegal(final Runnable r, final String... parts) {
		try {
			r.run();
			fail("expected an IllegalArgumentException with " + String.join(", ", parts));
		}
		catch (final IllegalArgumentException e) {
			for (final String p : parts)
				assertTrue(e.getMessage(), e.getMessage().contains(p));
		}
	}
}
