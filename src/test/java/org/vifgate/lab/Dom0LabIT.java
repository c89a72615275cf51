package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;

/**
 * Proves on the real kernel that the lab is wired like a dom0 and that its probes tell the truth:
 * they see traffic where it flows and do not see it where a known-good filter stops it. Runs as
 * root; every namespace is created and removed here.
 */
class Dom0LabIT {

  private static final String PREFIX = "vglabit";
  private static final CommandRunner RUNNER = new ProcessRunner();
  private static final Tools TOOLS = Tools.system();

  private static final List<EndpointPair> GUEST_PAIRS =
      both(
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST2),
          EndpointPair.of(Endpoint.GUEST1, Endpoint.GUEST2));

  /** Traffic through vif0.0, which every filter here lets pass: dom0 stays reachable. */
  private static final List<EndpointPair> DOM0_PAIRS =
      both(
          EndpointPair.of(Endpoint.LAN, Endpoint.DOM0),
          EndpointPair.of(Endpoint.DOM0, Endpoint.GUEST1));

  @BeforeAll
  static void removeLeftovers() throws IOException {
    Dom0Lab.cleanupStale(RUNNER, TOOLS, PREFIX);
  }

  @Test
  void withoutRulesEveryProbeGetsThrough() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      assertEquals(
          List.of("peth0", "vif0.0", "vif1.0", "vif2.0"), bridgePorts(lab, Dom0Lab.BRIDGE));
      lab.probes().survey(concat(GUEST_PAIRS, DOM0_PAIRS)).forEach(Dom0LabIT::assertOpen);
    }
  }

  @Test
  void ebtablesCatchAllStopsEveryGuestProbeButNotDom0() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      String ebtables = TOOLS.require("ebtables-nft");
      run(lab.dom0Runner(), ebtables, "-A", "FORWARD", "-i", "vif0.0", "-j", "ACCEPT");
      run(lab.dom0Runner(), ebtables, "-A", "FORWARD", "-o", "vif0.0", "-j", "ACCEPT");
      run(lab.dom0Runner(), ebtables, "-A", "FORWARD", "-j", "DROP");

      Map<EndpointPair, Reachability> seen = lab.probes().survey(concat(GUEST_PAIRS, DOM0_PAIRS));
      GUEST_PAIRS.forEach(pair -> assertTrue(seen.get(pair).none(), pair + ": " + seen.get(pair)));
      DOM0_PAIRS.forEach(pair -> assertOpen(pair, seen.get(pair)));
    }
  }

  @Test
  void legacyRecipeStopsIpv4AndArpButLeaksIpv6AndVlan() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults().withSecondBridge())) {
      // The recipe only works while br_netfilter hands bridged frames to iptables/arptables.
      assertEquals("1", sysctl(lab, "net.bridge.bridge-nf-call-iptables"));
      assertEquals("1", sysctl(lab, "net.bridge.bridge-nf-call-arptables"));
      Recipe.run(lab.dom0Runner(), Recipe.install(Backend.LEGACY, Recipe.State.BLOCKED, TOOLS));

      List<EndpointPair> dom0Pairs =
          concat(DOM0_PAIRS, both(EndpointPair.of(Endpoint.LAN_XENBR1, Endpoint.DOM0_XENBR1)));
      Map<EndpointPair, Reachability> seen = lab.probes().survey(concat(GUEST_PAIRS, dom0Pairs));
      for (EndpointPair pair : GUEST_PAIRS) {
        assertEquals(new Reachability(false, false, true, true), seen.get(pair), pair.toString());
      }
      dom0Pairs.forEach(pair -> assertOpen(pair, seen.get(pair)));

      // The VLAN probe sends real tagged IPv4: once br_netfilter hands tagged frames to iptables,
      // the recipe's DROP catches them too.
      run(
          lab.dom0Runner(),
          TOOLS.require("sysctl"),
          "-q",
          "-w",
          "net.bridge.bridge-nf-filter-vlan-tagged=1");
      assertFalse(lab.probes().vlanReachable(Endpoint.LAN, Endpoint.GUEST1));
      assertTrue(lab.probes().vlanReachable(Endpoint.DOM0, Endpoint.LAN));

      Recipe.run(lab.dom0Runner(), Recipe.unblock(Backend.LEGACY, TOOLS));
      assertTrue(lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));
      assertTrue(lab.probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1));
    }
  }

  @Test
  void nftRecipeStopsIpv4ButItsArpHalfFiltersNothing() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      Recipe.run(lab.dom0Runner(), Recipe.install(Backend.NFT, Recipe.State.BLOCKED, TOOLS));

      assertFalse(lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));
      assertTrue(lab.probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1));
      assertTrue(lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.DOM0));
    }
  }

  @Test
  void streamCountsWhatArrivesAndNothingWhileBlocked() throws Exception {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      Recipe.run(lab.dom0Runner(), Recipe.install(Backend.LEGACY, Recipe.State.UNBLOCKED, TOOLS));
      try (TrafficStream stream = lab.startStream(Endpoint.LAN, Endpoint.GUEST1, 5000)) {
        Thread.sleep(200);
        long open = stream.arrived();
        assertTrue(open > 100, "arrived while open: " + open);

        Recipe.run(lab.dom0Runner(), Recipe.block(Backend.LEGACY, TOOLS));
        stream.resetArrived();
        Thread.sleep(300);
        assertEquals(0, stream.arrived(), "arrived while blocked");

        Recipe.run(lab.dom0Runner(), Recipe.unblock(Backend.LEGACY, TOOLS));
        Thread.sleep(200);
        assertTrue(stream.arrived() > 100, "arrived after unblocking: " + stream.arrived());

        long sent = stream.stop();
        assertTrue(sent > 2000, "sent: " + sent);
        assertFalse(stream.isRunning());
        assertEquals(sent, stream.stop());
      }
    }
  }

  @Test
  void rebootedGuestComesBackOnANewWorkingVif() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      // A rule that names the old vif stops applying once the guest is on a new one.
      run(
          lab.dom0Runner(),
          TOOLS.require("ebtables-nft"),
          "-A",
          "FORWARD",
          "-o",
          "vif1.0",
          "-j",
          "DROP");
      assertFalse(lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));

      lab.rebootGuest(Endpoint.GUEST1, 7);

      assertEquals("vif7.0", lab.portOf(Endpoint.GUEST1));
      assertEquals(7, lab.domidOf(Endpoint.GUEST1));
      assertEquals(
          List.of("peth0", "vif0.0", "vif2.0", "vif7.0"), bridgePorts(lab, Dom0Lab.BRIDGE));
      lab.probes()
          .survey(
              both(
                  EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
                  EndpointPair.of(Endpoint.GUEST2, Endpoint.GUEST1)))
          .forEach((pair, r) -> assertTrue(r.every(), pair + ": " + r));
      assertThrows(IllegalArgumentException.class, () -> lab.rebootGuest(Endpoint.GUEST2, 7));
    }
  }

  @Test
  void foreignRulesInstallOnBothBackendsAndLeaveTrafficAlone() throws IOException {
    try (Dom0Lab lab = create(LabOptions.defaults())) {
      List<Command> all = new ArrayList<>();
      for (Backend backend : Backend.values()) {
        all.addAll(ForeignRules.dockerLike(backend, TOOLS));
        all.addAll(ForeignRules.libvirtLike(backend, TOOLS));
      }
      all.addAll(ForeignRules.libvirtNwfilterEbtables(TOOLS));
      Recipe.run(lab.dom0Runner(), all);

      for (String save :
          List.of(
              "iptables-legacy-save",
              "iptables-nft-save",
              "ip6tables-legacy-save",
              "ip6tables-nft-save")) {
        String dump = run(lab.dom0Runner(), TOOLS.require(save)).stdout();
        assertTrue(dump.contains("-A FORWARD -j DOCKER-USER"), save + ":\n" + dump);
        assertTrue(dump.contains("-A FORWARD -j LIBVIRT_FWX"), save + ":\n" + dump);
      }
      assertTrue(
          run(lab.dom0Runner(), TOOLS.require("ebtables-nft-save"))
              .stdout()
              .contains("-A PREROUTING -i vnet0 -j libvirt-I-vnet0"));
      lab.probes().survey(concat(GUEST_PAIRS, DOM0_PAIRS)).forEach(Dom0LabIT::assertOpen);
    }
  }

  @Test
  void closeRemovesEveryNamespaceAndAFailedCreateCleansUp() throws IOException {
    LabNames names = new LabNames(PREFIX);
    Dom0Lab lab = create(LabOptions.defaults());
    assertTrue(netnsList().containsAll(names.all()));
    lab.close();
    lab.close();
    assertTrue(netnsList().stream().noneMatch(names.all()::contains), netnsList().toString());

    // A namespace in the way makes create fail half-way; what it made must be gone again.
    String blocker = names.all().get(2);
    run(RUNNER, TOOLS.require("ip"), "netns", "add", blocker);
    try {
      IOException failure = assertThrows(IOException.class, () -> create(LabOptions.defaults()));
      assertTrue(failure.getMessage().contains(blocker), failure.getMessage());
      assertEquals(List.of(blocker), netnsList().stream().filter(names.all()::contains).toList());
    } finally {
      Dom0Lab.cleanupStale(RUNNER, TOOLS, PREFIX);
    }
    assertTrue(netnsList().stream().noneMatch(names.all()::contains));
  }

  /** Everything got through (VLAN probes cannot aim at dom0, so a survey reports those false). */
  private static void assertOpen(EndpointPair pair, Reachability r) {
    assertEquals(new Reachability(true, true, true, !pair.to().isDom0()), r, pair.toString());
  }

  private static Dom0Lab create(LabOptions options) throws IOException {
    return Dom0Lab.create(RUNNER, TOOLS, PREFIX, options);
  }

  private static List<String> bridgePorts(Dom0Lab lab, String bridge) throws IOException {
    String out =
        run(lab.dom0Runner(), TOOLS.require("ip"), "-o", "link", "show", "master", bridge).stdout();
    List<String> ports = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        String name = line.split(":\\s+", 3)[1];
        ports.add(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
      }
    }
    ports.sort(null);
    return ports;
  }

  private static String sysctl(Dom0Lab lab, String key) throws IOException {
    return run(lab.dom0Runner(), TOOLS.require("sysctl"), "-n", key).stdout().strip();
  }

  private static List<String> netnsList() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : run(RUNNER, TOOLS.require("ip"), "netns", "list").stdout().split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip().split("\\s+")[0]);
      }
    }
    return names;
  }

  private static CommandResult run(CommandRunner runner, String... argv) throws IOException {
    CommandResult result = runner.run(Command.of(argv));
    assertTrue(result.succeeded(), result.describeFailure());
    return result;
  }

  private static List<EndpointPair> both(EndpointPair... pairs) {
    List<EndpointPair> out = new ArrayList<>();
    for (EndpointPair pair : pairs) {
      out.add(pair);
      out.add(pair.reversed());
    }
    return out;
  }

  private static List<EndpointPair> concat(List<EndpointPair> a, List<EndpointPair> b) {
    List<EndpointPair> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
