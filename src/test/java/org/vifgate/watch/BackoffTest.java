package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static List<Long> delays(Backoff backoff, int count) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(backoff.fail().toMillis());
    }
    return delays;
  }

  @Test
  void doublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    assertEquals(
        List.of(200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L), delays(backoff, 8));
    assertEquals(8, backoff.failures());
  }

  @Test
  void aCapThatIsNotAPowerOfTwoIsReachedExactly() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofMillis(700));
    assertEquals(List.of(200L, 400L, 700L, 700L), delays(backoff, 4));
  }

  @Test
  void resetStartsOver() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    delays(backoff, 5);
    backoff.reset();
    assertEquals(0, backoff.failures());
    assertEquals(List.of(100L, 200L), delays(backoff, 2));
  }

  @Test
  void neverOverflowsAfterManyFailures() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofDays(365));
    List<Long> delays = delays(backoff, 200);
    assertEquals(Duration.ofDays(365).toMillis(), delays.get(199));
  }

  @Test
  void rejectsInconsistentSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }
}
