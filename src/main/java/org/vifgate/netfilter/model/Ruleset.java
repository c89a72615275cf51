package org.vifgate.netfilter.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything one save tool printed: its tables in printed order, and the notices it wrote into
 * the stream (such as "# Warning: iptables-legacy tables present"). {@code backend} is what the
 * dump itself says (an nft header carries "(nf_tables)"), or the reader's knowledge when the format
 * has no header.
 */
public record Ruleset(DumpKind kind, Backend backend, List<Table> tables, List<String> notices) {
  public Ruleset {
    tables = List.copyOf(tables);
    notices = List.copyOf(notices);
  }

  public static Ruleset empty(DumpKind kind, Backend backend) {
    return new Ruleset(kind, backend, List.of(), List.of());
  }

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public int ruleCount() {
    return tables.stream().flatMap(t -> t.chains().stream()).mapToInt(c -> c.rules().size()).sum();
  }
}
