package org.vifgate.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.vifgate.config.Durations;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.StandbyRunner;
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

  static final String DEFAULT_STATE_DIR = "/run/vifgate";
  static final String DEFAULT_LOCK_TIMEOUT = "10s";

  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description = "Run every netfilter tool inside this network namespace (ip netns exec NAME).")
  String netns;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = DEFAULT_STATE_DIR,
      description = "Runtime state (the role Heartbeat set, locks); default: ${DEFAULT-VALUE}.")
  Path stateDir;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_LOCK_TIMEOUT,
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
    return hostReconciler(configFile, tools, runner, runner, false);
  }

  /**
   * The watcher's reconciler: resident, so it prepares each role flip ahead, with the flip's
   * commands started in advance by {@code standby} (which wraps {@link #runner}).
   */
  HostReconciler residentHostReconciler(Path configFile, Tools tools, StandbyRunner standby) {
    return hostReconciler(configFile, tools, runner(tools), standby, true);
  }

  /** A runner that keeps a resident process's next commands started ahead of time. */
  StandbyRunner standbyRunner(Tools tools) {
    return new StandbyRunner(
        runner(tools), tools.find("xargs").map(Object::toString).orElse(null), Clock.systemUTC(), STANDBY_MAX_AGE);
  }

  /** How long a command started ahead may wait before the next preparation starts it afresh. */
  static final Duration STANDBY_MAX_AGE = Duration.ofMinutes(1);

  private HostReconciler hostReconciler(
      Path configFile, Tools tools, CommandRunner reads, CommandRunner writes, boolean resident) {
    Reconciler reconciler =
        new Reconciler(
            new KernelLiveSource(reads, tools),
            new Applier(writes, tools),
            new BridgeSysctls(reads, tools),
            tools.find("ebtables-nft").isPresent(),
            resident);
    return new HostReconciler(reconciler, stateDir(configFile), netns, lockTimeout());
  }
}
