package org.vifgate.netfilter.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Match;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.SaveParser;
import org.vifgate.netfilter.parse.SaveWriter;

/** Builds rules with the real tools in a throwaway namespace and reads them back (run as root). */
class LiveDumpsIT {

  private static Chain chain(Ruleset ruleset, String table, String chain) {
    return ruleset.table(table).orElseThrow().chain(chain).orElseThrow();
  }

  @Test
  void aFreshNamespaceReadsEmptyAndReadingCreatesNothing() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());
      for (LiveDumps.Source source : LiveDumps.sources()) {
        assertEquals(Ruleset.empty(source.kind(), source.backend()), dumps.read(source.kind(), source.backend()),
            source.toString());
      }
      assertFalse(dumps.legacyArpTablesPresent(), "listing must not create the legacy ARP table");
      assertEquals("", ns.sh("cat", "/proc/net/ip_tables_names").stdout());
      assertEquals(
          java.util.Map.of(DumpKind.IPTABLES, List.of(), DumpKind.IP6TABLES, List.of(), DumpKind.ARPTABLES, List.of()),
          dumps.legacyTables());
    }
  }

  @Test
  void theLegacyProbeSeesExactlyTheTablesThatExist() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());
      ns.sh("iptables-legacy", "-w", "-t", "mangle", "-A", "FORWARD", "-j", "ACCEPT");
      ns.sh("arptables-legacy", "-A", "FORWARD", "-j", "ACCEPT");
      java.util.Map<DumpKind, List<String>> tables = dumps.legacyTables();
      assertEquals(List.of("mangle"), tables.get(DumpKind.IPTABLES));
      assertEquals(List.of(), tables.get(DumpKind.IP6TABLES));
      assertEquals(List.of("filter"), tables.get(DumpKind.ARPTABLES));
      // A table the probe did not see reads as empty without running the tool; one it saw is read.
      assertEquals(Ruleset.empty(DumpKind.IPTABLES, Backend.LEGACY), dumps.read(DumpKind.IPTABLES, Backend.LEGACY, "filter", tables));
      assertEquals(1, chain(dumps.read(DumpKind.ARPTABLES, Backend.LEGACY, "filter", tables), "filter", "FORWARD").rules().size());
    }
  }

  @Test
  void readsTheXenRecipeOnBothBackends() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      for (String backend : List.of("nft", "legacy")) {
        String iptables = "iptables-" + backend;
        ns.sh(iptables, "-A", "FORWARD", "-m", "physdev", "--physdev-in", "vif0.0", "-j", "ACCEPT");
        ns.sh(iptables, "-A", "FORWARD", "-m", "physdev", "!", "--physdev-out", "vif0.1", "--physdev-is-bridged",
            "-j", "ACCEPT");
        ns.sh(iptables, "-A", "FORWARD", "-m", "comment", "--comment", "x\n-A INPUT -j ACCEPT", "-j", "DROP");
        ns.sh(iptables, "-A", "FORWARD");
      }
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());
      for (Backend backend : List.of(Backend.NFT, Backend.LEGACY)) {
        Ruleset ruleset = dumps.read(DumpKind.IPTABLES, backend);
        assertEquals(backend, ruleset.backend());
        List<Rule> rules = chain(ruleset, "filter", "FORWARD").rules();
        assertEquals(4, rules.size(), backend.id());
        assertEquals("vif0.0", rules.get(0).module("physdev").orElseThrow().option("physdev-in").orElseThrow()
            .values().get(0));
        assertTrue(rules.get(1).module("physdev").orElseThrow().option("physdev-out").orElseThrow().negated());
        assertEquals("x\n-A INPUT -j ACCEPT", rules.get(2).comment());
        assertEquals("DROP", rules.get(2).target());
        assertNull(rules.get(3).target());
        assertTrue(chain(ruleset, "filter", "INPUT").rules().isEmpty(), "no phantom rule in INPUT");
        assertEquals(ruleset.tables(),
            SaveParser.parse(DumpKind.IPTABLES, SaveWriter.toText(ruleset)).tables());
      }
      Ruleset nft = dumps.read(DumpKind.IPTABLES, Backend.NFT);
      assertTrue(nft.notices().stream().anyMatch(n -> n.contains("iptables-legacy tables present")), nft.notices().toString());
    }
  }

  @Test
  void readsIp6tablesEbtablesAndArptablesNft() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      ns.sh("ip6tables-nft", "-A", "FORWARD", "!", "-s", "2001:db8::/32", "-j", "DROP");
      ns.sh("ebtables-nft", "-N", "VIFGATE", "-P", "RETURN");
      ns.sh("ebtables-nft", "-A", "FORWARD", "-i", "!", "vif1.0", "-p", "ARP", "-j", "VIFGATE");
      ns.sh("ebtables-nft", "-A", "FORWARD", "-o", "vif2.0");
      ns.sh("arptables-nft", "-A", "INPUT", "!", "-i", "vif0.1", "-j", "DROP");
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());

      assertEquals(1, dumps.read(DumpKind.IP6TABLES, Backend.NFT).ruleCount());
      Ruleset eb = dumps.read(DumpKind.EBTABLES, Backend.NFT);
      assertEquals("RETURN", chain(eb, "filter", "VIFGATE").policy());
      Rule first = chain(eb, "filter", "FORWARD").rules().get(0);
      assertEquals(new Match("vif1.0", true), first.inInterface());
      assertEquals("VIFGATE", first.target());
      Rule counting = chain(eb, "filter", "FORWARD").rules().get(1);
      assertNull(counting.target());
      assertEquals("CONTINUE", counting.args().get(counting.args().size() - 1));
      Rule arp = chain(dumps.read(DumpKind.ARPTABLES, Backend.NFT), "filter", "INPUT").rules().get(0);
      assertEquals("DROP", arp.target());
      assertEquals(new Match("vif0.1", true), arp.inInterface());
    }
  }

  @Test
  void readsTheLegacyArpTableOnceItExists() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());
      assertEquals(0, dumps.read(DumpKind.ARPTABLES, Backend.LEGACY).tables().size());
      ns.sh("arptables-legacy", "-A", "FORWARD", "-i", "vif0.0", "-j", "ACCEPT");
      ns.sh("arptables-legacy", "-A", "FORWARD", "-j", "DROP");
      ns.sh("arptables-legacy", "-R", "FORWARD", "2");
      assertTrue(dumps.legacyArpTablesPresent());
      Ruleset ruleset = dumps.read(DumpKind.ARPTABLES, Backend.LEGACY);
      List<Rule> rules = chain(ruleset, "filter", "FORWARD").rules();
      assertEquals(2, rules.size());
      assertEquals(List.of("-j", "ACCEPT", "-i", "vif0.0"), rules.get(0).args());
      assertNull(rules.get(1).target());
      assertEquals(List.of(), rules.get(1).tokens());
    }
  }

  @Test
  void aDumpTheToolCutsOffIsAnError() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      ns.sh("iptables-nft", "-A", "FORWARD", "-j", "ACCEPT");
      ns.sh("nft", "add", "rule", "ip", "filter", "FORWARD", "ip", "dscp", "5", "drop");
      LiveDumps dumps = new LiveDumps(ns.runner(), ns.tools());
      LiveDumpException e = assertThrows(LiveDumpException.class, () -> dumps.read(DumpKind.IPTABLES, Backend.NFT));
      assertTrue(e.getMessage().contains("exited 3"), e.getMessage());
    }
  }

  @Test
  void anIncompatibleTableIsAnError() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      ns.sh("iptables-nft", "-A", "FORWARD", "-j", "ACCEPT");
      ns.sh("nft", "add", "rule", "ip", "filter", "FORWARD", "meta", "l4proto", "tcp", "ct", "state", "established",
          "accept");
      LiveDumpException e = assertThrows(LiveDumpException.class,
          () -> new LiveDumps(ns.runner(), ns.tools()).read(DumpKind.IPTABLES, Backend.NFT));
      assertTrue(e.getMessage().contains("line 1: the tool could not show this table"), e.getMessage());
    }
  }
}
