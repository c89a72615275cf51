package org.vifgate.watch;

import java.time.Duration;

/**
 * Runs a {@link Watcher} as a process: SIGHUP becomes a reload, SIGTERM and SIGINT a stop after the
 * apply in flight, and a shutdown hook covers every other way the JVM can be asked to exit (it
 * waits for the apply in flight too, up to {@link #HOOK_WAIT}). SIGKILL cannot be caught: each
 * table's restore is atomic, the runtime role is written atomically and the host lock dies with the
 * process, so the next start converges from whatever the kernel holds.
 */
public final class WatchRuntime {

  /** Longer than the slowest apply: three tables at the applier's 20 s timeout, plus the lock. */
  static final Duration HOOK_WAIT = Duration.ofSeconds(75);

  private WatchRuntime() {}

  /** Runs the watcher on the calling thread; returns once it has stopped. */
  public static void run(Watcher watcher, Inbox inbox, WatchLog log) throws InterruptedException {
    Thread hook =
        new Thread(
            () -> {
              watcher.requestStop("JVM shutdown");
              try {
                watcher.awaitStopped(HOOK_WAIT);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "vifgate-watch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Signals signals =
        Signals.install(() -> inbox.post(new WatchEvent.Reload()), watcher::requestStop)) {
      if (!signals.uncaught().isEmpty()) {
        log.warn(
            "signals",
            "cannot catch "
                + String.join(", ", signals.uncaught())
                + " (JVM started with -Xrs?); the JVM's default applies");
      }
      watcher.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and waits for run() to have returned.
      }
    }
  }
}
