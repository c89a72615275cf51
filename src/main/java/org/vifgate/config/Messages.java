package org.vifgate.config;

/** Small helpers that keep messages short and printable. */
final class Messages {
  private static final int MAX = 60;

  private Messages() {}

  /** The text, shortened and with control characters escaped, for quoting in a message. */
  static String clip(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX + 1L)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    if (text.codePointCount(0, text.length()) > MAX) {
      out.setLength(Math.min(out.length(), MAX));
      out.append("...");
    }
    return out.toString();
  }
}
