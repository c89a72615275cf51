package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Respawn;

/**
 * Real Heartbeat accepts every directive vifgate renders: both nodes start on ha.cf files with
 * logging, millisecond timings, udpport and baud, all three media (ucast, bcast and mcast, each on
 * its own link), auto_failback, ping, ping groups and a respawned ipfail, and hear each other on
 * every medium. (Heartbeat stops at startup on a directive it does not know or accept.)
 */
class HeartbeatConfigAcceptanceIT {

  @Test
  void heartbeatStartsOnEveryDirectiveWeRenderAndUsesEveryMedium() throws Exception {
    try (HeartbeatPair pair =
        HeartbeatPair.builder()
            .settings(
                s -> {
                  s.baud = 19200;
                  s.bcast = List.of("hb1");
                  s.mcast = List.of(new Mcast("hb2", "239.1.2.3", 694, 1, false));
                  s.ping = List.of("203.0.113.254");
                  s.pingGroups.put("uplinks", List.of("203.0.113.253", "203.0.113.254"));
                  s.pingGroups.put("gateways", List.of("198.51.100.254"));
                  s.respawn = List.of(new Respawn("hacluster", "/usr/libexec/heartbeat/ipfail"));
                })
            .create()) {
      try {
        List<String> netns = pair.netnsNames();
        // Two more links between the nodes, for bcast (hb1) and mcast (hb2).
        String[][] links = {{"hb1", "198.51.100.", "1"}, {"hb2", "198.51.100.", "129"}};
        for (String[] link : links) {
          check(
              pair.ip(
                  "-n",
                  netns.get(0),
                  "link",
                  "add",
                  link[0],
                  "type",
                  "veth",
                  "peer",
                  "name",
                  link[0],
                  "netns",
                  netns.get(1)));
          for (int i = 0; i < 2; i++) {
            int host = Integer.parseInt(link[2]) + i;
            // bcast sends to the interface's broadcast address: without "brd +" there is none.
            check(
                pair.ip(
                    "-n",
                    netns.get(i),
                    "addr",
                    "add",
                    link[1] + host + "/25",
                    "brd",
                    "+",
                    "dev",
                    link[0]));
            check(pair.ip("-n", netns.get(i), "link", "set", link[0], "up"));
          }
        }
        String haCf = Files.readString(pair.preferred().haDir().resolve("ha.cf"));
        for (String directive :
            List.of(
                "\nbaud 19200\n",
                "\nbcast hb1\n",
                "\nmcast hb2 239.1.2.3 694 1 0\n",
                "\nping 203.0.113.254\n",
                "\nping_group gateways 198.51.100.254\n",
                "\nrespawn hacluster /usr/libexec/heartbeat/ipfail\n")) {
          assertTrue(haCf.contains(directive), directive + " missing in\n" + haCf);
        }

        pair.start();
        for (HeartbeatNode node : pair.nodes()) {
          String peer = node == pair.preferred() ? pair.other().name() : pair.preferred().name();
          awaitLog(node, "Configuration validated. Starting heartbeat 3.0.6");
          for (String medium : List.of("hb0", "hb1", "hb2")) {
            awaitLog(node, "Link " + peer + ":" + medium + " up.");
          }
          awaitLog(node, "Starting \"/usr/libexec/heartbeat/ipfail\" as uid");
          assertTrue(node.heartbeatRunning(), "heartbeat stopped on " + node.name());
          assertEquals(List.of(), unexpectedErrors(node), "errors in " + node.name() + "'s log");
        }
      } catch (Throwable e) {
        pair.printDiagnostics(System.out);
        throw e;
      }
    }
  }

  private static void awaitLog(HeartbeatNode node, String text) throws IOException {
    Path log = node.hostPath("/var/log/ha-log");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node.name() + "'s ha-log never said: " + text);
      }
      HeartbeatNode.sleep(Duration.ofMillis(50));
    }
  }

  /** ERROR lines, minus the one every namespaced node logs (no memlock limit here). */
  private static List<String> unexpectedErrors(HeartbeatNode node) throws IOException {
    List<String> errors = new ArrayList<>();
    for (String line : Files.readAllLines(node.hostPath("/var/log/ha-log"))) {
      if ((line.contains("ERROR") || line.contains("CRIT"))
          && !line.contains("Cannot lock ourselves into memory")) {
        errors.add(line);
      }
    }
    return errors;
  }

  private static void check(org.vifgate.exec.CommandResult result) throws IOException {
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
  }
}
