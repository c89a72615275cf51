package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Build a throwaway dom0 imitation in network namespaces and show vifgate at work.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("demo: not implemented yet");
  }
}
