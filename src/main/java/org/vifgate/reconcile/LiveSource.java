package org.vifgate.reconcile;

import java.util.Collection;
import org.vifgate.netfilter.model.DumpId;

/**
 * Where live rules come from: the running kernel (through the save tools) or saved dumps. Reading
 * never changes anything.
 */
public interface LiveSource {

  /**
   * Reads the given dumps (concurrently where the source can). A dump with nothing in it is an
   * empty ruleset; a dump whose tool is not installed is listed as unavailable. Any output that
   * cannot be parsed is an error, never a smaller ruleset.
   */
  LiveSnapshot read(Collection<DumpId> dumps, Scope scope) throws LiveReadException;

  /** How much of each dump to read. */
  enum Scope {
    /** Only the filter table, where vifgate's layout and the original recipe live. */
    FILTER,
    /** Every table: needed to tell whether a backend is in use at all. */
    ALL
  }

  /** True when reading the running kernel, whose sysctls can then be checked too. */
  boolean isKernel();
}
