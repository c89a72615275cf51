package org.vifgate.netfilter.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.model.TableId;

/** The live content of the tables a plan looks at. A table that is absent does not exist yet. */
public record LiveTables(Map<TableId, Table> tables) {

  public LiveTables {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  public Optional<Table> table(TableId id) {
    return Optional.ofNullable(tables.get(id));
  }

  public Optional<Chain> chain(TableId id, String chain) {
    return table(id).flatMap(t -> t.chain(chain));
  }

  /** The rules of a chain as specs, empty when the table or chain does not exist. */
  public List<RuleSpec> rules(TableId id, String chain) {
    return chain(id, chain).map(c -> c.rules().stream().map(RuleSpec::of).toList()).orElse(List.of());
  }

  public static List<RuleSpec> specs(List<Rule> rules) {
    return rules.stream().map(RuleSpec::of).toList();
  }
}
