package org.vifgate.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Coalesces a burst of file events into one look at the file: the look is due once no event came
 * for {@code quiet}, or {@code maxWait} after the first event of the burst, whichever is earlier
 * (so a directory that never goes quiet still gets looked at). Pure: time is passed in.
 */
public final class Debouncer {

  private final Duration quiet;
  private final Duration maxWait;
  private Instant first;
  private Instant last;

  public Debouncer(Duration quiet, Duration maxWait) {
    if (quiet.isNegative() || maxWait.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("need 0 <= quiet <= maxWait: " + quiet + ", " + maxWait);
    }
    this.quiet = quiet;
    this.maxWait = maxWait;
  }

  /** An event happened at {@code now}. */
  public void touch(Instant now) {
    Objects.requireNonNull(now);
    if (first == null) {
      first = now;
    }
    last = now;
  }

  /** When the pending burst should be looked at; empty when nothing is pending. */
  public Optional<Instant> deadline() {
    if (first == null) {
      return Optional.empty();
    }
    Instant settled = last.plus(quiet);
    Instant capped = first.plus(maxWait);
    return Optional.of(settled.isBefore(capped) ? settled : capped);
  }

  public boolean isDue(Instant now) {
    return deadline().map(d -> !now.isBefore(d)).orElse(false);
  }

  /** The burst was handled. */
  public void clear() {
    first = null;
    last = null;
  }
}
