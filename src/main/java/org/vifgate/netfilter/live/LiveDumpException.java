package org.vifgate.netfilter.live;

/**
 * The live rules could not be read: a tool is missing, could not be run, failed, or printed
 * something the parser does not accept. The message is written for the operator and names the
 * command; for a parse failure it includes the line number and the line.
 */
public final class LiveDumpException extends Exception {
  private static final long serialVersionUID = 1L;

  public LiveDumpException(String message) {
    super(message);
  }

  public LiveDumpException(String message, Throwable cause) {
    super(message, cause);
  }
}
