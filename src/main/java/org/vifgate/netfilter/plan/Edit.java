package org.vifgate.netfilter.plan;

import java.util.Objects;
import org.vifgate.netfilter.model.RuleSpec;

/**
 * One change to one chain. Positions count from 1 and refer to the chain as it is when this edit
 * runs, after the edits before it in the same plan. A delete without a position removes the first
 * rule equal to {@code rule}: the only safe way to delete from a chain other tools share.
 *
 * @param rule the rule inserted, deleted or written; null for chain operations
 * @param position null for deletes by spec and for chain operations
 * @param reason why, for people reading the plan ("dom0 port", "original recipe", ...)
 */
public record Edit(Op op, String chain, Integer position, RuleSpec rule, String reason) {

  public Edit {
    Objects.requireNonNull(op);
    Objects.requireNonNull(chain);
    reason = reason == null ? "" : reason;
  }

  public static Edit insert(int position, RuleSpec rule, String reason) {
    return new Edit(Op.INSERT, rule.chain(), position, rule, reason);
  }

  public static Edit deleteAt(int position, RuleSpec rule, String reason) {
    return new Edit(Op.DELETE, rule.chain(), position, rule, reason);
  }

  public static Edit deleteBySpec(RuleSpec rule, String reason) {
    return new Edit(Op.DELETE, rule.chain(), null, rule, reason);
  }

  public static Edit replace(int position, RuleSpec rule, String reason) {
    return new Edit(Op.REPLACE, rule.chain(), position, rule, reason);
  }

  public static Edit createChain(String chain) {
    return new Edit(Op.CREATE_CHAIN, chain, null, null, "vifgate's chain");
  }

  public static Edit deleteChain(String chain, String reason) {
    return new Edit(Op.DELETE_CHAIN, chain, null, null, reason);
  }

  public boolean isRuleEdit() {
    return rule != null;
  }
}
