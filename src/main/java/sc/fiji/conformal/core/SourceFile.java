package sc.fiji.conformal.core;

import java.io.Serializable;

/**
 * Provenance of one input file of a calibration: which image it belongs to,
 * its role ({@code score}, {@code mask} or {@code prediction}), its path as
 * given, and the SHA-256 of its bytes (lower-case hex). Immutable.
 */
public final class SourceFile implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String id;
	private final String role;
	private final String path;
	private final String sha256;

	/**
	 * @throws IllegalArgumentException if a value is missing
	 */
	public SourceFile(final String id, final String role, final String path,
		final String sha256)
	{
		if (id == null || role == null || path == null || sha256 == null) {
			throw new IllegalArgumentException("source file needs id, role, path and sha256, got " + id +
				", " + role + ", " + path + ", " + sha256);
		}
		this.id = id;
		this.role = role;
		this.path = path;
		this.sha256 = sha256;
	}

	/** The image id. */
	public String id() {
		return id;
	}

	/** {@code score}, {@code mask} or {@code prediction}. */
	public String role() {
		return role;
	}

	/** The path as given (relative to the dataset root where there is one). */
	public String path() {
		return path;
	}

	/** SHA-256 of the file's bytes, lower-case hex. */
	public String sha256() {
		return sha256;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SourceFile)) return false;
		final SourceFile f = (SourceFile) o;
		return id.equals(f.id) && role.equals(f.role) && path.equals(f.path) && sha256.equals(f.sha256);
	}

	@Override
	public int hashCode() {
		return ((id.hashCode() * 31 + role.hashCode()) * 31 + path.hashCode()) * 31 + sha256
			.hashCode();
	}

	@Override
	public String toString() {
		return id + " " + role + " " + path + " " + sha256;
	}
}
