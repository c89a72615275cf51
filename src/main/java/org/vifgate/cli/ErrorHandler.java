package org.vifgate.cli;

import picocli.CommandLine;

/**
 * The one place where exceptions become exit codes. A {@link UserFacingException} is an expected
 * failure with a message written for the operator; anything else is a bug, reported with its class
 * so that it can be found, but still without a stack trace unless VIFGATE_DEBUG is set.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    return exitCode(e, commandLine.getErr());
  }

  /** Reports {@code e} on {@code err} and returns the exit code it means. */
  static int exitCode(Exception e, java.io.PrintWriter err) {
    if (e instanceof org.vifgate.config.InvalidConfigException invalid) {
      err.println(invalid.getMessage());
      err.println("vifgate: the file has errors; nothing was changed");
      return ExitCodes.ERROR;
    }
    if (e instanceof org.vifgate.exec.Tools.ToolMissingException missing) {
      err.println("vifgate: " + missing.getMessage());
      return ExitCodes.ERROR;
    }
    if (e instanceof UserFacingException user) {
      err.println("vifgate: " + user.getMessage());
      return user.exitCode();
    }
    err.println("vifgate: internal error: " + e);
    if (System.getenv("VIFGATE_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return ExitCodes.ERROR;
  }
}
