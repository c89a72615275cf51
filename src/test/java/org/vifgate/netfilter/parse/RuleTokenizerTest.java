package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.model.Token;

class RuleTokenizerTest {

  private static List<String> words(String line) throws BadRule {
    byte[] bytes = line.getBytes(UTF_8);
    RuleTokenizer tokenizer = new RuleTokenizer(bytes, bytes.length, RuleTokenizer.Quoting.ESCAPED);
    List<String> all = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      tokenizer.tokenize(pos);
      Arrays.stream(tokenizer.words(), 0, tokenizer.count()).map(Token::raw).forEach(all::add);
      pos = tokenizer.end() + 1;
    }
    return all;
  }

  /**
   * Short words come from a cache keyed by their bytes; whatever the lengths (around the 8, 16 and
   * 24 byte boundaries of the key), the characters (non-ASCII included) and the repetitions, every
   * word must come back as itself, including at the very end of the text.
   */
  @Property(tries = 300)
  void everyWordComesBackAsItself(
      @ForAll @Size(max = 60) List<@StringLength(min = 1, max = 30) @CharRange(from = 'a', to = 'c')
          @Chars({'-', '.', 'ä', '∆', '0'}) String> words,
      @ForAll boolean repeat)
      throws Exception {
    List<String> input = new ArrayList<>(words);
    if (repeat) {
      input.addAll(words);
    }
    assertEquals(input, words(String.join(" ", input)));
    assertEquals(input, words(String.join("\n", input)));
  }

  @Test
  void wordsAtTheEndOfTheTextAndAcrossLengths() throws Exception {
    assertEquals(List.of("-j", "ACCEPT"), words("-j ACCEPT"));
    assertEquals(List.of("12345678", "1234567", "123456789"), words("12345678 1234567 123456789"));
    assertEquals(List.of("1234567890123456", "12345678901234567890123", "123456789012345678901234",
        "1234567890123456789012345"), words("1234567890123456 12345678901234567890123 123456789012345678901234"
        + " 1234567890123456789012345"));
    assertEquals(List.of("vïf0.0", "vif0.0", "vïf0.0"), words("vïf0.0 vif0.0 vïf0.0"));
  }
}
