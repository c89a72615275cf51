package org.vifgate.reconcile;

import java.util.List;
import org.vifgate.config.Role;
import org.vifgate.netfilter.plan.Plan;

/**
 * The result of one reconcile: the backend and role it worked towards (with the reasons), the plan
 * it computed against the live rules, and whether that plan was applied.
 *
 * @param plan empty when the live rules were already in sync
 * @param applied true when the plan was applied and read back successfully
 * @param notes things an operator should know that did not stop the reconcile
 */
public record Outcome(
    BackendSelection backend, Role role, String roleReason, Plan plan, boolean applied, List<String> notes) {

  public Outcome {
    notes = List.copyOf(notes);
  }

  public boolean inSync() {
    return plan.isEmpty();
  }
}
