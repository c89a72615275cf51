package org.vifgate.heartbeat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.Secret;

/**
 * Renders authkeys: {@code auth 1} and {@code 1 METHOD KEY} (crc takes no key). The key is kept out
 * of everything a human sees: the rendered file's display text has {@code <redacted>} in its place,
 * and {@link #redact(String)} does the same to a file read back from disk.
 */
final class AuthkeysRenderer {

  /** A key line, also commented out: index, method, then the key and anything after it. */
  private static final Pattern KEY_LINE =
      Pattern.compile("^(\\s*#?\\s*\\d+\\s+[A-Za-z0-9]+)(\\s+\\S.*)$");

  private static final Pattern HARMLESS =
      Pattern.compile("^\\s*(#.*|auth\\s+\\d+\\s*|\\d+\\s+crc\\s*|)$", Pattern.CASE_INSENSITIVE);

  private AuthkeysRenderer() {}

  static RenderedFile render(AuthMethod method, Optional<Secret> key, String sourceDescription) {
    if (method == null) {
      throw new HeartbeatConfigException("heartbeat.auth.method is missing (crc, md5 or sha1)");
    }
    List<String> header = GeneratedHeader.lines("authkeys", sourceDescription);
    String keyLine = "1 " + method.id();
    String content;
    String display;
    if (method == AuthMethod.CRC) {
      content = GeneratedHeader.join(List.of(header, List.of("auth 1", keyLine)));
      display = content;
    } else {
      Secret secret =
          key.orElseThrow(
              () ->
                  new HeartbeatConfigException(
                      "heartbeat.auth: method " + method.id() + " needs a key (key or keyFile)"));
      validateKey(secret, "heartbeat.auth");
      content =
          GeneratedHeader.join(List.of(header, List.of("auth 1", keyLine + " " + secret.reveal())));
      display =
          GeneratedHeader.join(List.of(header, List.of("auth 1", keyLine + " " + Secret.REDACTED)));
    }
    return new RenderedFile(HeartbeatFile.AUTHKEYS, content, display);
  }

  /**
   * Heartbeat reads the key as one whitespace-separated token: a key with a space in it would be
   * cut short on one node and not on a hand-configured other, and they would never agree.
   */
  static void validateKey(Secret key, String origin) {
    String value = key.reveal();
    if (value.isEmpty()) {
      throw new HeartbeatConfigException("the key from " + origin + " is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        // Position only: the message must not reveal any part of the key.
        throw new HeartbeatConfigException(
            "the key from "
                + origin
                + " contains whitespace or a control character at position "
                + (i + 1)
                + ": Heartbeat reads the key as one token");
      }
    }
  }

  /**
   * An authkeys text as it may be shown: every key (also in commented-out key lines) becomes {@code
   * <redacted>}, and any line that is not a comment, {@code auth N} or a key line is redacted
   * whole, since a hand-edited file may hold a key anywhere.
   */
  static String redact(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      String line = end < 0 ? text.substring(start) : text.substring(start, end);
      out.append(redactLine(line));
      if (end < 0) {
        break;
      }
      out.append('\n');
      start = end + 1;
    }
    return out.toString();
  }

  private static String redactLine(String line) {
    Matcher key = KEY_LINE.matcher(line);
    if (key.matches()) {
      return key.group(1) + " " + Secret.REDACTED;
    }
    if (HARMLESS.matcher(line).matches()) {
      return line;
    }
    return Secret.REDACTED;
  }
}
