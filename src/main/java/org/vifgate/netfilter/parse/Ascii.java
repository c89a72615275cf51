package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Strings from UTF-8 bytes, with a fast path for pure ASCII, which is nearly all of a dump. */
final class Ascii {

  private Ascii() {}

  /** {@code src[from, to)} decoded; {@code ascii} says the caller knows no byte is above 0x7f. */
  @SuppressWarnings("deprecation")
  static String string(byte[] src, int from, int to, boolean ascii) {
    if (ascii) {
      // For ASCII bytes this is exactly the decoded string, built without the charset machinery
      // (a thread-local lookup per call in JDK 17), which costs more than the copy itself.
      return new String(src, 0, from, to - from);
    }
    return new String(src, from, to - from, UTF_8);
  }

  /** {@code src[from, to)} decoded, checking for non-ASCII bytes first. */
  static String string(byte[] src, int from, int to) {
    int bits = 0;
    for (int i = from; i < to; i++) {
      bits |= src[i];
    }
    return string(src, from, to, bits >= 0);
  }
}
