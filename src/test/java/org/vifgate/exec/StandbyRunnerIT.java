package org.vifgate.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.live.TestNamespace;

/**
 * What the watcher's commands started ahead rely on, on the real tools in a throwaway namespace:
 * a waiting restore holds no xtables lock and has not looked at the kernel, so it edits the table
 * as it is when its input arrives; the same for ebtables-nft-restore; arptables-legacy through
 * xargs runs with exactly its arguments.
 */
class StandbyRunnerIT {

  private static StandbyRunner standby(TestNamespace ns) {
    return new StandbyRunner(ns.runner(), ns.tools().require("xargs"), Clock.systemUTC(), Duration.ofMinutes(1));
  }

  private static Command restore(TestNamespace ns, String tool, String script, String... options) {
    List<String> argv = new java.util.ArrayList<>(List.of(ns.tools().require(tool)));
    argv.addAll(List.of(options));
    argv.add("--noflush");
    return new Command(argv, script, Duration.ofSeconds(20));
  }

  @Test
  void aWaitingIptablesRestoreHoldsNoLockAndEditsTheTableAsItIsWhenFed() throws Exception {
    try (TestNamespace ns = new TestNamespace();
        StandbyRunner standby = standby(ns)) {
      standby.prepare(restore(ns, "iptables-legacy-restore", "", "-w", "5"));
      assertTrue(standby.isReady(restore(ns, "iptables-legacy-restore", "x", "-w", "5")));
      // Another tool gets the xtables lock at once (it would wait, then fail, if the standby held it).
      ns.sh("iptables-legacy", "-w", "1", "-A", "FORWARD", "-i", "vif1.0", "-j", "DROP");

      CommandResult result =
          standby.run(
              restore(ns, "iptables-legacy-restore",
                  "*filter\n-C FORWARD -i vif1.0 -j DROP\n-D FORWARD -i vif1.0 -j DROP\n-A FORWARD -j ACCEPT\nCOMMIT\n",
                  "-w", "5"));

      assertTrue(result.succeeded(), result.describeFailure());
      String forward = ns.sh("iptables-legacy-save", "-t", "filter").stdout();
      assertFalse(forward.contains("vif1.0"), "the rule added after the start was seen and deleted:\n" + forward);
      assertTrue(forward.contains("-A FORWARD -j ACCEPT"), forward);
    }
  }

  @Test
  void aWaitingEbtablesRestoreEditsTheTableAsItIsWhenFed() throws Exception {
    try (TestNamespace ns = new TestNamespace();
        StandbyRunner standby = standby(ns)) {
      standby.prepare(restore(ns, "ebtables-nft-restore", ""));
      ns.sh("ebtables-nft", "-A", "FORWARD", "-i", "vif1.0", "-j", "DROP");

      CommandResult result =
          standby.run(restore(ns, "ebtables-nft-restore", "*filter\n-D FORWARD -i vif1.0 -j DROP\n-A FORWARD -j ACCEPT\n"));

      assertTrue(result.succeeded(), result.describeFailure());
      String forward = ns.sh("ebtables-nft-save").stdout();
      assertFalse(forward.contains("vif1.0"), forward);
      assertTrue(forward.contains("-A FORWARD -j ACCEPT"), forward);
    }
  }

  @Test
  void arptablesThroughXargsRunsWithExactlyItsArguments() throws Exception {
    try (TestNamespace ns = new TestNamespace();
        StandbyRunner standby = standby(ns)) {
      Command append = Command.of(ns.tools().require("arptables-legacy"), "-A", "FORWARD", "-i", "vif0.0", "-j", "ACCEPT");
      standby.prepare(append);
      assertEquals("", ns.sh("cat", "/proc/net/arp_tables_names").stdout(), "nothing ran before it was fed");

      CommandResult result = standby.run(append);

      assertTrue(result.succeeded(), result.describeFailure());
      String listing = ns.sh("arptables-legacy", "-L", "FORWARD", "-n").stdout();
      assertTrue(listing.contains("-j ACCEPT -i vif0.0"), listing);
    }
  }
}
