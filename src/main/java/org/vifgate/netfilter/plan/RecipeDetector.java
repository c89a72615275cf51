package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.render.Dialect;

/**
 * Recognises the original hand-made recipe in a FORWARD chain: ACCEPT rules for frames from and to
 * dom0 ports, followed by one rule with no match that either drops (blocked) or only counts
 * (unblocked with {@code -R FORWARD 5}).
 *
 * <p>A recipe is a run of adjacent recipe-shaped rules that holds at least one such ACCEPT and at
 * least one bare rule: that covers the recipe applied once, applied twice, and the state left
 * after {@code -R FORWARD 5} overwrote an ACCEPT because another tool had inserted a rule above.
 * A lone {@code -j DROP} elsewhere is someone else's rule and is left alone.
 */
public final class RecipeDetector {

  private static final List<String> DROP = List.of("-j", "DROP");

  private RecipeDetector() {}

  /**
   * The recipe's rules in the order to delete them: bare rules first (so dom0 is never cut off by a
   * DROP whose ACCEPTs are already gone), then the ACCEPTs.
   */
  public static List<RuleSpec> recipeRules(
      List<RuleSpec> forward, Dialect dialect, Predicate<String> isDom0Port) {
    List<RuleSpec> bare = new ArrayList<>();
    List<RuleSpec> accepts = new ArrayList<>();
    int start = 0;
    while (start < forward.size()) {
      int end = start;
      int acceptCount = 0;
      int bareCount = 0;
      while (end < forward.size()) {
        RuleSpec rule = forward.get(end);
        if (isBare(rule)) {
          bareCount++;
        } else if (isDom0Accept(rule, dialect, isDom0Port)) {
          acceptCount++;
        } else {
          break;
        }
        end++;
      }
      if (acceptCount > 0 && bareCount > 0) {
        for (RuleSpec rule : forward.subList(start, end)) {
          (isBare(rule) ? bare : accepts).add(rule);
        }
      }
      start = Math.max(end, start + 1);
    }
    List<RuleSpec> ordered = new ArrayList<>(bare);
    ordered.addAll(accepts);
    return ordered;
  }

  static boolean isBare(RuleSpec rule) {
    return rule.args().isEmpty() || rule.args().equals(DROP);
  }

  static boolean isDom0Accept(RuleSpec rule, Dialect dialect, Predicate<String> isDom0Port) {
    String port = portOf(rule, dialect);
    return port != null && isDom0Port.test(port);
  }

  private static String portOf(RuleSpec rule, Dialect dialect) {
    List<String> args = rule.args();
    for (int k = 0; k < args.size(); k++) {
      String candidate = args.get(k);
      if (args.equals(dialect.fromPort(candidate, "ACCEPT"))
          || args.equals(dialect.toPort(candidate, "ACCEPT"))) {
        return candidate;
      }
    }
    return null;
  }
}
