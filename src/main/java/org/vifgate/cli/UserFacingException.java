package org.vifgate.cli;

/** A failure whose message is written for the operator; mapped to an exit code, never a trace. */
public class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserFacingException(String message) {
    this(message, ExitCodes.ERROR);
  }

  public UserFacingException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = ExitCodes.ERROR;
  }

  public int exitCode() {
    return exitCode;
  }
}
