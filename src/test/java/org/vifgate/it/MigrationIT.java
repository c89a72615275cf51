package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.exec.Command;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Recipe;
import org.vifgate.lab.TrafficStream;
import org.vifgate.netfilter.model.Backend;

/**
 * Hosts that still carry the original hand-made recipe are taken over in one plan, and a passive
 * host never lets a guest packet through while that happens.
 */
class MigrationIT {

  private static final List<String> DOM0 = List.of("vif0.0", "vif0.1");

  @ParameterizedTest
  @EnumSource(Backend.class)
  void blockedRecipeBecomesManagedWithoutAnyPacketReachingAGuest(Backend backend) throws Exception {
    try (LabFixture f = LabFixture.create("vgmb" + backend.id(), LabOptions.defaults())) {
      Recipe.run(f.lab.dom0Runner(), Recipe.install(backend, Recipe.State.BLOCKED, f.tools));
      assertFalse(f.lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1), "the recipe blocks");
      f.writeConfig(backend, "passive", DOM0);
      try (TrafficStream stream = f.lab.startStream(Endpoint.LAN, Endpoint.GUEST1, 2000)) {
        CliRun run = f.vifgate("reconcile");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("original recipe"), run.out());
        Thread.sleep(200);
        assertEquals(0, stream.arrived(), "packets reached the passive host's guest during migration");
      }
      assertNoRecipeLeft(f, backend);
      assertFalse(f.lab.probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1));
      assertTrue(f.lab.probes().ipv4Reachable(Endpoint.DOM0, Endpoint.LAN), "dom0 stays reachable");
      assertEquals(0, f.vifgate("reconcile", "--dry-run").code(), "one plan did it all");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void unblockedRecipeOnActiveHostKeepsGuestsReachable(Backend backend) throws Exception {
    try (LabFixture f = LabFixture.create("vgmu" + backend.id(), LabOptions.defaults())) {
      Recipe.run(f.lab.dom0Runner(), Recipe.install(backend, Recipe.State.UNBLOCKED, f.tools));
      f.writeConfig(backend, "active", DOM0);
      CliRun run = f.vifgate("reconcile");
      assertEquals(0, run.code(), run.toString());
      assertNoRecipeLeft(f, backend);
      assertTrue(f.lab.probes().reachability(Endpoint.LAN, Endpoint.GUEST1).every());
      assertEquals(0, f.vifgate("reconcile", "--dry-run").code());
    }
  }

  /**
   * On a current Debian the recipe's IP half went to iptables-nft (the `iptables` link) and a
   * careful admin put the ARP half into arptables-legacy. With backend nft, vifgate must remove
   * that legacy ARP DROP too, or an active host's guests stay dark.
   */
  @org.junit.jupiter.api.Test
  void nftBackendAlsoRemovesTheRecipesLegacyArpHalf() throws Exception {
    try (LabFixture f = LabFixture.create("vgmarp", LabOptions.defaults())) {
      List<Command> ipHalf = Recipe.install(Backend.NFT, Recipe.State.BLOCKED, f.tools).stream()
          .filter(c -> c.program().startsWith("iptables")).toList();
      List<Command> arpHalf = Recipe.install(Backend.LEGACY, Recipe.State.BLOCKED, f.tools).stream()
          .filter(c -> c.program().startsWith("arptables")).toList();
      Recipe.run(f.lab.dom0Runner(), ipHalf);
      Recipe.run(f.lab.dom0Runner(), arpHalf);
      assertFalse(f.lab.probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1), "the legacy ARP half blocks");
      f.writeConfig(Backend.NFT, "active", DOM0);
      CliRun run = f.vifgate("reconcile");
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.out().contains("arptables-legacy"), run.out());
      assertTrue(f.lab.probes().reachability(Endpoint.LAN, Endpoint.GUEST1).every(), "guests of the active host reachable");
      assertNoRecipeLeft(f, Backend.NFT);
      assertEquals("", forwardRules(f.inDom0("arptables-legacy", "-L", "FORWARD", "-n").stdout()));
    }
  }

  private static void assertNoRecipeLeft(LabFixture f, Backend backend) throws Exception {
    String ipSave = f.save(backend == Backend.LEGACY ? "iptables-legacy-save" : "iptables-nft-save");
    List<String> forward = ipSave.lines().filter(l -> l.startsWith("-A FORWARD")).toList();
    assertEquals(
        backend == Backend.LEGACY ? List.of("-A FORWARD -m physdev --physdev-is-bridged -j VIFGATE") : List.of(),
        forward,
        "only vifgate's jump may remain in FORWARD");
    if (backend == Backend.LEGACY) {
      String arp = f.inDom0("arptables-legacy", "-L", "FORWARD", "-n").stdout();
      assertEquals("-j VIFGATE", forwardRules(arp));
    }
  }

  /** The rules of an arptables listing of one chain, without the header. */
  private static String forwardRules(String listing) {
    return listing.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
