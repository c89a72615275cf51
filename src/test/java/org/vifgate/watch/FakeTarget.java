package org.vifgate.watch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.netfilter.plan.TablePlan;
import org.vifgate.reconcile.BackendSelection;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;

/**
 * A host with one owned rule whose verdict is the role: a reconcile replaces it when it differs
 * from the effective role (the recorded runtime role, else the file's) or when drift was injected.
 * Failures can be queued; every call is recorded with the simulated time it happened at.
 */
final class FakeTarget implements Target {

  record Call(Instant at, String what, DesiredState state) {}

  private final FakeClock clock;
  final List<Call> calls = new ArrayList<>();
  final Deque<Exception> failures = new ArrayDeque<>();
  Role live;
  Optional<Role> recorded = Optional.empty();
  boolean drift;
  Duration applyTime = Duration.ofMillis(15);
  Runnable duringApply = () -> {};
  /** Whether {@link #flip} applies without reading back (as the real target does after a reconcile). */
  boolean flipsWithoutReadBack;
  /** Drift the kernel shows right after a flip, which only the read-back can find. */
  boolean driftAfterFlip;

  FakeTarget(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public Outcome reconcile(DesiredState state) throws ReconcileException, IOException {
    calls.add(new Call(clock.instant(), "reconcile", state));
    return converge(state);
  }

  /** What a reconcile does to the fake host, whoever calls it. */
  private Outcome converge(DesiredState state) throws ReconcileException, IOException {
    duringApply.run();
    clock.advance(applyTime);
    Exception failure = failures.poll();
    if (failure instanceof ReconcileException e) {
      throw e;
    }
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    Role role = recorded.orElse(state.role());
    BackendSelection backend = new BackendSelection(Backend.NFT, "fake");
    if (role == live && !drift) {
      return new Outcome(backend, role, "fake", Plan.empty(), false, List.of());
    }
    live = role;
    drift = false;
    TableId table = TableId.filter(Family.BRIDGE, Backend.NFT);
    RuleSpec rule = RuleSpec.of("VIFGATE", "-j", role == Role.PASSIVE ? "DROP" : "RETURN");
    Plan plan = new Plan(List.of(new TablePlan(table, List.of(Edit.replace(3, rule, "verdict")))));
    return new Outcome(backend, role, "fake", plan, true, List.of());
  }

  @Override
  public Outcome flip(DesiredState state) throws ReconcileException, IOException {
    if (!flipsWithoutReadBack) {
      return reconcile(state);
    }
    calls.add(new Call(clock.instant(), "flip", state));
    Outcome applied = converge(state);
    drift = driftAfterFlip;
    return new Outcome(
        applied.backend(), applied.role(), "fake", applied.plan(), applied.applied(), false, List.of());
  }

  @Override
  public void recordRole(Role role, String by) {
    calls.add(new Call(clock.instant(), "record " + role.id() + " by " + by, null));
    recorded = Optional.of(role);
  }

  List<Call> reconciles() {
    return calls.stream().filter(c -> c.what().equals("reconcile")).toList();
  }
}
