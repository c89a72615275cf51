package org.vifgate.netfilter.parse;

import org.vifgate.netfilter.model.Counters;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Rule;

/**
 * Builds the rules of a dump that {@link SaveParser} has checked but not built, from the dump's
 * bytes, when a {@link org.vifgate.netfilter.model.LazyRuleList} is first read at that index. It
 * runs the very tokenizer and analyzer the parser runs on a rule it builds at once, so a rule
 * comes out the same either way.
 *
 * <p>Building cannot fail: the parser only leaves a rule to this class when {@link
 * IptablesRuleCheck} has shown that the tokenizer and the analyzer accept it. If it failed all the
 * same, that would be a bug in that check, reported as an {@link IllegalStateException} rather
 * than a rule read differently.
 *
 * <p>One instance serves all chains of one dump and is shared by their lists, which may be read
 * from several threads: {@link #decode} is synchronized because the tokenizer and the analyzer
 * keep per-dump caches.
 */
final class RuleDecoder {

  private final DumpKind kind;
  private final byte[] src;
  private final int length;
  private RuleTokenizer tokenizer;
  private RuleAnalyzer analyzer;

  RuleDecoder(DumpKind kind, byte[] src, int length) {
    this.kind = kind;
    this.src = src;
    this.length = length;
  }

  /**
   * The rule of chain {@code chain} whose text starts at byte {@code start} (its counters, or the
   * {@code -A} of {@code -A CHAIN ...}).
   */
  synchronized Rule decode(String chain, int start) {
    if (tokenizer == null) {
      // Made on first use: a dump nobody reads the rules of costs no caches.
      tokenizer = new RuleTokenizer(src, length, SaveParser.quoting(kind));
      analyzer = RuleAnalyzer.forKind(kind);
    }
    int p = start;
    Counters counters = null;
    if (src[p] == '[') {
      int close = p;
      while (src[close] != ']') {
        close++;
      }
      counters = SaveParser.counters(Ascii.string(src, p, close + 1));
      p = close + 2;
    }
    // Past "-A CHAIN", found the way the parser found it (not from the name's length: a name with
    // bytes that are not UTF-8 has another length once decoded and encoded again).
    int nameEnd = p + "-A ".length();
    while (nameEnd < length && src[nameEnd] != ' ' && src[nameEnd] != '\n' && src[nameEnd] != '\t') {
      nameEnd++;
    }
    try {
      tokenizer.tokenize(nameEnd);
      int end = tokenizer.end();
      return analyzer.analyze(
          chain, tokenizer.words(), tokenizer.count(), Ascii.string(src, start, end), counters);
    } catch (BadRule e) {
      throw new IllegalStateException(
          "bug: the rule at byte " + start + " passed the parser's check but cannot be built: "
              + e.getMessage(),
          e);
    }
  }
}
