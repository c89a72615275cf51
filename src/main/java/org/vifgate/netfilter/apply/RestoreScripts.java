package org.vifgate.netfilter.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.Op;
import org.vifgate.netfilter.plan.TablePlan;
import org.vifgate.netfilter.render.GateLayout;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

/**
 * Plans rendered as the tools' input: a restore script for the tools that apply a whole table
 * atomically (iptables-restore, ebtables-restore, both with {@code --noflush} so that nothing else
 * in the table changes), and single command lines for arptables-legacy, which has no usable
 * restore. Pure functions; golden tests pin the output.
 */
public final class RestoreScripts {

  private RestoreScripts() {}

  /** iptables-restore / ip6tables-restore input, either backend. */
  public static String iptables(TablePlan plan) {
    StringBuilder script = new StringBuilder("*").append(plan.table().table()).append('\n');
    for (Edit edit : plan.edits()) {
      switch (edit.op()) {
        case CREATE_CHAIN -> line(script, ":" + edit.chain() + " - [0:0]");
        case INSERT -> line(script, "-I " + edit.chain() + " " + edit.position() + args(edit));
        case REPLACE -> line(script, "-R " + edit.chain() + " " + edit.position() + args(edit));
        case DELETE -> line(script, deleteLine(edit));
        case DELETE_CHAIN -> {
          line(script, "-F " + edit.chain());
          line(script, "-X " + edit.chain());
        }
      }
    }
    return script.append("COMMIT\n").toString();
  }

  /**
   * ebtables-restore input. ebtables has no replace, so a replace is a delete and an insert at the
   * same position inside the one atomic transaction; user chains are declared with policy RETURN.
   */
  public static String ebtables(TablePlan plan) {
    StringBuilder script = new StringBuilder("*").append(plan.table().table()).append('\n');
    for (Edit edit : plan.edits()) {
      switch (edit.op()) {
        case CREATE_CHAIN -> line(script, ":" + edit.chain() + " RETURN");
        case INSERT -> line(script, "-I " + edit.chain() + " " + edit.position() + args(edit));
        case REPLACE -> {
          line(script, "-D " + edit.chain() + " " + edit.position());
          line(script, "-I " + edit.chain() + " " + edit.position() + args(edit));
        }
        case DELETE -> line(script, deleteLine(edit));
        case DELETE_CHAIN -> {
          line(script, "-F " + edit.chain());
          line(script, "-X " + edit.chain());
        }
      }
    }
    return script.toString();
  }

  /**
   * iptables-restore input for a plan made without reading the table, against the layout {@code
   * before} that the previous reconcile left there (a role flip, {@code Planner.flip}). The tool
   * refuses it unless the table still holds that layout: the jump and every chain rule the plan
   * keeps are checked with {@code -C}, and each replaced rule is deleted by its full spec before
   * its successor is inserted in its place. A check or delete that finds nothing fails its line,
   * and iptables-restore then commits nothing. What the checks cannot see (order, extra rules) is
   * the read-back's business.
   *
   * @throws IllegalArgumentException for edits other than replaces of {@code before}'s chain rules
   */
  public static String iptablesExpecting(TablePlan plan, DesiredTable before) {
    Set<Integer> replaced = replacedPositions(plan, before);
    StringBuilder script = new StringBuilder("*").append(plan.table().table()).append('\n');
    line(script, "-C " + before.jump().chain() + args(before.jump()));
    for (int i = 0; i < before.chainRules().size(); i++) {
      if (!replaced.contains(i + 1)) {
        RuleSpec kept = before.chainRules().get(i);
        line(script, "-C " + kept.chain() + args(kept));
      }
    }
    replaceBySpec(script, plan, before);
    return script.append("COMMIT\n").toString();
  }

  /**
   * The same for ebtables-restore, which has no {@code -C}: only the replaced rules are guarded,
   * by deleting them by full spec; the transaction fails when one is not there.
   */
  public static String ebtablesExpecting(TablePlan plan, DesiredTable before) {
    replacedPositions(plan, before);
    StringBuilder script = new StringBuilder("*").append(plan.table().table()).append('\n');
    replaceBySpec(script, plan, before);
    return script.toString();
  }

  private static Set<Integer> replacedPositions(TablePlan plan, DesiredTable before) {
    Set<Integer> positions = new HashSet<>();
    for (Edit edit : plan.edits()) {
      boolean ours = edit.op() == Op.REPLACE && edit.chain().equals(GateLayout.CHAIN);
      if (!ours || edit.position() > before.chainRules().size() || !positions.add(edit.position())) {
        throw new IllegalArgumentException("not a replace of a rule in " + GateLayout.CHAIN + ": " + edit);
      }
    }
    return positions;
  }

  private static void replaceBySpec(StringBuilder script, TablePlan plan, DesiredTable before) {
    for (Edit edit : plan.edits()) {
      RuleSpec old = before.chainRules().get(edit.position() - 1);
      line(script, "-D " + edit.chain() + args(old));
      line(script, "-I " + edit.chain() + " " + edit.position() + args(edit));
    }
  }

  /** arptables-legacy argument lists (without the program), one command per element, in order. */
  public static List<List<String>> arptables(TablePlan plan) {
    List<List<String>> commands = new ArrayList<>();
    for (Edit edit : plan.edits()) {
      switch (edit.op()) {
        case CREATE_CHAIN -> commands.add(List.of("-N", edit.chain()));
        case INSERT -> commands.add(withArgs(List.of("-I", edit.chain(), edit.position().toString()), edit));
        case REPLACE -> commands.add(withArgs(List.of("-R", edit.chain(), edit.position().toString()), edit));
        case DELETE -> commands.add(
            edit.position() == null
                ? withArgs(List.of("-D", edit.chain()), edit)
                : List.of("-D", edit.chain(), edit.position().toString()));
        case DELETE_CHAIN -> {
          commands.add(List.of("-F", edit.chain()));
          commands.add(List.of("-X", edit.chain()));
        }
      }
    }
    return commands;
  }

  private static String deleteLine(Edit edit) {
    return edit.position() == null
        ? "-D " + edit.chain() + args(edit)
        : "-D " + edit.chain() + " " + edit.position();
  }

  private static String args(Edit edit) {
    return args(edit.rule());
  }

  private static String args(RuleSpec rule) {
    String args = rule.quotedArgs();
    return args.isEmpty() ? "" : " " + args;
  }

  private static List<String> withArgs(List<String> head, Edit edit) {
    List<String> command = new ArrayList<>(head);
    command.addAll(edit.rule().args());
    return command;
  }

  private static void line(StringBuilder script, String line) {
    script.append(line).append('\n');
  }
}
