package org.vifgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vifgate.config.DesiredState;
import org.vifgate.heartbeat.AtomicFileWriter;
import org.vifgate.heartbeat.HeartbeatConfigException;
import org.vifgate.heartbeat.Installation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write Heartbeat's ha.cf, authkeys and haresources from the file's heartbeat section, and"
          + " install the resource agent (resource.d/vifgate) that Heartbeat runs to flip this"
          + " host's role.",
      "",
      "Only files whose content, mode or owner differ are written, each atomically; a symbolic"
          + " link at a target is refused, and nothing is written when any target or the key is"
          + " wrong. authkeys is mode 0600 (root:root when run as root); its key never appears in"
          + " any output. The agent calls the vifgate launcher, the file and the state directory by"
          + " absolute path.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate render -c /etc/vifgate/vifgate.yaml --dry-run",
      "  vifgate render -c /etc/vifgate/vifgate.yaml",
      "  vifgate render -c xen-a.yaml --out /tmp/ha.d --no-agent",
      "",
      "Heartbeat reads these files when it starts (or on `service heartbeat reload`).",
      "Exit codes: 0 written or up to date, 2 changes pending (--dry-run), 1 error."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "/etc/ha.d",
      description = "Heartbeat's directory (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--dry-run",
      description = "Print a diff of every file that would change; write nothing.")
  boolean dryRun;

  @ArgGroup(exclusive = true)
  AgentChoice agentChoice;

  /** --agent PATH or --no-agent. */
  static final class AgentChoice {
    @Option(
        names = "--agent",
        paramLabel = "PATH",
        description = "Install the resource agent here (default: DIR/resource.d/SCRIPT).")
    Path path;

    @Option(names = "--no-agent", description = "Do not install the resource agent.")
    boolean none;
  }

  @Option(
      names = "--vifgate",
      paramLabel = "PATH",
      description =
          "The vifgate launcher the agent calls (default: this installation's bin/vifgate).")
  Path vifgate;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "/run/vifgate",
      description = "The state directory the agent passes on (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description = "Make the agent run vifgate with --netns NAME (labs and tests).")
  String netns;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DesiredState state = CliSupport.load(config.file, spec.commandLine().getErr());
    if (!Files.isDirectory(outDir)) {
      throw new UserFacingException(
          "--out " + outDir + " is not a directory (is heartbeat installed?); nothing was written");
    }
    boolean withAgent = agentChoice == null || !agentChoice.none;
    Optional<Path> agentPath =
        Optional.ofNullable(agentChoice == null ? null : agentChoice.path)
            .map(Path::toAbsolutePath);
    Installation installation;
    try {
      installation =
          RenderSupport.installation(
              state,
              config.file,
              outDir,
              withAgent
                  ? Optional.of(RenderSupport.agentSettings(vifgate, config.file, stateDir, netns))
                  : Optional.empty(),
              agentPath);
    } catch (HeartbeatConfigException e) {
      throw new UserFacingException(e.getMessage() + "; nothing was written");
    }
    AtomicFileWriter writer = AtomicFileWriter.forCurrentUser();
    return dryRun ? preview(out, installation, writer) : write(out, installation, writer);
  }

  private int preview(PrintWriter out, Installation installation, AtomicFileWriter writer)
      throws IOException {
    Map<Installation.Target, Optional<String>> previews = previews(installation, writer);
    int changes = 0;
    for (Map.Entry<Installation.Target, Optional<String>> entry : previews.entrySet()) {
      if (entry.getValue().isPresent()) {
        changes++;
        out.print(entry.getValue().get());
      } else {
        out.println(entry.getKey().path() + ": unchanged");
      }
    }
    out.println(
        changes == 0
            ? "Dry run: every file is up to date."
            : "Dry run: " + changes + " file(s) would change; nothing was written.");
    return changes == 0 ? ExitCodes.OK : ExitCodes.CHANGES_PENDING;
  }

  private int write(PrintWriter out, Installation installation, AtomicFileWriter writer)
      throws IOException {
    previews(installation, writer);
    List<Installation.Result> results;
    try {
      results = installation.write(writer);
    } catch (Installation.PartialWriteException e) {
      for (Installation.Result r : e.done()) {
        out.println(r.target().path() + ": " + word(r.outcome()));
      }
      throw new UserFacingException("cannot write " + e.getFile() + ": " + e.getReason());
    } catch (IOException e) {
      throw new UserFacingException("cannot write: " + e.getMessage());
    }
    long changed = results.stream().filter(r -> r.outcome().changed()).count();
    for (Installation.Result r : results) {
      out.println(r.target().path() + ": " + word(r.outcome()));
    }
    if (changed == 0) {
      out.println("Every file was up to date; nothing was written.");
    } else {
      out.println(changed + " file(s) written.");
      boolean heartbeatFiles =
          results.stream()
              .anyMatch(
                  r ->
                      r.outcome().changed()
                          && r.target().file().kind()
                              != org.vifgate.heartbeat.HeartbeatFile.RESOURCE_AGENT);
      if (heartbeatFiles) {
        out.println(
            "note: a running Heartbeat reads them on `service heartbeat reload`; haresources must"
                + " be the same on both nodes.");
      }
    }
    return ExitCodes.OK;
  }

  /** Checks every target first (links, non-files) so that an error leaves all files alone. */
  private static Map<Installation.Target, Optional<String>> previews(
      Installation installation, AtomicFileWriter writer) {
    try {
      return installation.preview(writer);
    } catch (java.nio.file.FileSystemException e) {
      throw new UserFacingException(
          e.getFile()
              + ": "
              + (e.getReason() == null ? e.getMessage() : e.getReason())
              + "; nothing was written");
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot read the current files: " + e.getMessage() + "; nothing was written");
    }
  }

  private static String word(AtomicFileWriter.Outcome outcome) {
    return switch (outcome) {
      case CREATED -> "created";
      case UPDATED -> "updated";
      case UNCHANGED -> "unchanged";
    };
  }
}
