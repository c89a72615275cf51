package org.vifgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.reconcile.DumpFileSource;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.LiveReadException;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.reconcile.Reconciler;
import org.vifgate.state.HostLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Bring the live firewall in line with the file: read the rules the kernel holds, plan the"
          + " minimal edits to the rules vifgate owns, apply them atomically per table and read"
          + " them back. Rules vifgate does not own are never touched.",
      "",
      "The role comes from the runtime role Heartbeat set (vifgate role); without one, a host"
          + " with a heartbeat section stays passive (boot safety) and any other host follows"
          + " the file's role.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # what would change, without changing anything (exit 2 when something would)",
      "  vifgate reconcile -c /etc/vifgate/vifgate.yaml --dry-run",
      "  # apply",
      "  vifgate reconcile -c /etc/vifgate/vifgate.yaml",
      "  # CI, no root: plan against saved dumps, as JSON",
      "  vifgate reconcile -c xen-a.yaml --live-iptables iptables.save \\",
      "      --live-ebtables ebtables.save --assume-role passive --output json",
      "",
      "Exit codes: 0 in sync or applied, 2 changes pending (--dry-run), 1 error."
    })
final class ReconcileCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  /** Set when {@link QuickCommandLine} runs this command without picocli (spec is then null). */
  Streams io;

  @Mixin ConfigOption config;
  @Mixin HostOptions host;

  @Option(names = "--dry-run", description = "Print the plan, change nothing.")
  boolean dryRun;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--live-iptables", paramLabel = "FILE", description = "Plan against this iptables-save output (implies --dry-run).")
  Path liveIptables;

  @Option(names = "--live-ip6tables", paramLabel = "FILE", description = "Plan against this ip6tables-save output.")
  Path liveIp6tables;

  @Option(
      names = "--live-arptables",
      paramLabel = "FILE",
      description = "Plan against this arptables-nft-save output or `arptables-legacy -L -n -v --line-numbers` listing.")
  Path liveArptables;

  @Option(names = "--live-ebtables", paramLabel = "FILE", description = "Plan against this ebtables-save output.")
  Path liveEbtables;

  @Option(
      names = "--assume-role",
      paramLabel = "ROLE",
      description = "Plan for this role instead of the effective one (active or passive; dry runs only).")
  Role assumeRole;

  @Override
  public Integer call() throws IOException {
    DesiredState state = CliSupport.load(config.file, Streams.err(spec, io));
    Map<DumpKind, Path> files = liveFiles();
    boolean offline = !files.isEmpty();
    boolean plansOnly = dryRun || offline;
    if (assumeRole != null && !plansOnly) {
      throw new UserFacingException("--assume-role only makes sense with --dry-run", ExitCodes.USAGE);
    }
    try {
      HostReconciler reconciler;
      if (offline) {
        Reconciler fromFiles = new Reconciler(DumpFileSource.load(files), null, null, true);
        reconciler = new HostReconciler(fromFiles, host.stateDir(config.file), host.netns, host.lockTimeout());
      } else {
        reconciler = host.hostReconciler(config.file);
      }
      Outcome outcome = reconciler.reconcile(state, !plansOnly, Optional.ofNullable(assumeRole));
      OutcomePrinter.print(Streams.out(spec, io), outcome, output, plansOnly);
      return OutcomePrinter.exitCode(outcome, plansOnly);
    } catch (ReconcileException | LiveReadException | HostLock.LockTimeoutException e) {
      throw new UserFacingException(e.getMessage());
    }
  }

  private Map<DumpKind, Path> liveFiles() {
    Map<DumpKind, Path> files = new LinkedHashMap<>();
    if (liveIptables != null) {
      files.put(DumpKind.IPTABLES, liveIptables);
    }
    if (liveIp6tables != null) {
      files.put(DumpKind.IP6TABLES, liveIp6tables);
    }
    if (liveArptables != null) {
      files.put(DumpKind.ARPTABLES, liveArptables);
    }
    if (liveEbtables != null) {
      files.put(DumpKind.EBTABLES, liveEbtables);
    }
    return files;
  }
}
