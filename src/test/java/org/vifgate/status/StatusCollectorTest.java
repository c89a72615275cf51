package org.vifgate.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.Bridge;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.heartbeat.HeartbeatTestData;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;

/** The report from a fake dry run and a real (temporary) state directory; nothing is written. */
class StatusCollectorTest {

  private static final String BOOT = "boot-1";

  @TempDir Path dir;

  private DesiredState heartbeatHost(Role fileRole) {
    DesiredState s =
        HeartbeatTestData.pair().state("alpha", dir.resolve("vifgate.yaml").toString());
    return new DesiredState(
        s.source(),
        1,
        "alpha",
        fileRole,
        BackendChoice.NFT,
        false,
        List.of("vif0.0"),
        List.of(new Bridge("xenbr0", "peth0")),
        s.heartbeat());
  }

  private RuntimeState runtime() {
    return new RuntimeState(new StateDir(dir.resolve("state"), dir.resolve("vifgate.yaml")));
  }

  /** A fake dry run that remembers which role it was asked about. */
  private static final class Probe implements SyncProbe {
    final List<Role> asked = new ArrayList<>();
    int pending;
    Exception failure;

    @Override
    public SyncState check(DesiredState state, Role role) throws Exception {
      asked.add(role);
      if (failure != null) {
        throw failure;
      }
      return new SyncState(Backend.NFT, "backend: nft in the file", pending, List.of("a note"));
    }
  }

  @Test
  void afterBootAHeartbeatHostIsPassiveWhateverTheFileSays() {
    Probe probe = new Probe();
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, probe)
            .collect(heartbeatHost(Role.ACTIVE), Optional.empty(), List.of());
    assertEquals(Role.ACTIVE, r.fileRole());
    assertEquals(Role.PASSIVE, r.effectiveRole());
    assertTrue(r.effectiveReason().startsWith("boot safety"), r.effectiveReason());
    assertEquals(List.of(Role.PASSIVE), probe.asked, "the dry run plans for the effective role");
    assertTrue(r.runtimeRole().isEmpty());
    assertEquals(LsbStatus.STOPPED, r.lsb());
    assertFalse(Files.exists(dir.resolve("state")), "status created the state directory");
  }

  @Test
  void theRuntimeRoleWinsAndIsReportedWithWhoAndWhen() throws IOException {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    runtime().setRole(new RuntimeRole(Role.ACTIVE, BOOT, at, "heartbeat start"));
    Probe probe = new Probe();
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, probe)
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of());
    assertEquals(Role.ACTIVE, r.effectiveRole());
    assertTrue(r.runtimeRoleCurrent());
    assertEquals("heartbeat start", r.runtimeRole().orElseThrow().setBy());
    assertEquals(at, r.runtimeRole().orElseThrow().setAt());
    assertEquals(LsbStatus.RUNNING, r.lsb());
    probe.pending = 1;
    assertEquals(
        LsbStatus.STOPPED,
        new StatusCollector(runtime(), () -> BOOT, probe)
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of())
            .lsb());
  }

  @Test
  void aRuntimeRoleFromAnEarlierBootIsShownButIgnored() throws IOException {
    runtime().setRole(new RuntimeRole(Role.ACTIVE, "boot-0", Instant.EPOCH, "heartbeat start"));
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, new Probe())
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of());
    assertTrue(r.runtimeRole().isPresent());
    assertFalse(r.runtimeRoleCurrent());
    assertEquals(Role.PASSIVE, r.effectiveRole());
  }

  @Test
  void aPassiveHostWithPendingEditsIsRunningForHeartbeat() throws IOException {
    runtime().setRole(new RuntimeRole(Role.PASSIVE, BOOT, Instant.EPOCH, "heartbeat stop"));
    Probe probe = new Probe();
    probe.pending = 3;
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, probe)
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of());
    assertEquals(3, r.sync().orElseThrow().pendingEdits());
    assertEquals(LsbStatus.RUNNING, r.lsb());
  }

  @Test
  void unreadableRulesOrRoleAreUnknown() throws IOException {
    Probe probe = new Probe();
    probe.failure = new IOException("iptables-nft-save exited 1: permission denied");
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, probe)
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of());
    assertEquals(Optional.of("iptables-nft-save exited 1: permission denied"), r.syncError());
    assertEquals(LsbStatus.UNKNOWN, r.lsb());

    Path roleFile = new StateDir(dir.resolve("state"), dir.resolve("vifgate.yaml")).roleFile();
    Files.createDirectories(roleFile.getParent());
    Files.writeString(roleFile, "garbage\n");
    Probe fine = new Probe();
    StatusReport damaged =
        new StatusCollector(runtime(), () -> BOOT, fine)
            .collect(heartbeatHost(Role.PASSIVE), Optional.empty(), List.of());
    assertTrue(damaged.runtimeError().isPresent());
    assertEquals(LsbStatus.UNKNOWN, damaged.lsb());
    assertEquals(List.of(), fine.asked, "no dry run for a role nobody knows");
  }

  @Test
  void aHostWithoutHeartbeatFollowsItsFile() {
    DesiredState plain =
        new DesiredState(
            dir.resolve("p.yaml"),
            1,
            "XEN-A",
            Role.ACTIVE,
            BackendChoice.NFT,
            false,
            List.of(),
            List.of(new Bridge("xenbr0", "peth0")),
            Optional.empty());
    StatusReport r =
        new StatusCollector(runtime(), () -> BOOT, new Probe())
            .collect(plain, Optional.empty(), List.of());
    assertEquals(Role.ACTIVE, r.effectiveRole());
    assertEquals(LsbStatus.RUNNING, r.lsb());
  }
}
