package org.vifgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.config.Role;
import org.vifgate.doctor.AuthkeysCheck;
import org.vifgate.doctor.BcastCheck;
import org.vifgate.doctor.BootReconcileCheck;
import org.vifgate.doctor.BootSafetyCheck;
import org.vifgate.doctor.BootUnitsCheck;
import org.vifgate.doctor.Check;
import org.vifgate.doctor.Doctor;
import org.vifgate.doctor.Finding;
import org.vifgate.doctor.InterfacesCheck;
import org.vifgate.doctor.IpaddrCheck;
import org.vifgate.doctor.NodeNameCheck;
import org.vifgate.doctor.NodesResolveCheck;
import org.vifgate.doctor.ResourceScriptCheck;
import org.vifgate.doctor.RespawnCheck;
import org.vifgate.doctor.Severity;
import org.vifgate.doctor.SysctlsCheck;
import org.vifgate.doctor.ToolsCheck;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.heartbeat.Installation;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.state.RuntimeState;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@picocli.CommandLine.Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check this host for what silently breaks a Xen HA pair: the netfilter tools, the"
          + " br_netfilter switches, the bridges, uplinks and dom0 ports, the host and node names,"
          + " Heartbeat's files (authkeys mode, the resource agent, respawn programs, IPaddr's"
          + " ifconfig, bcast addresses), and that no guest is unblocked without Heartbeat."
          + " Changes nothing.",
      "",
      "One line per check: PASS, INFO, WARN or FAIL, with a hint for what to do.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate doctor -c /etc/vifgate/vifgate.yaml",
      "",
      "Exit codes: 0 no FAIL, 1 at least one FAIL (or an error)."
    })
final class DoctorCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin HostOptions host;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "/etc/ha.d",
      description = "Heartbeat's directory (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = "/",
      hidden = true,
      description = "File system root for boot files and programs (tests).")
  Path root;

  @Override
  public Integer call() {
    DesiredState state = CliSupport.load(config.file, spec.commandLine().getErr());
    List<Finding> findings = Doctor.run(checks(state));
    PrintWriter out = spec.commandLine().getOut();
    for (Finding f : findings) {
      out.printf("%-5s %-20s %s%n", f.severity(), f.check(), f.message());
      if (!f.hint().isEmpty() && (f.severity() == Severity.FAIL || f.severity() == Severity.WARN)) {
        out.printf("%-5s %-20s hint: %s%n", "", "", f.hint());
      }
    }
    out.println(summary(findings));
    return Doctor.anyFailed(findings) ? ExitCodes.ERROR : ExitCodes.OK;
  }

  private List<Check> checks(DesiredState state) {
    Tools tools = host.tools();
    CommandRunner onHost = new ProcessRunner();
    CommandRunner rules = host.runner(tools);
    List<Check> checks = new ArrayList<>();
    checks.add(new ToolsCheck(state.backend(), tools));
    checks.add(
        new SysctlsCheck(state.backend(), state.manageSysctls(), new BridgeSysctls(rules, tools)));
    checks.add(new InterfacesCheck(state.bridges(), state.dom0Vifs(), rules, tools));
    checks.add(new NodeNameCheck(state.node(), state.heartbeat().isPresent(), onHost, tools));
    if (state.heartbeat().isEmpty()) {
      return checks;
    }
    HeartbeatSettings hb = state.heartbeat().get();
    Path haDir = outDir.toAbsolutePath().normalize();
    checks.add(new NodesResolveCheck(hb.nodes(), onHost, tools));
    checks.add(new AuthkeysCheck(haDir));
    checks.add(new ResourceScriptCheck(Installation.defaultAgentPath(haDir, hb)));
    hb.respawn().forEach(r -> checks.add(new RespawnCheck(r, root)));
    if (hb.resources() != null && !hb.resources().addresses().isEmpty()) {
      checks.add(new IpaddrCheck(hb.resources().addresses(), tools));
    }
    if (!hb.bcast().isEmpty()) {
      checks.add(new BcastCheck(hb.bcast(), rules, tools));
    }
    checks.add(
        new BootSafetyCheck(
            new RuntimeState(host.stateDir(config.file)),
            RuntimeState::currentBootId,
            () -> heartbeatRunning(onHost, tools),
            () ->
                host.hostReconciler(config.file)
                    .reconcile(state, false, Optional.of(Role.PASSIVE))
                    .plan()
                    .editCount()));
    checks.add(new BootUnitsCheck(root));
    checks.add(new BootReconcileCheck(root));
    return checks;
  }

  /** {@code cl_status hbstatus} exits 0 when Heartbeat runs on this host. */
  private static boolean heartbeatRunning(CommandRunner runner, Tools tools)
      throws java.io.IOException {
    Optional<Path> clStatus = tools.find("cl_status");
    return clStatus.isPresent()
        && runner.run(Command.of(clStatus.get().toString(), "hbstatus")).succeeded();
  }

  private static String summary(List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    for (Severity s : List.of(Severity.FAIL, Severity.WARN, Severity.INFO, Severity.PASS)) {
      long n = findings.stream().filter(f -> f.severity() == s).count();
      if (n > 0) {
        parts.add(n + " " + s);
      }
    }
    return "doctor: " + String.join(", ", parts);
  }
}
