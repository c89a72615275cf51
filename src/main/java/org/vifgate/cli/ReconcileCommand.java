package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Bring the live firewall in line with the file: plan the minimal edits and apply them.")
final class ReconcileCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("reconcile: not implemented yet");
  }
}
