package org.vifgate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shows a {@link Ruleset} for {@code vifgate inspect}: as JSON (one object per dump, on one line)
 * or as text for a person. A rule is shown as its restore line ({@code -A CHAIN} and its words as
 * the tool printed them), without counters.
 */
final class RulesetPrinter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RulesetPrinter() {}

  /**
   * {@code {"kind":"iptables","backend":"nft","tables":[{"name":"filter","chains":[{"name":
   * "FORWARD","policy":"ACCEPT","rules":[{"index":1,"target":"DROP","comment":null,"text":"-A
   * FORWARD ..."}]}]}]}}: policy null for iptables user chains, target null for a rule without
   * one, index counting from 1.
   */
  static String json(Ruleset ruleset) {
    Map<String, Object> dump = new LinkedHashMap<>();
    dump.put("kind", ruleset.kind().id());
    dump.put("backend", ruleset.backend().id());
    List<Object> tables = new ArrayList<>();
    for (Table table : ruleset.tables()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", table.name());
      List<Object> chains = new ArrayList<>();
      for (Chain chain : table.chains()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", chain.name());
        c.put("policy", chain.policy());
        List<Object> rules = new ArrayList<>();
        int index = 1;
        for (Rule rule : chain.rules()) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("index", index++);
          r.put("target", rule.target());
          r.put("comment", rule.comment());
          r.put("text", rule.restoreLine());
          rules.add(r);
        }
        c.put("rules", rules);
        chains.add(c);
      }
      t.put("chains", chains);
      tables.add(t);
    }
    dump.put("tables", tables);
    return JSON.writeValueAsString(dump);
  }

  static void text(PrintWriter out, Ruleset ruleset) {
    int rules = ruleset.ruleCount();
    String title = ruleset.kind().id() + " (" + ruleset.backend().id() + ")";
    if (ruleset.tables().isEmpty()) {
      out.println(title + ": no tables");
    } else {
      out.println(title + ": " + count(ruleset.tables().size(), "table") + ", " + count(rules, "rule"));
    }
    for (String notice : ruleset.notices()) {
      out.println("  notice: " + notice);
    }
    for (Table table : ruleset.tables()) {
      out.println("  table " + table.name());
      for (Chain chain : table.chains()) {
        String kind = chain.builtin() ? "policy " + chain.policy() : "user chain"
            + (chain.policy() == null ? "" : ", policy " + chain.policy());
        out.println("    chain " + chain.name() + " (" + kind + ", " + count(chain.rules().size(), "rule") + ")");
        int width = String.valueOf(chain.rules().size()).length();
        int targetWidth = chain.rules().stream().mapToInt(r -> label(r).length()).max().orElse(0);
        int index = 1;
        for (Rule rule : chain.rules()) {
          out.println(String.format("      %" + width + "d  %-" + targetWidth + "s  %s",
              index++, label(rule), visible(rule.restoreLine())));
        }
      }
    }
  }

  private static String label(Rule rule) {
    return rule.target() == null ? "(no target)" : (rule.isGoto() ? "goto " : "") + rule.target();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Line breaks and tabs inside a rule (a comment may hold them) shown as \n and \t. */
  private static String visible(String text) {
    return text.replace("\n", "\\n").replace("\t", "\\t");
  }
}
