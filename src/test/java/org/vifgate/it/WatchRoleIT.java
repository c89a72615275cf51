package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.heartbeat.RenderedFile;
import org.vifgate.heartbeat.ResourceAgent;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.state.RuntimeRole;

/**
 * Role flips handed to a running watcher reach the kernel before the sender is told "ok": through
 * the control FIFO directly, and through the resource agent's fast path; and the agent still works
 * (through `vifgate role`) when the watcher is down.
 */
class WatchRoleIT {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void flipsThroughTheWatcherAndFallsBackWithoutIt(Backend backend) throws Exception {
    try (LabFixture f =
            LabFixture.create("vgwrole" + backend.id().charAt(0), LabOptions.defaults());
        WatcherProcess watcher = startPassive(f, backend)) {
      Path state = WatcherProcess.stateDirOf(f);

      // 1. A request written straight into the control FIFO.
      String answer = request(f, state, "role active reply.it1 it-test");
      assertTrue(answer.startsWith("ok active"), answer);
      // The answer came after the apply and the read-back: the kernel holds it now, no waiting.
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
      assertEquals("it-test", RuntimeRole.parse(Files.readString(state.resolve("role"))).setBy());

      // 2. The resource agent's fast path: no JVM starts.
      CommandResult passive = WatcherProcess.agentRole(f, "passive", 5);
      assertEquals(0, passive.exitCode(), passive.stdout() + passive.stderr());
      assertTrue(passive.stdout().startsWith("vifgate watch: ok passive"), passive.stdout());
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "passive");
      CommandResult again = WatcherProcess.agentRole(f, "passive", 5);
      assertEquals(0, again.exitCode(), "stop on a passive host succeeds: " + again.stdout());
      assertTrue(again.stdout().contains("nothing to change"), again.stdout());
      // The watcher answers first and logs after.
      awaitRoleEvents(watcher, 3);

      // 3. The watcher stops; the agent falls back to `vifgate role` and still returns only once
      // the rules are in place.
      watcher.signal("TERM");
      assertEquals(0, watcher.awaitExit(Duration.ofSeconds(20)));
      assertFalse(Files.exists(state.resolve("watch.pid")));
      CommandResult fallback = WatcherProcess.agentRole(f, "active", 5);
      assertEquals(0, fallback.exitCode(), fallback.stdout() + fallback.stderr());
      assertFalse(
          fallback.stdout().contains("vifgate watch:"),
          "no watcher was asked: " + fallback.stdout());
      assertTrue(fallback.stdout().contains("Applied and read back"), fallback.stdout());
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
    }
  }

  /**
   * A flip the watcher plans without reading (against what its last reconcile left) goes in through
   * a guarded transaction, and the kernel refuses it, changing nothing, when the rules were changed
   * by hand since: the watcher then reconciles in full and still answers only once the rules are
   * in place. Once in sync again, the next flip goes in without a read and is read back at once.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFlipPlannedWithoutReadingIsRefusedByRulesChangedByHand(Backend backend) throws Exception {
    try (LabFixture f =
            LabFixture.create("vgwtamp" + backend.id().charAt(0), LabOptions.defaults());
        WatcherProcess watcher = startPassive(f, backend)) {
      Path state = WatcherProcess.stateDirOf(f);
      CommandResult byHand =
          backend == Backend.NFT
              ? f.inDom0("ebtables-nft", "-D", "VIFGATE", "-j", "DROP")
              : f.inDom0("iptables-legacy", "-w", "-D", "VIFGATE", "1");
      assertTrue(byHand.succeeded(), byHand.describeFailure());

      String active = request(f, state, "role active reply.t1 it-test");
      assertTrue(active.startsWith("ok active"), active);
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
      awaitRoleEvents(watcher, 1);
      var refused = watcher.events("role").get(0).json();
      assertTrue(refused.get("notes").toString().contains("refused"), watcher.log());
      assertFalse(refused.has("readBack"), "reconciled in full: read back before the answer");

      String passive = request(f, state, "role passive reply.t2 it-test");
      assertTrue(passive.startsWith("ok passive"), passive);
      WatchChecks.assertGuests(f, "passive");
      WatchChecks.assertConverged(f);
      awaitRoleEvents(watcher, 2);
      var guarded = watcher.events("role").get(1).json();
      assertEquals("after", guarded.get("readBack").asString(), watcher.log());
      assertFalse(guarded.has("notes"), watcher.log());
      // The read-back that follows finds the flip in place: it repairs nothing and fails nothing.
      WatchChecks.awaitConverged(f, Duration.ofSeconds(5));
      Thread.sleep(300);
      assertTrue(watcher.events("drift-repaired").isEmpty(), watcher.log());
      assertTrue(watcher.events("error").isEmpty(), watcher.log());
    }
  }

  /**
   * The agent `vifgate render` installs, run as Heartbeat runs it (bare environment): start and
   * stop go through the watcher, and through `vifgate role` once the watcher is gone; status
   * agrees.
   */
  @Test
  void theRenderedResourceAgentFlipsThroughTheWatcherAndWithoutIt() throws Exception {
    try (LabFixture f = LabFixture.create("vgwagent", LabOptions.defaults());
        WatcherProcess watcher = startPassive(f, Backend.NFT)) {
      Path agent = renderAgent(f);
      CommandResult start = heartbeat(f, agent, "start");
      assertEquals(0, start.exitCode(), start.stderr());
      assertTrue(start.stderr().contains("vifgate watch: ok active"), start.stderr());
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
      assertEquals("running\n", heartbeat(f, agent, "status").stdout());

      CommandResult stop = heartbeat(f, agent, "stop");
      assertEquals(0, stop.exitCode(), stop.stderr());
      assertTrue(stop.stderr().contains("vifgate watch: ok passive"), stop.stderr());
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "passive");
      awaitRoleEvents(watcher, 2);

      watcher.signal("TERM");
      assertEquals(0, watcher.awaitExit(Duration.ofSeconds(20)));
      CommandResult fallback = heartbeat(f, agent, "start");
      assertEquals(0, fallback.exitCode(), fallback.stderr());
      assertFalse(fallback.stderr().contains("vifgate watch:"), fallback.stderr());
      WatchChecks.assertConverged(f);
      WatchChecks.assertGuests(f, "active");
    }
  }

  /** Waits until the watcher has logged {@code count} role events, and no more arrive. */
  static void awaitRoleEvents(WatcherProcess watcher, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (watcher.events("role").size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, watcher.events("role").size(), watcher.log());
  }

  /** A launcher like bin/vifgate (this JVM's classpath) and the agent rendered for it. */
  static Path renderAgent(LabFixture f) throws Exception {
    Path launcher = f.dir.resolve("vifgate");
    StringBuilder script = new StringBuilder("#!/bin/bash\nexec");
    for (String word : WatcherProcess.vifgateCommand()) {
      script.append(" '").append(word.replace("'", "'\\''")).append("'");
    }
    Files.writeString(launcher, script.append(" \"$@\"\n").toString());
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    RenderedFile rendered =
        ResourceAgent.render(
            new ResourceAgent.Settings(
                launcher, f.config, f.stateDir, Optional.of(f.lab.dom0Namespace())));
    Path agent = f.dir.resolve("resource-agent");
    Files.write(agent, rendered.revealBytes());
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    return agent;
  }

  static CommandResult heartbeat(LabFixture f, Path agent, String action) throws Exception {
    return f.runner.run(
        Command.of("env", "-i", agent.toString(), action).withTimeout(Duration.ofSeconds(60)));
  }

  static WatcherProcess startPassive(LabFixture f, Backend backend) throws Exception {
    f.writeConfig(backend, "passive", WatchChecks.DOM0);
    WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "3600s");
    watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
    return watcher;
  }

  /** Sends one request line through the control FIFO and reads the answer, as the agent does. */
  static String request(LabFixture f, Path state, String words) throws Exception {
    String[] parts = words.split(" ");
    Path reply = state.resolve(parts[2]);
    CommandResult made =
        f.runner.run(Command.of(f.tools.require("mkfifo"), "-m", "0600", reply.toString()));
    assertTrue(made.succeeded(), made.describeFailure());
    try (FileChannel in =
            FileChannel.open(reply, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel out =
            FileChannel.open(
                state.resolve("control"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long deadline = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now().plusSeconds(10));
      out.write(ByteBuffer.wrap((words + " " + deadline + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteBuffer buffer = ByteBuffer.allocate(2000);
      while (buffer.position() == 0 || buffer.get(buffer.position() - 1) != '\n') {
        in.read(buffer);
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    } finally {
      Files.deleteIfExists(reply);
    }
  }
}
