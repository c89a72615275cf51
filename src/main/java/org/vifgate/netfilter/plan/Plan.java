package org.vifgate.netfilter.plan;

import java.util.List;

/**
 * Everything one reconcile would change, table by table in apply order. Tables without edits are
 * left out. The order is part of the contract: tables that establish the desired block come before
 * tables that only clean up, so a passive host never passes guest traffic between two commits.
 */
public record Plan(List<TablePlan> tables) {

  public Plan {
    tables = tables.stream().filter(t -> !t.isEmpty()).toList();
  }

  public static Plan empty() {
    return new Plan(List.of());
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  public int editCount() {
    return tables.stream().mapToInt(t -> t.edits().size()).sum();
  }

  public long count(Op op) {
    return tables.stream().flatMap(t -> t.edits().stream()).filter(e -> e.op() == op).count();
  }
}
