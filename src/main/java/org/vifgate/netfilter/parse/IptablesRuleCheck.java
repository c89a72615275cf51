package org.vifgate.netfilter.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decides, straight from the bytes of a dump and without building any word, whether {@link
 * RuleTokenizer} (with {@link RuleTokenizer.Quoting#ESCAPED} quoting) and {@link
 * RuleAnalyzer.Iptables} would both accept the rule that starts at a given position, and where
 * that rule ends. It is what lets {@link SaveParser} check every rule of an iptables or ip6tables
 * dump up front and still build the rules only when they are read.
 *
 * <p>The promise, checked by LazyParseTest against the tokenizer and the analyzer on every fixture
 * and on random and mutated rules: {@link #check} returns an end exactly when the tokenizer and
 * the analyzer accept the rule, and then the same end and line-break count as the tokenizer. So a
 * rule this check accepts is one whose building cannot fail; for a rule it refuses the parser
 * runs the tokenizer and the analyzer themselves, which name the fault.
 *
 * <p>The grammar mirrored here is {@link RuleAnalyzer.Iptables#read}: an option word ({@code -x},
 * {@code --xx}) may have one {@code !} before it; {@code -j}, {@code -g} and {@code -m} cannot be
 * negated, and after a target neither {@code -m} nor a second {@code -j}/{@code -g} may come; each
 * option then takes as many words as its arity says ({@link OptionArity}), or, when its arity is
 * unknown, the words up to the next option or {@code !}. Any other word where an option belongs is
 * refused.
 *
 * <p>One instance serves one dump; not thread-safe.
 */
final class IptablesRuleCheck {

  /** Option classes; a class of 0 or more is the option's fixed number of values. */
  static final int TARGET = -3;

  static final int MATCH = -2;
  static final int GENERIC = OptionArity.UNKNOWN;

  private static final int SLOTS = 1 << 10;
  /** Option words up to this many bytes are cached by their bytes packed into three longs. */
  private static final int MAX_CACHED = 24;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] src;
  private final int length;
  private final long[] key0 = new long[SLOTS];
  private final long[] key1 = new long[SLOTS];
  private final long[] key2 = new long[SLOTS];
  /** The cached word's length, 0 for an empty slot. */
  private final byte[] keyLength = new byte[SLOTS];

  private final int[] classes = new int[SLOTS];
  private int breaks;

  IptablesRuleCheck(byte[] src, int length) {
    this.src = src;
    this.length = length;
  }

  /**
   * The class of an iptables option: {@link #TARGET}, {@link #MATCH}, {@link #GENERIC}, or the
   * fixed number of words it takes. This is {@link RuleAnalyzer.Iptables#read}'s {@code switch}
   * and its arity table, read the same way.
   */
  static int classify(String option) {
    switch (option) {
      case "-j":
      case "--jump":
      case "-g":
      case "--goto":
        return TARGET;
      case "-m":
      case "--match":
        return MATCH;
      case "-p":
      case "--protocol":
      case "-i":
      case "--in-interface":
      case "-o":
      case "--out-interface":
      case "-s":
      case "--source":
      case "--src":
      case "-d":
      case "--destination":
      case "--dst":
        return 1;
      case "-f":
      case "--fragment":
        return 0;
      default:
        return OptionArity.iptables(option);
    }
  }

  /**
   * Checks the words from {@code from} up to the end of the rule (the first line break outside
   * quotes, or the end of the text).
   *
   * @return the index of that line break (or the text's length), or -1 when the tokenizer or the
   *     analyzer would reject the rule
   */
  int check(int from) {
    byte[] s = src;
    int n = length;
    breaks = 0;
    boolean negated = false;
    boolean afterTarget = false;
    boolean generic = false;
    int owed = 0;
    int p = from;
    while (true) {
      byte c = 0;
      while (p < n && ((c = s[p]) == ' ' || c == '\t')) {
        p++;
      }
      if (p >= n || c == '\n') {
        break;
      }
      int start = p;
      if (c == '"') {
        p = quotedWordEnd(p);
        if (p < 0) {
          return -1;
        }
        // A quoted word is never an option nor '!'.
        if (owed > 0) {
          owed--;
          continue;
        }
        if (generic) {
          continue;
        }
        return -1;
      }
      p = wordEnd(p + 1);
      if (owed > 0) {
        owed--;
        continue;
      }
      boolean bang = p - start == 1 && s[start] == '!';
      boolean option = p - start > 1 && s[start] == '-';
      if (generic) {
        if (!bang && !option) {
          continue;
        }
        generic = false;
      }
      if (bang) {
        if (negated) {
          return -1;
        }
        negated = true;
        continue;
      }
      if (!option) {
        return -1;
      }
      int kind = optionClass(start, p);
      switch (kind) {
        case TARGET:
          if (negated || afterTarget) {
            return -1;
          }
          afterTarget = true;
          owed = 1;
          break;
        case MATCH:
          if (negated || afterTarget) {
            return -1;
          }
          owed = 1;
          break;
        case GENERIC:
          generic = true;
          break;
        default:
          owed = kind;
      }
      negated = false;
    }
    return owed > 0 || negated ? -1 : p;
  }

  /**
   * The first space, tab or line break at or after {@code from}, or the text's length. Reads eight
   * bytes at a time: {@code (x - 0x21...) & ~x & 0x80...} flags the bytes below 0x21, and the
   * lowest flagged byte is always a true one (a borrow only runs upwards), so it is the candidate
   * to look at; a control character other than those three belongs to the word.
   */
  private int wordEnd(int from) {
    byte[] s = src;
    int n = length;
    int p = from;
    while (p + 8 <= n) {
      long x = (long) LONGS.get(s, p);
      long below = (x - 0x2121212121212121L) & ~x & 0x8080808080808080L;
      if (below == 0) {
        p += 8;
        continue;
      }
      int i = p + (Long.numberOfTrailingZeros(below) >>> 3);
      byte c = s[i];
      if (c == ' ' || c == '\n' || c == '\t') {
        return i;
      }
      p = i + 1;
    }
    byte c;
    while (p < n && (c = s[p]) != ' ' && c != '\n' && c != '\t') {
      p++;
    }
    return p;
  }

  /** Line breaks inside the quoted words of the rule the last {@link #check} accepted. */
  int breaks() {
    return breaks;
  }

  /** Where the word after the quoted one at {@code start} may begin, or -1 if the tokenizer fails. */
  private int quotedWordEnd(int start) {
    byte[] s = src;
    int n = length;
    int i = start + 1;
    while (true) {
      if (i >= n) {
        return -1;
      }
      byte c = s[i];
      if (c == '\\') {
        if (i + 1 < n && s[i + 1] == '\n') {
          breaks++;
        }
        i += 2;
        continue;
      }
      if (c == '"') {
        break;
      }
      if (c == '\n') {
        breaks++;
      }
      i++;
    }
    int next = i + 1;
    if (next < n && s[next] != ' ' && s[next] != '\t' && s[next] != '\n') {
      return -1;
    }
    return next;
  }

  /** The class of the option word {@code src[from, to)}, from a small cache keyed by its bytes. */
  private int optionClass(int from, int to) {
    int len = to - from;
    if (len > MAX_CACHED || from + MAX_CACHED > length) {
      return classify(Ascii.string(src, from, to));
    }
    long k0 = (long) LONGS.get(src, from);
    long k1 = (long) LONGS.get(src, from + 8);
    long k2 = (long) LONGS.get(src, from + 16);
    if (len < 8) {
      k0 &= (1L << (8 * len)) - 1;
      k1 = 0;
      k2 = 0;
    } else if (len < 16) {
      k1 &= (1L << (8 * (len - 8))) - 1;
      k2 = 0;
    } else if (len < 24) {
      k2 &= (1L << (8 * (len - 16))) - 1;
    }
    long mix = k0 * 0x9E3779B97F4A7C15L + k1 * 0xC2B2AE3D27D4EB4FL + k2 * 0x165667B19E3779F9L + len;
    int slot = (int) (mix ^ (mix >>> 29)) & (SLOTS - 1);
    if (keyLength[slot] == len && key0[slot] == k0 && key1[slot] == k1 && key2[slot] == k2) {
      return classes[slot];
    }
    int kind = classify(Ascii.string(src, from, to));
    key0[slot] = k0;
    key1[slot] = k1;
    key2[slot] = k2;
    keyLength[slot] = (byte) len;
    classes[slot] = kind;
    return kind;
  }
}
