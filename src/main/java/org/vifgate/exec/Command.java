package org.vifgate.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One external program invocation: an argument vector (never a shell string), optional standard
 * input and a deadline. Instances are immutable and safe to log: they never carry secrets.
 */
public record Command(List<String> argv, String stdin, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
    Objects.requireNonNull(timeout, "timeout");
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), null, DEFAULT_TIMEOUT);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, null, DEFAULT_TIMEOUT);
  }

  public Command withStdin(String input) {
    return new Command(argv, input, timeout);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(argv, stdin, newTimeout);
  }

  /** The program name as the user would recognise it (last path element of argv[0]). */
  public String program() {
    String first = argv.get(0);
    return first.substring(first.lastIndexOf('/') + 1);
  }

  /** Space-joined argv for messages; not meant to be parsed or executed. */
  public String display() {
    return String.join(" ", argv);
  }
}
