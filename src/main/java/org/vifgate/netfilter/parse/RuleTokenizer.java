package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.vifgate.netfilter.model.Token;

/**
 * Splits the words of one rule out of a dump, starting anywhere in the text and stopping at the
 * first line break that is not inside quotes. That stop rule is what keeps a comment containing a
 * newline inside its rule: the line after the break may look exactly like {@code -A INPUT -j
 * ACCEPT}, and a line-by-line reader would invent that rule.
 *
 * <p>A quote opens only at the start of a word, which is the only place the save tools put one;
 * a {@code "} inside a word (an interface name may contain one) is an ordinary character.
 *
 * <p>One instance serves a whole dump and is not thread-safe: it keeps a small cache of the short
 * unquoted words ({@code -j}, {@code ACCEPT}, {@code --dport}...) so that a dump of 100,000 rules
 * does not allocate the same strings a million times.
 */
final class RuleTokenizer {

  /** How a quoted word is read. */
  enum Quoting {
    /** iptables, ip6tables: {@code \} escapes the next character; the next {@code "} closes. */
    ESCAPED,
    /**
     * ebtables: no escapes at all and {@code "} may occur inside; the quote closes at a {@code "}
     * followed by a space, a line break or the end of the text.
     */
    VERBATIM
  }

  private static final int CACHE_SIZE = 1 << 13;
  /** Words up to this many bytes are cached, keyed by their bytes packed into three longs. */
  private static final int CACHE_MAX_LENGTH = 24;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] src;
  private final int length;
  private final Quoting quoting;
  private final Token[] cache = new Token[CACHE_SIZE];
  private final long[] cacheLow = new long[CACHE_SIZE];
  private final long[] cacheHigh = new long[CACHE_SIZE];
  private final long[] cacheTop = new long[CACHE_SIZE];
  private final byte[] cacheLength = new byte[CACHE_SIZE];
  private final boolean[] cacheUsed = new boolean[CACHE_SIZE];

  private Token[] words = new Token[32];
  private int count;
  private int end;
  private int breaks;

  /** {@code src} is the dump's text in UTF-8: every character the syntax uses is one byte. */
  RuleTokenizer(byte[] src, int length, Quoting quoting) {
    this.src = src;
    this.length = length;
    this.quoting = quoting;
  }

  /**
   * Reads words from {@code pos} up to the end of the rule.
   *
   * @throws BadRule when a quote is never closed or text follows a closing quote
   */
  void tokenize(int pos) throws BadRule {
    count = 0;
    breaks = 0;
    int i = pos;
    while (true) {
      while (i < length && (src[i] == ' ' || src[i] == '\t')) {
        i++;
      }
      if (i >= length || src[i] == '\n') {
        end = i;
        return;
      }
      i = src[i] == '"' ? quotedWord(i) : bareWord(i);
    }
  }

  /** The words found by the last {@link #tokenize} are {@code words()[0, count())}. */
  Token[] words() {
    return words;
  }

  int count() {
    return count;
  }

  /** Index of the line break (or the end of the text) that ended the last rule. */
  int end() {
    return end;
  }

  /** Line breaks inside quoted words of the last rule: the rule spans that many extra lines. */
  int breaks() {
    return breaks;
  }

  private int bareWord(int start) {
    int i = start;
    int bits = 0;
    while (i < length) {
      byte c = src[i];
      if (c == ' ' || c == '\n' || c == '\t') {
        break;
      }
      bits |= c;
      i++;
    }
    add(bare(start, i - start, bits >= 0));
    return i;
  }

  private String string(int start, int len, boolean ascii) {
    return Ascii.string(src, start, start + len, ascii);
  }

  /**
   * The token for the unquoted word {@code src[start, start + len)}. Short words come from a
   * direct-mapped cache whose key is the word's bytes packed into three longs, so a hit costs a few
   * loads and compares and allocates nothing.
   */
  private Token bare(int start, int len, boolean ascii) {
    if (len > CACHE_MAX_LENGTH) {
      return Token.bare(string(start, len, ascii));
    }
    long low;
    long high;
    long top;
    if (start + 24 <= length) {
      low = (long) LONGS.get(src, start);
      high = (long) LONGS.get(src, start + 8);
      top = (long) LONGS.get(src, start + 16);
    } else {
      long[] packed = new long[3];
      for (int k = 0; k < len; k++) {
        packed[k >> 3] |= (src[start + k] & 0xFFL) << (8 * (k & 7));
      }
      low = packed[0];
      high = packed[1];
      top = packed[2];
    }
    if (len < 8) {
      low &= (1L << (8 * len)) - 1;
      high = 0;
      top = 0;
    } else if (len < 16) {
      high &= (1L << (8 * (len - 8))) - 1;
      top = 0;
    } else if (len < 24) {
      top &= (1L << (8 * (len - 16))) - 1;
    }
    long mix = low * 0x9E3779B97F4A7C15L + high * 0xC2B2AE3D27D4EB4FL + top * 0x165667B19E3779F9L + len;
    int slot = (int) (mix ^ (mix >>> 29)) & (CACHE_SIZE - 1);
    Token cached = cache[slot];
    if (cached != null
        && cacheLow[slot] == low
        && cacheHigh[slot] == high
        && cacheTop[slot] == top
        && cacheLength[slot] == len) {
      cacheUsed[slot] = true;
      return cached;
    }
    String word = string(start, len, ascii);
    // Options are interned so that they are the very strings of the readers' switch labels.
    Token token = Token.bare(len > 1 && src[start] == '-' || len == 1 ? word.intern() : word);
    // Second chance: a word that was used since it came in keeps its slot once, so the stream of
    // one-off values (ports, addresses) does not keep evicting -j, ACCEPT, --dport and the like.
    if (cached != null && cacheUsed[slot]) {
      cacheUsed[slot] = false;
      return token;
    }
    cache[slot] = token;
    cacheLow[slot] = low;
    cacheHigh[slot] = high;
    cacheTop[slot] = top;
    cacheLength[slot] = (byte) len;
    cacheUsed[slot] = false;
    return token;
  }

  private int quotedWord(int start) throws BadRule {
    return quoting == Quoting.ESCAPED ? escapedWord(start) : verbatimWord(start);
  }

  private int escapedWord(int start) throws BadRule {
    int i = start + 1;
    boolean escapes = false;
    while (true) {
      if (i >= length) {
        throw new BadRule("quote opened here is never closed");
      }
      byte c = src[i];
      if (c == '\\') {
        escapes = true;
        i += 2;
        continue;
      }
      if (c == '"') {
        break;
      }
      i++;
    }
    int close = i;
    requireWordEnd(close + 1);
    String raw = Ascii.string(src, start, close + 1);
    String value;
    if (!escapes) {
      value = raw.substring(1, raw.length() - 1);
    } else {
      byte[] unescaped = new byte[close - start];
      int n = 0;
      for (int k = start + 1; k < close; k++) {
        if (src[k] == '\\') {
          k++;
        }
        unescaped[n++] = src[k];
      }
      value = new String(unescaped, 0, n, UTF_8);
    }
    breaks += countBreaks(start, close);
    add(new Token(raw, value));
    return close + 1;
  }

  private int verbatimWord(int start) throws BadRule {
    int i = start + 1;
    while (true) {
      if (i >= length) {
        throw new BadRule("quote opened here is never closed");
      }
      if (src[i] == '"') {
        int next = i + 1;
        if (next >= length || src[next] == ' ' || src[next] == '\t' || src[next] == '\n') {
          break;
        }
      }
      i++;
    }
    String raw = Ascii.string(src, start, i + 1);
    breaks += countBreaks(start, i);
    add(new Token(raw, raw.substring(1, raw.length() - 1)));
    return i + 1;
  }

  private int countBreaks(int from, int to) {
    int n = 0;
    for (int k = from; k < to; k++) {
      if (src[k] == '\n') {
        n++;
      }
    }
    return n;
  }

  private void requireWordEnd(int i) throws BadRule {
    if (i < length && src[i] != ' ' && src[i] != '\t' && src[i] != '\n') {
      throw new BadRule("text follows a closing quote without a space");
    }
  }

  private void add(Token token) {
    if (count == words.length) {
      words = Arrays.copyOf(words, count * 2);
    }
    words[count++] = token;
  }
}
