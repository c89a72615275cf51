package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesSecondsAndMilliseconds() {
    assertEquals(Duration.ofSeconds(5), Durations.parse("5"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(120), Durations.parse("0120s"));
    assertEquals(Duration.ZERO, Durations.parse("0"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "s",
        "ms",
        "1m",
        "1h",
        "1.5",
        "1.5s",
        "-1",
        " 1",
        "1 s",
        "1S",
        "1MS",
        "1000000000",
        "٣"
      })
  void refusesAnythingElse(String text) {
    assertEquals(Optional.empty(), Durations.tryParse(text));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("is not a duration"), e.getMessage());
  }

  @Test
  void formatsForHeartbeatAndForMessages() {
    assertEquals("5", Durations.forHeartbeat(Duration.ofSeconds(5)));
    assertEquals("500ms", Durations.forHeartbeat(Duration.ofMillis(500)));
    assertEquals("1500ms", Durations.forHeartbeat(Duration.ofMillis(1500)));
    assertEquals("0", Durations.forHeartbeat(Duration.ZERO));
    assertEquals("5s", Durations.display(Duration.ofSeconds(5)));
    assertEquals("200ms", Durations.display(Duration.ofMillis(200)));
  }

  @Test
  void refusesToFormatWhatHeartbeatCannotRead() {
    assertThrows(
        IllegalArgumentException.class, () -> Durations.forHeartbeat(Duration.ofSeconds(-1)));
    assertThrows(
        IllegalArgumentException.class, () -> Durations.forHeartbeat(Duration.ofNanos(1_500_000)));
  }

  /** Edge values plus random ones from a fixed seed. */
  static LongStream samples(long max) {
    Random random = new Random(max);
    return LongStream.concat(
        LongStream.of(0, 1, 999, 1000, 1001, max - 1, max),
        random.longs(300, 0, max + 1));
  }

  static LongStream millis() {
    return samples(999_999_999);
  }

  static LongStream seconds() {
    return samples(999_999);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("millis")
  void heartbeatFormParsesBack(long millis) {
    Duration duration = Duration.ofMillis(millis);
    assertEquals(duration, Durations.parse(Durations.forHeartbeat(duration)));
    assertEquals(duration, Durations.parse(Durations.display(duration)));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("millis")
  void plainNumbersAndSecondsAgree(long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Durations.parse(Long.toString(seconds)));
    assertEquals(Duration.ofSeconds(seconds), Durations.parse(seconds + "s"));
    assertEquals(Duration.ofMillis(seconds), Durations.parse(seconds + "ms"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("seconds")
  void wholeSecondsAreWrittenAsPlainNumbers(long seconds) {
    assertEquals(Long.toString(seconds), Durations.forHeartbeat(Duration.ofSeconds(seconds)));
  }
}
