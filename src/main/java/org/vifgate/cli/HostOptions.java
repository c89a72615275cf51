package org.vifgate.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.vifgate.config.Durations;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.KernelLiveSource;
import org.vifgate.reconcile.Reconciler;
import org.vifgate.state.StateDir;
import picocli.CommandLine.Option;

/**
 * Options of every command that reads or changes netfilter: where (a network namespace), where its
 * runtime state lives, and how long to wait for another vifgate run. Also wires the real runner,
 * tools and reconciler from them.
 */
final class HostOptions {

  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description = "Run every netfilter tool inside this network namespace (ip netns exec NAME).")
  String netns;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "/run/vifgate",
      description = "Runtime state (the role Heartbeat set, locks); default: ${DEFAULT-VALUE}.")
  Path stateDir;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "How long to wait for another vifgate run on this host (default: ${DEFAULT-VALUE}).")
  String lockTimeout;

  Tools tools() {
    return Tools.system();
  }

  CommandRunner runner(Tools tools) {
    CommandRunner runner = new ProcessRunner();
    if (netns == null) {
      return runner;
    }
    try {
      return new NetnsRunner(runner, tools.require("ip"), netns);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--netns: " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  Duration lockTimeout() {
    try {
      return Durations.parse(lockTimeout);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--lock-timeout: " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  StateDir stateDir(Path configFile) {
    return new StateDir(stateDir, configFile);
  }

  /** A reconciler working on the running kernel (inside --netns when given). */
  HostReconciler hostReconciler(Path configFile) {
    Tools tools = tools();
    CommandRunner runner = runner(tools);
    Reconciler reconciler =
        new Reconciler(
            new KernelLiveSource(runner, tools),
            new Applier(runner, tools),
            new BridgeSysctls(runner, tools),
            tools.find("ebtables-nft").isPresent());
    return new HostReconciler(reconciler, stateDir(configFile), netns, lockTimeout());
  }
}
