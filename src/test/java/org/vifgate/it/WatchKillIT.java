package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.vifgate.exec.CommandResult;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.state.RuntimeRole;

/**
 * The watcher is SIGKILLed while a role flip is being applied, then started again: nothing is lost
 * (the runtime role was recorded before the apply) and it converges. The agent that asked gets no
 * answer and reports that, so Heartbeat's fallback path runs.
 */
class WatchKillIT {

  @Test
  void killedDuringAnApplyAndRestartedItConverges() throws Exception {
    try (LabFixture f = LabFixture.create("vgwkill", LabOptions.defaults())) {
      FaultyTool slow = FaultyTool.create(f.dir, "ebtables-nft-restore", FaultyTool.Fault.STALL);
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      Path state = WatcherProcess.stateDirOf(f);
      try (WatcherProcess watcher = WatcherProcess.start(f, slow.env(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        slow.arm();
        CompletableFuture<CommandResult> agent =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return WatcherProcess.agentRole(f, "active", 3);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!slow.started() && System.nanoTime() < until) {
          Thread.sleep(5);
        }
        assertTrue(slow.started(), "the apply is in flight: " + watcher.log());
        watcher.signal("KILL");
        assertEquals(137, watcher.awaitExit(Duration.ofSeconds(10)));
        assertEquals(
            "active",
            RuntimeRole.parse(Files.readString(state.resolve("role"))).role().id(),
            "recorded before applying");
        assertTrue(
            Files.exists(state.resolve("watch.pid")), "a killed watcher leaves its pid file");
        // The agent hears nothing, then falls back to `vifgate role active` (which waits for the
        // orphaned restore to let go of nothing: the host lock died with the watcher).
        slow.disarm();
        CommandResult answer = agent.get();
        assertEquals(0, answer.exitCode(), answer.stdout() + answer.stderr());
        assertTrue(answer.stdout().contains("vifgate watch: no answer within 3s"), answer.stdout());
      }
      // The orphaned restore either applied its whole transaction or none of it.
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!slow.ended() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      // Kill the next one too, before anything can happen, then start a clean one.
      try (WatcherProcess again = WatcherProcess.start(f, Map.of(), "--resync", "3600s")) {
        WatcherProcess.Line started = again.awaitStarted(Duration.ofSeconds(30));
        assertTrue(
            started.event().equals("in-sync") || started.event().equals("applied"), again.log());
        assertEquals(
            "active", started.json().get("role").asString(), "nothing lost: " + again.log());
        assertFalse(again.log().contains("\"level\":\"error\""), again.log());
      }
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
    }
  }
}
