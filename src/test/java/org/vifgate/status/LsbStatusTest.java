package org.vifgate.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vifgate.config.Role;

class LsbStatusTest {

  @Test
  void runningOnlyWhenActiveAndInSyncOrWhenAPassiveHostIsNotCutOff() {
    assertEquals(LsbStatus.RUNNING, LsbStatus.decide(Role.ACTIVE, Optional.of(0)));
    assertEquals(LsbStatus.STOPPED, LsbStatus.decide(Role.ACTIVE, Optional.of(2)));
    assertEquals(LsbStatus.STOPPED, LsbStatus.decide(Role.PASSIVE, Optional.of(0)));
    // A stop that did not complete: Heartbeat must see "running" to fence instead of moving on.
    assertEquals(LsbStatus.RUNNING, LsbStatus.decide(Role.PASSIVE, Optional.of(1)));
    assertEquals(LsbStatus.UNKNOWN, LsbStatus.decide(Role.PASSIVE, Optional.empty()));
    assertEquals(LsbStatus.UNKNOWN, LsbStatus.decide(Role.ACTIVE, Optional.empty()));
  }

  @Test
  void textAndExitCodes() {
    assertEquals("running", LsbStatus.RUNNING.text());
    assertEquals(0, LsbStatus.RUNNING.exitCode());
    assertEquals("stopped", LsbStatus.STOPPED.text());
    assertEquals(3, LsbStatus.STOPPED.exitCode());
    assertEquals("running", LsbStatus.UNKNOWN.text());
    assertEquals(4, LsbStatus.UNKNOWN.exitCode());
    // Heartbeat reads "running" or "OK" anywhere in the text as running.
    assertFalse(LsbStatus.STOPPED.text().toLowerCase().contains("running"));
    assertFalse(LsbStatus.STOPPED.text().contains("OK"));
    assertTrue(LsbStatus.explain(Role.PASSIVE, Optional.of(3)).contains("not verifiably cut off"));
  }
}
