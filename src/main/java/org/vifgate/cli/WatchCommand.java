package org.vifgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vifgate.config.Durations;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.StandbyRunner;
import org.vifgate.exec.Tools;
import org.vifgate.state.StateDir;
import org.vifgate.watch.ConfigReader;
import org.vifgate.watch.ControlChannel;
import org.vifgate.watch.DirectoryWatch;
import org.vifgate.watch.FifoReplier;
import org.vifgate.watch.HostTarget;
import org.vifgate.watch.Inbox;
import org.vifgate.watch.Instance;
import org.vifgate.watch.WatchLog;
import org.vifgate.watch.WatchRuntime;
import org.vifgate.watch.WatchSettings;
import org.vifgate.watch.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Stay resident and keep this host converged: reconcile at start, whenever the file changes"
          + " (written in place, renamed over, symlink swapped, deleted and recreated), and every"
          + " --resync interval to repair drift. An invalid or deleted file changes nothing: the"
          + " last good desired state stays in force.",
      "",
      "Role flips from the Heartbeat resource agent reach the kernel through the watcher's control"
          + " FIFO (STATE_DIR/<file key>/control) without starting a JVM; `vifgate role` still"
          + " works when no watcher runs.",
      "",
      "SIGHUP reads the file and reconciles at once. SIGTERM and SIGINT finish the apply in flight"
          + " and exit 0; the rules stay as they are.",
      "",
      "Logs one line per event on stderr: `LEVEL EVENT: message key=value...` (with a syslog"
          + " priority prefix when stderr is the journal), or one JSON object per line.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate watch -c /etc/vifgate/vifgate.yaml",
      "  vifgate watch -c /etc/vifgate/vifgate.yaml --resync 10s --log-format json",
      "",
      "Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start (another watcher runs, the state"
          + " directory cannot be written), 64 usage."
    })
final class WatchCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOption config;
  @Mixin HostOptions host;

  @Option(
      names = "--resync",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Re-read the live rules and repair drift this often (default: ${DEFAULT-VALUE}).")
  String resync;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      defaultValue = "20ms",
      description =
          "Wait until the file has been quiet this long before reading it (default:"
              + " ${DEFAULT-VALUE}).")
  String debounce;

  @Option(
      names = "--retry-max",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Longest wait between retries of a failed reconcile; they start at 200ms and double"
              + " (default: ${DEFAULT-VALUE}).")
  String retryMax;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json (one object per line).")
  WatchLog.Format logFormat;

  @Override
  public Integer call() throws InterruptedException {
    WatchSettings settings = settings();
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    WatchLog log = new WatchLog(err, logFormat, WatchLog.stderrIsJournal(System.getenv()), clock);
    Path file = config.file.toAbsolutePath();
    StateDir stateDir = host.stateDir(file);
    Path dir = stateDir.dir();
    Tools tools = host.tools();
    Inbox inbox = Inbox.queue();
    try (Instance instance = Instance.claim(dir, ProcessHandle.current().pid());
        ControlChannel control =
            ControlChannel.open(dir, new ProcessRunner(), tools.require("mkfifo"));
        DirectoryWatch files = DirectoryWatch.start(FileSystems.getDefault(), inbox);
        StandbyRunner standby = host.standbyRunner(tools)) {
      Watcher watcher =
          new Watcher(
              file,
              ConfigReader.standard(),
              new HostTarget(host.residentHostReconciler(file, tools, standby), clock),
              new FifoReplier(dir),
              log,
              clock,
              inbox,
              settings,
              dirs -> warnUnwatched(log, files.watch(dirs)));
      log.info(
          "start",
          "watching " + file + (host.netns == null ? "" : " for network namespace " + host.netns),
          "pid",
          ProcessHandle.current().pid(),
          "stateDir",
          dir.toString(),
          "control",
          control.path().toString(),
          "resync",
          Durations.display(settings.resync()),
          "debounce",
          Durations.display(settings.debounce()));
      control.start(inbox);
      WatchRuntime.run(watcher, inbox, log);
      return ExitCodes.OK;
    } catch (Instance.AlreadyRunning e) {
      throw new UserFacingException("watch: " + e.getMessage());
    } catch (IOException e) {
      throw new UserFacingException("watch: cannot start: " + e.getMessage());
    }
  }

  /** Directories last reported as unwatchable: each is reported once, not at every look. */
  private Set<Path> unwatched = Set.of();

  private void warnUnwatched(WatchLog log, Set<Path> now) {
    for (Path dir : now) {
      if (!unwatched.contains(dir)) {
        log.warn(
            "unwatched", "cannot watch " + dir + " (missing?); the resync looks at the file anyway");
      }
    }
    unwatched = Set.copyOf(now);
  }

  private WatchSettings settings() {
    Duration resyncEvery = duration("--resync", resync);
    Duration quiet = duration("--debounce", debounce);
    Duration retry = duration("--retry-max", retryMax);
    try {
      return WatchSettings.of(resyncEvery, quiet, retry);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("watch: " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  private static Duration duration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(option + ": " + e.getMessage(), ExitCodes.USAGE);
    }
  }
}
