package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.EndpointPair;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Reachability;
import org.vifgate.netfilter.model.Backend;

/**
 * vifgate against the real kernel, on both backends, in a lab dom0 built in network namespaces:
 * what passes and what does not is checked with real traffic (IPv4, ARP, IPv6 with neighbour
 * discovery, VLAN-tagged frames), not by reading rules.
 */
class ReconcileIT {

  private static final List<String> DOM0 = List.of("vif0.0", "vif0.1");
  private static final List<EndpointPair> GUEST_PAIRS =
      List.of(
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
          EndpointPair.of(Endpoint.GUEST2, Endpoint.LAN),
          EndpointPair.of(Endpoint.GUEST1, Endpoint.GUEST2));
  // From dom0 outwards, because the lab counts VLAN probes at the receiver and dom0 has no counter.
  private static final List<EndpointPair> DOM0_PAIRS =
      List.of(
          EndpointPair.of(Endpoint.DOM0, Endpoint.LAN),
          EndpointPair.of(Endpoint.DOM0_XENBR1, Endpoint.LAN_XENBR1),
          EndpointPair.of(Endpoint.DOM0, Endpoint.GUEST2));

  @ParameterizedTest
  @EnumSource(Backend.class)
  void passiveCutsOffGuestsActiveLetsThemThroughDom0AlwaysReachable(Backend backend) throws Exception {
    try (LabFixture f = LabFixture.create("vgrc" + backend.id(), LabOptions.defaults().withSecondBridge())) {
      f.writeConfig(backend, "passive", DOM0);
      CliRun first = f.vifgate("reconcile");
      assertEquals(0, first.code(), first.toString());
      assertNothing(f, GUEST_PAIRS, "passive");
      assertEverything(f, DOM0_PAIRS, "passive: dom0");

      CliRun again = f.vifgate("reconcile", "--dry-run");
      assertEquals(0, again.code(), "a second reconcile plans nothing: " + again);
      assertTrue(again.out().contains("No changes"), again.out());

      f.writeConfig(backend, "active", DOM0);
      CliRun flip = f.vifgate("reconcile", "--output", "json");
      assertEquals(0, flip.code(), flip.toString());
      int tables = backend == Backend.LEGACY ? 3 : 1;
      assertEquals(tables, count(flip.out(), "\"op\":\"replace\""), "one replace per table: " + flip.out());
      assertEquals(tables, count(flip.out(), "\"op\":"), "and nothing else: " + flip.out());
      assertEverything(f, GUEST_PAIRS, "active");
      assertEverything(f, DOM0_PAIRS, "active: dom0");

      // A guest reboots onto a new vif: it gets the same treatment with no rule change.
      f.lab.rebootGuest(Endpoint.GUEST1, 7);
      assertEverything(f, List.of(EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1)), "active, rebooted guest");
      f.writeConfig(backend, "passive", DOM0);
      assertEquals(0, f.vifgate("reconcile").code());
      assertNothing(f, List.of(EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1)), "passive, rebooted guest");
      f.lab.rebootGuest(Endpoint.GUEST2, 8);
      assertNothing(f, List.of(EndpointPair.of(Endpoint.GUEST2, Endpoint.LAN)), "passive, guest rebooted while passive");
      CliRun noChange = f.vifgate("reconcile", "--dry-run");
      assertEquals(0, noChange.code(), "a reboot needs no rule change: " + noChange);
    }
  }

  /**
   * A command-line flip on nft starts with the guarded edit planned from the last reconcile
   * (Reconciler's flip ahead) and reads afterwards: a table changed by hand refuses that edit and
   * the run reconciles in full, and whatever else is out of place is still repaired in the same run.
   */
  @org.junit.jupiter.api.Test
  void aFlipStartsFromTheLastReconcileAndStillRepairsEverything() throws Exception {
    try (LabFixture f = LabFixture.create("vgrcfa", LabOptions.defaults())) {
      f.writeConfig(Backend.NFT, "passive", DOM0);
      assertEquals(0, f.vifgate("reconcile").code());
      assertTrue(java.nio.file.Files.exists(f.stateDir.resolve("settled.netns-" + f.lab.dom0Namespace())));

      // The DROP deleted by hand: the guarded flip is refused, and the full reconcile puts things right.
      assertTrue(f.inDom0("ebtables-nft", "-D", "VIFGATE", "-j", "DROP").succeeded());
      f.writeConfig(Backend.NFT, "active", DOM0);
      CliRun refused = f.vifgate("reconcile");
      assertEquals(0, refused.code(), refused.toString());
      assertTrue(refused.out().contains("refused"), refused.out());
      assertEverything(f, GUEST_PAIRS, "active after a refused flip");

      // A foreign rule put above vifgate's jump: the flip goes in, and the jump is moved back on top.
      assertTrue(f.inDom0("ebtables-nft", "-I", "FORWARD", "1", "-j", "ACCEPT").succeeded());
      f.writeConfig(Backend.NFT, "passive", DOM0);
      CliRun flip = f.vifgate("reconcile", "--output", "json");
      assertEquals(0, flip.code(), flip.toString());
      assertFalse(flip.out().contains("refused"), flip.out());
      assertEquals(1, count(flip.out(), "\"op\":\"replace\""), flip.out());
      assertTrue(count(flip.out(), "\"op\":") > 1, "the jump is repaired in the same run: " + flip.out());
      assertNothing(f, GUEST_PAIRS, "passive after the flip");
      String ebtables = f.save("ebtables-nft-save");
      assertTrue(ebtables.indexOf("-A FORWARD -j VIFGATE") < ebtables.indexOf("-A FORWARD -j ACCEPT"), ebtables);

      CliRun again = f.vifgate("reconcile", "--dry-run");
      assertEquals(0, again.code(), "in sync: " + again);
    }
  }

  private static void assertNothing(LabFixture f, List<EndpointPair> pairs, String what) throws Exception {
    Map<EndpointPair, Reachability> seen = f.lab.probes().survey(pairs);
    seen.forEach((pair, reach) -> assertTrue(reach.none(), what + ": " + pair + " must be cut off, saw " + reach));
  }

  private static void assertEverything(LabFixture f, List<EndpointPair> pairs, String what) throws Exception {
    Map<EndpointPair, Reachability> seen = f.lab.probes().survey(pairs);
    seen.forEach((pair, reach) -> assertTrue(reach.every(), what + ": " + pair + " must pass, saw " + reach));
  }

  static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
