package org.vifgate.netfilter.plan;

import java.util.List;
import org.vifgate.netfilter.model.TableId;

/** The edits for one table, in the order they must run; applied as one transaction where the tool allows. */
public record TablePlan(TableId table, List<Edit> edits) {
  public TablePlan {
    edits = List.copyOf(edits);
  }

  public boolean isEmpty() {
    return edits.isEmpty();
  }
}
