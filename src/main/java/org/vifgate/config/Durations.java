package org.vifgate.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heartbeat's durations: a plain number is seconds, {@code Ns} is seconds too and {@code Nms} is
 * milliseconds. Only whole numbers; at most nine digits so that no value can overflow.
 */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s)?");

  private Durations() {}

  /**
   * Parses {@code "5"}, {@code "5s"} or {@code "500ms"}.
   *
   * @throws IllegalArgumentException with a message for the operator when the text is not one
   */
  public static Duration parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + Messages.clip(String.valueOf(text))
                        + "' is not a duration: write whole seconds (5 or 5s) or milliseconds"
                        + " (500ms)"));
  }

  /** Like {@link #parse} but empty instead of throwing. */
  public static Optional<Duration> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        "ms".equals(m.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount));
  }

  /**
   * Heartbeat's form: whole seconds as a plain number ({@code 5}), anything else in milliseconds
   * ({@code 500ms}).
   *
   * @throws IllegalArgumentException for a negative duration or one finer than a millisecond
   */
  public static String forHeartbeat(Duration duration) {
    long millis = wholeMillis(duration);
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "ms";
  }

  /** The form used in messages: {@code 5s} or {@code 500ms}. */
  public static String display(Duration duration) {
    long millis = wholeMillis(duration);
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static long wholeMillis(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration " + duration);
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("duration finer than a millisecond: " + duration);
    }
    return duration.toMillis();
  }
}
