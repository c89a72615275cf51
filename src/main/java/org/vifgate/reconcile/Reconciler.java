package org.vifgate.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.netfilter.apply.ApplyException;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.netfilter.plan.Planner;
import org.vifgate.netfilter.plan.TablePlan;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

/**
 * One reconcile: read the live rules, choose the backend, plan, apply, read back. Idempotent: run
 * twice, the second run finds nothing to do. All I/O goes through the injected source, applier and
 * sysctl switch, so the sequence itself is tested with fakes and proven on the kernel by the ITs.
 */
public final class Reconciler {

  private final LiveSource source;
  private final Applier applier;
  private final BridgeSysctls sysctls;
  private final boolean nftInstalled;
  private final boolean resident;

  /**
   * Runs the side-by-side applies. Its threads outlive one reconcile (a resident watcher's flips
   * do not pay for starting them) and are daemons, so they never keep a command from exiting.
   */
  private final ExecutorService pool = Executors.newCachedThreadPool(Reconciler::daemon);

  /**
   * What the owned tables held when the last reconcile that applied (or found nothing to apply)
   * read them back in sync: a role flip can be planned against it without reading the kernel.
   * Null when not known: no such reconcile yet, the last one failed, or a flip used it up.
   */
  private Settled settled;

  /**
   * @param flip the spec of the other role and the plan that flips to it, made when this state
   *     settled so that a flip request finds them ready
   * @param before the tables as they are now, which the flip's guards expect
   */
  private record Settled(
      DesiredState state,
      BackendSelection backend,
      GateSpec spec,
      GateSpec flip,
      Plan flipPlan,
      Map<TableId, DesiredTable> before) {

    static Settled of(DesiredState state, BackendSelection backend, GateSpec spec) {
      Role other = spec.role() == Role.PASSIVE ? Role.ACTIVE : Role.PASSIVE;
      GateSpec flip = GateSpec.of(spec.backend(), other, spec.dom0Ports());
      Map<TableId, DesiredTable> before = new HashMap<>();
      spec.owned().forEach(d -> before.put(d.table(), d));
      return new Settled(state, backend, spec, flip, Planner.flip(spec, flip), Map.copyOf(before));
    }
  }

  /**
   * A role flip tried without reading the kernel first.
   *
   * @param outcome the flip, applied but not yet read back; null when it was not tried or refused
   * @param refused why the kernel refused it (the rules changed since the last reconcile); null
   *     when it was applied or not tried
   */
  public record Flip(Outcome outcome, String refused) {}

  /**
   * @param applier null for a source that is not the kernel (plans only)
   * @param sysctls null for a source that is not the kernel
   */
  public Reconciler(LiveSource source, Applier applier, BridgeSysctls sysctls, boolean nftInstalled) {
    this(source, applier, sysctls, nftInstalled, false);
  }

  /**
   * @param resident for a process that lives on (the watcher): it remembers what each reconcile left
   *     and prepares the role flip from there ({@link #flip}), its commands started ahead of time
   *     when the applier's runner can; a one-shot command would only waste that work
   */
  public Reconciler(
      LiveSource source, Applier applier, BridgeSysctls sysctls, boolean nftInstalled, boolean resident) {
    this.source = source;
    this.applier = applier;
    this.sysctls = sysctls;
    this.nftInstalled = nftInstalled;
    this.resident = resident;
  }

  public Outcome reconcile(DesiredState state, Role role, String roleReason, boolean apply)
      throws ReconcileException {
    return reconcile(state, role, roleReason, apply, Optional.empty());
  }

  /**
   * @param lastSettled what the last successful reconcile of this host left in the owned tables
   *     ({@link SettledRules}), when known: if that is the same desired state with the other role,
   *     the reconcile starts with the role flip ({@link #flipAhead})
   */
  public Outcome reconcile(
      DesiredState state, Role role, String roleReason, boolean apply, Optional<GateSpec> lastSettled)
      throws ReconcileException {
    if (apply && applier == null) {
      throw new IllegalStateException("cannot apply to saved dumps");
    }
    settled = null;
    List<String> notes = new ArrayList<>();
    try {
      if (apply && lastSettled.isPresent()) {
        Outcome flipped = flipAhead(state, role, roleReason, lastSettled.get(), notes);
        if (flipped != null) {
          return flipped;
        }
      }
      LiveSnapshot live = readLive(state);
      BackendSelection backend = BackendSelection.select(state.backend(), live, nftInstalled);
      GateSpec spec = GateSpec.of(backend.backend(), role, state.dom0Vifs());
      checkTools(spec, live, notes);
      if (backend.backend() == Backend.LEGACY && source.isKernel()) {
        checkSysctls(state, apply, notes);
      }
      Plan plan = Planner.plan(spec, live.filterTables());
      if (!apply || plan.isEmpty()) {
        if (apply) {
          settle(state, backend, spec);
        }
        return new Outcome(backend, role, roleReason, plan, false, notes);
      }
      applyAll(spec, plan, applier::apply);
      verify(spec, live, plan);
      settle(state, backend, spec);
      return new Outcome(backend, role, roleReason, plan, true, notes);
    } catch (BackendSelection.BackendConflictException e) {
      throw new ReconcileException(e.getMessage(), e);
    } catch (LiveReadException e) {
      throw new ReconcileException(e.getMessage() + "; nothing was changed", e);
    } catch (IOException e) {
      throw new ReconcileException(e.getMessage(), e);
    }
  }

  private void settle(DesiredState state, BackendSelection backend, GateSpec spec) {
    if (!resident) {
      return;
    }
    settled = Settled.of(state, backend, spec);
    for (TablePlan table : settled.flipPlan().tables()) {
      try {
        applier.prepareExpecting(table);
      } catch (IOException | RuntimeException e) {
        // Only speed is lost: the flip starts its commands when it runs them.
      }
    }
  }

  /**
   * Flips the role without reading the kernel, when the last reconcile in this process left the
   * same desired state in place with the other role: {@link Planner#flip} (one replace per table),
   * applied side by side with guards, so that a table that no longer holds what that reconcile left
   * refuses the edit and changes nothing ({@link Applier#applyExpecting}). Nothing is read back
   * here: the caller reconciles in full right after (which repairs whatever the guards cannot see,
   * such as a foreign rule inserted above the jump), and at once, instead, when this was not tried
   * or refused. Used by the watcher, whose role flips must not pay for reading five tables.
   */
  public Flip flip(DesiredState state, Role role, String roleReason) {
    Settled known = settled;
    settled = null;
    if (applier == null || known == null || !known.state().equals(state) || known.spec().role() == role) {
      return new Flip(null, null);
    }
    Plan plan = known.flipPlan();
    try {
      applyAll(known.flip(), plan, table -> applier.applyExpecting(table, known.before().get(table.table())));
    } catch (ReconcileException | IOException e) {
      return new Flip(null, e.getMessage());
    }
    return new Flip(new Outcome(known.backend(), role, roleReason, plan, true, false, List.of()), null);
  }

  /**
   * A full reconcile that starts with the role flip it expects, so that a command line does not
   * read before it writes: when the tables were last left as {@code from} and only the role
   * changed, the flip ({@link Planner#flip}: one replace per owned table) goes in guarded, exactly
   * as {@link #flip} does, while the tables it does not touch (the clean-ups) are read side by side
   * with it. Then the owned tables are read back, and everything is planned as usual against what
   * was read: anything else out of place (a foreign rule above the jump, a recipe left over) is
   * applied and read back like any plan. The outcome is the same as a reconcile that read first.
   *
   * @return null when this does not apply or the kernel refused the flip (the tables changed since
   *     {@code from}; nothing was changed): the caller reconciles the usual way
   */
  private Outcome flipAhead(DesiredState state, Role role, String roleReason, GateSpec from, List<String> notes)
      throws ReconcileException, IOException, LiveReadException, BackendSelection.BackendConflictException {
    // Only `backend: nft`. With auto, which backend is in use is known only after reading every
    // table. The legacy backend owns arptables-legacy, which has no transaction to guard: its
    // edits go by position, which only a table read just before makes safe (nft keeps ARP in
    // ebtables).
    if (state.backend() != BackendChoice.NFT) {
      return null;
    }
    GateSpec spec = GateSpec.of(Backend.NFT, role, state.dom0Vifs());
    if (from.backend() != Backend.NFT || from.role() == role || !from.dom0Ports().equals(spec.dom0Ports())) {
      return null;
    }
    Set<DumpId> owned = new LinkedHashSet<>();
    spec.owned().forEach(d -> owned.add(d.table().dump()));
    Set<DumpId> others = dumpsOf(spec.tables());
    others.removeAll(owned);
    Future<LiveSnapshot> othersRead = others.isEmpty() ? null : pool.submit(() -> source.read(others, LiveSource.Scope.FILTER));
    Map<TableId, DesiredTable> before = new HashMap<>();
    from.owned().forEach(d -> before.put(d.table(), d));
    Plan flip = Planner.flip(from, spec);
    try {
      applyAll(spec, flip, table -> applier.applyExpecting(table, before.get(table.table())));
    } catch (ReconcileException | IOException refused) {
      awaitRead(othersRead);
      notes.add("the flip planned from the last reconcile was refused (" + refused.getMessage() + "): reconciled in full");
      return null;
    }
    LiveSnapshot live;
    try {
      live = awaitRead(othersRead).with(source.read(owned, LiveSource.Scope.FILTER));
    } catch (LiveReadException e) {
      throw new ReconcileException(
          "the role flip was applied, but reading the rules afterwards failed: " + e.getMessage(), e);
    }
    BackendSelection selection = BackendSelection.select(state.backend(), live, nftInstalled);
    checkTools(spec, live, notes);
    Plan rest = Planner.plan(spec, live.filterTables());
    if (!rest.isEmpty()) {
      try {
        applyAll(spec, rest, applier::apply);
        verify(spec, live, rest);
      } catch (ReconcileException e) {
        throw new ReconcileException("the role flip was applied; what else was out of place was not: " + e.getMessage(), e);
      }
    }
    settle(state, selection, spec);
    List<TablePlan> done = new ArrayList<>(flip.tables());
    done.addAll(rest.tables());
    return new Outcome(selection, role, roleReason, new Plan(done), true, notes);
  }

  private static LiveSnapshot awaitRead(Future<LiveSnapshot> read) throws LiveReadException {
    if (read == null) {
      return new LiveSnapshot(Map.of(), Map.of());
    }
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw LiveReadException.of(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiveReadException("interrupted while reading live rules", e);
    }
  }

  private LiveSnapshot readLive(DesiredState state) throws LiveReadException {
    if (state.backend() == BackendChoice.AUTO) {
      // Whether a backend is in use depends on every table, not only filter.
      return source.read(BackendSelection.detectionDumps(), LiveSource.Scope.ALL);
    }
    Backend backend = state.backend() == BackendChoice.LEGACY ? Backend.LEGACY : Backend.NFT;
    return source.read(dumpsOf(GateSpec.of(backend, Role.PASSIVE, state.dom0Vifs()).tables()), LiveSource.Scope.FILTER);
  }

  private static Set<DumpId> dumpsOf(List<TableId> tables) {
    Set<DumpId> dumps = new LinkedHashSet<>();
    tables.forEach(t -> dumps.add(t.dump()));
    return dumps;
  }

  private static void checkTools(GateSpec spec, LiveSnapshot live, List<String> notes) throws ReconcileException {
    for (var owned : spec.owned()) {
      String missing = live.unavailable().get(owned.table().dump());
      if (missing != null) {
        throw new ReconcileException(
            "the " + spec.backend().id() + " backend needs " + owned.table().tool() + ", but " + missing
                + "; nothing was changed");
      }
    }
    for (var cleanup : spec.cleanup()) {
      String missing = live.unavailable().get(cleanup.table().dump());
      if (missing != null) {
        notes.add("not checked for leftovers: " + cleanup.table().display() + " (" + missing + ")");
      }
    }
  }

  private void checkSysctls(DesiredState state, boolean apply, List<String> notes)
      throws IOException, LiveReadException, ReconcileException {
    List<String> off = sysctls.missing();
    if (off.isEmpty()) {
      return;
    }
    if (!state.manageSysctls()) {
      throw new ReconcileException(
          "the legacy backend's rules would match nothing: "
              + String.join(", ", off)
              + " (br_netfilter must hand bridged frames to iptables, ip6tables and arptables, tagged"
              + " ones included). Set them to 1 (sysctl -w), or set `manageSysctls: true` in "
              + state.source()
              + "; nothing was changed");
    }
    if (apply) {
      sysctls.enable();
      notes.add("set to 1: " + String.join(", ", off));
    } else {
      notes.add("would set to 1 (manageSysctls): " + String.join(", ", off));
    }
  }

  /**
   * The tables vifgate manages go first, side by side: each moves its own family to the desired
   * state in one transaction, and a flip touches all of them the same way, so their order does not
   * matter. The clean-ups (the other backend's layout, the original recipe) only loosen, and run
   * after, one by one, once the new state is in place everywhere.
   */
  /** How one table's edits reach the kernel: {@link Applier#apply} or its guarded variant. */
  private interface TableApply {
    void apply(TablePlan table) throws ApplyException, IOException;
  }

  private void applyAll(GateSpec spec, Plan plan, TableApply how) throws IOException, ReconcileException {
    Set<TableId> owned = new HashSet<>();
    spec.owned().forEach(d -> owned.add(d.table()));
    List<TablePlan> first = plan.tables().stream().filter(t -> owned.contains(t.table())).toList();
    List<TablePlan> then = plan.tables().stream().filter(t -> !owned.contains(t.table())).toList();
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    ApplyException firstFailure = null;
    if (first.size() == 1) {
      firstFailure = applyOne(how, first.get(0), done, failed);
    } else if (!first.isEmpty()) {
      try {
        List<Future<ApplyException>> results = new ArrayList<>();
        for (TablePlan table : first) {
          results.add(pool.submit(() -> applyOne(how, table, done, failed)));
        }
        for (Future<ApplyException> result : results) {
          ApplyException e = result.get();
          firstFailure = firstFailure == null ? e : firstFailure;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReconcileException("interrupted while applying", e);
      } catch (ExecutionException e) {
        throw new ReconcileException("applying failed: " + e.getCause(), e.getCause());
      }
    }
    if (firstFailure == null) {
      for (TablePlan table : then) {
        firstFailure = applyOne(how, table, done, failed);
        if (firstFailure != null) {
          break;
        }
      }
    }
    if (firstFailure != null) {
      throw new ReconcileException(
          String.join("; ", failed)
              + (done.isEmpty() ? "" : "; applied: " + String.join(", ", done))
              + (done.size() + failed.size() < plan.tables().size() ? "; the clean-ups after it were not attempted" : ""),
          firstFailure);
    }
  }

  /** Applies one table; returns the failure instead of throwing so that side-by-side applies all report. */
  private static ApplyException applyOne(
      TableApply how, TablePlan table, List<String> done, List<String> failed) throws IOException {
    try {
      how.apply(table);
      synchronized (done) {
        done.add(table.table().display());
      }
      return null;
    } catch (ApplyException e) {
      synchronized (done) {
        failed.add(e.getMessage());
      }
      return e;
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "apply");
    thread.setDaemon(true);
    return thread;
  }

  private void verify(GateSpec spec, LiveSnapshot before, Plan applied)
      throws LiveReadException, ReconcileException {
    List<TableId> changed = applied.tables().stream().map(TablePlan::table).toList();
    LiveSnapshot after = before.with(source.read(dumpsOf(changed), LiveSource.Scope.FILTER));
    Plan remaining = Planner.plan(spec, after.filterTables());
    if (!remaining.isEmpty()) {
      throw new ReconcileException(
          "the kernel does not hold what was applied (another process changed the rules at the same"
              + " time, or a tool misreported success); still to do: "
              + PlanText.oneLine(remaining));
    }
  }
}
