package org.vifgate.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * The br_netfilter switches the legacy backend depends on. At 0, physdev and arptables FORWARD
 * rules load fine and match nothing, without a warning; filter-vlan-tagged makes them see tagged
 * frames too. They are per network namespace, so they are read through the same runner as the
 * tools. The nft backend filters in the bridge family itself and needs none of them.
 */
public final class BridgeSysctls {

  public static final List<String> REQUIRED =
      List.of(
          "net.bridge.bridge-nf-call-iptables",
          "net.bridge.bridge-nf-call-ip6tables",
          "net.bridge.bridge-nf-call-arptables",
          "net.bridge.bridge-nf-filter-vlan-tagged");

  private final CommandRunner runner;
  private final Tools tools;

  public BridgeSysctls(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  /** The required switches that are not 1; an error when they cannot be read at all. */
  public List<String> missing() throws IOException, LiveReadException {
    List<String> argv = new ArrayList<>(List.of(tools.require("sysctl"), "-n"));
    argv.addAll(REQUIRED);
    CommandResult result = runner.run(Command.of(argv));
    List<String> values = result.stdout().lines().map(String::strip).toList();
    if (!result.succeeded() || values.size() != REQUIRED.size()) {
      throw new LiveReadException(
          "cannot read the br_netfilter sysctls ("
              + result.describeFailure()
              + "); is br_netfilter loaded? (modprobe br_netfilter)");
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < REQUIRED.size(); i++) {
      if (!values.get(i).equals("1")) {
        missing.add(REQUIRED.get(i) + "=" + values.get(i));
      }
    }
    return missing;
  }

  /** Sets every required switch to 1. */
  public void enable() throws IOException, LiveReadException {
    List<String> argv = new ArrayList<>(List.of(tools.require("sysctl"), "-q", "-w"));
    REQUIRED.forEach(key -> argv.add(key + "=1"));
    CommandResult result = runner.run(Command.of(argv));
    if (!result.succeeded()) {
      throw new LiveReadException("cannot set the br_netfilter sysctls: " + result.describeFailure());
    }
  }
}
