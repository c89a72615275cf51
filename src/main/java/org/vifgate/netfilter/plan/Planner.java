package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.render.Dialect;
import org.vifgate.netfilter.render.GateLayout;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

/**
 * Live tables + desired layout -> the minimal {@link Plan}. Pure: no I/O, same input same plan.
 *
 * <p>Within a table the edits run in this order: create the chain, fix its rules (see {@link
 * ChainDiff}), fix the jump (see {@link JumpPlanner}), then remove the original recipe and any
 * stale layout. Across tables, the tables vifgate manages come first and the clean-ups after, so
 * that the new block is in place before an old one goes.
 */
public final class Planner {

  private Planner() {}

  public static Plan plan(GateSpec spec, LiveTables live) {
    List<TablePlan> tables = new ArrayList<>();
    for (DesiredTable desired : spec.owned()) {
      tables.add(new TablePlan(desired.table(), ownedEdits(spec, desired, live)));
    }
    for (GateSpec.Cleanup cleanup : spec.cleanup()) {
      tables.add(new TablePlan(cleanup.table(), cleanupEdits(spec, cleanup, live)));
    }
    return new Plan(tables);
  }

  /**
   * The plan of a role flip on a host known to hold exactly {@code from}'s layout (the last
   * reconcile left it so and read it back): the same edits {@link #plan} makes against that state,
   * one replace of the verdict per table, computed without reading the kernel. It is only as good
   * as that knowledge, so it is applied with guards ({@code Applier.applyExpecting}) and read back
   * right after.
   *
   * @throws IllegalArgumentException when the two specs differ in anything but the role
   */
  public static Plan flip(GateSpec from, GateSpec to) {
    if (from.backend() != to.backend() || !from.dom0Ports().equals(to.dom0Ports())) {
      throw new IllegalArgumentException("a flip changes only the role: " + from + " -> " + to);
    }
    List<TablePlan> tables = new ArrayList<>();
    for (int i = 0; i < to.owned().size(); i++) {
      DesiredTable before = from.owned().get(i);
      DesiredTable after = to.owned().get(i);
      tables.add(
          new TablePlan(
              after.table(), ChainDiff.edits(before.chainRules(), after.chainRules(), "vifgate rule")));
    }
    return new Plan(tables);
  }

  private static List<Edit> ownedEdits(GateSpec spec, DesiredTable desired, LiveTables live) {
    TableId table = desired.table();
    List<Edit> edits = new ArrayList<>();
    if (live.chain(table, GateLayout.CHAIN).isPresent()) {
      edits.addAll(
          ChainDiff.edits(live.rules(table, GateLayout.CHAIN), desired.chainRules(), "vifgate rule"));
    } else {
      // A new chain is not referenced until the jump below is inserted: fill it in reading order.
      edits.add(Edit.createChain(GateLayout.CHAIN));
      for (int i = 0; i < desired.chainRules().size(); i++) {
        edits.add(Edit.insert(i + 1, desired.chainRules().get(i), "vifgate rule"));
      }
    }
    List<RuleSpec> forward = live.rules(table, GateLayout.FORWARD);
    edits.addAll(JumpPlanner.edits(forward, desired.jump(), GateLayout.CHAIN));
    edits.addAll(recipeEdits(spec, table, forward));
    return edits;
  }

  private static List<Edit> cleanupEdits(GateSpec spec, GateSpec.Cleanup cleanup, LiveTables live) {
    TableId table = cleanup.table();
    List<RuleSpec> forward = live.rules(table, GateLayout.FORWARD);
    List<Edit> edits = new ArrayList<>(recipeEdits(spec, table, forward));
    if (cleanup.removeLayout()) {
      String why = "vifgate layout left on the " + table.backend().id() + " backend";
      for (RuleSpec rule : forward) {
        if (JumpPlanner.targets(rule, GateLayout.CHAIN)) {
          edits.add(Edit.deleteBySpec(rule, why));
        }
      }
      if (live.chain(table, GateLayout.CHAIN).isPresent()) {
        edits.add(Edit.deleteChain(GateLayout.CHAIN, why));
      }
    }
    return edits;
  }

  private static List<Edit> recipeEdits(GateSpec spec, TableId table, List<RuleSpec> forward) {
    if (!GateSpec.mayHoldRecipe(table)) {
      return List.of();
    }
    return RecipeDetector.recipeRules(forward, Dialect.of(table), spec::isDom0Port).stream()
        .map(rule -> Edit.deleteBySpec(rule, "original recipe"))
        .toList();
  }
}
