package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.live.TestNamespace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code vifgate inspect --netns} against real rules in a throwaway namespace (run as root). */
class InspectCommandIT {

  @Test
  void printsEveryDumpOfANamespaceAsJsonLines() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      ns.sh("iptables-nft", "-N", "VIFGATE");
      ns.sh("iptables-nft", "-A", "FORWARD", "-m", "physdev", "--physdev-in", "vif0.0", "-j", "ACCEPT");
      ns.sh("iptables-nft", "-A", "FORWARD", "-m", "comment", "--comment", "vifgate \"owned\"", "-j", "VIFGATE");
      ns.sh("iptables-nft", "-A", "FORWARD");
      ns.sh("ebtables-nft", "-A", "FORWARD", "-p", "ARP", "-j", "DROP");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "inspect", "--netns", ns.name(), "--output", "json");
      assertEquals(0, exit, err.toString());

      List<String> lines = out.toString().lines().toList();
      assertEquals(7, lines.size(), out.toString());
      JsonMapper json = JsonMapper.builder().build();
      JsonNode ipt = json.readTree(lines.get(0));
      assertEquals("iptables", ipt.get("kind").asString());
      assertEquals("nft", ipt.get("backend").asString());
      JsonNode filter = ipt.get("tables").get(0);
      assertEquals("filter", filter.get("name").asString());
      JsonNode forward = filter.get("chains").get(1);
      assertEquals("FORWARD", forward.get("name").asString());
      assertEquals("ACCEPT", forward.get("policy").asString());
      JsonNode rules = forward.get("rules");
      assertEquals(3, rules.size());
      assertEquals(1, rules.get(0).get("index").asInt());
      assertEquals("-A FORWARD -m physdev --physdev-in vif0.0 -j ACCEPT", rules.get(0).get("text").asString());
      assertEquals("vifgate \"owned\"", rules.get(1).get("comment").asString());
      assertEquals("VIFGATE", rules.get(1).get("target").asString());
      assertTrue(rules.get(2).get("target").isNull());
      assertTrue(filter.get("chains").get(3).get("policy").isNull(), "user chain VIFGATE has no policy");
      assertEquals("{\"kind\":\"iptables\",\"backend\":\"legacy\",\"tables\":[]}", lines.get(1));
      JsonNode eb = json.readTree(lines.get(6));
      assertEquals("ebtables", eb.get("kind").asString());
      assertEquals("DROP", eb.get("tables").get(0).get("chains").get(1).get("rules").get(0).get("target").asString());
    }
  }

  @Test
  void exitsOneWhenTheToolCutsItsOutputOff() throws Exception {
    try (TestNamespace ns = new TestNamespace()) {
      ns.sh("iptables-nft", "-A", "FORWARD", "-j", "ACCEPT");
      ns.sh("nft", "add", "rule", "ip", "filter", "FORWARD", "ip", "dscp", "5", "drop");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Main.run(new PrintWriter(out), new PrintWriter(err),
          "inspect", "--netns", ns.name(), "--kind", "iptables");
      assertEquals(ExitCodes.ERROR, exit);
      assertTrue(err.toString().contains("iptables (nft): "), err.toString());
      assertTrue(err.toString().contains("exited 3"), err.toString());
      assertEquals("iptables (legacy): no tables\n", out.toString());
    }
  }

  @Test
  void aNamespaceThatDoesNotExistIsAClearError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(err),
        "inspect", "--netns", "vgfx-it-absent-" + ProcessHandle.current().pid(), "--kind", "ebtables");
    assertEquals(ExitCodes.ERROR, exit);
    assertTrue(err.toString().contains("Cannot open network namespace"), err.toString());
  }
}
