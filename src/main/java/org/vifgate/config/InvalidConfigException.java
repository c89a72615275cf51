package org.vifgate.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A desired-state file that cannot be used. The message lists every problem, one per line, in the
 * {@code FILE:LINE:COLUMN: message} form, so a command can print it as it is.
 */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
