package org.vifgate.exec;

import java.io.IOException;

/**
 * The only way vifgate starts processes. Implementations must run the argv as given (no shell),
 * wait for the process to finish or the command's timeout to pass, and return what it printed.
 *
 * <p>A non-zero exit is a normal result, not an exception: callers decide what it means. An
 * {@link IOException} means the program could not be started or did not finish in time.
 */
@FunctionalInterface
public interface CommandRunner {
  CommandResult run(Command command) throws IOException;

  /**
   * Starts {@code command} now with its standard input left open; it runs when {@link
   * Waiting#finish} feeds it. Only runners that start real processes can do this.
   *
   * @throws UnsupportedOperationException from runners that cannot
   */
  default Waiting startWaiting(Command command) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start processes ahead");
  }

  /**
   * A hint that {@code command} will probably run soon, exactly so (its standard input aside):
   * runners that can start it ahead of time do ({@link StandbyRunner}); the others ignore it.
   */
  default void prepare(Command command) throws IOException {}
}
