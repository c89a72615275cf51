package org.vifgate.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;

/** The record of what the last reconcile left ({@link SettledRules}): kept, used, and dropped. */
class HostReconcilerTest {

  @TempDir Path dir;
  private final FakeKernel kernel = new FakeKernel();

  private HostReconciler host() {
    ReconcilerTest.FakeTools tools = new ReconcilerTest.FakeTools();
    Reconciler reconciler = new Reconciler(kernel, new Applier(kernel, tools), new BridgeSysctls(kernel, tools), true);
    return new HostReconciler(reconciler, stateDir(), "ns1", Duration.ofSeconds(1));
  }

  private StateDir stateDir() {
    return new StateDir(dir, Path.of("/etc/vifgate/vifgate.yaml"));
  }

  private static DesiredState state() {
    return new DesiredState(
        Path.of("/etc/vifgate/vifgate.yaml"), 1, "XEN-A", Role.PASSIVE, BackendChoice.NFT, false,
        List.of("vif0.0"), List.of(), Optional.empty());
  }

  private Optional<SettledRules> record() throws Exception {
    Path file = stateDir().settledFile("ns1");
    return Files.exists(file) ? SettledRules.parse(Files.readString(file)) : Optional.empty();
  }

  @Test
  void aSuccessfulReconcileRecordsWhatItLeftAndTheNextFlipStartsFromIt() throws Exception {
    host().reconcile(state(), true, Optional.empty());
    assertEquals(
        Optional.of(new SettledRules(RuntimeState.currentBootId(), Backend.NFT, Role.PASSIVE, List.of("vif0.0"))),
        record());

    kernel.events.clear();
    host().reconcile(state().withRole(Role.ACTIVE), true, Optional.empty());

    // The clean-up tables are read side by side with the flip; the owned one only after it.
    List<String> events = List.copyOf(kernel.events);
    int write = events.indexOf("write ebtables-nft-restore");
    int ownedRead = -1;
    for (int i = 0; i < events.size() && ownedRead < 0; i++) {
      if (events.get(i).startsWith("read") && events.get(i).contains("BRIDGE")) {
        ownedRead = i;
      }
    }
    assertTrue(write >= 0 && ownedRead > write, "the flip goes first: " + events);
    assertEquals(Role.ACTIVE, record().orElseThrow().role());
  }

  @Test
  void aReconcileThatChangesNothingDoesNotRewriteTheRecord() throws Exception {
    host().reconcile(state(), true, Optional.empty());
    Path file = stateDir().settledFile("ns1");
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    host().reconcile(state(), true, Optional.empty());
    assertEquals(old, Files.getLastModifiedTime(file), "an in-sync reconcile (a watcher's resync) writes nothing");
    host().reconcile(state().withRole(Role.ACTIVE), true, Optional.empty());
    assertEquals(Role.ACTIVE, record().orElseThrow().role());
  }

  @Test
  void aDryRunLeavesTheRecordAlone() throws Exception {
    host().reconcile(state(), true, Optional.empty());
    String before = Files.readString(stateDir().settledFile("ns1"));
    host().reconcile(state().withRole(Role.ACTIVE), false, Optional.empty());
    assertEquals(before, Files.readString(stateDir().settledFile("ns1")));
  }

  @Test
  void aFailedReconcileDropsTheRecord() throws Exception {
    host().reconcile(state(), true, Optional.empty());
    kernel.failNextWrites = 5;
    assertThrows(ReconcileException.class, () -> host().reconcile(state().withRole(Role.ACTIVE), true, Optional.empty()));
    assertFalse(Files.exists(stateDir().settledFile("ns1")));
  }

  @Test
  void aRecordFromAnotherBootOrDamagedIsNotUsed() throws Exception {
    host().reconcile(state(), true, Optional.empty());
    Path file = stateDir().settledFile("ns1");
    for (String text :
        List.of(
            new SettledRules("another-boot", Backend.NFT, Role.PASSIVE, List.of("vif0.0")).serialize(),
            "boot " + RuntimeState.currentBootId() + "\nbackend nft\nrole passive\nport vif0.0\nextra line\n",
            "garbage")) {
      Files.writeString(file, text);
      kernel.events.clear();
      host().reconcile(state().withRole(Role.ACTIVE), true, Optional.empty());
      assertTrue(kernel.events.get(0).startsWith("read"), text + ": " + kernel.events);
      host().reconcile(state(), true, Optional.empty());
    }
  }

  @Test
  void recordsSurviveTheirOwnTextAndRejectAnythingElse() {
    SettledRules rules = new SettledRules("b-1", Backend.LEGACY, Role.ACTIVE, List.of("vif0.0", "vif0.1"));
    assertEquals(Optional.of(rules), SettledRules.parse(rules.serialize()));
    assertEquals(Optional.empty(), SettledRules.parse(""));
    assertEquals(Optional.empty(), SettledRules.parse("boot b-1\nbackend iptables\nrole active\n"));
    assertEquals(Optional.empty(), SettledRules.parse("boot b-1\nbackend nft\nrole standby\n"));
    assertEquals(Optional.empty(), SettledRules.parse("boot b-1\nbackend nft\n"));
  }
}
