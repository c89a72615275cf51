package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;

/** SIGTERM, SIGINT and SIGHUP on a real watcher process. */
class WatchSignalsIT {

  @Test
  void sigtermFinishesTheApplyInFlightExitsZeroAndLeavesTheRules() throws Exception {
    try (LabFixture f = LabFixture.create("vgwsigterm", LabOptions.defaults())) {
      FaultyTool slow = FaultyTool.create(f.dir, "ebtables-nft-restore", FaultyTool.Fault.STALL);
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      try (WatcherProcess watcher = WatcherProcess.start(f, slow.env(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        slow.arm();
        int mark = watcher.mark();
        f.writeConfig(Backend.NFT, "active", WatchChecks.DOM0);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!slow.started() && System.nanoTime() < until) {
          Thread.sleep(10);
        }
        assertTrue(slow.started(), "the apply is in flight: " + watcher.log());
        watcher.signal("TERM");
        assertEquals(0, watcher.awaitExit(Duration.ofSeconds(30)), watcher.log());
        assertTrue(slow.ended(), "the restore ran to its end");
        List<String> after =
            watcher.lines().subList(mark, watcher.lines().size()).stream()
                .map(WatcherProcess.Line::event)
                .toList();
        assertEquals(List.of("file-loaded", "applied", "stop"), after, watcher.log());
        assertFalse(Files.exists(WatcherProcess.stateDirOf(f).resolve("watch.pid")));
      }
      slow.disarm();
      // The rules are the ones the finished apply left; nothing was undone on exit.
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
    }
  }

  @Test
  void sigintStopsAndSighupReconcilesAtOnce() throws Exception {
    try (LabFixture f = LabFixture.create("vgwsighup", LabOptions.defaults())) {
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      try (WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        String before = WatchChecks.rules(f, "nft");
        // Drift the watcher has no reason to look at for an hour.
        assertTrue(f.inDom0("ebtables-nft", "-F", "VIFGATE").succeeded());
        int mark = watcher.mark();
        long sent = System.nanoTime();
        watcher.signal("HUP");
        watcher.awaitEvent(mark, "reload", Duration.ofSeconds(5));
        WatcherProcess.Line applied = watcher.awaitEvent(mark, "applied", Duration.ofSeconds(5));
        assertTrue(applied.json().get("trigger").asString().equals("reload"), applied.raw());
        assertTrue(Duration.ofNanos(applied.nanos() - sent).toMillis() < 4000);
        assertEquals(before, WatchChecks.rules(f, "nft"), "repaired to exactly what it was");

        watcher.signal("INT");
        assertEquals(0, watcher.awaitExit(Duration.ofSeconds(20)), watcher.log());
        assertEquals(
            "stopped (SIGINT); the rules stay as they are",
            watcher.events("stop").get(0).message());
        assertEquals(before, WatchChecks.rules(f, "nft"));
      }
      WatchChecks.assertGuests(f, "passive");
    }
  }

  @Test
  void aSecondWatcherForTheSameFileRefusesToStart() throws Exception {
    try (LabFixture f = LabFixture.create("vgwtwice", LabOptions.defaults())) {
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      try (WatcherProcess first = WatcherProcess.start(f, Map.of(), "--resync", "3600s");
          WatcherProcess second = startSecond(f, first)) {
        assertEquals(1, second.awaitExit(Duration.ofSeconds(30)));
        assertTrue(
            second
                .log()
                .contains(
                    "another vifgate watch is running for this file (pid " + first.pid() + ")"),
            second.log());
        assertTrue(first.isAlive());
      }
    }
  }

  private static WatcherProcess startSecond(LabFixture f, WatcherProcess first) throws Exception {
    first.awaitEvent(0, "applied", Duration.ofSeconds(30));
    return WatcherProcess.start(f, Map.of());
  }
}
