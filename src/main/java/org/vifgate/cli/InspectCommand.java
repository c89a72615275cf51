package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Read the live netfilter rules (or a saved dump) and print them.")
final class InspectCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("inspect: not implemented yet");
  }
}
