package org.vifgate.watch;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.state.HostLock;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;

/** The running kernel (or a namespace of it), reconciled the way every vifgate command does it. */
public final class HostTarget implements Target {

  private final HostReconciler host;
  private final Clock clock;
  /** The role {@link #recordRole} wrote, for the {@link #flip} that follows it. */
  private RuntimeRole justRecorded;

  public HostTarget(HostReconciler host, Clock clock) {
    this.host = host;
    this.clock = clock;
  }

  @Override
  public Outcome reconcile(DesiredState state)
      throws ReconcileException, IOException, HostLock.LockTimeoutException {
    return host.reconcile(state, true, Optional.empty());
  }

  @Override
  public Outcome flip(DesiredState state)
      throws ReconcileException, IOException, HostLock.LockTimeoutException {
    Optional<RuntimeRole> recorded = Optional.ofNullable(justRecorded);
    justRecorded = null;
    return host.flip(state, recorded);
  }

  @Override
  public void recordRole(Role role, String by) throws IOException {
    justRecorded = null;
    RuntimeRole set = new RuntimeRole(role, RuntimeState.currentBootId(), clock.instant(), by);
    host.runtime().setRole(set);
    justRecorded = set;
  }
}
