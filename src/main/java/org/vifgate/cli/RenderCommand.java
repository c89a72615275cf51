package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Write Heartbeat's ha.cf, authkeys and haresources from the file.")
final class RenderCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("render: not implemented yet");
  }
}
