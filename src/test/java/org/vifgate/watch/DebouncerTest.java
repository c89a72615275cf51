package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebouncerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Debouncer debouncer = new Debouncer(Duration.ofMillis(20), Duration.ofMillis(100));

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void nothingPendingHasNoDeadline() {
    assertEquals(Optional.empty(), debouncer.deadline());
    assertFalse(debouncer.isDue(ms(1_000_000)));
  }

  @Test
  void dueOnceQuietForThePeriod() {
    debouncer.touch(ms(0));
    debouncer.touch(ms(15));
    assertEquals(Optional.of(ms(35)), debouncer.deadline());
    assertFalse(debouncer.isDue(ms(34)));
    assertTrue(debouncer.isDue(ms(35)));
  }

  @Test
  void aBurstThatNeverEndsIsCappedByMaxWait() {
    for (int t = 0; t <= 200; t += 10) {
      debouncer.touch(ms(t));
    }
    assertEquals(Optional.of(ms(100)), debouncer.deadline());
  }

  @Test
  void clearStartsANewBurst() {
    debouncer.touch(ms(0));
    debouncer.clear();
    assertEquals(Optional.empty(), debouncer.deadline());
    debouncer.touch(ms(500));
    assertEquals(Optional.of(ms(520)), debouncer.deadline());
  }

  @Test
  void zeroQuietIsDueAtOnce() {
    Debouncer immediate = new Debouncer(Duration.ZERO, Duration.ZERO);
    immediate.touch(ms(7));
    assertTrue(immediate.isDue(ms(7)));
  }

  @Test
  void rejectsInconsistentSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> new Debouncer(Duration.ofMillis(-1), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Debouncer(Duration.ofMillis(20), Duration.ofMillis(10)));
  }
}
