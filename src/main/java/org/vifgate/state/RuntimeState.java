package org.vifgate.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** Reads and writes the runtime role file; writes are atomic (temporary file, fsync, rename). */
public final class RuntimeState {

  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

  private final StateDir dir;

  public RuntimeState(StateDir dir) {
    this.dir = dir;
  }

  public StateDir dir() {
    return dir;
  }

  public Optional<RuntimeRole> role() throws IOException {
    try {
      return Optional.of(RuntimeRole.parse(Files.readString(dir.roleFile(), StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new IOException("runtime role file " + dir.roleFile() + " is damaged: " + e.getMessage(), e);
    }
  }

  public void setRole(RuntimeRole role) throws IOException {
    Path target = dir.roleFile();
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(".role.tmp." + ProcessHandle.current().pid());
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(role.serialize().getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * This boot's identity; a fixed placeholder where the kernel does not provide one. Read once per
   * process: it cannot change while the process lives, and a resident watcher asks twice per flip.
   */
  public static String currentBootId() {
    return BootId.VALUE;
  }

  private static final class BootId {
    static final String VALUE = read();

    private static String read() {
      try {
        return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
      } catch (IOException e) {
        return "unknown-boot";
      }
    }
  }
}
