package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.Role;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code vifgate status} in-process. The live rules are never read here: every run names a network
 * namespace that does not exist, so the tools cannot run (and never run in the host's namespace);
 * that is the "unknown" case. In-sync answers are proven on real namespaces by the cluster IT.
 */
class StatusCommandTest {

  private static final String NO_SUCH_NETNS = "vgst-none-7c1";

  private record Run(int code, String out, String err) {}

  @TempDir Path dir;
  private Path config;
  private Path state;
  private Path haDir;
  private Path launcher;

  @BeforeEach
  void setUp() throws IOException {
    config = TestConfigs.heartbeatHost(dir);
    state = dir.resolve("state");
    haDir = Files.createDirectory(dir.resolve("ha.d"));
    launcher = TestConfigs.fakeLauncher(dir);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run status(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "status",
                "-c",
                config.toString(),
                "--netns",
                NO_SUCH_NETNS,
                "--state-dir",
                state.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void reportsTheRolesTheUnreadableRulesAndTheFiles() throws IOException {
    new RuntimeState(new StateDir(state, config))
        .setRole(
            new RuntimeRole(
                Role.ACTIVE,
                RuntimeState.currentBootId(),
                Instant.parse("2025-03-04T05:06:07Z"),
                "heartbeat start"));
    Run before = status("--out", haDir.toString(), "--vifgate", launcher.toString());
    assertEquals(ExitCodes.OK, before.code(), before.out() + before.err());
    String out = before.out();
    assertTrue(out.contains("file role:    passive\n"), out);
    assertTrue(
        out.contains(
            "runtime role: active, set by heartbeat start at 2025-03-04T05:06:07Z (this boot)\n"),
        out);
    assertTrue(out.contains("effective:    active (runtime role set by heartbeat start"), out);
    assertTrue(out.contains("live rules:   unknown: "), out);
    assertTrue(out.contains("lsb status:   running (the live rules could not be read"), out);
    assertTrue(out.contains("  ha.cf               missing"), out);
    assertTrue(out.contains("  resource.d/vifgate  missing"), out);

    Run render =
        run(
            "render",
            "-c",
            config.toString(),
            "--out",
            haDir.toString(),
            "--vifgate",
            launcher.toString(),
            "--state-dir",
            state.toString(),
            "--netns",
            NO_SUCH_NETNS);
    assertEquals(ExitCodes.OK, render.code(), render.out() + render.err());
    Run after = status("--out", haDir.toString(), "--vifgate", launcher.toString());
    assertTrue(
        after.out().contains("  ha.cf               up to date, mode rw-r--r--"), after.out());
    assertTrue(
        after.out().contains("  authkeys            up to date, mode rw-------"), after.out());
    assertTrue(
        after.out().contains("  resource.d/vifgate  up to date, mode rwxr-xr-x"), after.out());
    assertFalse(after.out().contains(TestConfigs.KEY));

    // An agent rendered for another state directory is not the one status expects.
    Run other =
        run(
            "status",
            "-c",
            config.toString(),
            "--netns",
            NO_SUCH_NETNS,
            "--state-dir",
            dir.resolve("other").toString(),
            "--out",
            haDir.toString(),
            "--vifgate",
            launcher.toString());
    assertTrue(other.out().contains("  resource.d/vifgate  differs"), other.out());
  }

  @Test
  void json() throws IOException {
    Run run =
        status("--out", haDir.toString(), "--vifgate", launcher.toString(), "--output", "json");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    JsonNode json = JsonMapper.shared().readTree(run.out());
    assertEquals("alpha", json.get("node").asString());
    assertEquals("passive", json.get("fileRole").asString());
    assertTrue(json.get("runtimeRole").isNull());
    assertEquals("passive", json.get("effectiveRole").asString());
    assertTrue(json.get("effectiveReason").asString().startsWith("boot safety"));
    assertTrue(json.get("inSync").isNull());
    assertEquals("running", json.get("lsb").asString());
    assertEquals(4, json.get("lsbExitCode").asInt());
    assertEquals(4, json.get("files").size());
    assertEquals("missing", json.get("files").get(1).get("state").asString());
  }

  @Test
  void lsbIsOneWordAndUnknownIsRunning() throws IOException {
    Run unreadable = status("--lsb");
    assertEquals("running\n", unreadable.out());
    assertEquals(4, unreadable.code());
    assertTrue(unreadable.err().contains("status unknown"), unreadable.err());

    Files.writeString(config, "version: 1\nnode: [\n");
    Run broken = status("--lsb");
    assertEquals("running\n", broken.out());
    assertEquals(4, broken.code());
  }

  @Test
  void aHostWithoutHeartbeatHasNoFilesToCheck() throws IOException {
    config = TestConfigs.plainHost(dir, "active");
    Run run = status();
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertTrue(run.out().contains("effective:    active (role: active in the file)"), run.out());
    assertTrue(run.out().contains("no heartbeat section"), run.out());
  }

  @Test
  void statusWritesNothing() throws IOException {
    status("--out", haDir.toString(), "--vifgate", launcher.toString());
    status("--lsb");
    assertFalse(Files.exists(state), "status created the state directory");
    try (var files = Files.list(haDir)) {
      assertEquals(0, files.count());
    }
  }
}
