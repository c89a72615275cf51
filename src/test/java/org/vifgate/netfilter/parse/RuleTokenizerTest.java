package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
  static Stream<Arguments> wordLists() {
    String alphabet = "abc-.ä∆0";
    Random random = new Random(300);
    return Stream.generate(
            () -> {
              List<String> words = new ArrayList<>();
              int count = random.nextInt(61);
              for (int i = 0; i < count; i++) {
                StringBuilder word = new StringBuilder();
                int length = 1 + random.nextInt(30);
                for (int k = 0; k < length; k++) {
                  word.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                words.add(word.toString());
              }
              return Arguments.of(words, random.nextBoolean());
            })
        .limit(300);
  }

  @ParameterizedTest
  @MethodSource("wordLists")
  void everyWordComesBackAsItself(List<String> words, boolean repeat) throws Exception {
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
