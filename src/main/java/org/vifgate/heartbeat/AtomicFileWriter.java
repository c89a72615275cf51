package org.vifgate.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a file so that a reader sees either the old or the new content, never a mix, and a crash
 * leaves one of the two on disk: the content goes to a temporary file in the target's directory
 * (created with the final mode, so a key is never readable by others even briefly), which is
 * fsynced, renamed over the target, and the directory is fsynced.
 *
 * <p>It never writes through a symbolic link at the target: a link there (planted, or left by a
 * hand-made setup pointing elsewhere) is refused with an error instead. A target whose content,
 * mode and owner are already right is left alone, so its mtime and inode do not change and
 * Heartbeat sees nothing happen.
 *
 * <p>Works on any {@link java.nio.file.FileSystem} with a POSIX attribute view (Jimfs's unix
 * configuration in tests); the directory fsync only happens on the default file system.
 */
public final class AtomicFileWriter {

  /** What a write did. */
  public enum Outcome {
    UNCHANGED,
    CREATED,
    UPDATED;

    public boolean changed() {
      return this != UNCHANGED;
    }
  }

  private final Optional<String> owner;

  /**
   * @param owner user and group name every written file gets (chown needs root), or empty to leave
   *     files owned by whoever writes them
   */
  public AtomicFileWriter(Optional<String> owner) {
    this.owner = owner;
  }

  /** Files owned by root:root when running as root, as Heartbeat wants; otherwise by the user. */
  public static AtomicFileWriter forCurrentUser() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return new AtomicFileWriter(root ? Optional.of("root") : Optional.empty());
  }

  /** Writes {@code file} into {@code directory} under its own name, with its own mode. */
  public Outcome write(Path directory, RenderedFile file) throws IOException {
    return writeAt(directory.resolve(file.fileName()), file);
  }

  /** Writes {@code file} to {@code target} (any name, e.g. the agent under resource.d). */
  public Outcome writeAt(Path target, RenderedFile file) throws IOException {
    return write(target, file.revealBytes(), file.kind().permissions());
  }

  public Outcome write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Optional<PosixFileAttributes> existing = existingAttributes(target);
    if (existing.isPresent() && upToDate(target, existing.get(), content, permissions)) {
      return Outcome.UNCHANGED;
    }
    Path dir = target.toAbsolutePath().getParent();
    Path temp;
    try {
      temp =
          Files.createTempFile(
              dir,
              "." + target.getFileName() + ".",
              ".vifgate-tmp",
              PosixFilePermissions.asFileAttribute(permissions));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          dir.toString(), null, "cannot write " + target + ": the directory does not exist");
    }
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      PosixFileAttributeView view =
          Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (owner.isPresent()) {
        UserPrincipalLookupService lookup = temp.getFileSystem().getUserPrincipalLookupService();
        view.setOwner(lookup.lookupPrincipalByName(owner.get()));
        view.setGroup(lookup.lookupPrincipalByGroupName(owner.get()));
      }
      // Again after chown, and because the umask may have narrowed the mode at creation.
      view.setPermissions(permissions);
      // rename(2) replaces whatever is at the target, a symbolic link included, without
      // following it; so a link planted after the check above is replaced, not written through.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
    return existing.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
  }

  /**
   * What {@link #write(Path, RenderedFile)} would change, as text safe to show (for {@code
   * --dry-run}): a unified diff of the content, with authkeys' keys redacted on both sides, and a
   * line for a mode or owner that would change. Empty when the write would leave the file alone.
   * Refuses a symbolic link at the target, as the write does.
   */
  public Optional<String> preview(Path directory, RenderedFile file) throws IOException {
    return previewAt(directory.resolve(file.fileName()), file);
  }

  /** As {@link #preview(Path, RenderedFile)}, for {@code file} written to {@code target}. */
  public Optional<String> previewAt(Path target, RenderedFile file) throws IOException {
    Set<PosixFilePermission> mode = file.kind().permissions();
    byte[] content = file.revealBytes();
    Optional<PosixFileAttributes> existing = existingAttributes(target);
    if (existing.isEmpty()) {
      return Optional.of(
          UnifiedDiff.diff("/dev/null", target.toString(), "", file.displayText())
              + "mode "
              + PosixFilePermissions.toString(mode)
              + "\n");
    }
    if (upToDate(target, existing.get(), content, mode)) {
      return Optional.empty();
    }
    byte[] current;
    try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
      current = in.readAllBytes();
    }
    StringBuilder out = new StringBuilder();
    if (!Arrays.equals(current, content)) {
      String diff =
          UnifiedDiff.diff(
              target.toString(),
              target + " (rendered)",
              file.redact(new String(current, StandardCharsets.UTF_8)),
              file.displayText());
      // Texts equal once redacted: only the key differs, which must not be shown.
      out.append(
          diff.isEmpty()
              ? "--- " + target + "\n+++ " + target + " (rendered)\nthe key changes (not shown)\n"
              : diff);
    }
    PosixFileAttributes attributes = existing.get();
    if (!attributes.permissions().equals(mode)) {
      out.append("mode ")
          .append(PosixFilePermissions.toString(attributes.permissions()))
          .append(" -> ")
          .append(PosixFilePermissions.toString(mode))
          .append('\n');
    }
    if (owner.isPresent() && !ownedBy(attributes, owner.get())) {
      out.append("owner ")
          .append(attributes.owner().getName())
          .append(':')
          .append(attributes.group().getName())
          .append(" -> ")
          .append(owner.get())
          .append(':')
          .append(owner.get())
          .append('\n');
    }
    return Optional.of(out.toString());
  }

  /** The current file's attributes, empty when there is none; refuses links and non-files. */
  private static Optional<PosixFileAttributes> existingAttributes(Path target) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (attributes.isSymbolicLink()) {
      throw new FileSystemException(
          target.toString(),
          null,
          "is a symbolic link; refusing to write through it (remove the link, then render again)");
    }
    if (!attributes.isRegularFile()) {
      throw new FileSystemException(
          target.toString(), null, "is not a regular file; refusing to replace it");
    }
    return Optional.of(attributes);
  }

  private boolean upToDate(
      Path target, PosixFileAttributes attributes, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    if (!attributes.permissions().equals(mode) || attributes.size() != content.length) {
      return false;
    }
    if (owner.isPresent() && !ownedBy(attributes, owner.get())) {
      return false;
    }
    try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
      return Arrays.equals(in.readAllBytes(), content);
    }
  }

  private static boolean ownedBy(PosixFileAttributes attributes, String name) {
    return attributes.owner().getName().equals(name) && attributes.group().getName().equals(name);
  }

  /** Makes the rename itself durable. Only the default file system has a disk to sync. */
  private static void syncDirectory(Path dir) throws IOException {
    if (dir.getFileSystem() != FileSystems.getDefault()) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
