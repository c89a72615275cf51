package org.vifgate.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An inbox on simulated time: a test schedules actions at instants (change the file, post an
 * event); {@link #poll} runs them when the clock reaches them, moving the clock instead of
 * sleeping. When nothing is scheduled any more, the next poll stops the watcher.
 */
final class SimulatedInbox implements Inbox {

  private final FakeClock clock;
  private final Deque<WatchEvent> posted = new ArrayDeque<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private long sequence;
  private boolean ended;

  private record Scheduled(Instant at, long order, Runnable action) {}

  SimulatedInbox(FakeClock clock) {
    this.clock = clock;
  }

  /** Runs {@code action} (which may post events) when the clock reaches {@code at}. */
  void at(Instant at, Runnable action) {
    scheduled.add(new Scheduled(at, sequence++, action));
  }

  void after(Duration delay, Runnable action) {
    at(clock.instant().plus(delay), action);
  }

  @Override
  public synchronized void post(WatchEvent event) {
    posted.add(event);
  }

  @Override
  public Optional<WatchEvent> poll(Duration max) {
    Instant limit = max == null ? null : clock.instant().plus(max);
    while (true) {
      synchronized (this) {
        if (!posted.isEmpty()) {
          return Optional.of(posted.poll());
        }
      }
      Optional<Scheduled> next =
          scheduled.stream()
              .min(Comparator.comparing(Scheduled::at).thenComparing(Scheduled::order));
      if (next.isEmpty()) {
        // Nothing left to happen: stop the run (once; afterwards the inbox is just empty).
        if (ended) {
          return Optional.empty();
        }
        ended = true;
        return Optional.of(new WatchEvent.Stop("end of script"));
      }
      if (limit != null && next.get().at().isAfter(limit)) {
        clock.set(limit);
        return Optional.empty();
      }
      scheduled.remove(next.get());
      if (next.get().at().isAfter(clock.instant())) {
        clock.set(next.get().at());
      }
      next.get().action().run();
    }
  }
}
