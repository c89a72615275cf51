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
}
