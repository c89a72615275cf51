package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strings from UTF-8 bytes, and the check that bytes are UTF-8, with fast paths for pure ASCII,
 * which is nearly all of a dump.
 */
final class Ascii {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080808080808080L;

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

  /**
   * True when {@code src} is well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
   * surrogates, nothing above U+10FFFF, no sequence cut short). That is exactly when decoding it
   * as UTF-8 and encoding the text again gives the same bytes: a malformed sequence decodes to
   * U+FFFD, which encodes as EF BF BD.
   */
  static boolean isUtf8(byte[] src) {
    int length = src.length;
    int i = 0;
    while (i < length) {
      // Nearly every dump is ASCII throughout: skip it 32 bytes at a time (twice as fast as 8 on
      // a 10 MB dump), then 8.
      while (i + 32 <= length
          && (((long) LONGS.get(src, i) | (long) LONGS.get(src, i + 8)
                  | (long) LONGS.get(src, i + 16) | (long) LONGS.get(src, i + 24))
              & HIGH_BITS) == 0) {
        i += 32;
      }
      while (i + 8 <= length && ((long) LONGS.get(src, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= length) {
        break;
      }
      int b = src[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      // The lead byte says how many continuation bytes follow and the range of the first one.
      int more;
      int low = 0x80;
      int high = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) {
        more = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        more = 2;
        low = b == 0xe0 ? 0xa0 : low; // overlong below U+0800
        high = b == 0xed ? 0x9f : high; // surrogates U+D800..U+DFFF
      } else if (b >= 0xf0 && b <= 0xf4) {
        more = 3;
        low = b == 0xf0 ? 0x90 : low; // overlong below U+10000
        high = b == 0xf4 ? 0x8f : high; // above U+10FFFF
      } else {
        return false;
      }
      if (i + more >= length) {
        return false;
      }
      int first = src[i + 1] & 0xff;
      if (first < low || first > high) {
        return false;
      }
      for (int k = 2; k <= more; k++) {
        if ((src[i + k] & 0xc0) != 0x80) {
          return false;
        }
      }
      i += more + 1;
    }
    return true;
  }
}
