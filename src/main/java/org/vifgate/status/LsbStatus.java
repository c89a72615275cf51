package org.vifgate.status;

import java.util.Optional;
import org.vifgate.config.Role;

/**
 * The answer to {@code vifgate status --lsb}, which the resource agent gives Heartbeat.
 *
 * <p>Heartbeat judges a resource by the text of its status: "running" (or "OK") means held,
 * anything else means not held. It asks in two situations where the answers matter:
 *
 * <ul>
 *   <li>before a start: "running" makes it skip the start;
 *   <li>after a stop that failed ten times: "running" makes it fence the node (kill itself and
 *       reboot); anything else makes it believe the resource is released.
 * </ul>
 *
 * So {@code stopped} is a promise that this host's guests are cut off, and is only given when the
 * host is meant to be passive and the live rules are exactly that. A host meant to be active whose
 * rules are not in place yet is {@code stopped} too, so that a start repairs it. A host meant to be
 * passive whose rules are not (a stop that did not complete, drift, or no reconcile since boot) is
 * {@code running}: its guests may pass. When the live rules cannot be read at all the answer is
 * {@code running} as well, for the same reason, with the LSB code for "unknown".
 */
public enum LsbStatus {
  RUNNING("running", 0),
  STOPPED("stopped", 3),
  UNKNOWN("running", 4);

  private final String text;
  private final int exitCode;

  LsbStatus(String text, int exitCode) {
    this.text = text;
    this.exitCode = exitCode;
  }

  /** What the status prints on stdout: one word, {@code running} or {@code stopped}. */
  public String text() {
    return text;
  }

  public int exitCode() {
    return exitCode;
  }

  /**
   * @param effective the role this host should have now
   * @param pendingEdits edits a reconcile towards {@code effective} would make; empty when the live
   *     rules could not be read
   */
  public static LsbStatus decide(Role effective, Optional<Integer> pendingEdits) {
    if (pendingEdits.isEmpty()) {
      return UNKNOWN;
    }
    boolean inSync = pendingEdits.get() == 0;
    if (effective == Role.ACTIVE) {
      return inSync ? RUNNING : STOPPED;
    }
    return inSync ? STOPPED : RUNNING;
  }

  /** Why, in words, for the text report. */
  public static String explain(Role effective, Optional<Integer> pendingEdits) {
    if (pendingEdits.isEmpty()) {
      return "the live rules could not be read; reported as running so that a failed stop is never"
          + " taken for a clean one";
    }
    boolean inSync = pendingEdits.get() == 0;
    if (effective == Role.ACTIVE) {
      return inSync
          ? "active and in sync: the guests pass"
          : "active, but the rules are not in place yet: a start (or reconcile) puts them there";
    }
    return inSync
        ? "passive and in sync: the guests are cut off"
        : "meant to be passive, but the guests are not verifiably cut off (a stop that did not"
            + " complete, drift, or no reconcile since boot): run `vifgate reconcile`";
  }
}
