package org.vifgate.config;

/** Small helpers that keep messages short and printable. */
final class Messages {
  private static final int MAX = 60;

  private Messages() {}

  /** The text, shortened and with control characters escaped, for quoting in a message. */
  static String clip(String text) {
    return clip(text, MAX);
  }

  static String clip(String text, int max) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(max + 1L)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    if (text.codePointCount(0, text.length()) > max) {
      out.setLength(Math.min(out.length(), max));
      out.append("...");
    }
    return out.toString();
  }
}
