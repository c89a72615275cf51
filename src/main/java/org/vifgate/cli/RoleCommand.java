package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "role", mixinStandardHelpOptions = true, description = "Set this host's runtime role (active or passive) and reconcile at once.")
final class RoleCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("role: not implemented yet");
  }
}
