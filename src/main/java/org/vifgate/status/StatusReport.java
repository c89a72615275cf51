package org.vifgate.status;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vifgate.config.Role;
import org.vifgate.state.RuntimeRole;

/**
 * Everything {@code vifgate status} reports about this host: who decides its role and what it is,
 * whether the live rules match it, and the state of the files {@code vifgate render} installs.
 *
 * @param runtimeRole the role Heartbeat (through {@code vifgate role}) recorded, if any
 * @param runtimeRoleCurrent whether it was recorded in this boot (an older one is ignored)
 * @param runtimeError why the runtime role could not be read (a damaged file)
 * @param sync the dry-run reconcile towards the effective role; empty when it failed
 * @param syncError why the live rules could not be read or planned against
 * @param haDir Heartbeat's directory, empty on a host without a heartbeat section
 */
public record StatusReport(
    Path config,
    String node,
    Role fileRole,
    Optional<RuntimeRole> runtimeRole,
    boolean runtimeRoleCurrent,
    Optional<String> runtimeError,
    Role effectiveRole,
    String effectiveReason,
    Optional<SyncState> sync,
    Optional<String> syncError,
    Optional<Path> haDir,
    List<FileState> files) {

  public StatusReport {
    files = List.copyOf(files);
  }

  public LsbStatus lsb() {
    return LsbStatus.decide(effectiveRole, sync.map(SyncState::pendingEdits));
  }

  public String lsbReason() {
    return LsbStatus.explain(effectiveRole, sync.map(SyncState::pendingEdits));
  }
}
