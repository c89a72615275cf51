package org.vifgate.exec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a finished program left behind: exit code, captured output and how long it took.
 *
 * <p>Immutable, and a value like a record (it was one): equal when every part is equal. It is a
 * class only so that stdout can stay the bytes the program printed until someone asks for text: a
 * save tool prints megabytes that {@link org.vifgate.netfilter.parse.SaveParser} reads as bytes,
 * and decoding them to a String only to encode them again cost more than the rest of the read.
 */
public final class CommandResult {

  private final Command command;
  private final int exitCode;
  private final byte[] stdoutBytes;
  private final String stderr;
  private final Duration elapsed;
  /**
   * {@link #stdout()}, decoded on first use. Racy like {@link String#hashCode()}'s cache: a thread
   * that sees null decodes again, and a String is safe to publish without a lock.
   */
  private String stdout;

  /**
   * A result whose stdout is {@code stdoutBytes}, taken over without a copy: the caller must not
   * change the array afterwards.
   */
  public CommandResult(
      Command command, int exitCode, byte[] stdoutBytes, String stderr, Duration elapsed) {
    this.command = command;
    this.exitCode = exitCode;
    this.stdoutBytes = Objects.requireNonNull(stdoutBytes, "stdoutBytes");
    this.stderr = stderr;
    this.elapsed = elapsed;
  }

  /** A result whose stdout is given as text (the fakes in tests write it so), held as UTF-8. */
  public CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {
    this(command, exitCode, stdout.getBytes(UTF_8), stderr, elapsed);
    // Keep the very String: one with a lone surrogate would not come back the same from the bytes.
    this.stdout = stdout;
  }

  public Command command() {
    return command;
  }

  public int exitCode() {
    return exitCode;
  }

  /** What the program printed on stdout, decoded as UTF-8 (malformed bytes read as U+FFFD). */
  public String stdout() {
    String text = stdout;
    if (text == null) {
      text = new String(stdoutBytes, UTF_8);
      stdout = text;
    }
    return text;
  }

  /**
   * The bytes the program printed on stdout: the result's own array, not a copy, so that a
   * megabyte dump reaches its parser without one. Read it, never write it: the result is
   * immutable only as long as every caller does.
   */
  public byte[] stdoutBytes() {
    return stdoutBytes;
  }

  public String stderr() {
    return stderr;
  }

  public Duration elapsed() {
    return elapsed;
  }

  /** The same result reported as {@code other} (the bytes are shared, not copied or decoded). */
  CommandResult withCommand(Command other) {
    CommandResult result = new CommandResult(other, exitCode, stdoutBytes, stderr, elapsed);
    result.stdout = stdout;
    return result;
  }

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

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandResult r
        && Objects.equals(command, r.command)
        && exitCode == r.exitCode
        && Arrays.equals(stdoutBytes, r.stdoutBytes)
        && Objects.equals(stderr, r.stderr)
        && Objects.equals(elapsed, r.elapsed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(command, exitCode, Arrays.hashCode(stdoutBytes), stderr, elapsed);
  }

  @Override
  public String toString() {
    return "CommandResult[command=" + command + ", exitCode=" + exitCode + ", stdout=" + stdout()
        + ", stderr=" + stderr + ", elapsed=" + elapsed + "]";
  }
}
