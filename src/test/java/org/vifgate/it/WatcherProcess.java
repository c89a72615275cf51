package org.vifgate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.state.StateDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code vifgate watch} as a child JVM working on a lab (--netns, --state-dir, --log-format json),
 * as systemd would run it. Its log lines are collected with their arrival time. It is signalled and
 * killed by its PID only.
 */
public final class WatcherProcess implements AutoCloseable {

  /** One log line: when it arrived (System.nanoTime) and what it said. */
  public record Line(long nanos, JsonNode json, String raw) {
    public String event() {
      return json == null ? "" : json.get("event").asString();
    }

    public String message() {
      return json == null ? raw : json.get("message").asString();
    }
  }

  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final Thread reader;
  private boolean ended;

  private WatcherProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "watcher-log-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** JVM options of bin/vifgate (without the class-data-sharing archive). */
  static List<String> jvm() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(
        java,
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-cp",
        classpath(),
        "org.vifgate.cli.Main");
  }

  /** The test classpath: target/classes (or the jar) and every dependency. */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp;
  }

  /** {@code vifgate ARGS...} as a fresh JVM, e.g. the agent's fallback {@code vifgate role}. */
  public static List<String> vifgateCommand(String... args) {
    List<String> argv = new ArrayList<>(jvm());
    argv.addAll(List.of(args));
    return argv;
  }

  public static WatcherProcess start(LabFixture f, Map<String, String> env, String... extra)
      throws IOException {
    List<String> argv =
        vifgateCommand(
            "watch",
            "-c",
            f.config.toString(),
            "--netns",
            f.lab.dom0Namespace(),
            "--state-dir",
            f.stateDir.toString(),
            "--log-format",
            "json");
    argv.addAll(List.of(extra));
    return start(argv, env);
  }

  /** Starts any vifgate watch command line (it must log JSON). */
  public static WatcherProcess start(List<String> argv, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new WatcherProcess(builder.start());
  }

  /** The per-file state directory of a lab's configuration (where the FIFO and pid file live). */
  public static Path stateDirOf(LabFixture f) {
    return new StateDir(f.stateDir, f.config).dir();
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String raw;
      while ((raw = in.readLine()) != null) {
        JsonNode json;
        try {
          json = raw.startsWith("{") ? JsonMapper.shared().readTree(raw) : null;
        } catch (RuntimeException e) {
          json = null;
        }
        synchronized (lines) {
          lines.add(new Line(System.nanoTime(), json, raw));
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended.
    } finally {
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** How many lines have arrived: a mark for {@link #await(int, Predicate, Duration)}. */
  public int mark() {
    synchronized (lines) {
      return lines.size();
    }
  }

  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  public List<Line> events(String event) {
    return lines().stream().filter(l -> l.event().equals(event)).toList();
  }

  /** Waits for the first line from index {@code from} on that matches. */
  public Line await(int from, Predicate<Line> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (int i = from; i < lines.size(); i++) {
          if (match.test(lines.get(i))) {
            return lines.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError(
              "no matching log line within " + timeout + "; the log:\n" + log());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  public Line awaitEvent(int from, String event, Duration timeout) throws InterruptedException {
    return await(from, l -> l.event().equals(event), timeout);
  }

  /** Waits until the start-up reconcile is done (converged or not). */
  public Line awaitStarted(Duration timeout) throws InterruptedException {
    return await(
        0,
        l ->
            List.of("applied", "in-sync", "error", "invalid-file", "file-deleted")
                .contains(l.event()),
        timeout);
  }

  public String log() {
    StringBuilder text = new StringBuilder();
    for (Line line : lines()) {
      text.append(line.raw()).append('\n');
    }
    return text.toString();
  }

  /** Sends a signal to this process (by its PID, through kill(1)). */
  public void signal(String name) throws IOException {
    CommandResult result =
        new ProcessRunner().run(Command.of("/bin/kill", "-s", name, Long.toString(pid())));
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the watcher did not exit within " + timeout + "; the log:\n" + log());
    }
    reader.join(2000);
    return process.exitValue();
  }

  /** SIGKILLs the watcher (by its PID) if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Writes the agent's bash functions next to the lab's files and returns the path. */
  public static Path agentScript(LabFixture f) throws IOException {
    Path script = f.dir.resolve("agent-fastpath.sh");
    if (!Files.exists(script)) {
      try (var in =
          WatcherProcess.class.getResourceAsStream("/org/vifgate/watch/agent-fastpath.sh")) {
        Files.copy(in, script);
      }
    }
    return script;
  }

  /**
   * Runs the resource agent's fast path ({@code vifgate_role ROLE STATE_DIR heartbeat TIMEOUT
   * FALLBACK...}) in a fresh bash, as the resource script would, with {@code vifgate role} as the
   * fallback.
   */
  public static CommandResult agentRole(LabFixture f, String role, int timeoutSeconds)
      throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "/bin/bash",
                "-c",
                "source \"$0\" && vifgate_role \"$@\"",
                agentScript(f).toString(),
                role,
                stateDirOf(f).toString(),
                "heartbeat",
                Integer.toString(timeoutSeconds)));
    argv.addAll(
        vifgateCommand(
            "role",
            role,
            "-c",
            f.config.toString(),
            "--netns",
            f.lab.dom0Namespace(),
            "--state-dir",
            f.stateDir.toString(),
            "--by",
            "heartbeat"));
    return new ProcessRunner().run(Command.of(argv).withTimeout(Duration.ofSeconds(60)));
  }
}
