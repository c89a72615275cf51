package org.vifgate.status;

import java.util.List;
import org.vifgate.netfilter.model.Backend;

/**
 * What a dry-run reconcile towards the effective role found: the backend it chose and why, how many
 * edits it would make (0: in sync), and its notes.
 */
public record SyncState(
    Backend backend, String backendReason, int pendingEdits, List<String> notes) {

  public SyncState {
    notes = List.copyOf(notes);
  }

  public boolean inSync() {
    return pendingEdits == 0;
  }
}
