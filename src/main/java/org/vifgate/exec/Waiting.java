package org.vifgate.exec;

import java.io.IOException;

/**
 * A process started ahead of time that has not read its standard input yet: it does nothing until
 * {@link #finish} feeds it, so that running it then costs only its own work, not its start. See
 * {@link StandbyRunner}.
 */
public interface Waiting {

  /**
   * Writes {@code input} to the process, closes its standard input, waits for it (at most the
   * command's timeout) and returns what it printed, as {@link CommandRunner#run} would.
   */
  CommandResult finish(byte[] input) throws IOException;

  /** False once the process has ended (it was killed, or its input was closed). */
  boolean isAlive();

  /** Kills the process if it still runs; it never gets any input. */
  void cancel();
}
