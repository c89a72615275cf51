package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.EndpointPair;
import org.vifgate.lab.Reachability;

/** Assertions the watcher ITs share: converged rules and what really passes. */
final class WatchChecks {

  static final List<EndpointPair> GUESTS =
      List.of(
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
          EndpointPair.of(Endpoint.GUEST2, Endpoint.LAN));
  static final List<String> DOM0 = List.of("vif0.0");

  private WatchChecks() {}

  /** The text LabFixture.writeConfig writes (no heartbeat section, one bridge). */
  static String configText(String backend, String role, List<String> dom0Vifs) {
    return "version: 1\n"
        + "node: XEN-A\n"
        + "role: "
        + role
        + "\n"
        + "backend: "
        + backend
        + "\n"
        + "manageSysctls: true\n"
        + "dom0:\n  vifs: ["
        + String.join(", ", dom0Vifs)
        + "]\n"
        + "bridges:\n  - {name: xenbr0, uplink: peth0}\n";
  }

  /** A dry-run reconcile (the file, the runtime role, the kernel) finds nothing to do. */
  static void assertConverged(LabFixture f) {
    CliRun dry = f.vifgate("reconcile", "--dry-run");
    assertEquals(0, dry.code(), "the live rules must match: " + dry);
    assertTrue(dry.out().contains("No changes"), dry.toString());
  }

  /** Polls {@link #assertConverged} until it holds or the time is up. */
  static void awaitConverged(LabFixture f, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CliRun dry = f.vifgate("reconcile", "--dry-run");
      if (dry.code() == 0 && dry.out().contains("No changes")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not converged within " + timeout + ": " + dry);
      }
      Thread.sleep(100);
    }
  }

  /** Every probe kind between the guests and the lan passes (active) or none does (passive). */
  static void assertGuests(LabFixture f, String role) throws IOException {
    Map<EndpointPair, Reachability> seen = f.lab.probes().survey(GUESTS);
    seen.forEach(
        (pair, reach) ->
            assertTrue(
                role.equals("active") ? reach.every() : reach.none(),
                role + ": " + pair + " saw " + reach));
  }

  /** The filter table(s) vifgate manages, as the save tools print them (counters and dates cut). */
  static String rules(LabFixture f, String backend) throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> tools =
        backend.equals("legacy")
            ? List.of("iptables-legacy-save", "ip6tables-legacy-save")
            : List.of("ebtables-nft-save", "iptables-nft-save");
    for (String tool : tools) {
      for (String line : f.save(tool).split("\n")) {
        if (!line.startsWith("#")) {
          text.append(line.replaceAll("\\[\\d+:\\d+\\]", "")).append('\n');
        }
      }
    }
    if (backend.equals("legacy")) {
      text.append(f.inDom0("arptables-legacy", "-L", "-n").stdout());
    }
    return text.toString();
  }
}
