package org.vifgate.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.state.HostLock;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "role",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Set this host's runtime role and reconcile at once. This is what Heartbeat's start"
          + " (active) and stop (passive) do through the resource script.",
      "",
      "The runtime role lives in the state directory (a tmpfs), overrides the file's role: and"
          + " survives pushes of the file, but not a reboot: after one, a host with a heartbeat"
          + " section is passive until Heartbeat starts the resource again.",
      "",
      "Exits 0 only when the rules for the role are in place and read back; a passive that cannot"
          + " be applied exits 1 (Heartbeat then retries, and finally fences the node).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate role active -c /etc/vifgate/vifgate.yaml",
      "  vifgate role passive -c /etc/vifgate/vifgate.yaml --netns dom0-test"
    })
final class RoleCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ROLE", description = "active or passive.")
  Role role;

  /** Set when {@link QuickCommandLine} runs this command without picocli (spec is then null). */
  Streams io;

  @Mixin ConfigOption config;
  @Mixin HostOptions host;

  static final String DEFAULT_BY = "vifgate role";

  @Option(names = "--by", paramLabel = "WHO", defaultValue = DEFAULT_BY, description = "Recorded as who set the role (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    DesiredState state = CliSupport.load(config.file, Streams.err(spec, io));
    HostReconciler reconciler = host.hostReconciler(config.file);
    // Recorded before applying: if this run dies half-way, the next reconcile still knows the role.
    reconciler.runtime().setRole(new RuntimeRole(role, RuntimeState.currentBootId(), Instant.now(), by));
    try {
      Outcome outcome = reconciler.reconcile(state, true, Optional.empty());
      OutcomePrinter.print(Streams.out(spec, io), outcome, output, false);
      return ExitCodes.OK;
    } catch (ReconcileException | HostLock.LockTimeoutException e) {
      throw new UserFacingException("role " + role.id() + " not in place: " + e.getMessage());
    }
  }
}
