package org.vifgate.watch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The watcher's log: one line per event on stderr.
 *
 * <p>Text form, for journald and syslog: {@code LEVEL EVENT: MESSAGE key=value ...}, with no
 * timestamp (journald and syslog stamp every line themselves). When stderr is the journal (systemd
 * sets {@code JOURNAL_STREAM} to its device and inode), each line starts with the syslog priority
 * ({@code <6>} info, {@code <4>} warn, {@code <3>} error), which journald turns into the entry's
 * priority, so {@code journalctl -p warning} works. Values with spaces or quotes are written as
 * JSON strings.
 *
 * <p>JSON form ({@code --log-format json}): one object per line with {@code ts} (ISO-8601 UTC),
 * {@code level}, {@code event}, {@code message} and the event's fields.
 */
public final class WatchLog {

  /** Output form. */
  public enum Format {
    TEXT,
    JSON
  }

  /** Severity, with its syslog priority. */
  public enum Level {
    INFO(6),
    WARN(4),
    ERROR(3);

    final int priority;

    Level(int priority) {
      this.priority = priority;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final PrintWriter out;
  private final Format format;
  private final boolean priorityPrefix;
  private final Clock clock;

  public WatchLog(PrintWriter out, Format format, boolean priorityPrefix, Clock clock) {
    this.out = out;
    this.format = format;
    this.priorityPrefix = priorityPrefix;
    this.clock = clock;
  }

  public void info(String event, String message, Object... fields) {
    log(Level.INFO, event, message, fields);
  }

  public void warn(String event, String message, Object... fields) {
    log(Level.WARN, event, message, fields);
  }

  public void error(String event, String message, Object... fields) {
    log(Level.ERROR, event, message, fields);
  }

  /**
   * Writes one line. {@code fields} are key/value pairs; a value may be a string, a number, a
   * boolean or a collection of strings.
   */
  public void log(Level level, String event, String message, Object... fields) {
    if (fields.length % 2 != 0) {
      throw new IllegalArgumentException("fields must be key/value pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      map.put((String) fields[i], fields[i + 1]);
    }
    String line =
        format == Format.JSON ? json(level, event, message, map) : text(level, event, message, map);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private String text(Level level, String event, String message, Map<String, Object> fields) {
    StringBuilder line = new StringBuilder();
    if (priorityPrefix) {
      line.append('<').append(level.priority).append('>');
    }
    line.append(level.word()).append(' ').append(event).append(": ").append(oneLine(message));
    fields.forEach(
        (key, value) -> {
          line.append(' ').append(key).append('=');
          String plain =
              value instanceof Collection<?> list
                  ? String.join(",", strings(list))
                  : String.valueOf(value);
          line.append(plain.isEmpty() || plain.matches(".*[\\s\"=\\\\].*") ? quote(plain) : plain);
        });
    return line.toString();
  }

  private String json(Level level, String event, String message, Map<String, Object> fields) {
    StringBuilder line = new StringBuilder("{\"ts\":");
    line.append(quote(clock.instant().toString()));
    line.append(",\"level\":").append(quote(level.word()));
    line.append(",\"event\":").append(quote(event));
    line.append(",\"message\":").append(quote(message));
    fields.forEach(
        (key, value) -> {
          line.append(',').append(quote(key)).append(':');
          if (value instanceof Number || value instanceof Boolean) {
            line.append(value);
          } else if (value instanceof Collection<?> list) {
            line.append('[');
            List<String> items = strings(list);
            for (int i = 0; i < items.size(); i++) {
              line.append(i == 0 ? "" : ",").append(quote(items.get(i)));
            }
            line.append(']');
          } else {
            line.append(quote(String.valueOf(value)));
          }
        });
    return line.append('}').toString();
  }

  private static List<String> strings(Collection<?> list) {
    return list.stream().map(String::valueOf).toList();
  }

  private static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", "; ");
  }

  /** A JSON string literal. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  /**
   * Whether stderr is the journal: systemd sets {@code JOURNAL_STREAM=DEVICE:INODE} for a service
   * whose stderr it connected to journald, and the variable is inherited, so it is compared with
   * what fd 2 really is.
   */
  public static boolean stderrIsJournal(Map<String, String> env) {
    String stream = env.get("JOURNAL_STREAM");
    if (stream == null || !stream.matches("[0-9]+:[0-9]+")) {
      return false;
    }
    try {
      Path fd2 = Path.of("/proc/self/fd/2");
      Object dev = Files.getAttribute(fd2, "unix:dev");
      Object ino = Files.getAttribute(fd2, "unix:ino");
      return stream.equals(dev + ":" + ino);
    } catch (Exception e) {
      return false; // cannot tell: plain lines are still readable in the journal
    }
  }
}
