package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.netfilter.model.RuleSpec;

/**
 * The minimal edits that turn the rules of a chain vifgate owns into the desired ones: a
 * Levenshtein alignment with insert, delete and replace (replace is one step, like {@code -R}).
 *
 * <p>Edits are emitted from the end of the chain towards its start. Each edit's position then
 * refers to the untouched live prefix, and the tail of the chain reaches its desired form first:
 * since the desired chain ends with its verdict, a passive host's DROP is in place from the first
 * edit on, which is what makes the order safe for tools that apply edits one command at a time.
 */
public final class ChainDiff {

  private ChainDiff() {}

  public static List<Edit> edits(List<RuleSpec> live, List<RuleSpec> desired, String reason) {
    int n = live.size();
    int m = desired.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      cost[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      cost[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int diagonal = cost[i - 1][j - 1] + (live.get(i - 1).equals(desired.get(j - 1)) ? 0 : 1);
        cost[i][j] = Math.min(diagonal, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
      }
    }
    List<Edit> edits = new ArrayList<>(cost[n][m]);
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0 && live.get(i - 1).equals(desired.get(j - 1)) && cost[i][j] == cost[i - 1][j - 1]) {
        i--;
        j--;
      } else if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + 1) {
        edits.add(Edit.replace(i, desired.get(j - 1), reason));
        i--;
        j--;
      } else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
        edits.add(Edit.deleteAt(i, live.get(i - 1), reason));
        i--;
      } else {
        edits.add(Edit.insert(i + 1, desired.get(j - 1), reason));
        j--;
      }
    }
    return edits;
  }
}
