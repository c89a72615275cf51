package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;

/**
 * The rendered agent run by bash, as Heartbeat runs it, against a fake vifgate that records its
 * arguments and answers with scripted exit codes and output: each action maps to the right vifgate
 * call, and the exit codes and the status text are what Heartbeat needs.
 */
class ResourceAgentScriptTest {

  /** Records "$@" one call per line; exit code and stdout per subcommand come from files. */
  private static final String FAKE_VIFGATE =
      "#!/bin/bash\n"
          + "dir=$(dirname \"$0\")\n"
          + "printf '%s\\n' \"$*\" >>\"$dir/calls\"\n"
          + "[[ -f $dir/out-$1 ]] && cat \"$dir/out-$1\"\n"
          + "[[ $1 == role ]] && echo \"plan text on stdout, as vifgate role prints\"\n"
          + "exit $(cat \"$dir/rc-$1\" 2>/dev/null || echo 0)\n";

  @TempDir Path dir;
  private Path agent;
  private Path fake;

  @BeforeEach
  void install() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("opt bin"));
    fake = bin.resolve("vifgate");
    Files.writeString(fake, FAKE_VIFGATE);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    agent = dir.resolve("agent");
    RenderedFile rendered =
        ResourceAgent.render(
            new ResourceAgent.Settings(
                fake,
                Path.of("/etc/vifgate/vifgate.yaml"),
                Path.of("/run/vifgate"),
                Optional.of("lab-dom0")));
    Files.write(agent, rendered.revealBytes());
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private CommandResult agent(String... args) throws IOException {
    // Heartbeat gives resource scripts a bare environment; the agent must not need PATH.
    List<String> argv = new java.util.ArrayList<>(List.of("env", "-i", agent.toString()));
    argv.addAll(List.of(args));
    return new ProcessRunner().run(Command.of(argv));
  }

  private List<String> calls() throws IOException {
    Path calls = fake.resolveSibling("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private void answer(String subcommand, int rc, String stdout) throws IOException {
    Files.writeString(fake.resolveSibling("rc-" + subcommand), Integer.toString(rc));
    if (stdout != null) {
      Files.writeString(fake.resolveSibling("out-" + subcommand), stdout);
    }
  }

  @Test
  void startMakesThisHostActive() throws IOException {
    CommandResult result = agent("start");
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals(
        List.of(
            "role active -c /etc/vifgate/vifgate.yaml --state-dir /run/vifgate --netns lab-dom0"
                + " --by heartbeat start"),
        calls());
    assertEquals("", result.stdout(), "start prints nothing on stdout");
    assertTrue(
        result.stderr().contains("vifgate agent: start: this host is active"), result.stderr());
    assertEquals(
        1,
        result.stderr().lines().filter(l -> l.startsWith("vifgate agent:")).count(),
        result.stderr());
  }

  @Test
  void aStartThatFailsFails() throws IOException {
    answer("role", 1, null);
    CommandResult result = agent("start");
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("start FAILED (vifgate exit 1)"), result.stderr());
  }

  @Test
  void stopMakesThisHostPassive() throws IOException {
    CommandResult result = agent("stop");
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals(
        List.of(
            "role passive -c /etc/vifgate/vifgate.yaml --state-dir /run/vifgate --netns lab-dom0"
                + " --by heartbeat stop"),
        calls());
    assertTrue(result.stderr().contains("stop: this host is passive"), result.stderr());
  }

  @Test
  void aStopThatCannotCompleteFailsLoudlyNeverSucceeds() throws IOException {
    for (int rc : new int[] {1, 2, 127}) {
      answer("role", rc, null);
      CommandResult result = agent("stop");
      assertEquals(1, result.exitCode(), "vifgate exit " + rc);
      assertTrue(
          result.stderr().contains("stop FAILED (vifgate exit " + rc + ")"), result.stderr());
    }
  }

  @Test
  void aMissingLauncherFailsStartAndStop() throws IOException {
    Files.delete(fake);
    assertEquals(1, agent("stop").exitCode());
    assertEquals(1, agent("start").exitCode());
  }

  @Test
  void statusRunningAndStopped() throws IOException {
    answer("status", 0, "running\n");
    CommandResult running = agent("status");
    assertEquals(0, running.exitCode());
    assertEquals("running\n", running.stdout());
    assertEquals(
        "status --lsb -c /etc/vifgate/vifgate.yaml --state-dir /run/vifgate --netns lab-dom0",
        calls().get(0));

    answer("status", 3, "stopped\n");
    CommandResult stopped = agent("status");
    assertEquals(3, stopped.exitCode());
    assertEquals("stopped\n", stopped.stdout());
    assertFalse(stopped.stdout().toLowerCase().contains("running"), stopped.stdout());
    assertFalse(stopped.stdout().contains("OK"), stopped.stdout());
  }

  @Test
  void statusTheAgentCannotReadIsReportedAsRunningSoAFailedStopFences() throws IOException {
    answer("status", 1, "");
    CommandResult broken = agent("status");
    assertEquals("running\n", broken.stdout());
    assertEquals(4, broken.exitCode());
    assertTrue(broken.stderr().contains("unknown"), broken.stderr());

    // Disagreeing text and code are unknown too.
    answer("status", 0, "stopped\n");
    assertEquals("running\n", agent("status").stdout());

    Files.delete(fake);
    CommandResult missing = agent("status");
    assertEquals("running\n", missing.stdout());
    assertEquals(4, missing.exitCode());
  }

  @Test
  void heartbeatsOwnMatchReadsOurStatusTextRight() throws IOException {
    // ResourceManager's we_own_resource, verbatim in spirit: "not ... running" first, then
    // running/OK.
    String matcher =
        "case `\"$0\" status` in *[Nn][Oo][Tt]\\ *[Rr]unning*) echo stopped;;"
            + " *[Rr]unning*|*OK*) echo running;; *) echo stopped;; esac";
    answer("status", 3, "stopped\n");
    assertEquals(
        "stopped\n",
        new ProcessRunner().run(Command.of("bash", "-c", matcher, agent.toString())).stdout());
    answer("status", 0, "running\n");
    assertEquals(
        "running\n",
        new ProcessRunner().run(Command.of("bash", "-c", matcher, agent.toString())).stdout());
  }

  @Test
  void restartStopsThenStarts() throws IOException {
    CommandResult result = agent("restart");
    assertEquals(0, result.exitCode(), result.stderr());
    List<String> calls = calls();
    assertEquals(2, calls.size(), calls.toString());
    assertTrue(
        calls.get(0).startsWith("role passive ") && calls.get(0).endsWith("--by heartbeat restart"),
        calls.toString());
    assertTrue(
        calls.get(1).startsWith("role active ") && calls.get(1).endsWith("--by heartbeat start"),
        calls.toString());
  }

  @Test
  void aRestartWhoseStopFailsDoesNotStart() throws IOException {
    answer("role", 1, null);
    assertEquals(1, agent("restart").exitCode());
    assertEquals(1, calls().size(), calls().toString());
  }

  @Test
  void anUnknownActionIsAUsageError() throws IOException {
    CommandResult result = agent("monitor");
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("usage:"), result.stderr());
    assertEquals(List.of(), calls());
    assertEquals(2, agent().exitCode());
  }
}
