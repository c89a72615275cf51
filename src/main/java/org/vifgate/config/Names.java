package org.vifgate.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for names and paths that end up on a command line or in a Heartbeat file. Each check
 * returns why a value is refused, or empty when it is fine. The same rules are in the JSON schema.
 */
final class Names {
  /** Linux's IFNAMSIZ is 16 bytes including the terminating NUL. */
  static final int MAX_INTERFACE_BYTES = 15;

  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Names() {}

  /**
   * A Linux interface name as the kernel accepts it (1-15 bytes, not {@code .} or {@code ..}, no
   * {@code /}, {@code :} or whitespace), further limited to printable ASCII without {@code +} or
   * {@code *} (iptables and nft read those as wildcards, and a wildcard among dom0's ports would
   * open every guest) and not starting with {@code -} or {@code !} (read as an option or a
   * negation).
   */
  static Optional<String> interfaceProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("an interface name cannot be empty");
    }
    String quoted = "'" + Messages.clip(name) + "'";
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_INTERFACE_BYTES) {
      return Optional.of(
          quoted + " is longer than 15 characters, the Linux limit for interface names");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of(quoted + " is not a valid interface name");
    }
    if (name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
      return Optional.of(
          quoted + " is not a valid interface name: it may not contain '/', ':' or whitespace");
    }
    if (name.chars().anyMatch(c -> c == '+' || c == '*')) {
      return Optional.of(
          quoted + " may not contain '+' or '*': iptables and nft would read it as a wildcard");
    }
    if (name.startsWith("-") || name.startsWith("!")) {
      return Optional.of(
          quoted
              + " may not start with '-' or '!': tools would read it as an option or a negation");
    }
    if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of(
          quoted + " is not a valid interface name: use printable ASCII characters only");
    }
    return Optional.empty();
  }

  /** A Heartbeat node name: what {@code uname -n} prints on that node. */
  static Optional<String> nodeProblem(String name) {
    if (NODE.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + Messages.clip(name)
            + "' is not a valid node name: use the host name (uname -n): letters, digits, '.',"
            + " '-' and '_', starting with a letter or digit, at most 64 characters");
  }

  static Optional<String> userProblem(String name) {
    if (USER.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + Messages.clip(name)
            + "' is not a valid user name (lower-case letters, digits, '_' and '-')");
  }

  /** A name written as one token in a Heartbeat file: a ping group or a resource script. */
  static Optional<String> tokenProblem(String name) {
    if (TOKEN.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + Messages.clip(name)
            + "' is not a valid name: use letters, digits, '.', '-' and '_', starting with a letter"
            + " or digit");
  }

  /** Space, whitespace or a control character: what cannot sit inside one field of a file. */
  static boolean isBlankOrControl(int c) {
    return c <= 0x20
        || (c >= 0x7f && c <= 0x9f)
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c);
  }

  /** An absolute path that fits in one whitespace-separated field of a Heartbeat file. */
  static Optional<String> absolutePathProblem(String path) {
    if (!path.startsWith("/")) {
      return Optional.of(
          "'" + Messages.clip(path) + "' must be an absolute path (starting with /)");
    }
    if (path.chars().anyMatch(Names::isBlankOrControl)) {
      return Optional.of(
          "'" + Messages.clip(path) + "' may not contain whitespace or control characters");
    }
    return Optional.empty();
  }
}
