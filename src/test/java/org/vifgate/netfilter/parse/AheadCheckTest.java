package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.parse.LazyParseTest.Outcome;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;

/**
 * A large dump's second half is checked on a second thread ({@link AheadCheck}); whatever line that
 * thread starts at, the parse must give what the one-thread parse gives: the same ruleset, or the
 * same error on the same line. Every fixture is parsed with the helper starting at each of its rule
 * lines, and random and mutated dumps at a sample of theirs.
 */
class AheadCheckTest {

  /** Every line start that begins with "-A ": where the helper may be told to start. */
  static List<Integer> ruleLines(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + 3 <= bytes.length; i++) {
      if ((i == 0 || bytes[i - 1] == '\n') && bytes[i] == '-' && bytes[i + 1] == 'A' && bytes[i + 2] == ' ') {
        starts.add(i);
      }
    }
    return starts;
  }

  private static int assertSameFromEveryStart(DumpKind kind, Backend backend, String text, List<Integer> starts)
      throws Exception {
    Outcome alone = Outcome.of(() -> SaveParser.parseWithHelperAt(kind, backend, text, -1));
    for (int start : starts) {
      Outcome helped = Outcome.of(() -> SaveParser.parseWithHelperAt(kind, backend, text, start));
      assertEquals(alone, helped, "helper from byte " + start + " of\n" + text);
      if (alone.ruleset() != null) {
        assertEquals(SaveWriter.toText(alone.ruleset()), SaveWriter.toText(helped.ruleset()));
      }
    }
    return starts.size();
  }

  @Test
  void everyFixtureParsesTheSameWhereverTheHelperStarts() throws Exception {
    int tried = 0;
    for (String name : Fixture.names()) {
      Fixture fixture = Fixture.load(name);
      if (fixture.isListing() || !(fixture.kind() == DumpKind.IPTABLES || fixture.kind() == DumpKind.IP6TABLES)) {
        continue;
      }
      tried += assertSameFromEveryStart(fixture.kind(), fixture.backend(), fixture.out(), ruleLines(fixture.out()));
    }
    assertTrue(tried > 200, tried + " starts tried");
  }

  @Test
  void randomAndMutatedDumpsParseTheSameWhereverTheHelperStarts() throws Exception {
    Random random = new Random(4242);
    int failing = 0;
    List<String> dumps = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      dumps.add(RandomRules.dump(random));
    }
    for (String name : Fixture.names()) {
      Fixture fixture = Fixture.load(name);
      if (!fixture.isListing() && fixture.kind() == DumpKind.IPTABLES) {
        for (int i = 0; i < 10; i++) {
          dumps.add(RandomRules.mutateDump(fixture.out(), random));
        }
      }
    }
    for (String text : dumps) {
      List<Integer> starts = ruleLines(text);
      List<Integer> sample = new ArrayList<>();
      for (int i = 0; i < Math.min(6, starts.size()); i++) {
        sample.add(starts.get(random.nextInt(starts.size())));
      }
      assertSameFromEveryStart(DumpKind.IPTABLES, Backend.LEGACY, text, sample);
      if (Outcome.of(() -> SaveParser.parse(DumpKind.IPTABLES, Backend.LEGACY, text)).ruleset() == null) {
        failing++;
      }
    }
    assertTrue(failing > dumps.size() / 10 && failing < dumps.size() * 9 / 10, failing + " of " + dumps.size() + " fail");
  }

  @Test
  void aHelperStartingInsideAQuotedLineBreakIsNotUsed() throws Exception {
    String text =
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A FORWARD -m comment --comment \"two\n-A FORWARD -j DROP\" -j ACCEPT\n"
            + "-A FORWARD -j RETURN\nCOMMIT\n";
    int inside = text.indexOf("-A FORWARD -j DROP");
    Outcome alone = Outcome.of(() -> SaveParser.parseWithHelperAt(DumpKind.IPTABLES, Backend.LEGACY, text, -1));
    assertEquals(2, alone.ruleset().ruleCount(), "the quoted line break belongs to the first rule");
    assertEquals(alone, Outcome.of(() -> SaveParser.parseWithHelperAt(DumpKind.IPTABLES, Backend.LEGACY, text, inside)));
  }

  @Test
  void faultsInTheSecondHalfAreNamedAsWithOneThread() throws Exception {
    String good = RandomRules.validDump(new Random(8), 400);
    int middle = AheadCheck.splitPoint(good.getBytes(UTF_8), good.getBytes(UTF_8).length);
    assertTrue(middle > 0);
    String undeclared = good.substring(0, middle) + "-A NOSUCHCHAIN -j ACCEPT\n" + good.substring(middle);
    String refused = good.substring(0, middle) + "-A FORWARD --no-such-option\n" + good.substring(middle);
    String carriageReturn = good.substring(0, middle) + "-A FORWARD -j ACCEPT\r\n" + good.substring(middle);
    int later = middle + good.substring(middle).indexOf("\n-A ", 200) + 1;
    String late = good.substring(0, later) + "-A NOSUCHCHAIN -j ACCEPT\n" + good.substring(later);
    for (String text : List.of(undeclared, refused, carriageReturn, late)) {
      Outcome alone = Outcome.of(() -> SaveParser.parseWithHelperAt(DumpKind.IPTABLES, Backend.LEGACY, text, -1));
      assertTrue(alone.ruleset() == null, "the fault is found at all");
      assertSameFromEveryStart(DumpKind.IPTABLES, Backend.LEGACY, text, List.of(middle));
    }
  }

  @Test
  void aLargeDumpIsParsedWithTheHelperAndGivesTheSameRules() throws Exception {
    StringBuilder big = new StringBuilder();
    String text = RandomRules.validDump(new Random(3), 20000);
    assertTrue(text.length() >= SaveParser.TWO_THREADS_FROM_BYTES, "large enough for the helper: " + text.length());
    big.append(text);
    Ruleset eager = SaveParser.parseEagerly(DumpKind.IPTABLES, Backend.LEGACY, big.toString());
    Ruleset parsed = SaveParser.parse(DumpKind.IPTABLES, Backend.LEGACY, big.toString());
    assertEquals(eager, parsed);
    assertEquals(SaveWriter.toText(eager), SaveWriter.toText(parsed));
  }
}
