package org.vifgate.status;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.vifgate.config.DesiredState;
import org.vifgate.state.RoleResolver;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;

/**
 * Gathers a {@link StatusReport}. Read-only: it reads the runtime role, runs one dry-run reconcile
 * and compares files; it writes nothing and takes no lock.
 */
public final class StatusCollector {

  private final RuntimeState runtime;
  private final Supplier<String> bootId;
  private final SyncProbe probe;

  public StatusCollector(RuntimeState runtime, Supplier<String> bootId, SyncProbe probe) {
    this.runtime = runtime;
    this.bootId = bootId;
    this.probe = probe;
  }

  /**
   * @param haDir Heartbeat's directory, or empty when the file has no heartbeat section
   * @param files the state of the files render installs there (see {@link InstalledFiles})
   */
  public StatusReport collect(DesiredState state, Optional<Path> haDir, List<FileState> files) {
    Optional<RuntimeRole> recorded = Optional.empty();
    Optional<String> runtimeError = Optional.empty();
    try {
      recorded = runtime.role();
    } catch (IOException e) {
      runtimeError = Optional.of(e.getMessage());
    }
    String boot = bootId.get();
    RoleResolver.Effective effective = RoleResolver.resolve(state, recorded, boot);
    boolean current = recorded.map(r -> r.bootId().equals(boot)).orElse(false);

    Optional<SyncState> sync = Optional.empty();
    Optional<String> syncError = Optional.empty();
    if (runtimeError.isPresent()) {
      // The role a reconcile would use is unknown, so is whether the rules match it.
      syncError = Optional.of("the runtime role cannot be read: " + runtimeError.get());
    } else {
      try {
        sync = Optional.of(probe.check(state, effective.role()));
      } catch (Exception e) {
        syncError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    return new StatusReport(
        state.source(),
        state.node(),
        state.role(),
        recorded,
        current,
        runtimeError,
        effective.role(),
        effective.reason(),
        sync,
        syncError,
        haDir,
        files);
  }
}
