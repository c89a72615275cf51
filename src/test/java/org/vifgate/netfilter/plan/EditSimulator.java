package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.netfilter.model.RuleSpec;

/**
 * A stateful fake of one table: chains as lists of rule specs, changed by plan edits with the
 * semantics of the real tools (positions from 1, delete by spec removes the first equal rule,
 * a chain can only be deleted when nothing jumps to it).
 */
final class EditSimulator {
  final Map<String, List<RuleSpec>> chains = new LinkedHashMap<>();

  EditSimulator chain(String name, List<RuleSpec> rules) {
    chains.put(name, new ArrayList<>(rules));
    return this;
  }

  List<RuleSpec> rules(String chain) {
    return chains.getOrDefault(chain, List.of());
  }

  void apply(List<Edit> edits) {
    for (Edit edit : edits) {
      apply(edit);
    }
  }

  void apply(Edit edit) {
    switch (edit.op()) {
      case CREATE_CHAIN -> {
        if (chains.putIfAbsent(edit.chain(), new ArrayList<>()) != null) {
          throw new IllegalStateException("chain exists: " + edit.chain());
        }
      }
      case DELETE_CHAIN -> {
        for (List<RuleSpec> rules : chains.values()) {
          if (rules.stream().anyMatch(r -> JumpPlanner.targets(r, edit.chain()))) {
            throw new IllegalStateException("chain still referenced: " + edit.chain());
          }
        }
        if (chains.remove(edit.chain()) == null) {
          throw new IllegalStateException("no chain " + edit.chain());
        }
      }
      case INSERT -> {
        List<RuleSpec> rules = existing(edit.chain());
        if (edit.position() < 1 || edit.position() > rules.size() + 1) {
          throw new IllegalStateException("bad insert position " + edit);
        }
        rules.add(edit.position() - 1, edit.rule());
      }
      case REPLACE -> {
        List<RuleSpec> rules = existing(edit.chain());
        checkIndex(edit, rules);
        rules.set(edit.position() - 1, edit.rule());
      }
      case DELETE -> {
        List<RuleSpec> rules = existing(edit.chain());
        if (edit.position() == null) {
          if (!rules.remove(edit.rule())) {
            throw new IllegalStateException("no such rule " + edit.rule());
          }
        } else {
          checkIndex(edit, rules);
          if (!rules.get(edit.position() - 1).equals(edit.rule())) {
            throw new IllegalStateException("rule at position differs from plan: " + edit);
          }
          rules.remove(edit.position() - 1);
        }
      }
    }
  }

  private List<RuleSpec> existing(String chain) {
    if (chain.equals("FORWARD")) {
      // Built-in chains exist as soon as the table does; restore tools create the table.
      return chains.computeIfAbsent(chain, k -> new ArrayList<>());
    }
    List<RuleSpec> rules = chains.get(chain);
    if (rules == null) {
      throw new IllegalStateException("no chain " + chain);
    }
    return rules;
  }

  private static void checkIndex(Edit edit, List<RuleSpec> rules) {
    if (edit.position() < 1 || edit.position() > rules.size()) {
      throw new IllegalStateException("bad position " + edit + " in " + rules);
    }
  }
}
