package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a desired-state file: syntax, schema and meaning.")
final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("validate: not implemented yet");
  }
}
