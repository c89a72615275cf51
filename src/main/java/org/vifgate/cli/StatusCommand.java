package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show desired and effective role, backend, sync state and rendered files.")
final class StatusCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("status: not implemented yet");
  }
}
