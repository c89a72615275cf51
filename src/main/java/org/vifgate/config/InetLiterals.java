package org.vifgate.config;

import java.util.Optional;

/**
 * IPv4 and IPv6 address literals, parsed by hand: {@code InetAddress.getByName} would look a name
 * up in DNS, and the config must never depend on (or wait for) the network.
 */
final class InetLiterals {
  private InetLiterals() {}

  /** Dotted-quad IPv4 with decimal octets; leading zeros are refused (they read as octal). */
  static Optional<byte[]> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      address[i] = (byte) value;
    }
    return Optional.of(address);
  }

  /** RFC 4291 text: up to eight hex groups, one {@code ::}, an optional IPv4 tail; no zone. */
  static Optional<byte[]> ipv6(String text) {
    if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
      return Optional.empty();
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    // An IPv4 tail may only end the address, so the part before "::" cannot have one.
    byte[] headBytes = groups(head, gap < 0);
    byte[] tailBytes = gap >= 0 ? groups(tail, true) : new byte[0];
    if (headBytes == null || tailBytes == null) {
      return Optional.empty();
    }
    int used = headBytes.length + tailBytes.length;
    if (gap < 0 ? used != 16 : used > 14) {
      return Optional.empty();
    }
    byte[] address = new byte[16];
    System.arraycopy(headBytes, 0, address, 0, headBytes.length);
    System.arraycopy(tailBytes, 0, address, 16 - tailBytes.length, tailBytes.length);
    return Optional.of(address);
  }

  /** Colon-separated hex groups (the last may be dotted IPv4 when allowed); null when invalid. */
  private static byte[] groups(String text, boolean ipv4TailAllowed) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    String[] parts = text.split(":", -1);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && ipv4TailAllowed && part.contains(".")) {
        Optional<byte[]> v4 = ipv4(part);
        if (v4.isEmpty()) {
          return null;
        }
        out.writeBytes(v4.get());
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(InetLiterals::isAsciiHex)) {
        return null;
      }
      int value = Integer.parseInt(part, 16);
      out.write(value >> 8);
      out.write(value & 0xff);
    }
    return out.toByteArray();
  }

  private static boolean isAsciiHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isIpv4Multicast(byte[] address) {
    return address.length == 4 && (address[0] & 0xf0) == 0xe0;
  }
}
