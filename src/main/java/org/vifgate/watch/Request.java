package org.vifgate.watch;

import java.util.Optional;
import java.util.regex.Pattern;
import org.vifgate.config.Role;

/**
 * A request read from the watcher's control FIFO: one line of space-separated words.
 *
 * <pre>
 *   role ROLE REPLY BY DEADLINE     make this host ROLE (active|passive), as `vifgate role` does
 *   ping REPLY DEADLINE             answer "ok pong": is a watcher reading?
 * </pre>
 *
 * <ul>
 *   <li>{@code REPLY} is the bare name of a FIFO the sender created in the watcher's state
 *       directory ({@code reply.} followed by letters, digits, {@code _ . -}); the answer is one
 *       line written to it. A name, not a path: it cannot point anywhere else.
 *   <li>{@code BY} is recorded as who set the role (letters, digits, {@code _ . : @ + -}).
 *   <li>{@code DEADLINE} is when the sender stops waiting, in microseconds since the epoch (bash's
 *       {@code $EPOCHREALTIME} without its decimal point). A request read after it is dropped
 *       unanswered: the sender has given up and may have run {@code vifgate role} itself since.
 * </ul>
 *
 * Every field is checked here; a line that fails any check is refused as a whole.
 */
public sealed interface Request {

  /** Longest line accepted (real requests are about 100 bytes). */
  int MAX_LINE = 512;

  Pattern REPLY_NAME = Pattern.compile("reply\\.[A-Za-z0-9_.-]{1,64}");
  Pattern BY = Pattern.compile("[A-Za-z0-9_.:@+-]{1,64}");
  Pattern DEADLINE = Pattern.compile("[0-9]{1,18}");

  String replyName();

  long deadlineMicros();

  /** {@code role ROLE REPLY BY DEADLINE}. */
  record SetRole(Role role, String replyName, String by, long deadlineMicros) implements Request {}

  /** {@code ping REPLY DEADLINE}. */
  record Ping(String replyName, long deadlineMicros) implements Request {}

  /** A line that is not a valid request; {@code replyName} when its reply field was usable. */
  final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final String replyName;

    Invalid(String message, String replyName) {
      super(message);
      this.replyName = replyName;
    }

    public Optional<String> replyName() {
      return Optional.ofNullable(replyName);
    }
  }

  static Request parse(String line) throws Invalid {
    if (line.length() > MAX_LINE) {
      throw new Invalid("request longer than " + MAX_LINE + " bytes", null);
    }
    String[] words = line.split(" ", -1);
    switch (words[0]) {
      case "role" -> {
        String reply = replyOf(words, 2);
        expect(words, 5, "role ROLE REPLY BY DEADLINE", reply);
        Role role =
            switch (words[1]) {
              case "active" -> Role.ACTIVE;
              case "passive" -> Role.PASSIVE;
              default ->
                  throw new Invalid(
                      "unknown role '" + clip(words[1]) + "' (active or passive)", reply);
            };
        if (reply == null) {
          throw new Invalid("bad reply FIFO name '" + clip(words[2]) + "'", null);
        }
        if (!BY.matcher(words[3]).matches()) {
          throw new Invalid(
              "bad BY '" + clip(words[3]) + "' (1-64 of A-Z a-z 0-9 _ . : @ + -)", reply);
        }
        return new SetRole(role, reply, words[3], deadline(words[4], reply));
      }
      case "ping" -> {
        String reply = replyOf(words, 1);
        expect(words, 3, "ping REPLY DEADLINE", reply);
        if (reply == null) {
          throw new Invalid("bad reply FIFO name '" + clip(words[1]) + "'", null);
        }
        return new Ping(reply, deadline(words[2], reply));
      }
      default -> throw new Invalid("unknown request '" + clip(words[0]) + "' (role or ping)", null);
    }
  }

  private static String replyOf(String[] words, int index) {
    return words.length > index && REPLY_NAME.matcher(words[index]).matches() ? words[index] : null;
  }

  private static void expect(String[] words, int count, String form, String reply) throws Invalid {
    if (words.length != count) {
      throw new Invalid(
          "expected '"
              + form
              + "' ("
              + count
              + " words separated by one space), got "
              + words.length,
          reply);
    }
  }

  private static long deadline(String word, String reply) throws Invalid {
    if (!DEADLINE.matcher(word).matches()) {
      throw new Invalid("bad DEADLINE '" + clip(word) + "' (microseconds since the epoch)", reply);
    }
    return Long.parseLong(word);
  }

  /** Keeps log lines short and printable whatever was written into the FIFO. */
  static String clip(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
