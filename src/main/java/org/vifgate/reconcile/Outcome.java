package org.vifgate.reconcile;

import java.util.List;
import org.vifgate.config.Role;
import org.vifgate.netfilter.plan.Plan;

/**
 * The result of one reconcile: the backend and role it worked towards (with the reasons), the plan
 * it computed against the live rules, and whether that plan was applied.
 *
 * @param plan empty when the live rules were already in sync
 * @param applied true when the plan was applied
 * @param readBack true when the rules were read back after applying and matched; false for a role
 *     flip applied against what the previous reconcile left ({@link Reconciler#flip}), whose proof
 *     is the guarded transaction and whose read-back follows at once
 * @param notes things an operator should know that did not stop the reconcile
 */
public record Outcome(
    BackendSelection backend,
    Role role,
    String roleReason,
    Plan plan,
    boolean applied,
    boolean readBack,
    List<String> notes) {

  public Outcome {
    notes = List.copyOf(notes);
  }

  /** An outcome whose applied plan, if any, was read back. */
  public Outcome(
      BackendSelection backend, Role role, String roleReason, Plan plan, boolean applied, List<String> notes) {
    this(backend, role, roleReason, plan, applied, applied, notes);
  }

  /** This outcome with one more note. */
  public Outcome withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new Outcome(backend, role, roleReason, plan, applied, readBack, more);
  }

  public boolean inSync() {
    return plan.isEmpty();
  }
}
