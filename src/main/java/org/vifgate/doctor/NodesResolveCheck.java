package org.vifgate.doctor;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * Every Heartbeat node name resolves ({@code getent hosts}, i.e. the host's own NSS order: files
 * first on Debian). The recipe asked for both names to be known on both nodes.
 */
public record NodesResolveCheck(List<String> nodes, CommandRunner runner, Tools tools)
    implements Check {

  @Override
  public String name() {
    return "node names resolve";
  }

  @Override
  public Finding run() throws Exception {
    List<String> resolved = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    for (String node : nodes) {
      CommandResult result = runner.run(Command.of(tools.require("getent"), "hosts", node));
      String line = result.stdout().strip();
      if (result.succeeded() && !line.isEmpty()) {
        resolved.add(node + " -> " + line.split("\\s+")[0]);
      } else {
        unresolved.add(node);
      }
    }
    if (unresolved.isEmpty()) {
      return Finding.pass(name(), String.join(", ", resolved));
    }
    return Finding.fail(
        name(),
        "do not resolve: " + String.join(", ", unresolved),
        "add them to /etc/hosts on both nodes");
  }
}
