package sc.fiji.conformal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import sc.fiji.conformal.core.image.Mask;

/**
 * Writes masks to image files, in the format the file name's extension names.
 * The file system is the local one unless an implementation writes to another
 * (then it also overrides {@link #exists} and {@link #createFolders}).
 */
public interface ImageFileWriter {

	/** True if something (a file, a folder, a link) is at {@code path}. */
	default boolean exists(final Path path) throws IOException {
		return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
	}

	/** Creates a folder and any missing parents; nothing if it exists. */
	default void createFolders(final Path folder) throws IOException {
		Files.createDirectories(folder);
	}

	/**
	 * Writes a mask (0/255 for 8-bit formats, 0/1 for NIfTI) with its voxel
	 * spacing, atomically.
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if the file exists and
	 *           overwrite is false
	 * @throws IOException if writing fails (the message names the file)
	 */
	void writeMask(Mask mask, Path file, boolean overwrite) throws IOException;

	/**
	 * Writes a mask computed from the image in the file {@code like} (same
	 * sizes), as {@link #writeMask(Mask, Path, boolean)} does, and where the
	 * format stores where the image lies in the world, takes that from
	 * {@code like} (NIfTI: qform, sform and units), so that the mask overlays
	 * the image. This default ignores {@code like}.
	 *
	 * @param like the file the mask was computed from, or null
	 */
	default void writeMask(final Mask mask, final Path file, final boolean overwrite,
		final Path like) throws IOException
	{
		writeMask(mask, file, overwrite);
	}
}
