package org.vifgate.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.state.HostLock;
import org.vifgate.state.RoleResolver;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;

/**
 * A reconcile of this host as every command runs it: decide the role (runtime role, boot safety,
 * file), hold the host lock while reading and changing the rules, reconcile.
 */
public final class HostReconciler {

  private final Reconciler reconciler;
  private final StateDir stateDir;
  private final String netns;
  private final Duration lockTimeout;

  public HostReconciler(Reconciler reconciler, StateDir stateDir, String netns, Duration lockTimeout) {
    this.reconciler = reconciler;
    this.stateDir = stateDir;
    this.netns = netns;
    this.lockTimeout = lockTimeout;
  }

  public RuntimeState runtime() {
    return new RuntimeState(stateDir);
  }

  /** The role this host should have now, and why. */
  public RoleResolver.Effective effectiveRole(DesiredState state) throws IOException {
    return RoleResolver.resolve(state, runtime().role(), RuntimeState.currentBootId());
  }

  /**
   * Reconciles towards the effective role, or towards {@code assumedRole} when given (a what-if for
   * dry runs). Applying takes the host lock; a dry run only reads.
   */
  public Outcome reconcile(DesiredState state, boolean apply, Optional<Role> assumedRole)
      throws ReconcileException, IOException, HostLock.LockTimeoutException {
    Role role;
    String reason;
    if (assumedRole.isPresent()) {
      role = assumedRole.get();
      reason = "assumed on the command line";
    } else {
      RoleResolver.Effective effective = effectiveRole(state);
      role = effective.role();
      reason = effective.reason();
    }
    if (!apply) {
      return reconciler.reconcile(state, role, reason, false);
    }
    try (HostLock lock = HostLock.acquire(stateDir.lockFile(netns), lockTimeout)) {
      return reconcileLocked(state, role, reason);
    }
  }

  /** A full reconcile under the host lock, which also keeps this host's {@link SettledRules}. */
  private Outcome reconcileLocked(DesiredState state, Role role, String reason) throws ReconcileException {
    Path settledFile = stateDir.settledFile(netns);
    String lastText = read(settledFile);
    Optional<GateSpec> last =
        SettledRules.parse(lastText)
            .filter(rules -> rules.bootId().equals(RuntimeState.currentBootId()))
            .map(SettledRules::spec);
    Outcome outcome;
    try {
      outcome = reconciler.reconcile(state, role, reason, true, last);
    } catch (ReconcileException | RuntimeException e) {
      forget(settledFile);
      throw e;
    }
    GateSpec now = GateSpec.of(outcome.backend().backend(), outcome.role(), state.dom0Vifs());
    String nowText = SettledRules.of(RuntimeState.currentBootId(), now).serialize();
    // Compared as text: a resync that changed nothing need not write it again (and a record's
    // generated equals would cost a cold start its method-handle set-up).
    if (!nowText.equals(lastText)) {
      remember(settledFile, nowText);
    }
    return outcome;
  }

  /** The file's text; empty when it cannot be read (no hint: the reconcile reads first). */
  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Written whole and renamed into place; a failure to write only costs the next flip its head start. */
  private static void remember(Path file, String text) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp." + ProcessHandle.current().pid());
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      forget(temp);
      forget(file);
    }
  }

  private static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      // The hint may be stale then; the flip's guards and the full read catch that.
    }
  }

  /**
   * Reconciles towards the effective role as a role flip in a resident process: {@link
   * Reconciler#flip} (no read first) when the previous reconcile here left the other role in
   * place, else, or when the kernel refused that, a full reconcile. When the outcome was not read
   * back ({@link Outcome#readBack()} false), call {@link #reconcile} next: that is the read-back.
   *
   * @param justRecorded the runtime role this process wrote just before, if it did
   */
  public Outcome flip(DesiredState state, Optional<RuntimeRole> justRecorded)
      throws ReconcileException, IOException, HostLock.LockTimeoutException {
    // The role this process has just recorded needs no second read of the file it wrote.
    RoleResolver.Effective effective =
        justRecorded.isPresent()
            ? RoleResolver.resolve(state, justRecorded, RuntimeState.currentBootId())
            : effectiveRole(state);
    try (HostLock lock = HostLock.acquire(stateDir.lockFile(netns), lockTimeout)) {
      Reconciler.Flip flip = reconciler.flip(state, effective.role(), effective.reason());
      if (flip.outcome() != null) {
        // Until the read-back that follows, the tables are not known to hold the new role.
        forget(stateDir.settledFile(netns));
        return flip.outcome();
      }
      if (flip.refused() != null) {
        forget(stateDir.settledFile(netns)); // it describes what the kernel just refused
      }
      Outcome full = reconcileLocked(state, effective.role(), effective.reason());
      return flip.refused() == null
          ? full
          : full.withNote("the flip planned without reading was refused (" + flip.refused() + "): reconciled in full");
    }
  }
}
