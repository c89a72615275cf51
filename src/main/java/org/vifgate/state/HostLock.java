package org.vifgate.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One vifgate run at a time per network namespace. A second run waits up to the timeout, then
 * fails with a message naming the lock file. The kernel releases the lock when the holder dies,
 * so a killed run never leaves the host locked.
 */
public final class HostLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private HostLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static HostLock acquire(Path file, Duration timeout) throws IOException, LockTimeoutException {
    Files.createDirectories(file.getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by this JVM (another thread); wait like any other holder
        }
        if (lock != null) {
          return new HostLock(channel, lock);
        }
        if (System.nanoTime() > deadline) {
          throw new LockTimeoutException(
              "another vifgate run holds "
                  + file
                  + " (waited "
                  + timeout.toMillis()
                  + " ms); try again when it has finished");
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + file, e);
    } catch (IOException | LockTimeoutException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** The lock stayed taken for the whole timeout. */
  public static final class LockTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    LockTimeoutException(String message) {
      super(message);
    }
  }
}
