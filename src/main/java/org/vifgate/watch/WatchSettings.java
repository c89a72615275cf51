package org.vifgate.watch;

import java.time.Duration;

/**
 * The watcher's timing.
 *
 * @param resync how often the live rules are re-read and drift repaired
 * @param debounce how long the file's directory must stay quiet before the file is looked at
 * @param maxWait the longest a burst of events may postpone that look
 * @param retryInitial the first wait after a failed reconcile
 * @param retryMax the longest wait between retries (the backoff doubles up to it)
 */
public record WatchSettings(
    Duration resync,
    Duration debounce,
    Duration maxWait,
    Duration retryInitial,
    Duration retryMax) {

  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(20);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(10);
  static final Duration RETRY_INITIAL = Duration.ofMillis(200);

  public WatchSettings {
    requirePositive(resync, "resync");
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce must not be negative");
    }
    if (maxWait.compareTo(debounce) < 0) {
      throw new IllegalArgumentException("maxWait must be at least debounce");
    }
    requirePositive(retryInitial, "retryInitial");
    if (retryMax.compareTo(retryInitial) < 0) {
      throw new IllegalArgumentException(
          "retryMax must be at least " + retryInitial.toMillis() + " ms");
    }
  }

  /**
   * Settings from the command line's three durations: a burst may postpone the look by at most ten
   * debounce periods (at least one second), and retries start at 200 ms (or retryMax when that is
   * shorter).
   */
  public static WatchSettings of(Duration resync, Duration debounce, Duration retryMax) {
    Duration maxWait = debounce.multipliedBy(10);
    if (maxWait.compareTo(Duration.ofSeconds(1)) < 0) {
      maxWait = Duration.ofSeconds(1);
    }
    Duration initial = retryMax.compareTo(RETRY_INITIAL) < 0 ? retryMax : RETRY_INITIAL;
    return new WatchSettings(resync, debounce, maxWait, initial, retryMax);
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
