package org.vifgate.doctor;

import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * {@code uname -n} equals {@code node:}. Heartbeat finds itself among its {@code node} lines by
 * exactly that name; a mismatch makes it refuse to start. Without Heartbeat the name is only a
 * label, so a mismatch is a warning.
 */
public record NodeNameCheck(String node, boolean heartbeat, CommandRunner runner, Tools tools)
    implements Check {

  @Override
  public String name() {
    return "node name";
  }

  @Override
  public Finding run() throws Exception {
    CommandResult result = runner.run(Command.of(tools.require("uname"), "-n"));
    if (!result.succeeded()) {
      throw new java.io.IOException(result.describeFailure());
    }
    String actual = result.stdout().strip();
    if (actual.equals(node)) {
      return Finding.pass(name(), "uname -n is " + node);
    }
    String message = "uname -n is '" + actual + "', but node: is '" + node + "'";
    if (!heartbeat) {
      return Finding.warn(
          name(), message, "node: only labels this host when Heartbeat does not manage it");
    }
    return Finding.fail(
        name(),
        message + ": Heartbeat will not find itself among its nodes",
        "hostnamectl set-hostname " + node + ", or correct node: and heartbeat.nodes");
  }
}
