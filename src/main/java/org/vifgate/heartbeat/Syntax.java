package org.vifgate.heartbeat;

import java.util.regex.Pattern;

/**
 * Checks on values before they reach a Heartbeat file. Heartbeat splits lines on whitespace, treats
 * {@code #} as a comment and refuses unknown directives, so a value with a space or a newline in it
 * would silently become a different (or an unknown) directive.
 */
final class Syntax {

  private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})");
  private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Syntax() {}

  /** One whitespace-free token: a path, a facility, a user name, a ping group name. */
  static String token(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new HeartbeatConfigException(what + " is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        throw new HeartbeatConfigException(
            what + " '" + printable(value) + "' contains whitespace or a control character");
      }
      if (c == '#') {
        throw new HeartbeatConfigException(
            what + " '" + value + "' contains '#', which Heartbeat reads as a comment");
      }
    }
    return value;
  }

  /** Free text on one line (a respawn command with its arguments): no newline, no comment. */
  static String line(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new HeartbeatConfigException(what + " is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        throw new HeartbeatConfigException(
            what + " '" + printable(value) + "' contains a control character (a line break?)");
      }
      if (c == '#') {
        throw new HeartbeatConfigException(
            what + " '" + value + "' contains '#', which Heartbeat reads as a comment");
      }
    }
    return value.strip();
  }

  static String iface(String what, String value) {
    token(what, value);
    if (!IFACE.matcher(value).matches()) {
      throw new HeartbeatConfigException(
          what + " '" + value + "' is not an interface name (1-15 of letters, digits, '_.:-')");
    }
    return value;
  }

  static String node(String what, String value) {
    token(what, value);
    if (!NODE.matcher(value).matches()) {
      throw new HeartbeatConfigException(
          what + " '" + value + "' is not a host name as `uname -n` prints it");
    }
    return value;
  }

  static String resourceName(String what, String value) {
    token(what, value);
    if (!RESOURCE_NAME.matcher(value).matches()) {
      throw new HeartbeatConfigException(
          what
              + " '"
              + value
              + "' is not a resource script name (letters, digits, '_.-'; no path, no '::')");
    }
    return value;
  }

  static boolean isIpv4(String value) {
    return value != null && IPV4.matcher(value).matches();
  }

  static String ipv4(String what, String value) {
    token(what, value);
    if (!isIpv4(value)) {
      throw new HeartbeatConfigException(what + " '" + value + "' is not an IPv4 address");
    }
    return value;
  }

  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
