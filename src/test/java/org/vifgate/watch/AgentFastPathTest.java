package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.heartbeat.RenderedFile;
import org.vifgate.heartbeat.ResourceAgent;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.reconcile.BackendSelection;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.state.StateDir;

/**
 * The resource agent's bash functions (agent-fastpath.sh) against a real watcher loop on real
 * FIFOs, with a fake host: the protocol, the answers and exit codes, the fallback, and that a
 * request left behind by an agent that gave up is harmless. The same functions run against the real
 * kernel in WatchRoleIT.
 */
class AgentFastPathTest {

  @TempDir Path dir;

  private Path script;
  private Path state;
  private Path config;
  private final ProcessRunner runner = new ProcessRunner();
  private final List<Process> dummies = new ArrayList<>();
  private final HostFake host = new HostFake();
  private final Inbox inbox = Inbox.queue();
  private Watcher watcher;
  private Thread loop;
  private ControlChannel control;
  private Instance instance;
  private final java.io.StringWriter logText = new java.io.StringWriter();

  /** Records roles; fails or hangs on demand. */
  static final class HostFake implements Target {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<Role> recorded = new AtomicReference<>();
    volatile String failWith;
    volatile long delayMillis;

    @Override
    public Outcome reconcile(DesiredState s) throws ReconcileException {
      calls.add("reconcile");
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failWith != null) {
        throw new ReconcileException(failWith);
      }
      Role role = recorded.get() == null ? s.role() : recorded.get();
      return new Outcome(
          new BackendSelection(Backend.NFT, "fake"), role, "fake", Plan.empty(), false, List.of());
    }

    @Override
    public void recordRole(Role role, String by) {
      calls.add("record " + role.id() + " by " + by);
      recorded.set(role);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    script = dir.resolve("agent-fastpath.sh");
    try (InputStream in =
        AgentFastPathTest.class.getResourceAsStream("/org/vifgate/watch/agent-fastpath.sh")) {
      Files.copy(in, script);
    }
    config = dir.resolve("vifgate.yaml");
    state = new StateDir(dir.resolve("run"), config).dir();
    Files.createDirectories(state);
    Files.writeString(config, WatcherTest.yaml("passive"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (watcher != null) {
      watcher.requestStop("test end");
      loop.join(5000);
    }
    if (control != null) {
      control.close();
    }
    if (instance != null) {
      instance.close();
    }
    for (Process dummy : dummies) {
      dummy.destroyForcibly();
      dummy.waitFor();
    }
  }

  /** A process whose command line has the word `watch` in it, as a real watcher's has. */
  private long watchLookingProcess() throws IOException {
    Process process = new ProcessBuilder("bash", "-c", "exec -a watch sleep 120").start();
    dummies.add(process);
    return process.pid();
  }

  private void startWatcher(boolean readRequests) throws Exception {
    instance = Instance.claim(state, watchLookingProcess());
    control = ControlChannel.open(state, runner, Tools.system().require("mkfifo"));
    WatchLog log =
        new WatchLog(
            new java.io.PrintWriter(logText, true), WatchLog.Format.TEXT, false, Clock.systemUTC());
    watcher =
        new Watcher(
            config,
            ConfigReader.standard(),
            host,
            new FifoReplier(state),
            log,
            Clock.systemUTC(),
            inbox,
            WatchSettings.of(Duration.ofHours(1), Duration.ofMillis(20), Duration.ofSeconds(10)),
            dirs -> {});
    loop =
        new Thread(
            () -> {
              try {
                watcher.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    loop.start();
    if (readRequests) {
      control.start(inbox);
    }
  }

  /** Runs {@code FUNCTION ARGS...} from the script in a fresh bash. */
  private CommandResult agent(String function, String... args) throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of("bash", "-c", "source \"$0\" && \"$@\"", script.toString(), function));
    argv.addAll(List.of(args));
    return runner.run(Command.of(argv).withTimeout(Duration.ofSeconds(20)));
  }

  /**
   * Reply FIFOs and slot claims left behind once the watcher is done; the watcher's slots
   * themselves stay. The watcher tidies up just after it has written the answer, so the agent may
   * have returned a moment before: wait for that, briefly.
   */
  private List<Path> replyFifos() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    List<Path> left = leftovers();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      left = leftovers();
    }
    return left;
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("reply."))
          .filter(p -> !FifoReplier.isSlot(p.getFileName().toString()))
          .toList();
    }
  }

  @Test
  void aFreeSlotSparesTheAgentMkfifo() throws Exception {
    startWatcher(true);
    // No mkfifo (nor anything else) on PATH: only the bash builtins and the watcher's slots.
    List<String> argv =
        List.of("env", "PATH=/nonexistent", "/bin/bash", "-c", "source \"$0\" && \"$@\"",
            script.toString(), "vifgate_watch_role", "active", state.toString(), "hb", "5");
    CommandResult result = runner.run(Command.of(argv).withTimeout(Duration.ofSeconds(20)));
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().startsWith("vifgate watch: ok active"), result.stdout());
    assertEquals(List.of(), replyFifos(), "the claim was freed once answered");
  }

  @Test
  void anAnswerAboutAnotherRoleIsNotThisRequestsAnswer() throws Exception {
    startWatcher(false); // the loop runs, but this test answers the requests itself
    Path controlFifo = state.resolve(ControlChannel.NAME);
    Thread answerer =
        new Thread(
            () -> {
              try (java.nio.channels.FileChannel in =
                  java.nio.channels.FileChannel.open(
                      controlFifo,
                      java.nio.file.StandardOpenOption.READ,
                      java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(512);
                while (buffer.position() == 0 || buffer.get(buffer.position() - 1) != '\n') {
                  in.read(buffer);
                }
                String request = new String(buffer.array(), 0, buffer.position()).strip();
                new FifoReplier(state).send(request.split(" ")[2], "ok active left over by another sender");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    answerer.start();
    CommandResult result =
        agent("vifgate_role", "passive", state.toString(), "hb", "5", "echo", "fallback");
    answerer.join(5000);
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().contains("fallback"), "not taken as passive's answer: " + result.stdout());
  }

  @Test
  void everySlotTakenFallsBackToAFifoOfItsOwn() throws Exception {
    startWatcher(true);
    for (int i = 0; i < ControlChannel.SLOTS; i++) {
      Files.writeString(state.resolve("reply.slot." + i + FifoReplier.CLAIM), "");
    }
    CommandResult result = agent("vifgate_watch_role", "passive", state.toString(), "hb", "5");
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().startsWith("vifgate watch: ok passive"), result.stdout());
    Thread.sleep(100);
    assertEquals(ControlChannel.SLOTS, leftovers().size(), "other senders' claims are untouched");
    assertTrue(leftovers().stream().allMatch(p -> p.toString().endsWith(FifoReplier.CLAIM)));
  }

  @Test
  void aRunningWatcherAppliesTheRoleAndAnswersOk() throws Exception {
    startWatcher(true);
    CommandResult result =
        agent("vifgate_watch_role", "active", state.toString(), "heartbeat", "5");
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().startsWith("vifgate watch: ok active"), result.stdout());
    assertTrue(host.calls.contains("record active by heartbeat"), host.calls.toString());
    assertTrue(
        result.elapsed().toMillis() < 3000,
        "answered at once, not after the timeout: " + result.elapsed());
    assertEquals(List.of(), replyFifos(), "the reply FIFO is removed");
  }

  @Test
  void aFailedApplyIsExitOneAndNoFallback() throws Exception {
    startWatcher(true);
    host.failWith = "ebtables-nft-restore exited 4";
    CommandResult result =
        agent(
            "vifgate_role",
            "passive",
            state.toString(),
            "heartbeat",
            "5",
            "bash",
            "-c",
            "echo fallback ran; exit 0");
    assertEquals(1, result.exitCode(), result.stdout());
    assertTrue(
        result.stdout().contains("error passive not in place: ebtables-nft-restore exited 4"),
        result.stdout());
    assertFalse(
        result.stdout().contains("fallback ran"),
        "the watcher tried: no second attempt by a fresh JVM");
  }

  @Test
  void aRefusalFallsBackToTheCommand() throws Exception {
    Files.writeString(config, "version: [");
    startWatcher(true);
    CommandResult result =
        agent(
            "vifgate_role",
            "active",
            state.toString(),
            "heartbeat",
            "5",
            "bash",
            "-c",
            "echo fallback \"$0\"; exit 7",
            "role-active");
    assertEquals(7, result.exitCode(), "the fallback's exit code is the agent's");
    assertTrue(
        result.stdout().contains("vifgate watch: refused no valid desired state"), result.stdout());
    assertTrue(result.stdout().contains("fallback role-active"), result.stdout());
  }

  @Test
  void noWatcherFallsBackAtOnce() throws Exception {
    // Never ran: no control FIFO.
    CommandResult never =
        agent("vifgate_role", "active", state.toString(), "hb", "5", "echo", "fallback");
    assertEquals(0, never.exitCode());
    assertEquals("fallback\n", never.stdout());
    assertTrue(never.elapsed().toMillis() < 2000, never.elapsed().toString());
    // Ran and was killed: the FIFO and the pid file are there, the process is not.
    ControlChannel.open(state, runner, Tools.system().require("mkfifo")).close();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(state.resolve(Instance.PID_FILE), gone.pid() + "\n");
    CommandResult killed = agent("vifgate_watch_role", "active", state.toString(), "hb", "5");
    assertEquals(2, killed.exitCode());
    assertTrue(killed.elapsed().toMillis() < 2000, killed.elapsed().toString());
    // The pid belongs to some other program now.
    Files.writeString(state.resolve(Instance.PID_FILE), ProcessHandle.current().pid() + "\n");
    assertEquals(2, agent("vifgate_watch_role", "active", state.toString(), "hb", "5").exitCode());
    assertEquals(List.of(), replyFifos());
  }

  @Test
  void aHungWatcherCostsTheTimeoutAndItsStaleRequestIsHarmlessLater() throws Exception {
    // The watcher holds the FIFO open but does not read (stuck): the request waits in the pipe.
    startWatcher(false);
    CommandResult result =
        agent(
            "vifgate_role",
            "active",
            state.toString(),
            "heartbeat",
            "1",
            "bash",
            "-c",
            "echo fallback; exit 0");
    assertEquals(0, result.exitCode());
    assertTrue(result.stdout().contains("no answer within 1s"), result.stdout());
    assertTrue(result.stdout().contains("fallback"), result.stdout());
    assertTrue(result.elapsed().toMillis() >= 1000, result.elapsed().toString());
    // The watcher comes back to life and finds the old request: its sender is gone, so it is
    // dropped, and the role is not touched.
    control.start(inbox);
    long until = System.currentTimeMillis() + 5000;
    while (!logText.toString().contains("stale-request") && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertTrue(logText.toString().contains("stale-request"), logText.toString());
    assertFalse(host.calls.stream().anyMatch(c -> c.startsWith("record")), host.calls.toString());
    assertEquals(List.of(), replyFifos(), "the dropped request's slot is free again");
  }

  @Test
  void aSlowApplyIsWaitedForUpToTheTimeout() throws Exception {
    startWatcher(true);
    host.delayMillis = 700;
    CommandResult result = agent("vifgate_watch_role", "passive", state.toString(), "hb", "5");
    assertEquals(0, result.exitCode(), result.stdout());
    assertTrue(
        result.elapsed().toMillis() >= 700,
        "returns only after the rules are in place: " + result.elapsed());
  }

  @Test
  void badArgumentsNeverReachTheWatcher() throws Exception {
    startWatcher(true);
    for (String[] args :
        List.of(
            new String[] {"standby", state.toString(), "hb", "5"},
            new String[] {"active; reboot", state.toString(), "hb", "5"},
            new String[] {"active", state.toString(), "heart beat", "5"},
            new String[] {"active", state.toString(), "$(touch /tmp/pwned)", "5"},
            new String[] {"active", state.toString(), "hb", "5s"},
            new String[] {"active", "relative/dir", "hb", "5"},
            new String[] {"active", state + " x", "hb", "5"})) {
      CommandResult result = agent("vifgate_watch_role", args);
      assertEquals(
          2,
          result.exitCode(),
          String.join(" | ", args) + ": " + result.stdout() + result.stderr());
    }
    // The start-up reconcile runs on the watcher's own thread, maybe later on a loaded machine.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (host.calls.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    assertEquals(List.of("reconcile"), host.calls, "only the start-up reconcile happened");
    assertFalse(logText.toString().contains("bad-request"), logText.toString());
  }

  /** The agent `vifgate render` installs, with a fake launcher that records its calls. */
  private Path renderedAgent() throws IOException {
    Path fake = dir.resolve("vifgate");
    Files.writeString(fake, "#!/bin/bash\nprintf '%s\\n' \"$*\" >>\"$(dirname \"$0\")/calls\"\n");
    Files.setPosixFilePermissions(
        fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    RenderedFile rendered =
        ResourceAgent.render(
            new ResourceAgent.Settings(fake, config, dir.resolve("run"), Optional.empty()));
    Path agent = dir.resolve("agent");
    Files.write(agent, rendered.revealBytes());
    Files.setPosixFilePermissions(
        agent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return agent;
  }

  private CommandResult heartbeat(Path agent, String action) throws IOException {
    // Heartbeat runs resource scripts with a bare environment.
    return runner.run(
        Command.of("env", "-i", agent.toString(), action).withTimeout(Duration.ofSeconds(20)));
  }

  @Test
  void theRenderedAgentHandsStartAndStopToTheWatcher() throws Exception {
    startWatcher(true);
    Path agent = renderedAgent();
    CommandResult start = heartbeat(agent, "start");
    assertEquals(0, start.exitCode(), start.stderr());
    assertEquals("", start.stdout(), "stdout stays free for status");
    assertTrue(start.stderr().contains("vifgate watch: ok active"), start.stderr());
    assertTrue(start.stderr().contains("start: this host is active"), start.stderr());
    CommandResult stop = heartbeat(agent, "stop");
    assertEquals(0, stop.exitCode(), stop.stderr());
    assertEquals(
        List.of(
            "reconcile",
            "record active by heartbeat:start",
            "reconcile",
            "record passive by heartbeat:stop",
            "reconcile"),
        host.calls);
    assertFalse(
        Files.exists(dir.resolve("calls")), "no JVM was started: the launcher was never called");
  }

  @Test
  void theRenderedAgentFailsAStopTheWatcherCannotApplyWithoutASecondTry() throws Exception {
    startWatcher(true);
    host.failWith = "ebtables-nft-restore exited 4";
    CommandResult stop = heartbeat(renderedAgent(), "stop");
    assertEquals(1, stop.exitCode(), stop.stderr());
    assertTrue(stop.stderr().contains("stop FAILED (vifgate exit 1)"), stop.stderr());
    assertFalse(Files.exists(dir.resolve("calls")));
  }

  @Test
  void theRenderedAgentFallsBackToTheLauncherWhenTheWatcherIsGone() throws Exception {
    Path agent = renderedAgent();
    CommandResult start = heartbeat(agent, "start");
    assertEquals(0, start.exitCode(), start.stderr());
    List<String> calls = Files.readAllLines(dir.resolve("calls"));
    assertEquals(1, calls.size(), calls.toString());
    assertTrue(calls.get(0).startsWith("role active -c " + config), calls.toString());
    assertTrue(calls.get(0).endsWith("--by heartbeat start"), calls.toString());
  }
}
