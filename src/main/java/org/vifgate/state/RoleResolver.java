package org.vifgate.state;

import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;

/**
 * Who decides the role. Config management writes the file; Heartbeat flips the role at runtime.
 *
 * <ol>
 *   <li>A runtime role set in this boot (by {@code vifgate role}, which Heartbeat's start and stop
 *       call) wins over the file: a push of the file never undoes Heartbeat's decision, and
 *       Heartbeat's decision is never lost on the next push.
 *   <li>Without one, a host with a {@code heartbeat:} section is passive: after a reboot its guests
 *       stay cut off until Heartbeat starts the resource again, whatever the file says. (The
 *       original recipe got the same from DROP rules restored at boot.)
 *   <li>A host without a {@code heartbeat:} section follows the file's {@code role:}.
 * </ol>
 */
public final class RoleResolver {

  private RoleResolver() {}

  /** The role to reconcile to, and the reason in words. */
  public record Effective(Role role, String reason, boolean fromRuntime) {}

  public static Effective resolve(DesiredState state, Optional<RuntimeRole> runtime, String currentBootId) {
    if (runtime.isPresent()) {
      RuntimeRole set = runtime.get();
      if (set.bootId().equals(currentBootId)) {
        return new Effective(set.role(), "runtime role set by " + set.setBy() + " at " + set.setAt(), true);
      }
    }
    String stale = runtime.isPresent() ? " (a runtime role from an earlier boot was ignored)" : "";
    if (state.heartbeat().isPresent()) {
      return new Effective(
          Role.PASSIVE,
          "boot safety: Heartbeat has not made this host active since boot" + stale,
          false);
    }
    return new Effective(state.role(), "role: " + state.role().id() + " in the file" + stale, false);
  }
}
