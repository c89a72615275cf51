package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void foreignRulesAreWellFormedCommandsForEachBackend() throws IOException {
    for (Backend backend : Backend.values()) {
      List<String> docker = show(ForeignRules.dockerLike(backend, tools()));
      String ip = backend == Backend.LEGACY ? "iptables-legacy" : "iptables-nft";
      assertTrue(docker.contains(ip + " -w -A FORWARD -j DOCKER-USER"), docker.toString());
      assertTrue(
          docker.contains(
              ip
                  + " -w -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j"
                  + " ACCEPT"));
      List<String> libvirt = show(ForeignRules.libvirtLike(backend, tools()));
      String ip6 = backend == Backend.LEGACY ? "ip6tables-legacy" : "ip6tables-nft";
      assertTrue(libvirt.contains(ip6 + " -w -A LIBVIRT_FWO -s fd00:122::/64 -i virbr0 -j ACCEPT"));
      assertTrue(
          libvirt.contains(
              ip6 + " -w -A LIBVIRT_FWI -o virbr0 -j REJECT --reject-with icmp6-port-unreachable"));
      assertTrue(
          libvirt.stream().noneMatch(c -> c.contains("SUBNET") || c.contains("with REJECT")));
    }
    for (Command command : ForeignRules.libvirtNwfilterEbtables(tools())) {
      assertTrue(command.argv().stream().noneMatch(String::isEmpty));
      assertEquals("ebtables-nft", command.program());
    }
  }

  private Tools tools() throws IOException {
    return FakeRunner.tools(dir);
  }

  private static List<String> show(List<Command> commands) {
    return commands.stream().map(FakeRunner::display).toList();
  }
}
