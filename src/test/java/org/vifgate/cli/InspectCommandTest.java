package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.live.FakeTools;
import org.vifgate.netfilter.parse.SaveParser;
import picocli.CommandLine;

class InspectCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(FakeTools.Runner runner, Tools tools, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new InspectCommand(runner, tools));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Run run(String... args) {
    return run(new FakeTools.Runner(), FakeTools.installed(dir), args);
  }

  private static String fixture(String name) {
    try {
      return Path.of(InspectCommandTest.class.getResource("/fixtures/" + name + ".out").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void printsASavedDumpAsJsonLines() {
    Run r = run("--from", fixture("xen-unblocked-nft"), "--kind", "iptables", "--output", "json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("{\"kind\":\"iptables\",\"backend\":\"nft\",\"tables\":[{\"name\":\"filter\",\"chains\":["
        + "{\"name\":\"INPUT\",\"policy\":\"ACCEPT\",\"rules\":[]},"
        + "{\"name\":\"FORWARD\",\"policy\":\"ACCEPT\",\"rules\":["
        + "{\"index\":1,\"target\":\"ACCEPT\",\"comment\":null,\"text\":\"-A FORWARD -m physdev --physdev-in vif0.0 -j ACCEPT\"},"
        + "{\"index\":2,\"target\":\"ACCEPT\",\"comment\":null,\"text\":\"-A FORWARD -m physdev --physdev-out vif0.0 -j ACCEPT\"},"
        + "{\"index\":3,\"target\":\"ACCEPT\",\"comment\":null,\"text\":\"-A FORWARD -m physdev --physdev-in vif0.1 -j ACCEPT\"},"
        + "{\"index\":4,\"target\":\"ACCEPT\",\"comment\":null,\"text\":\"-A FORWARD -m physdev --physdev-out vif0.1 -j ACCEPT\"},"
        + "{\"index\":5,\"target\":null,\"comment\":null,\"text\":\"-A FORWARD\"}]},"
        + "{\"name\":\"OUTPUT\",\"policy\":\"ACCEPT\",\"rules\":[]}]}]}\n", r.out());
  }

  @Test
  void userChainsHaveANullPolicyAndCommentsComeUnquoted() {
    Run r = run("--from", fixture("quoting-legacy"), "--kind", "iptables", "--output", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("{\"name\":\"VIFGATE\",\"policy\":null,"), r.out());
    assertTrue(r.out().contains("\"comment\":\"a \\\"b\\\" c\""), r.out());
    assertTrue(r.out().contains("\"comment\":\"x\\n-A INPUT -j ACCEPT\""), r.out());
    assertEquals(1, r.out().lines().count());
  }

  @Test
  void printsTextForAPerson() {
    Run r = run("--from", fixture("quoting-nft"), "--kind", "iptables");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("iptables (nft): 1 table, 15 rules\n  table filter\n"), r.out());
    assertTrue(r.out().contains("    chain VIFGATE (user chain, 2 rules)\n"), r.out());
    assertTrue(r.out().contains("      8  DROP         -A FORWARD -m comment --comment \"x\\n-A INPUT -j ACCEPT\" -j DROP\n"), r.out());
    assertTrue(r.out().contains("      2  (no target)  -A FORWARD -m comment --comment --dport\n"), r.out());
  }

  @Test
  void readsTheLegacyArpListing() {
    Run r = run("--from", fixture("arptables-legacy-xen-unblocked"), "--kind", "arptables", "--output", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("{\"kind\":\"arptables\",\"backend\":\"legacy\""), r.out());
    assertTrue(r.out().contains("{\"index\":5,\"target\":null,\"comment\":null,\"text\":\"-A FORWARD\"}"), r.out());
  }

  @Test
  void warnsAboutDebiansArptablesLegacySaveWrapper() {
    Run text = run("--from", fixture("arptables-legacy-save-wrapper"), "--kind", "arptables");
    assertEquals(0, text.exit());
    assertTrue(text.out().contains("notice: " + SaveParser.ARPTABLES_WRAPPER_NOTICE), text.out());
    Run json = run("--from", fixture("arptables-legacy-save-wrapper"), "--kind", "arptables", "--output", "json");
    assertTrue(json.err().contains("it may show the wrong backend"), json.err());
  }

  @Test
  void aTruncatedDumpFailsNamingTheLine() {
    Run r = run("--from", fixture("truncated-nft"), "--kind", "iptables");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains(": line 7: the dump ends inside table filter without COMMIT"), r.err());
    assertTrue(r.err().contains("-A FORWARD -j ACCEPT"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aHeaderlessFileNeedsTheBackend() {
    Run r = run("--from", fixture("empty-iptables-nft"), "--kind", "iptables");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("(pass --backend)"), r.err());
    Run ok = run("--from", fixture("empty-iptables-nft"), "--kind", "iptables", "--backend", "nft");
    assertEquals("iptables (nft): no tables\n", ok.out());
  }

  @Test
  void wrongCommandLinesAreUsageErrors() {
    assertTrue(run("--from", fixture("empty-iptables-nft")).err().contains("--from needs --kind"));
    assertTrue(run("--kind", "xtables").err().contains("unknown kind"));
    assertTrue(run("--backend", "bpf").err().contains("unknown backend"));
    assertTrue(run("--output", "yaml").err().contains("unknown format"));
    assertTrue(run("--kind", "ebtables", "--backend", "legacy").err().contains("nft backend only"));
    assertTrue(run("--netns", "../etc").err().contains("invalid network namespace name"));
    assertTrue(run("--from", "/nonexistent", "--kind", "iptables").err().contains("no such file"));
    assertTrue(run("--from", fixture("empty-iptables-nft"), "--kind", "iptables", "--netns", "x").err()
        .contains("cannot be combined"));
  }

  @Test
  void readsEveryKindAndBackendLive() {
    FakeTools.Runner runner = new FakeTools.Runner()
        .answer("iptables-nft-save", 0, "", "")
        .answer("iptables-legacy-save", 0, "", "")
        .answer("ip6tables-nft-save", 0, "", "")
        .answer("ip6tables-legacy-save", 0, "", "")
        .answer("arptables-nft-save", 0, "", "")
        .answer("grep", 1, "", "")
        .answer("ebtables-nft-save", 0, "", "");
    Tools tools = FakeTools.installed(dir, "iptables-nft-save", "iptables-legacy-save", "ip6tables-nft-save",
        "ip6tables-legacy-save", "arptables-nft-save", "arptables-legacy", "ebtables-nft-save", "grep", "ip");
    Run r = run(runner, tools, "--netns", "vgfx-unit", "--output", "json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of(
        "{\"kind\":\"iptables\",\"backend\":\"nft\",\"tables\":[]}",
        "{\"kind\":\"iptables\",\"backend\":\"legacy\",\"tables\":[]}",
        "{\"kind\":\"ip6tables\",\"backend\":\"nft\",\"tables\":[]}",
        "{\"kind\":\"ip6tables\",\"backend\":\"legacy\",\"tables\":[]}",
        "{\"kind\":\"arptables\",\"backend\":\"nft\",\"tables\":[]}",
        "{\"kind\":\"arptables\",\"backend\":\"legacy\",\"tables\":[]}",
        "{\"kind\":\"ebtables\",\"backend\":\"nft\",\"tables\":[]}"), r.out().lines().toList());
    assertEquals(List.of("ip", "netns", "exec", "vgfx-unit"), runner.calls().get(0).subList(0, 4).stream()
        .map(s -> s.substring(s.lastIndexOf('/') + 1)).toList());
    assertTrue(!runner.programs().contains("arptables-legacy"), "no legacy ARP table, so it is not listed");
  }

  @Test
  void aMissingOrFailingToolExitsOneAfterPrintingTheRest(@TempDir Path empty) {
    FakeTools.Runner runner = new FakeTools.Runner()
        .answer("iptables-nft-save", 3, "", "Error: unknown payload offset\n")
        .answer("iptables-legacy-save", 0, "", "");
    Tools tools = FakeTools.installed(dir, "iptables-nft-save", "iptables-legacy-save");
    Run r = run(runner, tools, "--kind", "iptables");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertEquals("iptables (legacy): no tables\n", r.out());
    assertTrue(r.err().contains("iptables (nft): "), r.err());
    assertTrue(r.err().contains("exited 3: Error: unknown payload offset"), r.err());

    Run missing = run(new FakeTools.Runner(), FakeTools.installed(empty), "--kind", "ebtables");
    assertEquals(ExitCodes.ERROR, missing.exit());
    assertTrue(missing.err().contains("ebtables-nft-save is not installed"), missing.err());
  }

  @Test
  void helpHasExamples() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Examples:"), r.out());
    assertTrue(r.out().contains("vifgate inspect --netns dom0"), r.out());
  }
}
