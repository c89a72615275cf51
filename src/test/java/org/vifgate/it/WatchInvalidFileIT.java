package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.TrafficStream;
import org.vifgate.netfilter.model.Backend;

/**
 * The file is made invalid, then deleted, then restored; a guest of this passive host is streamed
 * at all along. The last good state holds throughout: the rules stay byte for byte, not one packet
 * reaches the guest, drift made while the file is gone is still repaired, and the invalid file is
 * reported with exactly the lines `vifgate validate` prints.
 */
class WatchInvalidFileIT {

  @Test
  void invalidThenDeletedThenRestoredKeepsTheLastGoodState() throws Exception {
    try (LabFixture f = LabFixture.create("vgwinvalid", LabOptions.defaults())) {
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      String good = Files.readString(f.config);
      try (WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "500ms");
          TrafficStream stream = startStream(f, watcher)) {
        String rules = WatchChecks.rules(f, "nft");

        // Invalid, written in place: a bad role, and a file that says active.
        int mark = watcher.mark();
        Files.writeString(
            f.config,
            good.replace("role: passive", "role: activ")
                .replace("backend: nft", "backend: nft\nbridgez: 1"));
        watcher.await(
            mark,
            l -> l.event().equals("invalid-file") && l.message().contains(" is invalid ("),
            Duration.ofSeconds(5));
        CliRun validate = CliRun.of("validate", "-c", f.config.toString());
        assertEquals(1, validate.code(), validate.toString());
        List<String> expected = validate.out().lines().toList();
        List<String> reported =
            watcher.lines().subList(mark, watcher.mark()).stream()
                .filter(l -> l.event().equals("invalid-file"))
                .map(WatcherProcess.Line::message)
                .toList();
        assertEquals(
            expected.subList(0, expected.size() - 1),
            reported.subList(0, reported.size() - 1),
            "the same lines as validate");
        Thread.sleep(1200); // two resyncs
        assertEquals(rules, WatchChecks.rules(f, "nft"), "an invalid file changes nothing");

        // Deleted; meanwhile someone deletes a managed rule: the last good state is repaired.
        mark = watcher.mark();
        Files.delete(f.config);
        watcher.awaitEvent(mark, "file-deleted", Duration.ofSeconds(5));
        assertTrue(f.inDom0("ebtables-nft", "-D", "VIFGATE", "1").succeeded());
        WatcherProcess.Line repaired =
            watcher.awaitEvent(mark, "drift-repaired", Duration.ofSeconds(5));
        assertEquals("passive", repaired.json().get("role").asString());
        assertEquals(rules, WatchChecks.rules(f, "nft"));

        // Restored.
        mark = watcher.mark();
        f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
        watcher.awaitEvent(mark, "file-loaded", Duration.ofSeconds(5));
        watcher.awaitEvent(mark, "in-sync", Duration.ofSeconds(5));
        assertEquals(rules, WatchChecks.rules(f, "nft"));
        long arrived = stream.arrived();
        long sent = stream.stop();
        assertTrue(sent > 300, "the stream ran: " + sent);
        assertEquals(
            0, arrived, "not one of " + sent + " packets reached the guest of the passive host");
        assertTrue(
            watcher.events("invalid-file").size() == reported.size(),
            "reported once: " + watcher.log());
        assertTrue(
            watcher.events("applied").size() == 1, "only the start-up apply: " + watcher.log());
      }
      WatchChecks.assertGuests(f, "passive");
    }
  }

  private static TrafficStream startStream(LabFixture f, WatcherProcess watcher) throws Exception {
    watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
    return f.lab.startStream(Endpoint.LAN, Endpoint.GUEST1, 200, Duration.ofSeconds(60));
  }
}
