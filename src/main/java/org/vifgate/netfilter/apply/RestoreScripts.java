package org.vifgate.netfilter.apply;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.TablePlan;

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
    String args = edit.rule().quotedArgs();
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
