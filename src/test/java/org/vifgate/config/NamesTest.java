package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vif0.0",
        "vif12.3",
        "peth0",
        "xenbr0",
        "eth0",
        "bond0.100",
        "a",
        "abcdefghijklmno",
        "br_guests",
        "veth-1@x"
      })
  void acceptsLinuxInterfaceNames(String name) {
    assertEquals(Optional.empty(), Names.interfaceProblem(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "abcdefghijklmnop",
        "eth/0",
        "eth0:1",
        "eth 0",
        "eth\t0",
        "vif+",
        "vif*",
        "-i",
        "!eth0",
        "éth0",
        "eth\u007f"
      })
  void refusesWhatLinuxOrTheFirewallToolsWouldMisread(String name) {
    assertTrue(Names.interfaceProblem(name).isPresent(), name);
  }

  @Test
  void interfaceLimitIsFifteenBytesNotCharacters() {
    assertTrue(Names.interfaceProblem("é".repeat(8)).orElseThrow().contains("longer than 15"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"XEN-A", "xen-b", "node1.example.org", "a", "N_1"})
  void acceptsNodeNames(String name) {
    assertEquals(Optional.empty(), Names.nodeProblem(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-a",
        ".a",
        "a b",
        "a/b",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void refusesOtherNodeNames(String name) {
    assertTrue(Names.nodeProblem(name).isPresent(), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/vifgate/authkey", "/", "/var/log/ha-log"})
  void acceptsAbsolutePaths(String path) {
    assertEquals(Optional.empty(), Names.absolutePathProblem(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "authkey", "./authkey", "/etc/vif gate/authkey", "/etc/a\u0085b", "/x\u00a0y"})
  void refusesOtherPaths(String path) {
    assertTrue(Names.absolutePathProblem(path).isPresent(), path);
  }

  @Test
  void suggestsTheClosestKnownWord() {
    java.util.List<String> keys =
        java.util.List.of("keepalive", "deadtime", "warntime", "initdead");
    assertEquals(Optional.of("keepalive"), Suggestions.closest("keepalve", keys));
    assertEquals(Optional.of("keepalive"), Suggestions.closest("keepAlive", keys));
    assertEquals(Optional.of("deadtime"), Suggestions.closest("daedtime", keys));
    assertEquals(Optional.empty(), Suggestions.closest("mtu", keys));
  }
}
