package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {

  @TempDir Path dir;

  private final FakeRunner runner = new FakeRunner();

  @Test
  void ipv4PinsBothEndsThenPingsFromTheSender() throws IOException {
    assertTrue(probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));
    assertEquals(
        List.of(
            "ip -n t-lan neigh replace 198.51.100.11 lladdr 02:00:00:00:00:0b dev eth0 nud"
                + " permanent",
            "ip -n t-domu1 neigh replace 198.51.100.10 lladdr 02:00:00:00:00:0a dev eth0 nud"
                + " permanent",
            "ip netns exec t-lan ping -n -q -c 1 -W 0.300 -I eth0 198.51.100.11"),
        runner.seen());
  }

  @Test
  void pingExitCodesMeanReachableUnreachableOrBroken() throws IOException {
    runner.answer(" ping ", 1, "");
    assertFalse(probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));
    runner.answer(" ping ", 2, "");
    assertThrows(IOException.class, () -> probes().ipv6Reachable(Endpoint.LAN, Endpoint.GUEST1));
  }

  @Test
  void arpFlushesBothEndsAndCutsArpingShort() throws IOException {
    runner.answer("arping", 124, "");
    assertFalse(probes().arpResolves(Endpoint.GUEST2, Endpoint.LAN));
    assertEquals(
        List.of(
            "ip -n t-domu2 -4 neigh flush dev eth0 nud all",
            "ip -n t-lan -4 neigh flush dev eth0 nud all",
            "ip netns exec t-domu2 timeout 0.300 arping -q -f -c 1 -I eth0 198.51.100.10"),
        runner.seen());
    runner.answer("arping", 0, "");
    assertTrue(probes().arpResolves(Endpoint.GUEST2, Endpoint.LAN));
    runner.answer("arping", 125, "");
    assertThrows(IOException.class, () -> probes().arpResolves(Endpoint.GUEST2, Endpoint.LAN));
  }

  @Test
  void aFlushThatLosesARaceWithTheKernelIsRetried() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    runner.answer(
        line ->
            line.contains("t-lan -4 neigh flush") && flushes.getAndIncrement() == 0
                ? new FakeRunner.CommandResultSpec(
                    1, "", "Failed to send flush request: No such file or directory")
                : null);
    assertTrue(probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1));
    assertEquals(2, flushes.get());

    runner.answer("t-lan -4 neigh flush", 1, "");
    assertThrows(IOException.class, () -> probes().arpResolves(Endpoint.LAN, Endpoint.GUEST1));
  }

  @Test
  void ipv6UsesTheLinkLocalAddressScopedToTheSendersDevice() throws IOException {
    assertTrue(probes().ipv6Reachable(Endpoint.DOM0, Endpoint.GUEST2));
    assertEquals(
        "ip netns exec t-dom0 ping -6 -n -q -c 1 -W 0.300 fe80::c%eth0",
        runner.seen().get(runner.seen().size() - 1));
  }

  @Test
  void vlanIsReachableWhenTheReceiversCounterForThatSenderGrows() throws IOException {
    AtomicInteger reads = new AtomicInteger();
    runner.answer(
        line ->
            line.contains("nft list counter netdev vifgate_lab_eth0 tagged_from_lan")
                ? new FakeRunner.CommandResultSpec(
                    0, "packets " + (reads.getAndIncrement() == 0 ? 4 : 7) + " bytes 9")
                : null);
    assertTrue(probes().vlanReachable(Endpoint.LAN, Endpoint.GUEST1));
    String send =
        runner.seen().stream().filter(c -> c.contains("python3")).findFirst().orElseThrow();
    assertTrue(send.startsWith("ip netns exec t-lan python3 -I -S -c "), send);
    assertTrue(
        send.endsWith(" eth0 02:00:00:00:00:0b 02:00:00:00:00:0a 10 203.0.113.10 203.0.113.11 3"),
        send);
  }

  @Test
  void vlanIsUnreachableWhenTheCounterStaysPut() throws IOException {
    runner.answer("nft list counter", 0, "packets 4 bytes 9");
    long started = System.nanoTime();
    assertFalse(probes().vlanReachable(Endpoint.LAN, Endpoint.GUEST1));
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(50).toNanos());
  }

  @Test
  void refusesProbesThatCannotMeanAnything() throws IOException {
    Probes probes = probes();
    assertThrows(
        IllegalArgumentException.class, () -> probes.vlanReachable(Endpoint.LAN, Endpoint.DOM0));
    assertThrows(
        IllegalArgumentException.class,
        () -> probes.ipv4Reachable(Endpoint.LAN_XENBR1, Endpoint.DOM0_XENBR1));
    assertThrows(
        IllegalArgumentException.class,
        () -> probes.ipv4Reachable(Endpoint.GUEST1, Endpoint.GUEST1));
    assertTrue(runner.seen().isEmpty());
  }

  @Test
  void surveyRunsArpAfterEverythingElseAndSkipsVlanToDom0() throws IOException {
    runner.answer("nft list counter", 0, "packets 0 bytes 0");
    var result = probes().survey(List.of(EndpointPair.of(Endpoint.LAN, Endpoint.DOM0)));
    assertEquals(new Reachability(true, true, true, false), result.values().iterator().next());
    List<String> seen = runner.seen();
    int firstArp = indexOf(seen, "arping");
    assertTrue(firstArp > indexOf(seen, " ping -n"));
    assertTrue(firstArp > indexOf(seen, " ping -6"));
    assertTrue(seen.stream().noneMatch(c -> c.contains("python3")));
  }

  private static int indexOf(List<String> seen, String fragment) {
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).contains(fragment)) {
        return i;
      }
    }
    throw new AssertionError(fragment + " not run: " + seen);
  }

  private Probes probes() throws IOException {
    return new Probes(
        new LabExec(runner, FakeRunner.tools(dir)),
        new LabNames("t"),
        EnumSet.of(Endpoint.DOM0, Endpoint.LAN, Endpoint.GUEST1, Endpoint.GUEST2),
        Duration.ofMillis(300));
  }
}
