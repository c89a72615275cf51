package org.vifgate.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.config.Role;

class StateTest {

  @TempDir Path dir;

  private static DesiredState state(Role fileRole, boolean heartbeat) {
    Optional<HeartbeatSettings> settings =
        heartbeat
            ? Optional.of(
                new HeartbeatSettings(
                    List.of("A", "B"), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(10), null, null, List.of(new HeartbeatSettings.Ucast("eth0", "192.0.2.2")),
                    List.of(), List.of(), null, java.util.Map.of(), List.of(), List.of(), null, null, null,
                    new HeartbeatSettings.Auth(HeartbeatSettings.AuthMethod.CRC, Optional.empty(), Optional.empty()),
                    new HeartbeatSettings.Resources("A", List.of(), "vifgate")))
            : Optional.empty();
    return new DesiredState(Path.of("/etc/vifgate/vifgate.yaml"), 1, "A", fileRole, BackendChoice.NFT, false,
        List.of("vif0.0"), List.of(), settings);
  }

  private static RuntimeRole runtime(Role role, String boot) {
    return new RuntimeRole(role, boot, Instant.parse("2026-11-26T10:00:00Z"), "heartbeat");
  }

  @Test
  void runtimeRoleOfThisBootWinsOverTheFile() {
    var effective = RoleResolver.resolve(state(Role.PASSIVE, true), Optional.of(runtime(Role.ACTIVE, "boot-1")), "boot-1");
    assertEquals(Role.ACTIVE, effective.role());
    assertTrue(effective.fromRuntime());
    var pushed = RoleResolver.resolve(state(Role.ACTIVE, true), Optional.of(runtime(Role.PASSIVE, "boot-1")), "boot-1");
    assertEquals(Role.PASSIVE, pushed.role(), "a push of the file never undoes Heartbeat's role");
  }

  @Test
  void afterARebootAHeartbeatHostIsPassiveWhateverTheFileSays() {
    var fresh = RoleResolver.resolve(state(Role.ACTIVE, true), Optional.empty(), "boot-2");
    assertEquals(Role.PASSIVE, fresh.role());
    assertTrue(fresh.reason().contains("boot safety"), fresh.reason());
    var stale = RoleResolver.resolve(state(Role.ACTIVE, true), Optional.of(runtime(Role.ACTIVE, "boot-1")), "boot-2");
    assertEquals(Role.PASSIVE, stale.role(), "a runtime role from an earlier boot is not trusted");
    assertTrue(stale.reason().contains("earlier boot"), stale.reason());
  }

  @Test
  void withoutHeartbeatTheFileDecides() {
    assertEquals(Role.ACTIVE, RoleResolver.resolve(state(Role.ACTIVE, false), Optional.empty(), "b").role());
    assertEquals(Role.PASSIVE, RoleResolver.resolve(state(Role.PASSIVE, false), Optional.empty(), "b").role());
  }

  @Test
  void runtimeRoleRoundTripsThroughItsFileAtomically() throws Exception {
    RuntimeState runtime = new RuntimeState(new StateDir(dir, Path.of("/etc/vifgate/vifgate.yaml")));
    assertEquals(Optional.empty(), runtime.role());
    RuntimeRole role = runtime(Role.ACTIVE, "boot-1");
    runtime.setRole(role);
    assertEquals(Optional.of(role), runtime.role());
    try (var files = Files.list(runtime.dir().dir())) {
      assertEquals(List.of("role"), files.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
    }
    Files.writeString(runtime.dir().roleFile(), "garbage");
    assertThrows(java.io.IOException.class, runtime::role);
  }

  @Test
  void stateIsKeyedByTheConfigurationFilesPath() {
    StateDir a = new StateDir(dir, Path.of("/etc/vifgate/vifgate.yaml"));
    StateDir b = new StateDir(dir, Path.of("/etc/vifgate/other.yaml"));
    StateDir again = new StateDir(dir, Path.of("/etc/vifgate/../vifgate/vifgate.yaml"));
    assertNotEquals(a.dir(), b.dir());
    assertEquals(a.dir(), again.dir());
    assertTrue(a.dir().getFileName().toString().startsWith("vifgate.yaml-"), a.dir().toString());
  }

  @Test
  void secondRunWaitsThenFailsClearly() throws Exception {
    Path lock = new StateDir(dir, Path.of("/x.yaml")).lockFile("ns1");
    try (HostLock held = HostLock.acquire(lock, Duration.ofSeconds(1))) {
      long start = System.nanoTime();
      HostLock.LockTimeoutException e =
          assertThrows(HostLock.LockTimeoutException.class, () -> HostLock.acquire(lock, Duration.ofMillis(200)));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "it waited");
      assertTrue(e.getMessage().contains(lock.toString()), e.getMessage());
    }
    try (HostLock again = HostLock.acquire(lock, Duration.ofMillis(100))) {
      assertTrue(Files.exists(lock), "released locks can be taken again");
    }
  }
}
