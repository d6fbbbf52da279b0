package sc.fiji.conformal.spark;

import java.io.Serializable;

import sc.fiji.conformal.core.FnrCurve;
import sc.fiji.conformal.core.ImageScore;

/**
 * What an executor sends back for one image: its score (as plain numbers) and
 * the SHA-256 of each file it read, or why it could not be used. Immutable.
 */
final class ScoredImage implements Serializable {

	private static final long serialVersionUID = 1L;

	/** The roles of an image's files, in the order a calibration lists them. */
	static final String[] ROLES = { "score", "prediction", "mask" };

	final int index;
	final String id;
	/** Why the image was skipped, or null. */
	final String failure;
	final double inner;
	final double outer;
	/** The FNR curve's levels, counts and |Y| (crc), or null levels. */
	final float[] levels;
	final int[] covered;
	final int truthCount;
	/** Per role: the file's path as the dataset names it, or null. */
	final String[] files;
	/** Per role: the file's SHA-256, or null. */
	final String[] sha256;

	private ScoredImage(final int index, final String id, final String failure, final double inner,
		final double outer, final FnrCurve curve, final String[] files, final String[] sha256)
	{
		this.index = index;
		this.id = id;
		this.failure = failure;
		this.inner = inner;
		this.outer = outer;
		this.levels = curve == null ? null : curve.levels();
		this.covered = curve == null ? null : curve.covered();
		this.truthCount = curve == null ? 0 : curve.truthCount();
		this.files = files;
		this.sha256 = sha256;
	}

	static ScoredImage scored(final int index, final ImageScore s, final String[] files,
		final String[] sha256)
	{
		return new ScoredImage(index, s.id(), null, s.inner(), s.outer(), s.curve(), files, sha256);
	}

	static ScoredImage failed(final int index, final String id, final String failure) {
		return new ScoredImage(index, id, failure == null ? "failed" : failure, Double.NaN,
			Double.NaN, null, null, null);
	}

	/** The score, rebuilt bit for bit. */
	ImageScore score() {
		return new ImageScore(id, inner, outer, levels == null ? null : new FnrCurve(levels, covered,
			truthCount));
	}
}
