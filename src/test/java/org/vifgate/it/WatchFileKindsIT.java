package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;

/**
 * Every way a file gets written is seen through the real inotify (resync is an hour, so nothing
 * else could trigger): in place, atomic rename, symlink swap, a change of the symlink's target,
 * deletion and re-creation. Events that change nothing (a touch, a neighbour file) do nothing.
 */
class WatchFileKindsIT {

  private static final Duration SEEN = Duration.ofSeconds(3);

  @Test
  void everyKindOfWriteIsSeenAndNothingElseIs() throws Exception {
    try (LabFixture f = LabFixture.create("vgwfiles", LabOptions.defaults())) {
      f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0);
      Path releases = Files.createDirectories(f.dir.resolve("releases"));
      try (WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "3600s")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));

        expectApplied(
            watcher, "active", "in place", () -> Files.writeString(f.config, text("active")));
        expectApplied(
            watcher,
            "passive",
            "atomic rename",
            () -> f.writeConfig(Backend.NFT, "passive", WatchChecks.DOM0));
        Files.createDirectories(releases.resolve("a"));
        Files.createDirectories(releases.resolve("b"));
        Files.writeString(releases.resolve("a/vifgate.yaml"), text("active"));
        Files.writeString(releases.resolve("b/vifgate.yaml"), text("passive"));
        expectApplied(
            watcher,
            "active",
            "replaced by a symlink",
            () -> swap(f, releases.resolve("a/vifgate.yaml")));
        expectApplied(
            watcher, "passive", "symlink swap", () -> swap(f, releases.resolve("b/vifgate.yaml")));
        expectApplied(
            watcher,
            "active",
            "the symlink's target edited",
            () -> Files.writeString(releases.resolve("b/vifgate.yaml"), text("active")));
        int mark = watcher.mark();
        Files.delete(f.config);
        watcher.awaitEvent(mark, "file-deleted", SEEN);
        expectApplied(
            watcher, "passive", "re-created", () -> Files.writeString(f.config, text("passive")));

        mark = watcher.mark();
        Files.setLastModifiedTime(f.config, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Files.writeString(f.dir.resolve("neighbour.txt"), "unrelated");
        Thread.sleep(1000);
        assertEquals(
            List.of(),
            watcher.lines().subList(mark, watcher.mark()).stream()
                .map(WatcherProcess.Line::event)
                .toList(),
            "nothing to do, nothing logged");
      }
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "passive");
    }
  }

  private interface Write {
    void run() throws Exception;
  }

  private static void expectApplied(WatcherProcess watcher, String role, String how, Write write)
      throws Exception {
    int mark = watcher.mark();
    write.run();
    WatcherProcess.Line applied = watcher.awaitEvent(mark, "applied", SEEN);
    assertEquals(role, applied.json().get("role").asString(), how + ": " + watcher.log());
    assertTrue(applied.json().get("trigger").asString().equals("file"), how);
  }

  private static String text(String role) {
    return WatchChecks.configText("nft", role, WatchChecks.DOM0);
  }

  private static void swap(LabFixture f, Path target) throws Exception {
    Path link = f.dir.resolve(".vifgate.yaml.link");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target);
    Files.move(link, f.config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
