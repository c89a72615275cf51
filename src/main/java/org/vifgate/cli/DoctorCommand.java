package org.vifgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check the host for what silently breaks a Xen HA pair.")
final class DoctorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserFacingException("doctor: not implemented yet");
  }
}
