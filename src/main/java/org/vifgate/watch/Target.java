package org.vifgate.watch;

import java.io.IOException;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.state.HostLock;

/**
 * The host the watcher keeps converged. {@link HostTarget} is the real one (the kernel, through
 * {@link org.vifgate.reconcile.HostReconciler}); unit tests use a fake.
 */
public interface Target {

  /**
   * Reconciles towards the effective role (runtime role, boot safety, file) and the given state,
   * under the host lock. Must be idempotent: a second call with nothing changed applies nothing.
   * Returns only when the rules are in place and read back; otherwise throws.
   */
  Outcome reconcile(DesiredState state)
      throws ReconcileException, IOException, HostLock.LockTimeoutException;

  /**
   * Reconciles after a role request: like {@link #reconcile}, but may skip reading the rules first
   * when the previous reconcile left the other role in place, and then returns an outcome that was
   * not read back ({@link Outcome#readBack()} false): the caller must {@link #reconcile} right
   * after, which reads back and repairs.
   */
  default Outcome flip(DesiredState state)
      throws ReconcileException, IOException, HostLock.LockTimeoutException {
    return reconcile(state);
  }

  /** Records the runtime role exactly as {@code vifgate role} does, before reconciling. */
  void recordRole(Role role, String by) throws IOException;
}
