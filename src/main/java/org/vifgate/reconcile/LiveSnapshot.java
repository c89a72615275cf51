package org.vifgate.reconcile;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.LiveTables;

/**
 * What was read: a ruleset per dump, and the dumps that could not be read because their tool is
 * not installed (a backend that is not installed cannot hold rules vifgate must clean up).
 */
public record LiveSnapshot(Map<DumpId, Ruleset> dumps, Map<DumpId, String> unavailable) {

  public LiveSnapshot {
    dumps = Collections.unmodifiableMap(new LinkedHashMap<>(dumps));
    unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
  }

  /** This snapshot with some dumps replaced by newer reads. */
  public LiveSnapshot with(LiveSnapshot newer) {
    Map<DumpId, Ruleset> merged = new LinkedHashMap<>(dumps);
    merged.putAll(newer.dumps());
    Map<DumpId, String> missing = new LinkedHashMap<>(unavailable);
    newer.dumps().keySet().forEach(missing::remove);
    missing.putAll(newer.unavailable());
    return new LiveSnapshot(merged, missing);
  }

  /** The filter tables, the only ones vifgate's layout lives in. */
  public LiveTables filterTables() {
    Map<TableId, Table> tables = new HashMap<>();
    dumps.forEach(
        (id, ruleset) ->
            ruleset.table(TableId.FILTER).ifPresent(t -> tables.put(id.table(TableId.FILTER), t)));
    return new LiveTables(tables);
  }
}
