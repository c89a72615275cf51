package org.vifgate.exec;

import java.time.Duration;

/** What a finished program left behind: exit code, captured output and how long it took. */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * A one-line description for error messages: the command, its exit code and the first line of
   * what it printed on stderr (tools put the useful part there).
   */
  public String describeFailure() {
    String detail = stderr.strip();
    int newline = detail.indexOf('\n');
    if (newline >= 0) {
      detail = detail.substring(0, newline);
    }
    return command.display() + " exited " + exitCode + (detail.isEmpty() ? "" : ": " + detail);
  }
}
