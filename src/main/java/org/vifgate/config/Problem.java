package org.vifgate.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with (or worth knowing about) a desired-state file, with the place it was
 * written. Lines and columns are 1-based; both are 0 when the problem concerns the whole file (it
 * is missing, a directory, unreadable, empty or too large), and then {@link #format()} leaves them
 * out. The message starts with the key path it is about, e.g. {@code heartbeat.deadtime: ...}.
 */
public record Problem(String file, int line, int column, Severity severity, String message)
    implements Comparable<Problem> {

  /** Errors make a file invalid; warnings are printed but do not. */
  public enum Severity {
    ERROR,
    WARNING;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  // Spelled out: Comparator.comparing() and its kin make the JDK spin lambdas on every cold start
  // (the ahead-of-time cache keeps vifgate's own lambdas, not those).
  private static final Comparator<Problem> ORDER = Problem::inOrder;

  private static int inOrder(Problem a, Problem b) {
    int order = Integer.compare(a.line, b.line);
    if (order == 0) {
      order = Integer.compare(a.column, b.column);
    }
    if (order == 0) {
      order = a.severity.compareTo(b.severity);
    }
    return order != 0 ? order : a.message.compareTo(b.message);
  }

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0 || (line == 0) != (column == 0)) {
      throw new IllegalArgumentException("bad position " + line + ":" + column);
    }
  }

  public static Problem error(String file, int line, int column, String message) {
    return new Problem(file, line, column, Severity.ERROR, message);
  }

  public static Problem warning(String file, int line, int column, String message) {
    return new Problem(file, line, column, Severity.WARNING, message);
  }

  /** A problem with the file as a whole, which has no line or column. */
  public static Problem fileError(String file, String message) {
    return new Problem(file, 0, 0, Severity.ERROR, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Whether the problem has a line and column (false for whole-file problems). */
  public boolean hasPosition() {
    return line > 0;
  }

  /** {@code FILE:LINE:COLUMN: message}, or {@code FILE:LINE:COLUMN: warning: message}. */
  public String format() {
    StringBuilder text = new StringBuilder(file);
    if (hasPosition()) {
      text.append(':').append(line).append(':').append(column);
    }
    text.append(": ");
    if (severity == Severity.WARNING) {
      text.append("warning: ");
    }
    return text.append(message).toString();
  }

  @Override
  public String toString() {
    return format();
  }

  /** By position (whole-file problems first), errors before warnings at the same place. */
  @Override
  public int compareTo(Problem other) {
    return ORDER.compare(this, other);
  }
}
