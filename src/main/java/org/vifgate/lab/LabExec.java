package org.vifgate.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.Tools;

/**
 * The lab's one door to processes: resolves tools to absolute paths, runs commands inside a lab
 * namespace, and turns unexpected failures into {@link IOException}s that name the command. Nothing
 * here ever runs a command in the caller's own network namespace except {@code ip netns
 * add/del/list}, which only manage namespace files.
 */
final class LabExec {

  static final Duration QUICK = Duration.ofSeconds(10);

  private final CommandRunner runner;
  private final Tools tools;
  private final Map<String, String> resolved = new ConcurrentHashMap<>();
  private final Map<String, Object> neighbourLocks = new ConcurrentHashMap<>();

  LabExec(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  CommandRunner runner() {
    return runner;
  }

  Tools tools() {
    return tools;
  }

  String tool(String name) {
    return resolved.computeIfAbsent(name, tools::require);
  }

  /** A command for a tool resolved to its absolute path. */
  Command command(String toolName, String... args) {
    List<String> argv = new ArrayList<>(args.length + 1);
    argv.add(tool(toolName));
    argv.addAll(List.of(args));
    return Command.of(argv).withTimeout(QUICK);
  }

  /** Runs {@code ip ARGS} in the caller's namespace: only for {@code ip netns ...}. */
  CommandResult netnsAdmin(String... args) throws IOException {
    return runner.run(command("ip", args));
  }

  /** Runs {@code ip -n NS ARGS} and fails unless it succeeds. */
  void ipIn(String netns, String... args) throws IOException {
    List<String> argv = new ArrayList<>(args.length + 3);
    argv.add(tool("ip"));
    argv.add("-n");
    argv.add(NetnsRunner.requireValidName(netns));
    argv.addAll(List.of(args));
    check(runner.run(Command.of(argv).withTimeout(QUICK)));
  }

  /** Runs a command inside a namespace ({@code ip netns exec}); the exit code is the caller's. */
  CommandResult runIn(String netns, Command command) throws IOException {
    return in(netns).run(command);
  }

  /** Runs a command inside a namespace and fails unless it succeeds. */
  CommandResult checkIn(String netns, Command command) throws IOException {
    return check(runIn(netns, command));
  }

  /**
   * Tells {@code at} (in {@code netns}) that {@code peer}'s IPv4 address is at its MAC, for good.
   */
  void pinNeighbour(String netns, Endpoint at, Endpoint peer) throws IOException {
    synchronized (neighbourLock(netns)) {
      ipIn(
          netns,
          "neigh",
          "replace",
          peer.ipv4(),
          "lladdr",
          peer.mac(),
          "dev",
          at.device(),
          "nud",
          "permanent");
    }
  }

  /**
   * Empties one family's neighbour entries on an endpoint's device, permanent ones included. A
   * flush that finds an entry gone between listing and deleting it fails with ENOENT; two lab
   * flushes never race (they are serialised per namespace), but the kernel's own garbage collection
   * can, so that failure is retried.
   */
  void flushNeighbours(String netns, Endpoint at, String family) throws IOException {
    Command flush =
        Command.of(
                tool("ip"),
                "-n",
                NetnsRunner.requireValidName(netns),
                family,
                "neigh",
                "flush",
                "dev",
                at.device(),
                "nud",
                "all")
            .withTimeout(QUICK);
    synchronized (neighbourLock(netns)) {
      CommandResult result = runner.run(flush);
      for (int retry = 0; retry < 3 && !result.succeeded() && lostARace(result); retry++) {
        result = runner.run(flush);
      }
      check(result);
    }
  }

  private static boolean lostARace(CommandResult result) {
    return result.stderr().contains("No such file or directory");
  }

  private Object neighbourLock(String netns) {
    return neighbourLocks.computeIfAbsent(netns, n -> new Object());
  }

  CommandRunner in(String netns) {
    return new NetnsRunner(runner, tool("ip"), netns);
  }

  static CommandResult check(CommandResult result) throws IOException {
    if (!result.succeeded()) {
      throw new IOException("lab: " + result.describeFailure());
    }
    return result;
  }

  /** Seconds with millisecond precision, as ping and timeout accept them. */
  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
