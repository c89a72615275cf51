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

class Dom0LabTest {

  @TempDir Path dir;

  @Test
  void buildsTheXenTopology() throws IOException {
    FakeRunner runner = new FakeRunner();
    try (Dom0Lab lab = Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults())) {
      List<String> seen = runner.seen();
      assertEquals(
          List.of(
              "ip netns add t-dom0",
              "ip netns add t-lan",
              "ip netns add t-domu1",
              "ip netns add t-domu2"),
          seen.subList(0, 4));
      assertTrue(
          seen.contains("ip -n t-dom0 link add xenbr0 type bridge stp_state 0 forward_delay 0"));
      assertTrue(
          seen.contains(
              "ip -n t-dom0 link add vif0.0 type veth peer name eth0 address 02:00:00:00:00:01"));
      assertTrue(
          seen.contains(
              "ip -n t-dom0 link add peth0 type veth peer name eth0 address 02:00:00:00:00:0a netns"
                  + " t-lan"));
      assertTrue(
          seen.contains(
              "ip -n t-dom0 link add vif2.0 type veth peer name eth0 address 02:00:00:00:00:0c"
                  + " netns t-domu2"));
      assertTrue(seen.contains("ip -n t-dom0 link set vif1.0 master xenbr0 up"));
      assertTrue(seen.contains("ip -n t-domu1 addr add 198.51.100.11/25 dev eth0"));
      assertTrue(seen.contains("ip -n t-domu1 -6 addr add fe80::b/64 dev eth0 nodad"));
      assertTrue(
          seen.contains(
              "ip netns exec t-dom0 sysctl -q -w net.ipv6.conf.all.accept_dad=0"
                  + " net.ipv6.conf.default.accept_dad=0"));
      assertFalse(seen.stream().anyMatch(c -> c.contains("xenbr1")));
      // dom0's netfilter state belongs to the code under test: the lab puts nothing there.
      assertFalse(seen.stream().anyMatch(c -> c.startsWith("ip netns exec t-dom0 nft")));
      assertTrue(seen.stream().anyMatch(c -> c.startsWith("ip netns exec t-domu1 nft -f -")));
      assertEquals("vif1.0", lab.portOf(Endpoint.GUEST1));
      assertEquals("peth0", lab.portOf(Endpoint.LAN));
      assertEquals("vif0.0", lab.portOf(Endpoint.DOM0));
    }
    assertEquals(
        List.of(
            "ip netns del t-domu2",
            "ip netns del t-domu1",
            "ip netns del t-lan",
            "ip netns del t-dom0"),
        tail(runner.seen(), 4));
  }

  @Test
  void secondBridgeAddsXenbr1WithPeth1AndVif01() throws IOException {
    FakeRunner runner = new FakeRunner();
    try (Dom0Lab lab =
        Dom0Lab.create(
            runner, FakeRunner.tools(dir), "t", LabOptions.defaults().withSecondBridge())) {
      assertTrue(runner.seen().contains("ip -n t-dom0 link set vif0.1 master xenbr1 up"));
      assertTrue(runner.seen().contains("ip -n t-dom0 link set peth1 master xenbr1 up"));
      assertTrue(runner.seen().contains("ip -n t-lan addr add 198.51.100.138/25 dev eth1"));
      assertTrue(lab.endpoints().contains(Endpoint.LAN_XENBR1));
    }
  }

  @Test
  void aFailedCreateRemovesExactlyWhatItCreated() throws IOException {
    FakeRunner runner = new FakeRunner().answer("link add vif2.0", 2, "");
    IOException e =
        assertThrows(
            IOException.class,
            () -> Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults()));
    assertTrue(e.getMessage().contains("vif2.0"), e.getMessage());
    assertEquals(
        List.of(
            "ip netns del t-domu2",
            "ip netns del t-domu1",
            "ip netns del t-lan",
            "ip netns del t-dom0"),
        tail(runner.seen(), 4));
  }

  @Test
  void aNamespaceInTheWayIsNotDeletedButTheOnesBeforeItAre() throws IOException {
    FakeRunner runner = new FakeRunner().answer("ip netns add t-domu1", 1, "");
    IOException e =
        assertThrows(
            IOException.class,
            () -> Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults()));
    assertTrue(e.getMessage().contains("cleanupStale"), e.getMessage());
    assertEquals(List.of("ip netns del t-lan", "ip netns del t-dom0"), tail(runner.seen(), 2));
    assertFalse(runner.seen().contains("ip netns del t-domu1"));
  }

  @Test
  void closeTwiceDeletesOnce() throws IOException {
    FakeRunner runner = new FakeRunner();
    Dom0Lab lab = Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults());
    lab.close();
    int after = runner.seen().size();
    lab.close();
    assertEquals(after, runner.seen().size());
  }

  @Test
  void closeKeepsDeletingAfterOneFailure() throws IOException {
    FakeRunner runner = new FakeRunner();
    Dom0Lab lab = Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults());
    runner.answer("ip netns del t-domu1", 1, "");
    IOException e = assertThrows(IOException.class, lab::close);
    assertTrue(e.getMessage().contains("t-domu1"), e.getMessage());
    assertTrue(runner.seen().contains("ip netns del t-dom0"));
  }

  @Test
  void rebootMovesTheGuestToANewVif() throws IOException {
    FakeRunner runner = new FakeRunner();
    try (Dom0Lab lab = Dom0Lab.create(runner, FakeRunner.tools(dir), "t", LabOptions.defaults())) {
      int before = runner.seen().size();
      lab.rebootGuest(Endpoint.GUEST1, 7);
      List<String> reboot = runner.seen().subList(before, runner.seen().size());
      assertEquals("ip -n t-dom0 link del vif1.0", reboot.get(0));
      assertEquals(
          "ip -n t-dom0 link add vif7.0 type veth peer name eth0 address 02:00:00:00:00:0b"
              + " netns t-domu1",
          reboot.get(1));
      assertTrue(reboot.contains("ip -n t-dom0 link set vif7.0 master xenbr0 up"));
      assertTrue(reboot.contains("ip -n t-domu1 addr add 198.51.100.11/25 dev eth0"));
      assertTrue(reboot.get(reboot.size() - 1).startsWith("ip netns exec t-domu1 nft -f -"));
      assertEquals("vif7.0", lab.portOf(Endpoint.GUEST1));
      assertEquals(7, lab.domidOf(Endpoint.GUEST1));

      assertThrows(IllegalArgumentException.class, () -> lab.rebootGuest(Endpoint.GUEST2, 7));
      assertThrows(IllegalArgumentException.class, () -> lab.rebootGuest(Endpoint.GUEST2, 0));
      assertThrows(IllegalArgumentException.class, () -> lab.rebootGuest(Endpoint.GUEST2, 99999));
      assertThrows(IllegalArgumentException.class, () -> lab.rebootGuest(Endpoint.LAN, 9));
    }
  }

  @Test
  void cleanupStaleDeletesOnlyThisPrefixsExactNames() throws IOException {
    FakeRunner runner =
        new FakeRunner()
            .answer(
                "ip netns list", 0, "t-dom0 (id: 3)\nt-domu1x\nother\nt-lan\nt-dom0x (id: 1)\n");
    List<String> deleted = Dom0Lab.cleanupStale(runner, FakeRunner.tools(dir), "t");
    assertEquals(List.of("t-dom0", "t-lan"), deleted);
    assertEquals(
        List.of("ip netns list", "ip netns del t-dom0", "ip netns del t-lan"), runner.seen());
  }

  private static List<String> tail(List<String> list, int n) {
    return list.subList(list.size() - n, list.size());
  }
}
