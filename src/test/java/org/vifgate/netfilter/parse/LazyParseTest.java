package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.LazyRuleList;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;

/**
 * {@link SaveParser#parse} checks every rule at once but builds the rules of iptables and
 * ip6tables dumps only when they are read. These tests show that this changes nothing a caller can
 * see: the lazy parse fails exactly where and how the eager one ({@link SaveParser#parseEagerly},
 * the parse as it was) fails, and otherwise gives equal rules; and that {@link IptablesRuleCheck},
 * which decides what may be left for later, accepts exactly the rules the tokenizer and the
 * analyzer accept, so that building a rule later cannot fail.
 */
class LazyParseTest {

  // ----- the check against the tokenizer and the analyzer, rule by rule

  /** What the tokenizer and the analyzer make of the rule after {@code -A X } in {@code text}. */
  private record Verdict(boolean accepted, int end, int breaks) {}

  private static final String PREFIX = "-A X";

  private static Verdict eager(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    RuleTokenizer tokenizer = new RuleTokenizer(bytes, bytes.length, RuleTokenizer.Quoting.ESCAPED);
    try {
      tokenizer.tokenize(PREFIX.length());
      RuleAnalyzer.forKind(DumpKind.IPTABLES)
          .analyze("X", tokenizer.words(), tokenizer.count(), text, null);
      return new Verdict(true, tokenizer.end(), tokenizer.breaks());
    } catch (BadRule e) {
      return new Verdict(false, -1, -1);
    }
  }

  private static Verdict checked(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    IptablesRuleCheck check = new IptablesRuleCheck(bytes, bytes.length);
    int end = check.check(PREFIX.length());
    return end < 0 ? new Verdict(false, -1, -1) : new Verdict(true, end, check.breaks());
  }

  static Stream<Arguments> randomRules() {
    Random random = new Random(4242);
    return IntStream.range(0, 3000).mapToObj(i -> Arguments.of(RandomRules.line(random)));
  }

  @ParameterizedTest
  @MethodSource("randomRules")
  void theCheckAcceptsExactlyWhatTheAnalyzerAccepts(String text) {
    assertEquals(eager(text), checked(text), text);
  }

  /** The random rules above are worth something only if both verdicts are common among them. */
  @Test
  void theRandomRulesAreBothAcceptedAndRefused() {
    Random random = new Random(4242);
    int accepted = 0;
    int breaks = 0;
    for (int i = 0; i < 3000; i++) {
      Verdict verdict = eager(RandomRules.line(random));
      accepted += verdict.accepted() ? 1 : 0;
      breaks += verdict.breaks() > 0 ? 1 : 0;
    }
    assertTrue(accepted > 900 && accepted < 2100, accepted + " of 3000 accepted");
    assertTrue(breaks > 50, breaks + " accepted rules with a line break in a quote");
  }

  @Test
  void theCheckHandlesEdgeCasesLikeTheAnalyzer() {
    for (String rule : List.of(
        "", " ", "\t", " !", " ! !", " ! -j X", " -j", " -j X -j Y", " -j X -m m", " ! -m m",
        " -m m ! --dport 80", " ! -f", " -f", " --fragment -p tcp", " x", " -", " --", " -- x",
        " --tcp-flags SYN", " --tcp-flags SYN ACK", " --foo a b ! --bar", " --foo \"q\" -j X",
        " -m comment --comment \"a\\\"b\"", " --comment \"a\nb\" -j X", " --comment \"a\\\nb\"",
        " --comment \"open", " --comment \"a\"b", " --comment \"a\"\t-j X", " \"q\"", " -j X \\",
        " --comment --dport", " --log-prefix -x -j LOG", " -p !", " -j \"\"", " -j X\r",
        " --hashlimit-htable-expire 10", " --a-very-long-unknown-option x", " -ï x", " -j X\n-j Y",
        " -m physdev --physdev-is-bridged ! --physdev-out vif1.0 -j ACCEPT",
        // Control characters other than space, tab and line break are part of a word.
        " --foo a\rb\u0001cdefghijkl\u001fmn -j X", " -j 12345678\r", " -j 1234567\u0000 -f",
        " -j 1234567\u001f\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e")) {
      String text = PREFIX + rule;
      assertEquals(eager(text), checked(text), text);
      // Also with more text after the rule, so the check reads away from the end of the array.
      String longer = text + "\n" + "#".repeat(40);
      assertEquals(eager(longer), checked(longer), longer);
    }
  }

  /** Every rule of every iptables and ip6tables fixture is left for later, none built at once. */
  @Test
  void theCheckAcceptsEveryRuleOfTheFixtures() throws Exception {
    int rules = 0;
    for (String name : Fixture.names()) {
      Fixture fixture = Fixture.load(name);
      if (!checkable(fixture)) {
        continue;
      }
      Ruleset ruleset;
      try {
        ruleset = SaveParser.parseEagerly(fixture.kind(), fixture.backend(), fixture.out());
      } catch (DumpParseException e) {
        continue;
      }
      for (Rule rule : allRules(ruleset)) {
        String text = rule.text();
        String words = text.substring(text.indexOf("-A ") + 3);
        int nameEnd = words.indexOf(' ');
        String asX = PREFIX + (nameEnd < 0 ? "" : words.substring(nameEnd));
        Verdict verdict = checked(asX);
        assertEquals(new Verdict(true, asX.getBytes(UTF_8).length, (int) text.chars().filter(c -> c == '\n').count()),
            verdict, name + ": " + text);
        rules++;
      }
    }
    assertTrue(rules > 250, rules + " rules");
  }

  // ----- whole dumps: lazy against eager

  /** A parse's result as a caller sees it: the ruleset, or where and why the parse failed. */
  record Outcome(Ruleset ruleset, Integer line, String lineText, String reason) {
    static Outcome of(Callable<Ruleset> parse) throws Exception {
      try {
        return new Outcome(parse.call(), null, null, null);
      } catch (DumpParseException e) {
        return new Outcome(null, e.lineNumber(), e.lineText(), e.reason());
      }
    }
  }

  private static void assertSameOutcome(DumpKind kind, Backend backend, String text) throws Exception {
    Outcome eager = Outcome.of(() -> SaveParser.parseEagerly(kind, backend, text));
    Outcome lazy = Outcome.of(() -> SaveParser.parse(kind, backend, text));
    if (eager.ruleset() == null || lazy.ruleset() == null) {
      assertEquals(eager, lazy, text);
      return;
    }
    // Build the lazy rules back to front: the order they are built in must not matter.
    List<Rule> lazyRules = backToFront(lazy.ruleset());
    List<Rule> eagerRules = allRules(eager.ruleset());
    assertEquals(eagerRules.size(), lazyRules.size());
    for (int i = 0; i < lazyRules.size(); i++) {
      assertEquals(eagerRules.get(i), lazyRules.get(i), "rule " + i + " of\n" + text);
    }
    assertEquals(eager.ruleset(), lazy.ruleset(), text);
    assertEquals(SaveWriter.toText(eager.ruleset()), SaveWriter.toText(lazy.ruleset()));
  }

  static List<String> saveFixtures() {
    return Fixture.names().stream().filter(n -> !Fixture.load(n).isListing()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("saveFixtures")
  void everyFixtureParsesTheSameLazily(String name) throws Exception {
    Fixture fixture = Fixture.load(name);
    assertSameOutcome(fixture.kind(), fixture.backend(), fixture.out());
    assertSameOutcome(fixture.kind(), null, fixture.out());
    if (checkable(fixture)) {
      Outcome lazy = Outcome.of(() -> SaveParser.parse(fixture.kind(), fixture.backend(), fixture.out()));
      if (lazy.ruleset() != null) {
        for (Table table : lazy.ruleset().tables()) {
          for (Chain chain : table.chains()) {
            if (!chain.rules().isEmpty()) {
              assertInstanceOf(LazyRuleList.class, chain.rules(), name + " " + chain.name());
            }
          }
        }
      }
    }
  }

  /** Each iptables fixture with random one-byte edits, word edits and line edits. */
  static Stream<Arguments> mutatedFixtures() {
    List<Arguments> cases = new ArrayList<>();
    Random random = new Random(77);
    for (String name : Fixture.names()) {
      Fixture fixture = Fixture.load(name);
      if (!checkable(fixture)) {
        continue;
      }
      for (int i = 0; i < 60; i++) {
        cases.add(Arguments.of(name + " #" + i, fixture.kind(), fixture.backend(),
            RandomRules.mutateDump(fixture.out(), random)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutatedFixtures")
  void mutatedFixturesParseTheSameLazily(String name, DumpKind kind, Backend backend, String text)
      throws Exception {
    assertSameOutcome(kind, backend, text);
  }

  @Test
  void theMutatedFixturesAreBothAcceptedAndRefused() throws Exception {
    int accepted = 0;
    List<Arguments> cases = mutatedFixtures().toList();
    for (Arguments c : cases) {
      Object[] a = c.get();
      if (Outcome.of(() -> SaveParser.parseEagerly((DumpKind) a[1], (Backend) a[2], (String) a[3]))
          .ruleset() != null) {
        accepted++;
      }
    }
    assertTrue(accepted > cases.size() / 5 && accepted < cases.size() * 4 / 5,
        accepted + " of " + cases.size() + " accepted");
  }

  static Stream<Arguments> randomDumps() {
    Random random = new Random(9001);
    return IntStream.range(0, 400).mapToObj(i -> Arguments.of(i, RandomRules.dump(random)));
  }

  @ParameterizedTest(name = "dump {0}")
  @MethodSource("randomDumps")
  void randomDumpsParseTheSameLazily(int index, String text) throws Exception {
    assertSameOutcome(DumpKind.IPTABLES, Backend.LEGACY, text);
    assertSameOutcome(DumpKind.IP6TABLES, Backend.LEGACY, text);
  }

  // ----- reading from several threads

  @Test
  void threadsReadingTheSameRulesGetTheSameInstances() throws Exception {
    String text = RandomRules.validDump(new Random(5), 3000);
    Ruleset eager = SaveParser.parseEagerly(DumpKind.IPTABLES, Backend.LEGACY, text);
    Ruleset lazy = SaveParser.parse(DumpKind.IPTABLES, Backend.LEGACY, text);
    List<Chain> chains = lazy.tables().get(0).chains();
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<List<Rule>>>> seen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean backwards = t % 2 == 1;
        seen.add(pool.submit(() -> {
          start.await();
          List<List<Rule>> read = new ArrayList<>();
          for (Chain chain : chains) {
            Rule[] rules = new Rule[chain.rules().size()];
            for (int k = 0; k < rules.length; k++) {
              int i = backwards ? rules.length - 1 - k : k;
              rules[i] = chain.rules().get(i);
            }
            read.add(List.of(rules));
          }
          return read;
        }));
      }
      List<List<Rule>> first = seen.get(0).get();
      for (Future<List<List<Rule>>> other : seen) {
        List<List<Rule>> read = other.get();
        for (int c = 0; c < first.size(); c++) {
          for (int i = 0; i < first.get(c).size(); i++) {
            assertSame(first.get(c).get(i), read.get(c).get(i));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(eager, lazy);
  }

  // ----- helpers

  private static boolean checkable(Fixture fixture) {
    return !fixture.isListing()
        && (fixture.kind() == DumpKind.IPTABLES || fixture.kind() == DumpKind.IP6TABLES);
  }

  /** All rules in order, read (so built) from the last to the first. */
  private static List<Rule> backToFront(Ruleset ruleset) {
    List<List<Rule>> chains = new ArrayList<>();
    ruleset.tables().forEach(t -> t.chains().forEach(c -> chains.add(c.rules())));
    List<Rule> reversed = new ArrayList<>();
    for (int c = chains.size() - 1; c >= 0; c--) {
      for (int i = chains.get(c).size() - 1; i >= 0; i--) {
        reversed.add(chains.get(c).get(i));
      }
    }
    return IntStream.range(0, reversed.size()).mapToObj(i -> reversed.get(reversed.size() - 1 - i)).toList();
  }

  private static List<Rule> allRules(Ruleset ruleset) {
    List<Rule> rules = new ArrayList<>();
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        rules.addAll(chain.rules());
      }
    }
    return rules;
  }
}
