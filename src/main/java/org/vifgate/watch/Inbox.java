package org.vifgate.watch;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watcher loop's one input: threads post events, the loop takes them one at a time. Waiting
 * goes through here (and not through a sleep) so that tests can replace time itself.
 */
public interface Inbox {

  /** Posts an event; never blocks. Safe from any thread, including signal handlers. */
  void post(WatchEvent event);

  /**
   * Waits at most {@code max} for the next event.
   *
   * @param max how long to wait; null for as long as it takes
   * @return the event, or empty when none came in time
   */
  Optional<WatchEvent> poll(Duration max) throws InterruptedException;

  /** An inbox on a blocking queue, with the real passing of time. */
  static Inbox queue() {
    LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    return new Inbox() {
      @Override
      public void post(WatchEvent event) {
        queue.add(event);
      }

      @Override
      public Optional<WatchEvent> poll(Duration max) throws InterruptedException {
        if (max == null) {
          return Optional.of(queue.take());
        }
        long nanos = max.isNegative() ? 0 : saturatedNanos(max);
        return Optional.ofNullable(queue.poll(nanos, TimeUnit.NANOSECONDS));
      }
    };
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
