package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "watch", mixinStandardHelpOptions = true, description = "Stay resident: reconcile when the file changes and repair drift.")
final class WatchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("watch: not implemented yet");
  }
}
