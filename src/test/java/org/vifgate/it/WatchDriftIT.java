package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.exec.CommandResult;
import org.vifgate.lab.ForeignRules;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Recipe;
import org.vifgate.netfilter.model.Backend;

/**
 * Drift made by hand in the lab's dom0 (a managed rule deleted, the chain flushed, the jump
 * removed, FORWARD flushed) is repaired by the next resync, which logs the edits; rules of other
 * tools are left as they are.
 */
class WatchDriftIT {

  private static final Duration RESYNC = Duration.ofMillis(500);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everyKindOfDriftIsRepairedWithinAResync(Backend backend) throws Exception {
    try (LabFixture f =
        LabFixture.create("vgwdrift" + backend.id().charAt(0), LabOptions.defaults())) {
      Recipe.run(f.lab.dom0Runner(), ForeignRules.dockerLike(backend, f.tools));
      f.writeConfig(backend, "passive", WatchChecks.DOM0);
      String tool = backend == Backend.LEGACY ? "iptables-legacy" : "ebtables-nft";
      try (WatcherProcess watcher =
          WatcherProcess.start(f, Map.of(), "--resync", RESYNC.toMillis() + "ms")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        String converged = WatchChecks.rules(f, backend.id());
        List<List<String>> drifts =
            List.of(
                List.of("-D", "VIFGATE", "1"), // a managed rule deleted
                List.of("-F", "VIFGATE"), // the chain flushed
                List.of("-D", "FORWARD", "1"), // the jump removed
                List.of("-F", "FORWARD")); // FORWARD flushed (the foreign rules there too)
        for (List<String> drift : drifts) {
          int mark = watcher.mark();
          long made = System.nanoTime();
          String[] args =
              backend == Backend.LEGACY ? withWait(drift) : drift.toArray(String[]::new);
          CommandResult done = f.inDom0(tool, args);
          assertTrue(done.succeeded(), done.describeFailure());
          WatcherProcess.Line repaired =
              watcher.awaitEvent(mark, "drift-repaired", RESYNC.multipliedBy(2).plusSeconds(3));
          long took = Duration.ofNanos(repaired.nanos() - made).toMillis();
          assertTrue(took < RESYNC.toMillis() + 3000, drift + " repaired after " + took + " ms");
          assertTrue(repaired.message().startsWith("drift repaired: "), repaired.raw());
          WatchChecks.assertConverged(f);
          if (!drift.equals(List.of("-F", "FORWARD"))) {
            assertEquals(
                converged,
                WatchChecks.rules(f, backend.id()),
                "after " + drift + ": rules exactly as before, foreign ones included");
          }
        }
        assertEquals(drifts.size(), watcher.events("drift-repaired").size(), watcher.log());
      }
      WatchChecks.assertGuests(f, "passive");
    }
  }

  private static String[] withWait(List<String> args) {
    String[] withWait = new String[args.size() + 1];
    withWait[0] = "-w";
    for (int i = 0; i < args.size(); i++) {
      withWait[i + 1] = args.get(i);
    }
    return withWait;
  }
}
