package org.vifgate.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.RuleSpec;

class ReconcilerTest {

  private final FakeKernel kernel = new FakeKernel();

  private Reconciler reconciler() {
    FakeTools fakeTools = new FakeTools();
    return new Reconciler(kernel, new Applier(kernel, fakeTools), new BridgeSysctls(kernel, fakeTools), true, true);
  }

  private static DesiredState state(BackendChoice backend) {
    return new DesiredState(
        Path.of("/etc/vifgate/vifgate.yaml"), 1, "XEN-A", Role.PASSIVE, backend, false,
        List.of("vif0.0"), List.of(), Optional.empty());
  }

  @Test
  void appliesThenSecondRunChangesNothing() throws Exception {
    Outcome first = reconciler().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "test", true);
    assertTrue(first.applied());
    assertEquals(
        List.of(
            RuleSpec.of("VIFGATE", "-i", "vif0.0", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-o", "vif0.0", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-j", "DROP")),
        kernel.table(Family.BRIDGE, Backend.NFT).get("VIFGATE"));
    long writes = kernel.writes();
    Outcome second = reconciler().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "test", true);
    assertTrue(second.inSync());
    assertFalse(second.applied());
    assertEquals(writes, kernel.writes(), "an in-sync reconcile writes nothing");
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    Outcome outcome = reconciler().reconcile(state(BackendChoice.LEGACY), Role.ACTIVE, "test", false);
    assertFalse(outcome.inSync());
    assertEquals(0, kernel.writes());
  }

  @Test
  void failingToolChangesNothingAndSaysSo() {
    kernel.failNextWrites = 1;
    ReconcileException e =
        assertThrows(ReconcileException.class, () -> reconciler().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true));
    assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
    assertFalse(kernel.table(Family.BRIDGE, Backend.NFT).containsKey("VIFGATE"));
  }

  @Test
  void toolThatLiesAboutSuccessIsCaughtByTheReadBack() {
    kernel.dropWrites = true;
    ReconcileException e =
        assertThrows(ReconcileException.class, () -> reconciler().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true));
    assertTrue(e.getMessage().contains("does not hold what was applied"), e.getMessage());
  }

  @Test
  void legacyRefusesWhenBrNetfilterIsOffUnlessManaged() throws Exception {
    kernel.sysctlValue = "0";
    ReconcileException e =
        assertThrows(ReconcileException.class, () -> reconciler().reconcile(state(BackendChoice.LEGACY), Role.PASSIVE, "t", true));
    assertTrue(e.getMessage().contains("bridge-nf-call-iptables=0"), e.getMessage());
    assertEquals(0, kernel.writes());

    DesiredState managed = state(BackendChoice.LEGACY);
    managed = new DesiredState(managed.source(), 1, "XEN-A", Role.PASSIVE, BackendChoice.LEGACY, true,
        managed.dom0Vifs(), List.of(), Optional.empty());
    Outcome outcome = reconciler().reconcile(managed, Role.PASSIVE, "t", true);
    assertTrue(outcome.applied());
    assertEquals("1", kernel.sysctlValue);
    assertTrue(outcome.notes().stream().anyMatch(n -> n.contains("set to 1")), outcome.notes().toString());
  }

  @Test
  void autoRefusesWhenBothBackendsHoldRules() {
    kernel.table(Family.IPV4, Backend.LEGACY).get("FORWARD").add(RuleSpec.of("FORWARD", "-j", "DROP"));
    kernel.table(Family.IPV4, Backend.NFT).get("FORWARD").add(RuleSpec.of("FORWARD", "-j", "DOCKER-USER"));
    ReconcileException e =
        assertThrows(ReconcileException.class, () -> reconciler().reconcile(state(BackendChoice.AUTO), Role.PASSIVE, "t", true));
    assertTrue(e.getMessage().contains("set `backend: legacy` or `backend: nft`"), e.getMessage());
    assertEquals(0, kernel.writes());
  }

  @Test
  void autoPicksTheBackendInUseAndSaysWhy() throws Exception {
    kernel.table(Family.IPV4, Backend.LEGACY).get("FORWARD").add(RuleSpec.of("FORWARD", "-i", "eth0", "-j", "ACCEPT"));
    Outcome outcome = reconciler().reconcile(state(BackendChoice.AUTO), Role.PASSIVE, "t", false);
    assertEquals(Backend.LEGACY, outcome.backend().backend());
    assertTrue(outcome.backend().reason().contains("iptables-legacy"), outcome.backend().reason());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = BackendChoice.class, names = {"NFT", "LEGACY"})
  void aFlipAfterAReconcileAppliesWithoutReadingAndTheReadBackFindsItInSync(BackendChoice choice) throws Exception {
    Reconciler reconciler = reconciler();
    reconciler.reconcile(state(choice), Role.PASSIVE, "t", true);
    int reads = kernel.reads;
    long writes = kernel.writes();

    Reconciler.Flip flip = reconciler.flip(state(choice), Role.ACTIVE, "t");

    assertTrue(flip.outcome().applied());
    assertFalse(flip.outcome().readBack());
    assertEquals(null, flip.refused());
    assertEquals(reads, kernel.reads, "a flip reads nothing");
    int tables = choice == BackendChoice.NFT ? 1 : 3;
    assertEquals(tables, flip.outcome().plan().editCount(), "one replace per table");
    assertEquals(writes + tables, kernel.writes(), "one command per table");
    Outcome readBack = reconciler.reconcile(state(choice), Role.ACTIVE, "t", true);
    assertTrue(readBack.inSync(), () -> PlanText.oneLine(readBack.plan()));
  }

  @Test
  void aFlipIsRefusedWithoutChangesWhenTheRulesMovedSinceTheLastReconcile() throws Exception {
    Reconciler reconciler = reconciler();
    reconciler.reconcile(state(BackendChoice.LEGACY), Role.PASSIVE, "t", true);
    List<RuleSpec> chain = kernel.table(Family.IPV4, Backend.LEGACY).get("VIFGATE");
    chain.remove(0); // a dom0 rule deleted by hand: the -C guard no longer holds
    List<RuleSpec> ipv4Before = List.copyOf(chain);
    List<RuleSpec> ebtables = kernel.table(Family.BRIDGE, Backend.NFT).get("FORWARD");

    Reconciler.Flip flip = reconciler.flip(state(BackendChoice.LEGACY), Role.ACTIVE, "t");

    assertEquals(null, flip.outcome());
    assertTrue(flip.refused().contains("iptables-legacy"), flip.refused());
    assertEquals(ipv4Before, chain, "the refused table is unchanged");
    assertTrue(ebtables.isEmpty());
    Outcome full = reconciler.reconcile(state(BackendChoice.LEGACY), Role.ACTIVE, "t", true);
    assertTrue(full.applied());
    assertTrue(reconciler.reconcile(state(BackendChoice.LEGACY), Role.ACTIVE, "t", true).inSync());
  }

  @Test
  void aFlipIsNotTriedWithoutAnInSyncReconcileOfTheSameStateWithTheOtherRole() throws Exception {
    Reconciler reconciler = reconciler();
    assertEquals(new Reconciler.Flip(null, null), reconciler.flip(state(BackendChoice.NFT), Role.ACTIVE, "t"));
    reconciler.reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    assertEquals(new Reconciler.Flip(null, null), reconciler.flip(state(BackendChoice.NFT), Role.PASSIVE, "t"));
    reconciler.reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    DesiredState otherPorts = new DesiredState(
        Path.of("/etc/vifgate/vifgate.yaml"), 1, "XEN-A", Role.PASSIVE, BackendChoice.NFT, false,
        List.of("vif0.1"), List.of(), Optional.empty());
    assertEquals(new Reconciler.Flip(null, null), reconciler.flip(otherPorts, Role.ACTIVE, "t"));
    reconciler.reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", false);
    assertEquals(new Reconciler.Flip(null, null), reconciler.flip(state(BackendChoice.NFT), Role.ACTIVE, "t"), "a dry run proves nothing");
    kernel.failNextWrites = 1;
    assertThrows(ReconcileException.class, () -> reconciler.reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true));
    assertEquals(new Reconciler.Flip(null, null), reconciler.flip(state(BackendChoice.NFT), Role.ACTIVE, "t"), "nor does a failed one");
  }

  /** A command line's reconcile: a fresh reconciler that keeps nothing between runs. */
  private Reconciler oneShot() {
    FakeTools fakeTools = new FakeTools();
    return new Reconciler(kernel, new Applier(kernel, fakeTools), new BridgeSysctls(kernel, fakeTools), true);
  }

  private static Optional<GateSpec> settled(Backend backend, Role role) {
    return Optional.of(GateSpec.of(backend, role, List.of("vif0.0")));
  }

  @Test
  void aFlipAheadWritesBeforeItReadsTheOwnedTableAndEndsReadBackInSync() throws Exception {
    oneShot().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    kernel.events.clear();
    long writes = kernel.writes();

    Outcome outcome = oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true, settled(Backend.NFT, Role.PASSIVE));

    assertTrue(outcome.applied());
    assertTrue(outcome.readBack());
    assertEquals(1, outcome.plan().editCount(), () -> PlanText.oneLine(outcome.plan()));
    assertEquals(writes + 1, kernel.writes(), "the flip is one command");
    String bridge = new DumpId(Family.BRIDGE, Backend.NFT).toString();
    List<String> events = List.copyOf(kernel.events);
    int write = events.indexOf("write ebtables-nft-restore");
    assertTrue(write >= 0, events::toString);
    for (int i = 0; i < write; i++) {
      assertFalse(events.get(i).startsWith("read") && events.get(i).contains(bridge), "owned table read before the flip: " + events);
    }
    assertTrue(events.subList(write, events.size()).stream().anyMatch(e -> e.startsWith("read") && e.contains(bridge)), "read back: " + events);
    assertTrue(events.stream().anyMatch(e -> e.startsWith("read") && e.contains(new DumpId(Family.IPV4, Backend.NFT).toString())),
        "the clean-up tables are read too: " + events);
    assertEquals(RuleSpec.of("VIFGATE", "-j", "RETURN"), last(kernel.table(Family.BRIDGE, Backend.NFT).get("VIFGATE")));
    assertTrue(oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true).inSync());
  }

  @Test
  void aFlipAheadStillRepairsWhatItDidNotTouch() throws Exception {
    oneShot().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    // The original recipe's IP half, put back into iptables-nft by hand.
    List<RuleSpec> forward = kernel.table(Family.IPV4, Backend.NFT).get("FORWARD");
    forward.add(RuleSpec.of("FORWARD", "-m", "physdev", "--physdev-in", "vif0.0", "-j", "ACCEPT"));
    forward.add(RuleSpec.of("FORWARD", "-m", "physdev", "--physdev-out", "vif0.0", "-j", "ACCEPT"));
    forward.add(RuleSpec.of("FORWARD", "-j", "DROP"));

    Outcome outcome = oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true, settled(Backend.NFT, Role.PASSIVE));

    assertTrue(outcome.applied());
    assertTrue(outcome.plan().editCount() > 1, () -> PlanText.oneLine(outcome.plan()));
    assertEquals(List.of(), kernel.table(Family.IPV4, Backend.NFT).get("FORWARD"), "the recipe is migrated away");
    assertTrue(oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true).inSync());
  }

  @Test
  void aFlipAheadIsRefusedWithoutChangesWhenTheTableMovedAndTheReconcileGoesOnInFull() throws Exception {
    oneShot().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    List<RuleSpec> chain = kernel.table(Family.BRIDGE, Backend.NFT).get("VIFGATE");
    chain.remove(chain.size() - 1); // the DROP deleted by hand: the guarded delete cannot match

    Outcome outcome = oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true, settled(Backend.NFT, Role.PASSIVE));

    assertTrue(outcome.applied());
    assertTrue(outcome.notes().stream().anyMatch(n -> n.contains("refused")), outcome.notes()::toString);
    assertEquals(RuleSpec.of("VIFGATE", "-j", "RETURN"), last(kernel.table(Family.BRIDGE, Backend.NFT).get("VIFGATE")));
    assertTrue(oneShot().reconcile(state(BackendChoice.NFT), Role.ACTIVE, "t", true).inSync());
  }

  @Test
  void aFlipAheadIsNotTriedWhereItCannotBeGuardedOrDoesNotApply() throws Exception {
    // Legacy: arptables edits go by position, which needs a read first.
    oneShot().reconcile(state(BackendChoice.LEGACY), Role.PASSIVE, "t", true);
    assertReadsBeforeWriting(state(BackendChoice.LEGACY), Role.ACTIVE, settled(Backend.LEGACY, Role.PASSIVE));
    // Auto: the backend is known only after reading.
    assertReadsBeforeWriting(state(BackendChoice.AUTO), Role.PASSIVE, settled(Backend.LEGACY, Role.ACTIVE));
    // A hint about another backend, the same role, or other ports.
    oneShot().reconcile(state(BackendChoice.NFT), Role.PASSIVE, "t", true);
    assertReadsBeforeWriting(state(BackendChoice.NFT), Role.ACTIVE, settled(Backend.LEGACY, Role.PASSIVE));
    assertReadsBeforeWriting(state(BackendChoice.NFT), Role.ACTIVE, settled(Backend.NFT, Role.ACTIVE));
    assertReadsBeforeWriting(
        state(BackendChoice.NFT), Role.PASSIVE, Optional.of(GateSpec.of(Backend.NFT, Role.ACTIVE, List.of("vif0.1"))));
  }

  private void assertReadsBeforeWriting(DesiredState state, Role role, Optional<GateSpec> hint) throws Exception {
    kernel.events.clear();
    oneShot().reconcile(state, role, "t", true, hint);
    assertTrue(!kernel.events.isEmpty() && kernel.events.get(0).startsWith("read"), kernel.events::toString);
  }

  private static RuleSpec last(List<RuleSpec> rules) {
    return rules.get(rules.size() - 1);
  }

  /** Every tool resolves to a path named like the tool, so the fake kernel can tell them apart. */
  static final class FakeTools extends Tools {
    FakeTools() {
      super(List.of());
    }

    @Override
    public Optional<Path> find(String name) {
      return Optional.of(Path.of("/fake/" + name));
    }
  }
}
