package org.vifgate.watch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One watcher per configuration: an exclusive lock on {@code STATE_DIR/watch.lock} (the kernel
 * drops it when the process dies, however it dies) and {@code STATE_DIR/watch.pid}, which the
 * resource agent reads to tell whether a watcher is running before it sends a request. The pid file
 * is removed on a clean stop; after a SIGKILL it stays, naming a process that is gone.
 */
public final class Instance implements Closeable {

  public static final String PID_FILE = "watch.pid";
  static final String LOCK_FILE = "watch.lock";

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;
  private final long pid;

  private Instance(Path dir, FileChannel channel, FileLock lock, long pid) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
    this.pid = pid;
  }

  /** Thrown when another watcher holds the lock. */
  public static final class AlreadyRunning extends Exception {
    private static final long serialVersionUID = 1L;

    AlreadyRunning(String message) {
      super(message);
    }
  }

  public static Instance claim(Path stateDir, long pid) throws IOException, AlreadyRunning {
    Files.createDirectories(stateDir);
    FileChannel channel =
        FileChannel.open(
            stateDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      String other = "";
      try {
        other =
            " (pid "
                + Files.readString(stateDir.resolve(PID_FILE), StandardCharsets.US_ASCII).strip()
                + ")";
      } catch (IOException e) {
        // The pid is only for the message.
      }
      throw new AlreadyRunning(
          "another vifgate watch is running for this file"
              + other
              + "; it holds "
              + stateDir.resolve(LOCK_FILE));
    }
    Instance instance = new Instance(stateDir, channel, lock, pid);
    try {
      Path temp = stateDir.resolve(".watch.pid.tmp");
      Files.writeString(temp, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(
          temp,
          stateDir.resolve(PID_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      instance.close();
      throw e;
    }
    return instance;
  }

  @Override
  public void close() throws IOException {
    try {
      Path pidFile = dir.resolve(PID_FILE);
      if (Files.exists(pidFile)
          && Files.readString(pidFile, StandardCharsets.US_ASCII)
              .strip()
              .equals(Long.toString(pid))) {
        Files.delete(pidFile);
      }
    } finally {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
