package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceTest {

  @TempDir Path dir;

  @Test
  void oneWatcherPerStateDirectory() throws Exception {
    Path state = dir.resolve("state/vifgate.yaml-0123");
    try (Instance first = Instance.claim(state, 4242)) {
      assertEquals("4242\n", Files.readString(state.resolve(Instance.PID_FILE)));
      Instance.AlreadyRunning second =
          assertThrows(Instance.AlreadyRunning.class, () -> Instance.claim(state, 4343));
      assertTrue(second.getMessage().contains("(pid 4242)"), second.getMessage());
    }
    assertFalse(
        Files.exists(state.resolve(Instance.PID_FILE)), "a clean stop removes the pid file");
    try (Instance again = Instance.claim(state, 4444)) {
      assertEquals("4444\n", Files.readString(state.resolve(Instance.PID_FILE)));
    }
  }

  @Test
  void aPidFileLeftByAKilledWatcherIsReplaced() throws Exception {
    Files.writeString(dir.resolve(Instance.PID_FILE), "999999\n");
    try (Instance instance = Instance.claim(dir, 77)) {
      assertEquals("77\n", Files.readString(dir.resolve(Instance.PID_FILE)));
    }
  }
}
