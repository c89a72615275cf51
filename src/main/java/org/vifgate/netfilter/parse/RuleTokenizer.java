package org.vifgate.netfilter.parse;

import java.util.Arrays;
import java.util.List;
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
  private static final int CACHE_MAX_LENGTH = 40;

  private final char[] src;
  private final int length;
  private final Quoting quoting;
  private final Token[] cache = new Token[CACHE_SIZE];

  private Token[] words = new Token[32];
  private int count;
  private int end;
  private int breaks;

  RuleTokenizer(char[] src, int length, Quoting quoting) {
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

  /** The words found by the last {@link #tokenize}, as an immutable list. */
  List<Token> tokens() {
    return count == 0 ? List.of() : List.of(Arrays.copyOf(words, count));
  }

  int count() {
    return count;
  }

  Token token(int index) {
    return words[index];
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
    int hash = 0;
    while (i < length) {
      char c = src[i];
      if (c == ' ' || c == '\n' || c == '\t') {
        break;
      }
      hash = 31 * hash + c;
      i++;
    }
    add(bare(start, i - start, hash));
    return i;
  }

  private Token bare(int start, int len, int hash) {
    if (len > CACHE_MAX_LENGTH) {
      return Token.bare(new String(src, start, len));
    }
    int slot = (hash ^ (hash >>> 15)) & (CACHE_SIZE - 1);
    Token cached = cache[slot];
    if (cached != null && sameText(cached.raw(), start, len)) {
      return cached;
    }
    Token token = Token.bare(new String(src, start, len));
    cache[slot] = token;
    return token;
  }

  private boolean sameText(String text, int start, int len) {
    if (text.length() != len) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (text.charAt(k) != src[start + k]) {
        return false;
      }
    }
    return true;
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
      char c = src[i];
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
    String raw = new String(src, start, close + 1 - start);
    String value;
    if (!escapes) {
      value = raw.substring(1, raw.length() - 1);
    } else {
      StringBuilder unescaped = new StringBuilder(close - start);
      for (int k = start + 1; k < close; k++) {
        char c = src[k];
        if (c == '\\') {
          k++;
          c = src[k];
        }
        unescaped.append(c);
      }
      value = unescaped.toString();
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
    String raw = new String(src, start, i + 1 - start);
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
