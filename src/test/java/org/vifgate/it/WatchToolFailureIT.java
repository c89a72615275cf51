package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;

/**
 * The netfilter tool fails in the middle of a transaction (a wrapper on VIFGATE_TOOL_PATH feeds the
 * real restore tool the watcher's edits followed by a bad line): the table is left exactly as it
 * was, the error is logged, the watcher retries with growing delays, and it converges once the tool
 * works again.
 */
class WatchToolFailureIT {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailingToolIsRetriedWithBackoffAndConvergesOnceItWorks(Backend backend) throws Exception {
    // On legacy the second of three tables fails (so the first one has been applied); on nft the
    // only one does.
    String tool = backend == Backend.LEGACY ? "ip6tables-legacy-restore" : "ebtables-nft-restore";
    String save = backend == Backend.LEGACY ? "ip6tables-legacy-save" : "ebtables-nft-save";
    try (LabFixture f =
        LabFixture.create("vgwfail" + backend.id().charAt(0), LabOptions.defaults())) {
      FaultyTool faulty = FaultyTool.create(f.dir, tool, FaultyTool.Fault.FAIL_MID_TRANSACTION);
      f.writeConfig(backend, "passive", WatchChecks.DOM0);
      try (WatcherProcess watcher = WatcherProcess.start(f, faulty.env(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        String tableBefore = withoutComments(f.save(save));

        faulty.arm();
        int mark = watcher.mark();
        f.writeConfig(backend, "active", WatchChecks.DOM0);
        WatcherProcess.Line first = watcher.awaitEvent(mark, "error", Duration.ofSeconds(10));
        assertTrue(first.message().contains(tool), first.raw());
        assertTrue(
            first.message().matches(".* exited [1-9][0-9]*: .*"),
            "the exit code and the tool's complaint: " + first.raw());
        // Keep it failing for a while: the retries come at growing intervals.
        Thread.sleep(2500);
        List<WatcherProcess.Line> errors = watcher.events("error");
        assertTrue(errors.size() >= 3, watcher.log());
        List<Long> delays = errors.stream().map(e -> e.json().get("retryInMs").asLong()).toList();
        assertEquals(List.of(200L, 400L, 800L), delays.subList(0, 3), watcher.log());
        assertTrue(watcher.events("retry").size() >= 2, watcher.log());
        assertEquals(
            tableBefore, withoutComments(f.save(save)), "the failed transaction left no trace");
        assertTrue(faulty.calls() >= 4, "the real tool was tried again and again");

        faulty.disarm();
        WatcherProcess.Line recovered = watcher.awaitEvent(mark, "applied", Duration.ofSeconds(15));
        assertTrue(recovered.json().get("recoveredAfter").asInt() >= 3, recovered.raw());
        assertEquals("active", recovered.json().get("role").asString());
      }
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
    }
  }

  private static String withoutComments(String save) {
    return save.lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
