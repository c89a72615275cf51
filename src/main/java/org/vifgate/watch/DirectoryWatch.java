package org.vifgate.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Watches the directories the desired-state file can change through (java.nio's WatchService:
 * inotify on Linux) and posts a {@link WatchEvent.FileTouched} for every batch of events there,
 * whatever they are: creations (an atomic rename or symlink swap lands as one), deletions,
 * modifications, and overflows. It does not decide whether the file changed; the watcher's
 * fingerprint does.
 *
 * <p>A directory cannot be watched while it does not exist; {@link #watch} is called again after
 * every look at the file, and the resync looks at the file in any case.
 */
public final class DirectoryWatch implements Closeable {

  private final WatchService service;
  private final Map<Path, WatchKey> keys = new HashMap<>();
  private final Thread thread;

  private DirectoryWatch(WatchService service, Inbox inbox) {
    this.service = service;
    this.thread = new Thread(() -> forward(inbox), "vifgate-watch-files");
    this.thread.setDaemon(true);
  }

  public static DirectoryWatch start(FileSystem fs, Inbox inbox) throws IOException {
    DirectoryWatch watch = new DirectoryWatch(fs.newWatchService(), inbox);
    watch.thread.start();
    return watch;
  }

  /**
   * Watches exactly these directories from now on (registers new ones, cancels the rest). Returns
   * the ones that could not be watched.
   */
  public synchronized Set<Path> watch(Set<Path> dirs) {
    keys.entrySet()
        .removeIf(
            entry -> {
              if (!dirs.contains(entry.getKey()) || !entry.getValue().isValid()) {
                entry.getValue().cancel();
                return true;
              }
              return false;
            });
    Set<Path> failed = new java.util.LinkedHashSet<>();
    for (Path dir : dirs) {
      if (keys.containsKey(dir)) {
        continue;
      }
      try {
        keys.put(dir, dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
      } catch (IOException | RuntimeException e) {
        failed.add(dir);
      }
    }
    return failed;
  }

  private void forward(Inbox inbox) {
    try {
      while (true) {
        WatchKey key = service.take();
        key.pollEvents();
        inbox.post(new WatchEvent.FileTouched());
        if (!key.reset()) {
          // The directory went away; the next look at the file registers it again if it is back.
          inbox.post(new WatchEvent.FileTouched());
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // Stopping.
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
