package org.vifgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.heartbeat.RenderedFile;
import org.vifgate.heartbeat.ResourceAgent;
import org.vifgate.it.WatcherProcess;
import org.vifgate.lab.Dom0Lab;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Recipe;
import org.vifgate.netfilter.model.Backend;

/**
 * The watcher's benchmark (bench/watch): per backend, in a lab dom0 and its twin,
 *
 * <ol>
 *   <li>the original recipe's hand-made pair ({@code iptables -R FORWARD 5 ...; arptables -R
 *       FORWARD 5 ...}) in the twin, each command through {@code ip netns exec} as vifgate's own
 *       tools run, one pair before each flip of the next item;
 *   <li>a role flip handed to the running watcher by the resource agent: the agent {@code vifgate
 *       render} installs, run as Heartbeat runs it ({@code env -i AGENT start|stop}), timed from
 *       its start to its exit, which comes only after the watcher applied and read back the rules;
 *   <li>a file write (atomic rename) to converged rules: from just before the rename to the
 *       watcher's "applied" log line, which it writes after the read-back.
 * </ol>
 *
 * The watcher runs through bin/vifgate (as the systemd unit does) with its state on a tmpfs
 * (/dev/shm, as /run is on a real host). Prints a Markdown table.
 *
 * <p>Usage: {@code WatchBench ROOT [RUNS]} with ROOT the checkout (for bin/vifgate).
 */
public final class WatchBench {

  private static final String PREFIX = "vgwbench";

  private final Path root;
  private final int runs;
  private final ProcessRunner runner = new ProcessRunner();
  private final Tools tools = Tools.system();

  private WatchBench(Path root, int runs) {
    this.root = root;
    this.runs = runs;
  }

  /** The pause after each flip through the watcher (not timed): its read-back runs then. */
  static final long FLIP_SPACING_MS = 200;

  /**
   * The pause before the agent's flip, after the pair (environment QUIET_MS, default 200; 0 times
   * the flip right after the pair, on a machine the pair has just woken up).
   */
  static final long QUIET_MS = Long.parseLong(System.getenv().getOrDefault("QUIET_MS", "200"));

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    WatchBench bench = new WatchBench(root, runs);
    String before = bench.load();
    List<String> rows = new ArrayList<>();
    for (Backend backend : List.of(Backend.NFT, Backend.LEGACY)) {
      rows.add(bench.measure(backend));
    }
    String after = bench.load();
    System.out.println();
    System.out.println(
        "runs per figure: " + runs + "; load average before: " + before + ", after: " + after);
    System.out.println();
    System.out.println(
        "| backend | hand-made pair (median / p90) | flip via watcher, agent end to end (median /"
            + " p90) | ratio (medians) | file write to converged (median / p90) |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[0]
        + " "
        + Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[1]
        + " "
        + Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[2];
  }

  private String measure(Backend backend) throws Exception {
    String prefix = PREFIX + backend.id().charAt(0);
    Dom0Lab.cleanupStale(runner, tools, prefix);
    Path work = Files.createTempDirectory("vgwbench");
    Path state = Files.createTempDirectory(Path.of("/dev/shm"), "vgwbench-state");
    Dom0Lab.cleanupStale(runner, tools, prefix + "p");
    try (Dom0Lab lab = Dom0Lab.create(runner, tools, prefix, LabOptions.defaults());
        Dom0Lab twin = Dom0Lab.create(runner, tools, prefix + "p", LabOptions.defaults())) {
      // The recipe lives in a twin dom0 (the watcher would migrate it away), and its pair runs
      // alternately with the watcher's flips, so that the machine's load weighs on both alike.
      CommandRunner pairDom0 = twin.dom0Runner();
      Recipe.run(pairDom0, Recipe.install(backend, Recipe.State.BLOCKED, tools));
      List<Long> recipe = new ArrayList<>();
      Path config = work.resolve("vifgate.yaml");
      writeConfig(config, backend, List.of("vif0.0"));
      List<String> argv =
          List.of(
              root.resolve("bin/vifgate").toString(),
              "watch",
              "-c",
              config.toString(),
              "--netns",
              lab.dom0Namespace(),
              "--state-dir",
              state.toString(),
              "--log-format",
              "json",
              "--resync",
              "3600s");
      try (WatcherProcess watcher = WatcherProcess.start(argv, Map.of())) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(120));
        Path agent = work.resolve("resource-agent");
        RenderedFile rendered =
            ResourceAgent.render(
                new ResourceAgent.Settings(
                    root.resolve("bin/vifgate"), config, state, Optional.of(lab.dom0Namespace())));
        Files.write(agent, rendered.revealBytes());
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Long> flips = flips(agent, pairDom0, backend, recipe);
        // Every read-back after a flip found the rules in place, and nothing failed.
        for (String bad : List.of("drift-repaired", "error")) {
          if (!watcher.events(bad).isEmpty()) {
            throw new IOException("the watcher logged " + bad + ": " + watcher.log());
          }
        }
        List<WatcherProcess.Line> roles = watcher.events("role");
        List<Long> inWatcher =
            roles.subList(roles.size() - runs, roles.size()).stream()
                .map(l -> l.json().get("ms").asLong() * 1_000_000)
                .toList();
        List<Long> writes = fileWrites(watcher, config, backend);
        return String.format(
            Locale.ROOT,
            "| %s | %.1f / %.1f ms | %.1f / %.1f ms (reconcile %.0f ms) | %.2f | %.1f / %.1f ms |",
            backend.id(),
            median(recipe),
            p90(recipe),
            median(flips),
            p90(flips),
            median(inWatcher),
            median(flips) / median(recipe),
            median(writes),
            p90(writes));
      }
    } finally {
      deleteTree(work);
      deleteTree(state);
    }
  }

  /** The recipe's pair: unblock on even runs, block on odd ones. */
  private long recipePair(CommandRunner dom0, Backend backend, int i) throws IOException {
    List<Command> pair = i % 2 == 0 ? Recipe.unblock(backend, tools) : Recipe.block(backend, tools);
    long start = System.nanoTime();
    Recipe.run(dom0, pair);
    return System.nanoTime() - start;
  }

  /**
   * Heartbeat's start and stop, alternately: the rendered agent in a bare environment; each one
   * after one flip of the recipe's pair in the twin dom0 (its times go to {@code recipe}).
   */
  private List<Long> flips(Path agent, CommandRunner pairDom0, Backend backend, List<Long> recipe)
      throws IOException, InterruptedException {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs + 5; i++) {
      long pair = recipePair(pairDom0, backend, i);
      if (i >= 5) {
        recipe.add(pair);
      }
      // Both sides start from the same quiet machine (an idle machine makes the first command
      // slower; measuring one side right after the other would favour the second).
      Thread.sleep(QUIET_MS);
      String action = i % 2 == 0 ? "start" : "stop";
      String role = i % 2 == 0 ? "active" : "passive";
      CommandResult result = runner.run(Command.of("env", "-i", agent.toString(), action));
      if (!result.succeeded() || !result.stderr().contains("vifgate watch: ok " + role)) {
        throw new IOException(action + " failed: " + result.stdout() + result.stderr());
      }
      if (i >= 5) {
        times.add(result.elapsed().toNanos());
      }
      // Heartbeat's flips are seconds apart; the read-back the watcher runs after answering a flip
      // that went in without a read must not be timed as part of the next flip.
      Thread.sleep(FLIP_SPACING_MS);
    }
    return times;
  }

  /** Alternates the dom0 ports (the runtime role overrides the file's role by now). */
  private List<Long> fileWrites(WatcherProcess watcher, Path config, Backend backend)
      throws Exception {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs + 5; i++) {
      List<String> vifs = i % 2 == 0 ? List.of("vif0.0", "vif0.1") : List.of("vif0.0");
      int mark = watcher.mark();
      long start = System.nanoTime();
      writeConfig(config, backend, vifs);
      WatcherProcess.Line applied = watcher.awaitEvent(mark, "applied", Duration.ofSeconds(10));
      if (i >= 5) {
        times.add(applied.nanos() - start);
      }
      Thread.sleep(100);
    }
    return times;
  }

  private static void writeConfig(Path config, Backend backend, List<String> vifs)
      throws IOException {
    String yaml =
        "version: 1\nnode: XEN-A\nrole: passive\nbackend: "
            + backend.id()
            + "\nmanageSysctls: true\n"
            + "dom0:\n  vifs: ["
            + String.join(", ", vifs)
            + "]\n"
            + "bridges:\n  - {name: xenbr0, uplink: peth0}\n";
    Path temp = config.resolveSibling(".vifgate.yaml.tmp");
    Files.writeString(temp, yaml);
    Files.move(temp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static double median(List<Long> nanos) {
    return percentile(nanos, 50);
  }

  private static double p90(List<Long> nanos) {
    return percentile(nanos, 90);
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
