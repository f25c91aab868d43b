package org.runnel.shared.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files readable by the service account only ({@code 0700} and {@code 0600}): records
 * hold clients' source URLs, callback URLs, script output and credential hashes, which other local
 * users have no business reading. Permissions are given at creation (never a window with wider
 * ones); on a file system without POSIX permissions the calls behave like the plain {@link Files}
 * ones.
 */
public final class OwnerOnly {

  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /**
   * Creates {@code dir} and any missing parent with mode {@code 0700}; folders that already exist
   * keep their mode.
   */
  public static Path folders(Path dir) throws IOException {
    if (!POSIX || !dir.getFileSystem().equals(FileSystems.getDefault())) {
      return Files.createDirectories(dir);
    }
    return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
  }

  /**
   * {@link #folders} and then narrows {@code dir} itself to {@code 0700}: for the folders Runnel
   * alone owns (a store's folder), so that one created by an older version is closed too.
   */
  public static Path ownFolder(Path dir) throws IOException {
    folders(dir);
    if (POSIX) {
      Files.setPosixFilePermissions(dir, FOLDER);
    }
    return dir;
  }

  /** Opens a file, creating it with mode {@code 0600} when it does not exist. */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    return FileChannel.open(file, Set.of(options), fileAttributes());
  }

  /** The attributes that create a file with mode {@code 0600} (none without POSIX). */
  public static FileAttribute<?>[] fileAttributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }
}
