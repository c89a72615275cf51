package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.netfilter.model.RuleSpec;

/**
 * Keeps exactly one jump into vifgate's chain, at the top of a chain other tools share.
 *
 * <p>The passive DROP must be reached before any foreign ACCEPT, so when another tool inserts a
 * rule above the jump, the jump is moved back up. Shared chains are only ever edited by full rule
 * spec (a position read a moment ago may already point at someone else's rule), and a delete by
 * spec removes the first equal rule. So a misplaced jump costs a delete and an insert, and when a
 * copy of the jump sits below a correct one, every copy is deleted and one inserted: deleting the
 * lower copy by spec would remove the top one instead.
 */
public final class JumpPlanner {

  private JumpPlanner() {}

  public static List<Edit> edits(List<RuleSpec> shared, RuleSpec jump, String ownedChain) {
    List<RuleSpec> jumps = shared.stream().filter(r -> targets(r, ownedChain)).toList();
    boolean topIsJump = !shared.isEmpty() && shared.get(0).equals(jump);
    List<Edit> edits = new ArrayList<>();
    if (topIsJump) {
      List<RuleSpec> others = jumps.subList(1, jumps.size());
      if (!others.contains(jump)) {
        others.forEach(r -> edits.add(Edit.deleteBySpec(r, "stray jump into " + ownedChain)));
        return edits;
      }
    }
    jumps.forEach(r -> edits.add(Edit.deleteBySpec(r, "jump not at the top")));
    edits.add(Edit.insert(1, jump, "jump into " + ownedChain + " at the top"));
    return edits;
  }

  /** Whether a rule jumps or goes to {@code chain}. */
  public static boolean targets(RuleSpec rule, String chain) {
    List<String> args = rule.args();
    for (int k = 0; k + 1 < args.size(); k++) {
      String option = args.get(k);
      if ((option.equals("-j") || option.equals("-g") || option.equals("--jump") || option.equals("--goto"))
          && args.get(k + 1).equals(chain)) {
        return true;
      }
    }
    return false;
  }
}
