package org.vifgate.status;

import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;

/** A dry-run reconcile towards a role: reads the live rules, changes nothing. */
@FunctionalInterface
public interface SyncProbe {

  /**
   * @throws Exception anything that stops the live rules from being read or planned against
   */
  SyncState check(DesiredState state, Role role) throws Exception;
}
