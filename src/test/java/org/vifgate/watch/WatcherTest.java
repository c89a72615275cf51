package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.LoadResult;
import org.vifgate.config.Problem;
import org.vifgate.config.Role;
import org.vifgate.reconcile.ReconcileException;
import tools.jackson.databind.JsonNode;

/**
 * The watcher loop on simulated time: the file lives in Jimfs, the host is a fake, and the inbox
 * moves the clock instead of sleeping, so every timing below is exact.
 */
class WatcherTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(T0);
  private final SimulatedInbox inbox = new SimulatedInbox(clock);
  private final FakeTarget target = new FakeTarget(clock);
  private final RecordingReplier replier = new RecordingReplier();
  private final LogCapture logs = new LogCapture(clock);
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/etc/vifgate");
  private final Path file = dir.resolve("vifgate.yaml");
  private final List<Set<Path>> watched = new ArrayList<>();
  private WatchSettings settings =
      WatchSettings.of(Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofSeconds(10));
  private ConfigReader reader = ConfigReader.standard();
  private Watcher watcher;

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  static String yaml(String role) {
    return yaml(role, "vif0.0");
  }

  static String yaml(String role, String dom0Vifs) {
    return "version: 1\n"
        + "node: XEN-A\n"
        + "role: "
        + role
        + "\n"
        + "backend: nft\n"
        + "dom0:\n  vifs: ["
        + dom0Vifs
        + "]\n"
        + "bridges:\n  - {name: xenbr0, uplink: peth0}\n";
  }

  /** Writes the file the way config management does: temporary file, then rename over. */
  private void replace(String content) {
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve(".vifgate.yaml.tmp");
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeInPlace(String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void touch() {
    inbox.post(new WatchEvent.FileTouched());
  }

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  private void endAt(long millis) {
    inbox.at(at(millis), () -> {});
  }

  private void run() throws InterruptedException {
    watcher =
        new Watcher(file, reader, target, replier, logs.log, clock, inbox, settings, watched::add);
    watcher.run();
  }

  private List<Long> reconcileTimes() {
    return target.reconciles().stream().map(c -> ChronoUnit.MILLIS.between(T0, c.at())).toList();
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  @Test
  void appliesTheFileAtStart() throws Exception {
    replace(yaml("passive"));
    endAt(1000);
    run();
    assertEquals(List.of(0L), reconcileTimes());
    assertEquals(Role.PASSIVE, target.live);
    assertEquals(List.of("file-loaded", "applied", "stop"), logs.eventNames(), logs.toString());
    JsonNode applied = logs.events("applied").get(0);
    assertEquals("start", applied.get("trigger").asString());
    assertEquals(1, applied.get("changed").asInt());
    assertTrue(
        applied.get("message").asString().contains("-A VIFGATE -j DROP"), applied.toString());
    assertEquals(Set.of(dir), watched.get(0));
  }

  /**
   * {@code writes} replacements of the file, one every {@code everyMs} from {@code fromMs}, the
   * role alternating; only the last one adds vif0.1, so a test can tell it was the one applied.
   */
  private void burst(int writes, long fromMs, long everyMs) {
    for (int i = 0; i < writes; i++) {
      String role = i % 2 == 0 ? "active" : "passive";
      String vifs = i == writes - 1 ? "vif0.0, vif0.1" : "vif0.0";
      inbox.at(
          at(fromMs + everyMs * i),
          () -> {
            replace(yaml(role, vifs));
            touch();
          });
    }
  }

  @Test
  void aBurstOfWritesIsAppliedOnceWhenQuiet() throws Exception {
    replace(yaml("passive"));
    burst(10, 100, 5);
    endAt(2000);
    run();
    // The last event came at 145 ms; 20 ms of quiet later the file is read once.
    assertEquals(List.of(0L, 165L), reconcileTimes());
    assertEquals(List.of("vif0.0", "vif0.1"), target.reconciles().get(1).state().dom0Vifs());
    assertEquals(Role.PASSIVE, target.live);
  }

  @Test
  void spuriousEventsDoNothing() throws Exception {
    replace(yaml("passive"));
    inbox.at(at(100), this::touch);
    inbox.at(
        at(200),
        () -> {
          replace(yaml("passive")); // the same bytes again
          touch();
        });
    endAt(1000);
    run();
    assertEquals(List.of(0L), reconcileTimes());
    assertEquals(List.of("file-loaded", "applied", "stop"), logs.eventNames());
  }

  @Test
  void inPlaceWritesAreSeenToo() throws Exception {
    replace(yaml("passive"));
    inbox.at(
        at(100),
        () -> {
          writeInPlace(yaml("active"));
          touch();
        });
    endAt(1000);
    run();
    assertEquals(List.of(0L, 120L), reconcileTimes());
    assertEquals(Role.ACTIVE, target.live);
  }

  @Test
  void anInvalidFileIsReportedLikeValidateAndChangesNothing() throws Exception {
    replace(yaml("passive"));
    String broken = yaml("activ").replace("bridges:", "bridgez:");
    List<String> expected = new ArrayList<>();
    inbox.at(
        at(100),
        () -> {
          replace(broken);
          LoadResult result = ConfigLoader.load(file);
          ConfigReader.standard().problems(result).forEach(p -> expected.add(p.format()));
          touch();
        });
    inbox.at(
        at(300),
        () -> {
          writeInPlace(broken); // same content, new event: reported once only
          touch();
        });
    inbox.at(
        at(500),
        () -> {
          replace(yaml("active"));
          touch();
        });
    endAt(1000);
    run();
    assertEquals(
        List.of(0L, 520L), reconcileTimes(), "nothing is applied while the file is invalid");
    List<String> reported =
        logs.events("invalid-file").stream().map(n -> n.get("message").asString()).toList();
    assertTrue(expected.size() >= 2, "the broken file has several problems: " + expected);
    assertEquals(
        expected,
        reported.subList(0, reported.size() - 1),
        "one line per problem, as validate prints them");
    assertTrue(
        reported.get(reported.size() - 1).contains("last good desired state stays in force"),
        reported.toString());
    assertEquals(Role.ACTIVE, target.live);
  }

  @Test
  void deletedThenRecreatedKeepsTheLastGoodStateMeanwhile() throws Exception {
    settings =
        WatchSettings.of(Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofSeconds(10));
    replace(yaml("passive"));
    inbox.at(
        at(100),
        () -> {
          try {
            Files.delete(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          touch();
        });
    inbox.at(at(700), () -> target.drift = true);
    inbox.at(
        at(1200),
        () -> {
          replace(yaml("active"));
          touch();
        });
    endAt(1300);
    run();
    assertEquals(1, logs.events("file-deleted").size(), logs.toString());
    // While the file is gone, the resync keeps enforcing the last good state and repairs drift.
    List<JsonNode> repaired = logs.events("drift-repaired");
    assertEquals(1, repaired.size(), logs.toString());
    assertEquals("passive", repaired.get(0).get("role").asString());
    assertEquals(Role.ACTIVE, target.live);
    assertEquals("active", logs.events("applied").get(1).get("role").asString());
  }

  @Test
  void aFileChangingWhileItIsReadIsReadAgainLater() throws Exception {
    replace(yaml("passive"));
    ConfigReader standard = ConfigReader.standard();
    int[] loads = {0};
    reader =
        new ConfigReader() {
          @Override
          public LoadResult load(Path path) {
            LoadResult result = standard.load(path);
            if (++loads[0] == 2) {
              replace(yaml("active", "vif0.0, vif0.1")); // a writer finishes while we read
            }
            return result;
          }

          @Override
          public List<Problem> problems(LoadResult result) {
            return standard.problems(result);
          }
        };
    inbox.at(
        at(100),
        () -> {
          replace(yaml("active"));
          touch();
        });
    endAt(1000);
    run();
    assertEquals(
        List.of(0L, 140L),
        reconcileTimes(),
        "looked at 120 ms, changed under it, applied 20 ms later");
    assertEquals(List.of("vif0.0", "vif0.1"), target.reconciles().get(1).state().dom0Vifs());
  }

  @Test
  void aBurstThatNeverGoesQuietIsLookedAtAfterMaxWait() throws Exception {
    replace(yaml("passive"));
    burst(300, 100, 10);
    endAt(4000);
    run();
    List<Long> times = reconcileTimes();
    assertEquals(1100L, times.get(1), "maxWait (1 s) after the first event: " + times);
    assertEquals(3110L, times.get(times.size() - 1), "and once more when it went quiet: " + times);
    assertEquals(
        List.of("vif0.0", "vif0.1"),
        target.reconciles().get(times.size() - 1).state().dom0Vifs(),
        "the last write wins");
  }

  @Test
  void failuresAreRetriedWithExponentialBackoffUntilTheyConverge() throws Exception {
    replace(yaml("passive"));
    for (int i = 0; i < 3; i++) {
      target.failures.add(new ReconcileException("ebtables-nft-restore exited 1: injected"));
    }
    endAt(5000);
    run();
    // 15 ms per attempt, then 200, 400, 800 ms of backoff.
    assertEquals(List.of(0L, 215L, 630L, 1445L), reconcileTimes());
    List<JsonNode> errors = logs.events("error");
    assertEquals(3, errors.size());
    assertEquals(
        List.of(200L, 400L, 800L), errors.stream().map(e -> e.get("retryInMs").asLong()).toList());
    assertTrue(errors.get(0).get("message").asString().contains("ebtables-nft-restore exited 1"));
    assertEquals(3, logs.events("retry").size());
    JsonNode applied = logs.events("applied").get(0);
    assertEquals(3, applied.get("recoveredAfter").asInt());
    assertEquals(Role.PASSIVE, target.live);
  }

  @Test
  void backoffIsCapped() throws Exception {
    settings =
        WatchSettings.of(Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofSeconds(1));
    replace(yaml("passive"));
    for (int i = 0; i < 6; i++) {
      target.failures.add(new IOException("cannot run ebtables-nft-save"));
    }
    endAt(10_000);
    run();
    assertEquals(
        List.of(200L, 400L, 800L, 1000L, 1000L, 1000L),
        logs.events("error").stream().map(e -> e.get("retryInMs").asLong()).toList());
    assertEquals(7, target.reconciles().size());
  }

  @Test
  void aMissingToolIsAnErrorThatIsRetriedNotACrash() throws Exception {
    replace(yaml("passive"));
    target.failures.add(new IllegalStateException("ebtables-nft is not installed"));
    endAt(1000);
    run();
    assertEquals(2, target.reconciles().size());
    assertEquals(Role.PASSIVE, target.live);
  }

  @Test
  void resyncRepairsDriftAndLogsTheEdits() throws Exception {
    settings =
        WatchSettings.of(Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofSeconds(10));
    replace(yaml("passive"));
    inbox.at(at(1500), () -> target.drift = true);
    endAt(3500);
    run();
    assertEquals(List.of(0L, 1015L, 2030L, 3045L), reconcileTimes());
    List<JsonNode> repaired = logs.events("drift-repaired");
    assertEquals(1, repaired.size(), "an in-sync resync logs nothing: " + logs);
    assertTrue(
        repaired
            .get(0)
            .get("message")
            .asString()
            .contains("~ bridge filter VIFGATE 3: -A VIFGATE -j DROP"),
        repaired.toString());
    assertEquals(List.of("file-loaded", "applied", "drift-repaired", "stop"), logs.eventNames());
  }

  @Test
  void sighupReadsAndReconcilesAtOnceEvenWithoutChanges() throws Exception {
    replace(yaml("passive"));
    inbox.at(at(100), () -> inbox.post(new WatchEvent.Reload()));
    endAt(1000);
    run();
    assertEquals(List.of(0L, 100L), reconcileTimes());
    assertEquals(
        List.of("file-loaded", "applied", "reload", "file-loaded", "in-sync", "stop"),
        logs.eventNames());
  }

  @Test
  void aRoleRequestRecordsTheRoleReconcilesAndAnswersOk() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.7.1");
    inbox.at(
        at(100),
        () ->
            inbox.post(
                new WatchEvent.Control(
                    new Request.SetRole(Role.ACTIVE, "reply.7.1", "heartbeat", micros(at(5000))))));
    endAt(1000);
    run();
    assertEquals(
        List.of("reconcile", "record active by heartbeat", "reconcile"),
        target.calls.stream().map(FakeTarget.Call::what).toList());
    assertEquals(Role.ACTIVE, target.live);
    assertEquals(1, replier.answers.size());
    assertTrue(
        replier
            .answers
            .get(0)
            .line()
            .startsWith("ok active Plan: 0 to add, 1 to change, 0 to remove."),
        replier.answers.toString());
    JsonNode role = logs.events("role").get(0);
    assertEquals("heartbeat", role.get("by").asString());
    assertEquals("info", role.get("level").asString());
  }

  @Test
  void aFlipAppliedWithoutReadingIsAnsweredThenReadBackAtOnce() throws Exception {
    replace(yaml("passive"));
    target.flipsWithoutReadBack = true;
    List<Integer> answersAtReconcile = new java.util.ArrayList<>();
    target.duringApply = () -> answersAtReconcile.add(replier.answers.size());
    replier.present.add("reply.1");
    inbox.at(
        at(100),
        () ->
            inbox.post(
                new WatchEvent.Control(
                    new Request.SetRole(Role.ACTIVE, "reply.1", "hb", micros(at(5000))))));
    endAt(1000);
    run();
    assertEquals(
        List.of("reconcile", "record active by hb", "flip", "reconcile"),
        target.calls.stream().map(FakeTarget.Call::what).toList());
    assertEquals(List.of(0, 0, 1), answersAtReconcile, "the read-back runs after the answer");
    assertTrue(replier.answers.get(0).line().startsWith("ok active"), replier.answers.toString());
    assertEquals(
        List.of("file-loaded", "applied", "role", "stop"),
        logs.eventNames(),
        "a read-back that finds the flip in place says nothing more");
  }

  @Test
  void theReadBackAfterAFlipRepairsWhatItFinds() throws Exception {
    replace(yaml("passive"));
    target.flipsWithoutReadBack = true;
    target.driftAfterFlip = true;
    replier.present.add("reply.1");
    inbox.at(
        at(100),
        () ->
            inbox.post(
                new WatchEvent.Control(
                    new Request.SetRole(Role.ACTIVE, "reply.1", "hb", micros(at(5000))))));
    endAt(1000);
    run();
    assertEquals(List.of("file-loaded", "applied", "role", "drift-repaired", "stop"), logs.eventNames());
    assertEquals("verify", logs.events("drift-repaired").get(0).get("trigger").asString());
  }

  @Test
  void aRoleAlreadyInPlaceIsOkWithoutChanges() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.1");
    inbox.at(
        at(100),
        () ->
            inbox.post(
                new WatchEvent.Control(
                    new Request.SetRole(Role.PASSIVE, "reply.1", "hb", micros(at(5000))))));
    endAt(1000);
    run();
    assertEquals("ok passive in place, nothing to change (15 ms)", replier.answers.get(0).line());
  }

  @Test
  void staleRequestsAreDroppedUnanswered() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.late");
    inbox.at(
        at(100),
        () -> {
          // Its sender stopped waiting at 50 ms.
          inbox.post(
              new WatchEvent.Control(
                  new Request.SetRole(Role.ACTIVE, "reply.late", "hb", micros(at(50)))));
          // Its sender gave up and removed the reply FIFO.
          inbox.post(
              new WatchEvent.Control(
                  new Request.SetRole(Role.ACTIVE, "reply.gone", "hb", micros(at(5000)))));
        });
    endAt(1000);
    run();
    assertEquals(List.of("reconcile"), target.calls.stream().map(FakeTarget.Call::what).toList());
    assertEquals(Role.PASSIVE, target.live);
    assertTrue(replier.answers.isEmpty());
    assertEquals(2, logs.events("stale-request").size());
  }

  @Test
  void aRoleRequestWithoutAValidFileIsRefused() throws Exception {
    replace("version: [");
    replier.present.add("reply.1");
    inbox.at(
        at(100),
        () ->
            inbox.post(
                new WatchEvent.Control(
                    new Request.SetRole(Role.ACTIVE, "reply.1", "hb", micros(at(5000))))));
    endAt(1000);
    run();
    assertTrue(target.calls.isEmpty(), "no desired state: the rules are not touched");
    assertTrue(
        replier.answers.get(0).line().startsWith("refused no valid desired state"),
        replier.answers.toString());
  }

  @Test
  void aRoleThatCannotBeAppliedIsAnErrorAndKeepsBeingRetried() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.1");
    inbox.at(
        at(100),
        () -> {
          target.failures.add(new ReconcileException("ebtables-nft-restore exited 4"));
          inbox.post(
              new WatchEvent.Control(
                  new Request.SetRole(Role.ACTIVE, "reply.1", "hb", micros(at(5000)))));
        });
    endAt(1000);
    run();
    assertEquals(
        "error active not in place: ebtables-nft-restore exited 4; retrying in 200 ms",
        replier.answers.get(0).line());
    assertEquals(List.of(0L, 100L, 315L), reconcileTimes());
    assertEquals(Role.ACTIVE, target.live, "the recorded role is reached by the retry");
  }

  @Test
  void pingAndBadRequestsAreAnswered() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.p");
    replier.present.add("reply.b");
    inbox.at(
        at(100),
        () -> {
          inbox.post(new WatchEvent.Control(new Request.Ping("reply.p", micros(at(5000)))));
          inbox.post(ControlChannel.toEvent("role activ reply.b hb 1", false));
        });
    endAt(1000);
    run();
    assertEquals("ok pong", replier.answers.get(0).line());
    assertEquals("refused unknown role 'activ' (active or passive)", replier.answers.get(1).line());
    assertEquals(1, logs.events("bad-request").size());
  }

  @Test
  void aStopLetsTheApplyInFlightFinishAndRefusesQueuedRequests() throws Exception {
    replace(yaml("passive"));
    replier.present.add("reply.q");
    inbox.at(
        at(100),
        () -> {
          target.duringApply =
              () -> {
                // SIGTERM arrives while the kernel is being changed, and a request right after it.
                watcher.requestStop("SIGTERM");
                inbox.post(
                    new WatchEvent.Control(
                        new Request.SetRole(Role.PASSIVE, "reply.q", "hb", micros(at(5000)))));
              };
          replace(yaml("active"));
          touch();
        });
    endAt(10_000);
    run();
    assertEquals(Role.ACTIVE, target.live, "the apply in flight completed");
    assertEquals(
        List.of("file-loaded", "applied", "file-loaded", "applied", "stop"), logs.eventNames());
    assertEquals(
        "stopped (SIGTERM); the rules stay as they are",
        logs.events("stop").get(0).get("message").asString());
    assertEquals("refused the watcher is stopping", replier.answers.get(0).line());
    assertFalse(target.recorded.isPresent());
  }

  @Test
  void aSymlinkSwapIsSeenAndBothDirectoriesAreWatched() throws Exception {
    Path releases = dir.resolve("releases");
    Files.createDirectories(releases.resolve("1"));
    Files.createDirectories(releases.resolve("2"));
    Files.writeString(releases.resolve("1/vifgate.yaml"), yaml("passive"));
    Files.writeString(releases.resolve("2/vifgate.yaml"), yaml("active"));
    Files.createSymbolicLink(file, releases.resolve("1/vifgate.yaml"));
    inbox.at(
        at(100),
        () -> {
          try {
            Path link = dir.resolve(".swap");
            Files.createSymbolicLink(link, releases.resolve("2/vifgate.yaml"));
            Files.move(
                link, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          touch();
        });
    endAt(1000);
    run();
    assertEquals(Role.ACTIVE, target.live);
    assertEquals(Set.of(dir, releases.resolve("1")), watched.get(0));
    assertEquals(Set.of(dir, releases.resolve("2")), watched.get(watched.size() - 1));
  }

  @Test
  void noFileAtStartWaitsForOne() throws Exception {
    inbox.at(
        at(100),
        () -> {
          replace(yaml("active"));
          touch();
        });
    endAt(1000);
    run();
    assertEquals(List.of(120L), reconcileTimes());
    assertEquals("file-deleted", logs.eventNames().get(0));
    assertTrue(logs.lines().get(0).get("message").asString().contains("no desired state yet"));
  }
}
