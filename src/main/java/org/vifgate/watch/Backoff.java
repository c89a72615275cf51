package org.vifgate.watch;

import java.time.Duration;

/**
 * Exponential backoff for retrying a failed reconcile: {@code initial}, then doubling, capped at
 * {@code max}. A success resets it. No jitter: there is one watcher per host and nothing to spread
 * out.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration next;
  private int failures;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  public Duration fail() {
    failures++;
    Duration delay = next;
    next = next.compareTo(max.dividedBy(2)) > 0 ? max : next.multipliedBy(2);
    return delay;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }

  public void reset() {
    failures = 0;
    next = initial;
  }
}
