package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.ForeignRules;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Recipe;
import org.vifgate.lab.TrafficStream;
import org.vifgate.netfilter.model.Backend;

/** Flips, reconfigurations and repairs on the real kernel: zero leaks, foreign rules intact. */
class SafetyIT {

  private static final List<String> ONE_PORT = List.of("vif0.0");
  private static final List<String> TWO_PORTS = List.of("vif0.0", "vif0.1");

  /**
   * Streams packets at a guest through repeated flips to passive, and through reconfigurations
   * that stay passive but need several commits (backend switches move the block from one set of
   * tools to another): once a passive reconcile has returned, not one packet may arrive.
   */
  @Test
  void noPacketReachesAGuestAfterAnyFlipToPassive() throws Exception {
    try (LabFixture f = LabFixture.create("vgflip", LabOptions.defaults())) {
      try (TrafficStream stream = f.lab.startStream(Endpoint.LAN, Endpoint.GUEST1, 2000)) {
        for (int round = 0; round < 4; round++) {
          Backend backend = round % 2 == 0 ? Backend.NFT : Backend.LEGACY;
          f.writeConfig(backend, "active", ONE_PORT);
          assertEquals(0, f.vifgate("reconcile").code());
          long before = stream.arrived();
          Thread.sleep(100);
          assertTrue(stream.arrived() > before, "active: the stream must get through (round " + round + ")");
          f.writeConfig(backend, "passive", ONE_PORT);
          assertEquals(0, f.vifgate("reconcile").code());
          stream.resetArrived();
          Thread.sleep(150);
          assertEquals(0, stream.arrived(), "leak after flip to passive, round " + round);
        }
        // Passive all along from here; every one of these plans needs more than one commit.
        stream.resetArrived();
        List<String> steps = new ArrayList<>();
        for (String[] step :
            new String[][] {
              {"legacy", "vif0.0,vif0.1"}, {"nft", "vif0.0,vif0.1"}, {"nft", "vif0.0"},
              {"legacy", "vif0.0"}, {"nft", "vif0.0"}, {"legacy", "vif0.0,vif0.1"}
            }) {
          f.writeConfig(step[0], "passive", List.of(step[1].split(",")));
          CliRun run = f.vifgate("reconcile");
          assertEquals(0, run.code(), run.toString());
          steps.add(step[0] + " " + step[1]);
          assertEquals(0, stream.arrived(), "leak while staying passive, after " + steps);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void foreignRulesStayByteIdenticalThroughFlips(Backend backend) throws Exception {
    try (LabFixture f = LabFixture.create("vgfr" + backend.id(), LabOptions.defaults())) {
      Recipe.run(f.lab.dom0Runner(), ForeignRules.dockerLike(backend, f.tools));
      Recipe.run(f.lab.dom0Runner(), ForeignRules.libvirtLike(backend, f.tools));
      Recipe.run(f.lab.dom0Runner(), ForeignRules.libvirtNwfilterEbtables(f.tools));
      List<String> before = foreignLines(f, backend);
      assertTrue(before.size() > 20, "the foreign rule sets are there: " + before);
      for (String role : List.of("passive", "active", "passive")) {
        f.writeConfig(backend, role, TWO_PORTS);
        CliRun run = f.vifgate("reconcile");
        assertEquals(0, run.code(), run.toString());
        assertEquals(before, foreignLines(f, backend), "foreign rules changed after " + role);
      }
      // Passive still cuts guests off although foreign ACCEPTs sit in FORWARD below the jump.
      assertTrue(f.lab.probes().reachability(Endpoint.LAN, Endpoint.GUEST1).none());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void driftIsRepairedWithMinimalEdits(Backend backend) throws Exception {
    try (LabFixture f = LabFixture.create("vgdr" + backend.id(), LabOptions.defaults())) {
      f.writeConfig(backend, "passive", TWO_PORTS);
      assertEquals(0, f.vifgate("reconcile").code());
      String ip = backend == Backend.LEGACY ? "iptables-legacy" : null;
      String tool = backend == Backend.LEGACY ? "iptables-legacy" : "ebtables-nft";

      // A managed rule deleted by hand costs one insert.
      assertEquals(0, f.inDom0(tool, "-D", "VIFGATE", "2").exitCode());
      CliRun plan = f.vifgate("reconcile", "--dry-run", "--output", "json");
      assertEquals(2, plan.code(), plan.toString());
      assertEquals(1, ReconcileIT.count(plan.out(), "\"op\":"), plan.out());
      assertEquals(1, ReconcileIT.count(plan.out(), "\"op\":\"insert\""), plan.out());
      assertEquals(0, f.vifgate("reconcile").code());

      // The chain flushed by hand: guests would pass; one run restores it.
      assertEquals(0, f.inDom0(tool, "-F", "VIFGATE").exitCode());
      assertTrue(f.lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1), "flushed chain lets guests through");
      assertEquals(0, f.vifgate("reconcile").code());
      assertTrue(f.lab.probes().reachability(Endpoint.LAN, Endpoint.GUEST1).none());

      // Another tool inserts an ACCEPT above the jump: the jump goes back to the top, the rule stays.
      List<String> accept = backend == Backend.LEGACY
          ? List.of("-I", "FORWARD", "1", "-i", "xenbr0", "-j", "ACCEPT")
          : List.of("-I", "FORWARD", "1", "-i", "peth0", "-j", "ACCEPT");
      assertEquals(0, f.inDom0(tool, accept.toArray(String[]::new)).exitCode());
      CliRun repair = f.vifgate("reconcile", "--output", "json");
      assertEquals(0, repair.code(), repair.toString());
      assertEquals(2, ReconcileIT.count(repair.out(), "\"op\":"), "delete the jump by spec, insert it at 1: " + repair.out());
      String save = f.save(tool + "-save");
      List<String> forward = save.lines().filter(l -> l.startsWith("-A FORWARD")).toList();
      assertTrue(forward.get(0).endsWith("-j VIFGATE"), forward.toString());
      assertEquals(2, forward.size(), forward.toString());
      assertTrue(f.lab.probes().reachability(Endpoint.LAN, Endpoint.GUEST1).none());

      // The jump removed by hand.
      assertEquals(0, f.inDom0(tool, "-D", "FORWARD", "1").exitCode());
      assertEquals(0, f.vifgate("reconcile").code());
      assertEquals(0, f.vifgate("reconcile", "--dry-run").code());
      assertTrue(ip == null || f.save("iptables-legacy-save").contains("-A FORWARD -m physdev --physdev-is-bridged -j VIFGATE"));
    }
  }

  @Test
  void autoPicksTheBackendInUseAndRefusesWhenBothAre() throws Exception {
    try (LabFixture f = LabFixture.create("vgauto", LabOptions.defaults())) {
      Recipe.run(f.lab.dom0Runner(), Recipe.install(Backend.LEGACY, Recipe.State.BLOCKED, f.tools));
      f.writeConfig("auto", "passive", TWO_PORTS);
      CliRun legacy = f.vifgate("reconcile");
      assertEquals(0, legacy.code(), legacy.toString());
      assertTrue(legacy.out().contains("backend: legacy (auto: only the legacy backend holds rules"), legacy.out());

      Recipe.run(f.lab.dom0Runner(), ForeignRules.dockerLike(Backend.NFT, f.tools));
      List<String> before = foreignAndOwnLines(f, "iptables-legacy-save", "iptables-nft-save");
      CliRun refused = f.vifgate("reconcile");
      assertEquals(1, refused.code(), refused.toString());
      assertTrue(refused.err().contains("found rules on both backends"), refused.err());
      assertEquals(before, foreignAndOwnLines(f, "iptables-legacy-save", "iptables-nft-save"), "nothing changed");
    }
  }

  /**
   * Every rule, user chain and non-default policy of every tool, except vifgate's own, in order,
   * with the table each is in. (Tables and built-in chains that vifgate's restore creates empty are
   * not someone else's rules.)
   */
  private static List<String> foreignLines(LabFixture f, Backend backend) throws Exception {
    String suffix = backend == Backend.LEGACY ? "-legacy-save" : "-nft-save";
    return foreignAndOwnLines(f, "iptables" + suffix, "ip6tables" + suffix, "ebtables-nft-save").stream()
        .filter(line -> !line.contains("VIFGATE"))
        .toList();
  }

  private static List<String> foreignAndOwnLines(LabFixture f, String... tools) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String tool : tools) {
      String table = "";
      for (String line : f.save(tool).split("\n")) {
        if (line.startsWith("*")) {
          table = line;
        } else if (line.startsWith("-A") || (line.startsWith(":") && !isDefaultBuiltin(line))) {
          lines.add(tool + " " + table + ": " + line.replaceAll(" ?\\[[0-9]+:[0-9]+\\]", ""));
        }
      }
    }
    return lines;
  }

  private static boolean isDefaultBuiltin(String chainLine) {
    return chainLine.matches(":(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING|BROUTING) ACCEPT( .*)?");
  }
}
