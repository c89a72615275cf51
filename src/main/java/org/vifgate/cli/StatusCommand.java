package org.vifgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.heartbeat.AtomicFileWriter;
import org.vifgate.heartbeat.HeartbeatConfigException;
import org.vifgate.heartbeat.HeartbeatFile;
import org.vifgate.heartbeat.Installation;
import org.vifgate.heartbeat.ResourceAgent;
import org.vifgate.reconcile.Outcome;
import org.vifgate.state.RuntimeState;
import org.vifgate.status.FileState;
import org.vifgate.status.InstalledFiles;
import org.vifgate.status.LsbStatus;
import org.vifgate.status.StatusCollector;
import org.vifgate.status.StatusReport;
import org.vifgate.status.SyncProbe;
import org.vifgate.status.SyncState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show who decides this host's role and what it is (the file's role, the runtime role"
          + " Heartbeat set, the effective role and why), the backend, whether the live rules are"
          + " in sync (a dry-run reconcile), and the state of the files `vifgate render` installs."
          + " Changes nothing.",
      "",
      "--lsb answers like an init script, for Heartbeat's resource agent: prints `running` (exit"
          + " 0) or `stopped` (exit 3). `stopped` means this host is passive and its guests are"
          + " cut off, or it is active but its rules are not in place yet; a host meant to be"
          + " passive whose guests are not verifiably cut off is `running`, and so is one whose"
          + " rules cannot be read (exit 4), so that Heartbeat never takes a failed stop for a"
          + " clean one.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate status -c /etc/vifgate/vifgate.yaml",
      "  vifgate status -c /etc/vifgate/vifgate.yaml --output json",
      "  vifgate status -c /etc/vifgate/vifgate.yaml --lsb",
      "",
      "Exit codes: 0 reported (with --lsb: running), 3 stopped (--lsb), 4 unknown (--lsb), 1 error."
    })
final class StatusCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin HostOptions host;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "/etc/ha.d",
      description = "Heartbeat's directory whose files to check (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--lsb", description = "Print only `running` or `stopped`, with LSB exit codes.")
  boolean lsb;

  @Option(
      names = "--vifgate",
      paramLabel = "PATH",
      description = "The launcher the installed agent should call (default: this installation's).")
  Path vifgate;

  @Override
  public Integer call() {
    return lsb ? lsb() : report();
  }

  private int lsb() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StatusReport report;
    try {
      DesiredState state = CliSupport.load(config.file, err);
      report = collector().collect(state, Optional.empty(), List.of());
    } catch (RuntimeException e) {
      // An unreadable file is an unknown status, and unknown is reported as running: see LsbStatus.
      err.println("vifgate: status unknown: " + e.getMessage());
      out.println(LsbStatus.UNKNOWN.text());
      return LsbStatus.UNKNOWN.exitCode();
    }
    report.syncError().ifPresent(e -> err.println("vifgate: status unknown: " + e));
    out.println(report.lsb().text());
    return report.lsb().exitCode();
  }

  private int report() {
    DesiredState state = CliSupport.load(config.file, spec.commandLine().getErr());
    Optional<Path> haDir = state.heartbeat().map(h -> outDir.toAbsolutePath().normalize());
    List<FileState> files = haDir.map(dir -> files(state, dir)).orElse(List.of());
    StatusReport report = collector().collect(state, haDir, files);
    StatusPrinter.print(spec.commandLine().getOut(), report, output);
    return ExitCodes.OK;
  }

  private StatusCollector collector() {
    SyncProbe probe =
        (state, role) -> {
          Outcome outcome =
              host.hostReconciler(config.file).reconcile(state, false, Optional.of(role));
          return new SyncState(
              outcome.backend().backend(),
              outcome.backend().reason(),
              outcome.plan().editCount(),
              outcome.notes());
        };
    return new StatusCollector(
        new RuntimeState(host.stateDir(config.file)), RuntimeState::currentBootId, probe);
  }

  /** The installed files against what `vifgate render` with the same options would write. */
  private List<FileState> files(DesiredState state, Path dir) {
    HeartbeatSettings settings = state.heartbeat().orElseThrow();
    Optional<Path> launcher =
        vifgate != null ? Optional.of(Launcher.resolve(vifgate)) : Launcher.running();
    Optional<ResourceAgent.Settings> agent =
        launcher.map(l -> RenderSupport.agentSettings(l, config.file, host.stateDir, host.netns));
    Path agentPath = Installation.defaultAgentPath(dir, settings);
    List<FileState> states = new ArrayList<>();
    try {
      Installation installation =
          RenderSupport.installation(state, config.file, dir, agent, Optional.empty());
      states.addAll(InstalledFiles.compare(dir, installation, AtomicFileWriter.forCurrentUser()));
    } catch (HeartbeatConfigException e) {
      List<Path> paths = new ArrayList<>();
      for (HeartbeatFile kind :
          List.of(HeartbeatFile.HA_CF, HeartbeatFile.AUTHKEYS, HeartbeatFile.HARESOURCES)) {
        paths.add(dir.resolve(kind.fileName()));
      }
      paths.add(agentPath);
      return InstalledFiles.uncompared(dir, paths, "cannot render: " + e.getMessage());
    }
    if (agent.isEmpty()) {
      states.addAll(
          InstalledFiles.uncompared(
              dir,
              List.of(agentPath),
              "cannot tell where the vifgate launcher is (--vifgate PATH)"));
    }
    return states;
  }
}
