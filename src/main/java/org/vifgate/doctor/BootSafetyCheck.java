package org.vifgate.doctor;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vifgate.config.Role;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;

/**
 * No unblocked guests without Heartbeat: while Heartbeat is not running, nothing would make this
 * host passive if the peer took over, so its runtime role must not be active and its live rules
 * must be the passive ones. (With Heartbeat running, Heartbeat decides.)
 *
 * @param heartbeatRunning whether Heartbeat runs on this host ({@code cl_status hbstatus})
 * @param editsToPassive how many edits a reconcile to passive would make (0: guests cut off)
 */
public record BootSafetyCheck(
    RuntimeState runtime,
    Supplier<String> bootId,
    Callable<Boolean> heartbeatRunning,
    Callable<Integer> editsToPassive)
    implements Check {

  @Override
  public String name() {
    return "boot safety";
  }

  @Override
  public Finding run() throws Exception {
    Optional<RuntimeRole> role = runtime.role().filter(r -> r.bootId().equals(bootId.get()));
    String roleText =
        role.map(r -> r.role().id() + " (set by " + r.setBy() + ")").orElse("none since boot");
    if (heartbeatRunning.call()) {
      return Finding.pass(
          name(), "Heartbeat is running and decides the role; runtime role: " + roleText);
    }
    if (role.isPresent() && role.get().role() == Role.ACTIVE) {
      return Finding.fail(
          name(),
          "Heartbeat is not running, but this host is active (runtime role " + roleText + ")",
          "nothing makes it passive when the peer takes over: vifgate role passive -c FILE, or"
              + " start Heartbeat");
    }
    int edits;
    try {
      edits = editsToPassive.call();
    } catch (Exception e) {
      return Finding.warn(
          name(), "Heartbeat is not running; the live rules cannot be read: " + e.getMessage(), "");
    }
    if (edits > 0) {
      return Finding.fail(
          name(),
          "Heartbeat is not running and the guests are not cut off ("
              + edits
              + " edit(s) to passive)",
          "vifgate reconcile -c FILE (boot safety makes it passive), before Heartbeat starts");
    }
    return Finding.pass(
        name(),
        "Heartbeat is not running; the guests are cut off (runtime role: " + roleText + ")");
  }
}
