package org.vifgate.netfilter.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.Counters;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Match;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;

class ArptablesListingParserTest {

  private static final String LISTING = String.join("\n",
      "Chain INPUT (policy DROP 12 packets, 504 bytes)",
      "",
      "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)",
      "",
      "Chain FORWARD (policy ACCEPT 1235K packets, 988M bytes)",
      "1 -j ACCEPT -i vif0.0 -o * , pcnt=0 -- bcnt=0 ",
      "2 -j ACCEPT -i * -o vif0.0 , pcnt=0 -- bcnt=0 ",
      "3 -j DROP ! -i vif0.1 -o * , pcnt=3 -- bcnt=126 ",
      "4 -j mangle -i * -o * --src-mac 02:00:00:00:00:01 --mangle-ip-s 198.51.100.9 , pcnt=0 -- bcnt=0 ",
      "5 -i * -o * , pcnt=2G -- bcnt=1T ",
      "",
      "Chain VIFGATE (1 references)",
      "1 -j RETURN -i * -o * , pcnt=0 -- bcnt=0 ",
      "");

  @Test
  void readsChainsRulesAndCounters() throws Exception {
    Ruleset r = ArptablesListingParser.parse(LISTING);
    assertEquals(DumpKind.ARPTABLES, r.kind());
    assertEquals(Backend.LEGACY, r.backend());
    assertEquals(List.of("INPUT", "OUTPUT", "FORWARD", "VIFGATE"),
        r.tables().get(0).chains().stream().map(Chain::name).toList());
    Chain input = r.tables().get(0).chain("INPUT").orElseThrow();
    assertEquals("DROP", input.policy());
    assertEquals(new Counters(12, 504), input.counters());
    Chain forward = r.tables().get(0).chain("FORWARD").orElseThrow();
    assertEquals(new Counters(1_235_000, 988_000_000), forward.counters());

    Rule first = forward.rules().get(0);
    assertEquals(List.of("-j", "ACCEPT", "-i", "vif0.0"), first.args());
    assertEquals("ACCEPT", first.target());
    assertEquals(new Match("vif0.0", false), first.inInterface());
    assertNull(first.outInterface());
    assertEquals("1 -j ACCEPT -i vif0.0 -o * , pcnt=0 -- bcnt=0 ", first.text());
    assertEquals("-A FORWARD -j ACCEPT -i vif0.0", first.restoreLine());

    assertEquals(new Match("vif0.1", true), forward.rules().get(2).inInterface());
    assertEquals(new Counters(3, 126), forward.rules().get(2).counters());
    assertEquals("mangle", forward.rules().get(3).target());

    Rule counting = forward.rules().get(4);
    assertNull(counting.target());
    assertEquals(List.of(), counting.tokens());
    assertEquals(new Counters(2_000_000_000L, 1_000_000_000_000L), counting.counters());

    Chain user = r.tables().get(0).chain("VIFGATE").orElseThrow();
    assertNull(user.policy());
    assertTrue(!user.builtin());
  }

  @Test
  void anEmptyTextMeansNoLegacyTable() throws Exception {
    assertEquals(Ruleset.empty(DumpKind.ARPTABLES, Backend.LEGACY), ArptablesListingParser.parse(""));
  }

  @Test
  void aNegatedWildcardIsKept() throws Exception {
    Rule rule = ArptablesListingParser.parse("Chain X (0 references)\n1 -j DROP ! -i * -o * , pcnt=0 -- bcnt=0 \n")
        .tables().get(0).chains().get(0).rules().get(0);
    assertEquals(List.of("-j", "DROP", "!", "-i", "*"), rule.args());
  }

  @Test
  void refusesTheListingWithoutCountersAndNumbers() {
    DumpParseException plain = assertThrows(DumpParseException.class,
        () -> ArptablesListingParser.parse("Chain FORWARD (policy ACCEPT)\n-j DROP \n\n"));
    assertEquals(1, plain.lineNumber());
    DumpParseException unnumbered = assertThrows(DumpParseException.class,
        () -> ArptablesListingParser.parse("Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n-j DROP -i * -o * , pcnt=0 -- bcnt=0 \n"));
    assertEquals(2, unnumbered.lineNumber());
    assertTrue(unnumbered.reason().contains("number"));
    DumpParseException uncounted = assertThrows(DumpParseException.class,
        () -> ArptablesListingParser.parse("Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n1 -j DROP \n"));
    assertTrue(uncounted.reason().contains("pcnt"));
  }

  @Test
  void anEmptyLineInsideAChainIsTheTargetlessRuleTrap() {
    DumpParseException e = assertThrows(DumpParseException.class, () -> ArptablesListingParser.parse(
        "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n1 -j DROP -i * -o * , pcnt=0 -- bcnt=0 \n\n"
            + "3 -j DROP -i * -o * , pcnt=0 -- bcnt=0 \n"));
    assertEquals(3, e.lineNumber());
  }

  @Test
  void missingRuleNumbersMeanAnIncompleteListing() {
    DumpParseException e = assertThrows(DumpParseException.class, () -> ArptablesListingParser.parse(
        "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n1 -j DROP -i * -o * , pcnt=0 -- bcnt=0 \n"
            + "3 -j DROP -i * -o * , pcnt=0 -- bcnt=0 \n"));
    assertEquals(3, e.lineNumber());
    assertTrue(e.reason().contains("rule number 3"));
  }

  @Test
  void otherLinesAreErrors() {
    assertThrows(DumpParseException.class, () -> ArptablesListingParser.parse("1 -j DROP , pcnt=0 -- bcnt=0 \n"));
    assertThrows(DumpParseException.class, () -> ArptablesListingParser.parse("Chain FORWARD policy\n"));
    assertThrows(DumpParseException.class, () -> ArptablesListingParser.parse(
        "Chain X (0 references)\n\nChain X (0 references)\n"));
  }

  @Test
  void recognisesAListing() {
    assertTrue(ArptablesListingParser.looksLikeListing(LISTING));
    assertTrue(!ArptablesListingParser.looksLikeListing("*filter\n"));
  }
}
