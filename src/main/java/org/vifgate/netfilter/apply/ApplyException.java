package org.vifgate.netfilter.apply;

import org.vifgate.netfilter.model.TableId;

/** A tool refused a change. The message names the table, the tool and what it printed. */
public final class ApplyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final TableId table;

  public ApplyException(TableId table, String message) {
    super(table.display() + ": " + message);
    this.table = table;
  }

  public TableId table() {
    return table;
  }
}
