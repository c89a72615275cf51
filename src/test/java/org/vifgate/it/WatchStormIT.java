package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;

/** The file is replaced 100 times within a second (atomic renames): the last version wins. */
class WatchStormIT {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aHundredRenamesInASecondEndInTheLastFile(Backend backend) throws Exception {
    try (LabFixture f =
        LabFixture.create("vgwstorm" + backend.id().charAt(0), LabOptions.defaults())) {
      f.writeConfig(backend, "passive", WatchChecks.DOM0);
      try (WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        int mark = watcher.mark();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
          // Every version differs; the last one is active with a second dom0 port.
          String role = i % 2 == 0 ? "passive" : "active";
          List<String> vifs =
              i == 99 ? List.of("vif0.0", "vif0.1") : List.of("vif0.0", "vif0." + (2 + i % 7));
          Path temp = f.dir.resolve(".vifgate.yaml." + i);
          Files.writeString(temp, WatchChecks.configText(backend.id(), role, vifs));
          Files.move(
              temp, f.config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          long due = start + (i + 1) * Duration.ofMillis(10).toNanos();
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        long written = System.nanoTime();
        assertTrue(
            Duration.ofNanos(written - start).toMillis() < 1500,
            "the storm took " + Duration.ofNanos(written - start));
        WatchChecks.awaitConverged(f, Duration.ofSeconds(10));
        List<WatcherProcess.Line> applied = watcher.events("applied");
        WatcherProcess.Line last = applied.get(applied.size() - 1);
        assertEquals("active", last.json().get("role").asString(), watcher.log());
        List<WatcherProcess.Line> after = watcher.lines().subList(mark, watcher.lines().size());
        assertTrue(
            after.stream().noneMatch(l -> l.event().equals("invalid-file")),
            "a rename never shows a half file");
        long applies = after.stream().filter(l -> l.event().equals("applied")).count();
        assertTrue(applies <= 25, "bursts are coalesced: " + applies + " applies for 100 writes");
        assertTrue(
            WatchChecks.rules(f, backend.id()).contains("vif0.1"),
            "the last file's dom0 ports are in place");
      }
      WatchChecks.assertGuests(f, "active");
    }
  }
}
