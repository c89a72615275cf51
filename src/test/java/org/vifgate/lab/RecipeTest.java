package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.exec.Command;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;

class RecipeTest {

  @TempDir Path dir;

  @Test
  void legacyInstallIsTheOriginalTenCommands() throws IOException {
    assertEquals(
        List.of(
            "iptables-legacy -I FORWARD 1 -m physdev --physdev-in vif0.0 -j ACCEPT",
            "iptables-legacy -I FORWARD 2 -m physdev --physdev-out vif0.0 -j ACCEPT",
            "iptables-legacy -I FORWARD 3 -m physdev --physdev-in vif0.1 -j ACCEPT",
            "iptables-legacy -I FORWARD 4 -m physdev --physdev-out vif0.1 -j ACCEPT",
            "iptables-legacy -I FORWARD 5 -j DROP",
            "arptables-legacy -I FORWARD 1 -i vif0.0 -j ACCEPT",
            "arptables-legacy -I FORWARD 2 -o vif0.0 -j ACCEPT",
            "arptables-legacy -I FORWARD 3 -i vif0.1 -j ACCEPT",
            "arptables-legacy -I FORWARD 4 -o vif0.1 -j ACCEPT",
            "arptables-legacy -I FORWARD 5 -j DROP"),
        show(Recipe.install(Backend.LEGACY, Recipe.State.BLOCKED, tools())));
  }

  @Test
  void nftInstallCreatesTheMissingArpChainFirst() throws IOException {
    List<String> commands = show(Recipe.install(Backend.NFT, Recipe.State.BLOCKED, tools()));
    assertEquals(11, commands.size());
    assertEquals("iptables-nft -I FORWARD 5 -j DROP", commands.get(4));
    assertEquals("arptables-nft -N FORWARD", commands.get(5));
    assertEquals("arptables-nft -I FORWARD 5 -j DROP", commands.get(10));
  }

  @Test
  void unblockedInstallEndsWithTheHeartbeatPair() throws IOException {
    List<String> commands = show(Recipe.install(Backend.LEGACY, Recipe.State.UNBLOCKED, tools()));
    assertEquals(
        List.of("iptables-legacy -R FORWARD 5", "arptables-legacy -R FORWARD 5"),
        commands.subList(10, 12));
  }

  @Test
  void blockAndUnblockAreThePairABenchmarkTimes() throws IOException {
    assertEquals(
        List.of("iptables-nft -R FORWARD 5", "arptables-nft -R FORWARD 5"),
        show(Recipe.unblock(Backend.NFT, tools())));
    assertEquals(
        List.of("iptables-nft -R FORWARD 5 -j DROP", "arptables-nft -R FORWARD 5 -j DROP"),
        show(Recipe.block(Backend.NFT, tools())));
  }

  @Test
  void runStopsAtTheFirstFailureAndNamesIt() throws IOException {
    FakeRunner runner = new FakeRunner().answer("-I FORWARD 3", 1, "");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Recipe.run(runner, Recipe.install(Backend.LEGACY, Recipe.State.BLOCKED, tools())));
    assertTrue(e.getMessage().contains("-I FORWARD 3"), e.getMessage());
    assertEquals(3, runner.seen().size());
  }

  @Test
  void foreignRulesAreOneNoflushRestorePerTool() throws IOException {
    for (Backend backend : Backend.values()) {
      List<Command> docker = ForeignRules.dockerLike(backend, tools());
      assertEquals(
          List.of(
              "iptables-" + backend.id() + "-restore -w --noflush",
              "ip6tables-" + backend.id() + "-restore -w --noflush"),
          show(docker));
      String v4 = docker.get(0).stdin();
      assertTrue(v4.startsWith("*filter\n:DOCKER - [0:0]\n"), v4);
      assertTrue(v4.contains("\n-A FORWARD -j DOCKER-USER\n"), v4);
      assertTrue(v4.contains("COMMIT\n*nat\n:DOCKER - [0:0]\n"), v4);
      assertTrue(v4.endsWith("-A DOCKER -i docker0 -j RETURN\nCOMMIT\n"), v4);
      assertFalse(docker.get(1).stdin().contains("*nat"));

      List<Command> libvirt = ForeignRules.libvirtLike(backend, tools());
      String v6 = libvirt.get(1).stdin();
      assertTrue(v6.contains("-A LIBVIRT_FWO -s fd00:122::/64 -i virbr0 -j ACCEPT\n"), v6);
      assertTrue(v6.contains("-j REJECT --reject-with icmp6-port-unreachable\n"), v6);
      assertTrue(libvirt.get(0).stdin().contains("*mangle\n:LIBVIRT_PRT - [0:0]\n"));
      assertTrue(
          libvirt.stream()
              .noneMatch(c -> c.stdin().contains("SUBNET") || c.stdin().contains("REJECTION")));
    }
    Command nwfilter = ForeignRules.libvirtNwfilterEbtables(tools()).get(0);
    assertEquals("ebtables-nft-restore --noflush", FakeRunner.display(nwfilter));
    assertTrue(nwfilter.stdin().startsWith("*nat\n:libvirt-I-vnet0 ACCEPT\n"), nwfilter.stdin());
  }

  private Tools tools() throws IOException {
    return FakeRunner.tools(dir);
  }

  private static List<String> show(List<Command> commands) {
    return commands.stream().map(FakeRunner::display).toList();
  }
}
