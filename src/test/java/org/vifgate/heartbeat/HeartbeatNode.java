package org.vifgate.heartbeat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;

/**
 * One real Heartbeat 3.0.6 node on this machine, for integration tests.
 *
 * <p>The node is {@code hb-node.sh} running as PID 1 of new PID, mount, UTS and IPC namespaces
 * ({@code unshare}), inside the network namespace given ({@code ip netns exec}). Its {@code
 * /etc/ha.d}, {@code /var/lib/heartbeat}, {@code /run} and {@code /var/log} are bind mounts of
 * directories under {@link #dir()}, made only inside its own mount namespace, so the test reads the
 * node's files directly ({@link #hostPath}).
 *
 * <p>Safety: when a resource fails to stop, Heartbeat kills itself and reboots the machine. The
 * script therefore proves it is not in the host's namespaces before its first mount, and shadows
 * /sbin/reboot and /sbin/init (their real targets) with a stub that only logs. Then {@link #launch}
 * checks all of it again from outside; only then does Heartbeat start ({@link #go}). Anything
 * unverifiable aborts the node before Heartbeat runs. Processes are only ever killed by the handle
 * of a process this class started or found as its descendant, never by name.
 */
public final class HeartbeatNode {

  static final String HEARTBEAT = "/usr/libexec/heartbeat/heartbeat";
  private static final Duration STEP = Duration.ofMillis(20);

  /** Where the node's private directories are mounted, and their names under {@link #dir()}. */
  private static final Map<String, String> MOUNTS =
      Map.of(
          "/etc/ha.d", "ha.d",
          "/var/lib/heartbeat", "lib-heartbeat",
          "/run", "run",
          "/var/log", "log");

  /** A kill of this node's Heartbeat: when it happened, on both clocks. */
  public record Kill(Instant wall, long nanos) {}

  private final String name;
  private final boolean home;
  private final String netns;
  private final Path dir;
  private final CommandRunner runner;
  private final String ip;
  private final String unshare;
  private final String nsenter;
  private List<String> unshareFlags =
      List.of("--pid", "--fork", "--mount-proc", "--mount", "--uts", "--ipc");
  private Process process;
  private ProcessHandle init;

  HeartbeatNode(
      String name, boolean home, String netns, Path dir, CommandRunner runner, Programs programs) {
    this.name = name;
    this.home = home;
    this.netns = netns;
    this.dir = dir;
    this.runner = runner;
    this.ip = programs.ip();
    this.unshare = programs.unshare();
    this.nsenter = programs.nsenter();
  }

  /** The absolute paths of the programs the harness runs on the host. */
  record Programs(String ip, String unshare, String nsenter) {}

  public String name() {
    return name;
  }

  /** Whether this is the preferred node, the one haresources names. */
  public boolean home() {
    return home;
  }

  public String netns() {
    return netns;
  }

  /** The node's directory on the host: ha.d/, lib-heartbeat/, run/, log/, console.log. */
  public Path dir() {
    return dir;
  }

  /** The node's {@code /etc/ha.d}, where its configuration is written before it starts. */
  public Path haDir() {
    return dir.resolve("ha.d");
  }

  /** Where a path inside the node (under /run, /var/log, /etc/ha.d, /var/lib/heartbeat) is. */
  public Path hostPath(String nodePath) {
    for (Map.Entry<String, String> mount : MOUNTS.entrySet()) {
      String prefix = mount.getKey();
      if (nodePath.equals(prefix) || nodePath.startsWith(prefix + "/")) {
        return dir.resolve(mount.getValue() + nodePath.substring(prefix.length()));
      }
    }
    throw new IllegalArgumentException(
        nodePath + " is not in one of the node's private directories");
  }

  /** Creates the node's directories: copies of the host's /etc/ha.d and /var/lib/heartbeat. */
  void prepare() throws IOException {
    for (String sub : MOUNTS.values()) {
      Files.createDirectories(dir.resolve(sub));
    }
    run(Command.of("cp", "-a", "/etc/ha.d/.", haDir() + "/"));
    run(Command.of("cp", "-a", "/var/lib/heartbeat/.", dir.resolve("lib-heartbeat") + "/"));
    // Each node must generate its own UUID: a shared one makes the pair one node to Heartbeat.
    Files.deleteIfExists(dir.resolve("lib-heartbeat/hb_uuid"));
    installExecutable(dir.resolve("hb-node.sh"), resource("hb-node.sh"));
    installExecutable(dir.resolve("reboot-stub"), resource("reboot-stub.sh"));
  }

  /** Installs the resource script as /etc/ha.d/resource.d/NAME in the node. */
  void installResource(TestResource resource) throws IOException {
    Path script = haDir().resolve("resource.d").resolve(resource.scriptName());
    installExecutable(script, resource.scriptContent());
  }

  /**
   * Starts the node's namespaces and waits until the script has set them up, then verifies its
   * isolation from outside. Heartbeat does not run yet: {@link #go()} starts it.
   */
  void launch(Namespaces host) throws IOException {
    launch(host, host);
  }

  /**
   * As {@link #launch(Namespaces)}, but the script is told {@code toldToScript} as the host's
   * namespaces: only the safety tests lie to it, to prove the harness's own check from outside.
   */
  void launch(Namespaces toldToScript, Namespaces host) throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("node " + name + " is already running");
    }
    for (String marker : List.of("ready", "go", "aborted", "heartbeat.nspid")) {
      Files.deleteIfExists(dir.resolve(marker));
    }
    // A boot starts with an empty /run (it is a tmpfs on a real host).
    deleteContents(dir.resolve("run"));
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(ip, "netns", "exec", netns));
    argv.add(unshare);
    argv.addAll(unshareFlags);
    argv.addAll(List.of("--propagation", "private", "--kill-child=SIGKILL", "--"));
    argv.addAll(List.of("/bin/bash", dir.resolve("hb-node.sh").toString(), name, dir.toString()));
    for (String kind : Namespaces.KINDS) {
      argv.add(toldToScript.id(kind));
    }
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("LC_ALL", "C");
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
    process = builder.start();
    try {
      init = awaitInit();
      // A boot hook (a JVM start or two) may run before ready; allow for a busy machine.
      awaitMarker("ready", Duration.ofSeconds(30));
      verifyIsolation(host);
    } catch (IOException | RuntimeException e) {
      try {
        stop();
      } catch (IOException | RuntimeException stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
  }

  /** For the safety tests only: which namespaces unshare creates. */
  void unshareFlags(List<String> flags) {
    this.unshareFlags = List.copyOf(flags);
  }

  /** Lets the script start Heartbeat, and waits until it has. */
  void go() throws IOException {
    Files.writeString(dir.resolve("go"), "go\n");
    awaitMarker("heartbeat.nspid", Duration.ofSeconds(10));
  }

  /** {@link #launch} and {@link #go} in one: starts (or restarts after {@link #stop}) the node. */
  public void start(Namespaces host) throws IOException {
    launch(host);
    go();
  }

  /** The host PID of the node's init (the script, PID 1 inside). */
  public long initPid() {
    if (init == null) {
      throw new IllegalStateException("node " + name + " is not running");
    }
    return init.pid();
  }

  /** Heartbeat's master control process, if it runs. Found by its PID inside the node. */
  public Optional<ProcessHandle> heartbeatProcess() throws IOException {
    Path pidFile = dir.resolve("heartbeat.nspid");
    if (init == null || !init.isAlive() || !Files.exists(pidFile)) {
      return Optional.empty();
    }
    long nsPid = Long.parseLong(Files.readString(pidFile).strip());
    for (ProcessHandle child : init.children().toList()) {
      try {
        List<Long> pids = Namespaces.nsPids(child.pid());
        Path exe = Files.readSymbolicLink(Path.of("/proc/" + child.pid() + "/exe"));
        if (pids.get(pids.size() - 1) == nsPid && exe.toString().equals(HEARTBEAT)) {
          return Optional.of(child);
        }
      } catch (IOException e) {
        // The child exited while we looked at it.
      }
    }
    return Optional.empty();
  }

  public boolean heartbeatRunning() throws IOException {
    return heartbeatProcess().isPresent();
  }

  /**
   * Kills Heartbeat's master control process with SIGKILL, as a crash would: it gets no chance to
   * stop its resources (its children notice and exit). Returns when it is gone.
   */
  public Kill killHeartbeat() throws IOException {
    ProcessHandle heartbeat =
        heartbeatProcess()
            .orElseThrow(() -> new IllegalStateException("heartbeat is not running on " + name));
    Instant wall = Instant.now();
    long nanos = System.nanoTime();
    if (!heartbeat.destroyForcibly()) {
      throw new IOException("could not kill heartbeat (pid " + heartbeat.pid() + ") on " + name);
    }
    awaitGone(List.of(heartbeat), Duration.ofSeconds(5));
    return new Kill(wall, nanos);
  }

  /** Runs a command inside the node's namespaces (nsenter). */
  public CommandResult exec(String... argv) throws IOException {
    List<String> full = new ArrayList<>();
    full.addAll(
        List.of(
            nsenter,
            "--target",
            Long.toString(initPid()),
            "--mount",
            "--uts",
            "--ipc",
            "--net",
            "--pid",
            "--"));
    full.addAll(Arrays.asList(argv));
    return runner.run(Command.of(full).withTimeout(Duration.ofSeconds(15)));
  }

  /** {@code cl_status ARGS} in the node: Heartbeat's own view, e.g. {@code rscstatus}. */
  public String clStatus(String... args) throws IOException {
    String[] argv = new String[args.length + 1];
    argv[0] = "cl_status";
    System.arraycopy(args, 0, argv, 1, args.length);
    CommandResult result = exec(argv);
    return (result.stdout() + result.stderr()).strip();
  }

  /**
   * Whether Heartbeat on this node says it holds the resource group, by {@code cl_status
   * rscstatus}: {@code local} means "holds its own resources" and {@code foreign} "holds the
   * peer's", so with the one group of vifgate's haresources the preferred (home) node holds it at
   * {@code local} or {@code all}, the other node at {@code foreign} or {@code all}. (The other node
   * reports {@code local} while holding nothing: it has no resources of its own.)
   */
  public boolean holdsResourcesPerHeartbeat() throws IOException {
    if (!heartbeatRunning()) {
      return false;
    }
    String status = clStatus("rscstatus");
    return status.equals("all") || status.equals(home ? "local" : "foreign");
  }

  /** What the reboot stub logged: every attempt Heartbeat made to reboot. Empty is good. */
  public String rebootAttempts() throws IOException {
    Path log = hostPath("/var/log/reboot-stub.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * Ends the node: SIGKILLs its init (the script, PID 1 of the node's PID namespace), which takes
   * every process of that namespace with it; unshare, this class's child, then exits and is reaped
   * here, so nothing is left for the host to reap. If the init is unknown, the unshare process is
   * killed instead (its death SIGKILLs the init). Returns when all of them are gone. Safe to call
   * twice.
   */
  public void stop() throws IOException {
    List<ProcessHandle> all = new ArrayList<>();
    if (init != null) {
      all.add(init);
      all.addAll(init.descendants().toList());
    }
    if (init != null && init.isAlive()) {
      init.destroyForcibly();
    } else if (process != null) {
      process.destroyForcibly();
    }
    if (process != null) {
      all.add(process.toHandle());
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping node " + name, e);
      }
    }
    awaitGone(all, Duration.ofSeconds(10));
  }

  /** The node's console, Heartbeat's log and the resource's calls, for a failure report. */
  public void printDiagnostics(PrintStream out) {
    out.println("===== node " + name + " (netns " + netns + ", dir " + dir + ")");
    for (String file :
        List.of(
            "aborted",
            "console.log",
            "log/ha-log",
            "log/ha-debug",
            "log/reboot-stub.log",
            "run/hbtest/calls")) {
      Path path = dir.resolve(file);
      if (Files.exists(path)) {
        out.println("----- " + file);
        try {
          List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
          lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(out::println);
        } catch (IOException e) {
          out.println("(cannot read: " + e + ")");
        }
      }
    }
  }

  private ProcessHandle awaitInit() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (ProcessHandle child : process.toHandle().children().toList()) {
        List<Long> pids;
        try {
          pids = Namespaces.nsPids(child.pid());
        } catch (IOException e) {
          continue;
        }
        if (pids.size() == 2 && pids.get(1) == 1L) {
          return child;
        }
      }
      if (!process.isAlive()) {
        throwIfAborted();
        throw new IOException("node " + name + " exited before its init started: " + console());
      }
      sleep(STEP);
    }
    throw new IOException(
        "node " + name + ": no init in a new PID namespace after 10 s: " + console());
  }

  private void awaitMarker(String marker, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(dir.resolve(marker))) {
      throwIfAborted();
      if (!process.isAlive()) {
        throwIfAborted();
        throw new IOException(
            "node " + name + " exited (" + process.exitValue() + "): " + console());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "node " + name + ": no '" + marker + "' within " + timeout + ": " + console());
      }
      sleep(STEP);
    }
  }

  /** The script refused to go on (its own isolation check failed): a loud, typed failure. */
  private void throwIfAborted() throws IOException {
    Path aborted = dir.resolve("aborted");
    if (Files.exists(aborted)) {
      throw new IllegalStateException(
          "ABORT: node "
              + name
              + " refused to run, Heartbeat was not started: "
              + Files.readString(aborted).strip());
    }
  }

  /**
   * Checks from outside what the script checked from inside, before Heartbeat may start: its own
   * PID, mount, UTS, IPC and network namespaces, the reboot stub in place of the real targets in
   * the node and only there, the node's private directories mounted in the node and not on the
   * host, and no mount of ours visible in the host's mount table.
   */
  private void verifyIsolation(Namespaces host) throws IOException {
    List<String> problems = new ArrayList<>();
    long pid = init.pid();
    List<Long> pids = Namespaces.nsPids(pid);
    if (pids.size() != 2 || pids.get(1) != 1L) {
      problems.add("init is not PID 1 of a nested PID namespace (NSpid " + pids + ")");
    }
    List<String> shared = Namespaces.ofPid(pid).sharedWith(host);
    if (!shared.isEmpty()) {
      problems.add("shares the host's " + shared + " namespace(s)");
    }
    Path root = Path.of("/proc/" + pid + "/root");
    byte[] stub = Files.readAllBytes(dir.resolve("reboot-stub"));
    for (String link : List.of("/sbin/reboot", "/sbin/init")) {
      if (!Files.exists(Path.of(link))) {
        continue;
      }
      Path target = Path.of(link).toRealPath();
      if (!Arrays.equals(stub, Files.readAllBytes(root.resolve(relative(target))))) {
        problems.add(link + " (" + target + ") is not the stub inside the node");
      }
      if (Arrays.equals(stub, Files.readAllBytes(target))) {
        problems.add(link + " (" + target + ") is the stub on the HOST: a mount leaked");
      }
    }
    for (Map.Entry<String, String> mount : MOUNTS.entrySet()) {
      Path mine = dir.resolve(mount.getValue());
      if (!Files.isSameFile(root.resolve(relative(Path.of(mount.getKey()))), mine)) {
        problems.add(mount.getKey() + " in the node is not " + mine);
      }
      if (Files.isSameFile(Path.of(mount.getKey()), mine)) {
        problems.add(mount.getKey() + " on the HOST is " + mine + ": a mount leaked");
      }
    }
    if (Files.readString(Path.of("/proc/self/mountinfo")).contains(dir.toString())) {
      problems.add("the host's mount table shows a mount of " + dir);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "ABORT: node " + name + " is not isolated, Heartbeat was not started: " + problems);
    }
  }

  private static Path relative(Path absolute) {
    return Path.of("/").relativize(absolute);
  }

  private static void awaitGone(List<ProcessHandle> handles, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (handles.stream().anyMatch(HeartbeatNode::running)) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "processes still alive after "
                + timeout
                + ": "
                + handles.stream().filter(HeartbeatNode::running).map(ProcessHandle::pid).toList());
      }
      sleep(STEP);
    }
  }

  /**
   * Alive and not a zombie. An orphan's zombie waits for the host's init to reap it (slowly, on
   * this machine), but it runs nothing and holds no mount.
   */
  private static boolean running(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + handle.pid() + "/stat"));
      // The state follows the command name, which is in parentheses and may contain anything.
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private String console() {
    try {
      String text = Files.readString(dir.resolve("console.log"));
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no console: " + e + ")";
    }
  }

  private void run(Command command) throws IOException {
    CommandResult result = runner.run(command);
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = HeartbeatNode.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is not on the test classpath");
      }
      return in.readAllBytes();
    }
  }

  private static void installExecutable(Path path, byte[] content) throws IOException {
    Files.write(path, content);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void deleteContents(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        TempTree.delete(entry);
      }
    }
  }

  static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
