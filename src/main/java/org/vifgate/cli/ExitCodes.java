package org.vifgate.cli;

/** Exit codes of every vifgate command. */
public final class ExitCodes {
  /** Success: valid, in sync, applied. */
  public static final int OK = 0;
  /** Any error: invalid input, a failing tool, a live state that does not match the plan. */
  public static final int ERROR = 1;
  /** {@code --dry-run}: changes are pending. */
  public static final int CHANGES_PENDING = 2;
  /** LSB status: the resource (this host as the active one) is not running. */
  public static final int NOT_RUNNING = 3;
  /** picocli's usage error code for a wrong command line. */
  public static final int USAGE = 64;

  private ExitCodes() {}
}
