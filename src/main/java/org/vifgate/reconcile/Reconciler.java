package org.vifgate.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  /**
   * @param applier null for a source that is not the kernel (plans only)
   * @param sysctls null for a source that is not the kernel
   */
  public Reconciler(LiveSource source, Applier applier, BridgeSysctls sysctls, boolean nftInstalled) {
    this.source = source;
    this.applier = applier;
    this.sysctls = sysctls;
    this.nftInstalled = nftInstalled;
  }

  public Outcome reconcile(DesiredState state, Role role, String roleReason, boolean apply)
      throws ReconcileException {
    if (apply && applier == null) {
      throw new IllegalStateException("cannot apply to saved dumps");
    }
    List<String> notes = new ArrayList<>();
    try {
      LiveSnapshot live = readLive(state);
      BackendSelection backend = BackendSelection.select(state.backend(), live, nftInstalled);
      GateSpec spec = GateSpec.of(backend.backend(), role, state.dom0Vifs());
      checkTools(spec, live, notes);
      if (backend.backend() == Backend.LEGACY && source.isKernel()) {
        checkSysctls(state, apply, notes);
      }
      Plan plan = Planner.plan(spec, live.filterTables());
      if (!apply || plan.isEmpty()) {
        return new Outcome(backend, role, roleReason, plan, false, notes);
      }
      applyAll(plan);
      verify(spec, live, plan);
      return new Outcome(backend, role, roleReason, plan, true, notes);
    } catch (BackendSelection.BackendConflictException e) {
      throw new ReconcileException(e.getMessage(), e);
    } catch (LiveReadException e) {
      throw new ReconcileException(e.getMessage() + "; nothing was changed", e);
    } catch (IOException e) {
      throw new ReconcileException(e.getMessage(), e);
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

  private void applyAll(Plan plan) throws IOException, ReconcileException {
    List<String> done = new ArrayList<>();
    for (TablePlan table : plan.tables()) {
      try {
        applier.apply(table);
      } catch (ApplyException e) {
        throw new ReconcileException(
            e.getMessage()
                + (done.isEmpty() ? "" : "; already applied: " + String.join(", ", done))
                + (plan.tables().size() > done.size() + 1 ? "; not attempted: the tables after it" : ""),
            e);
      }
      done.add(table.table().display());
    }
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
