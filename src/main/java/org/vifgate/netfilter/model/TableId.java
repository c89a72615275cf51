package org.vifgate.netfilter.model;

/**
 * One kernel table as one tool sees it: the family, the backend and the table name. vifgate plans
 * and applies per table, because a table is what one restore transaction changes atomically.
 */
public record TableId(Family family, Backend backend, String table) {

  public static final String FILTER = "filter";

  // equals and hashCode by hand: a record's own go through an invokedynamic bootstrap that spins
  // method handles on first use, about 10 ms of a cold command line (see bench/README.md).
  @Override
  public boolean equals(Object other) {
    return other instanceof TableId t
        && t.family == family
        && t.backend == backend
        && t.table.equals(table);
  }

  @Override
  public int hashCode() {
    return (family.hashCode() * 31 + backend.hashCode()) * 31 + table.hashCode();
  }

  public static TableId filter(Family family, Backend backend) {
    return new TableId(family, backend, FILTER);
  }

  public DumpId dump() {
    return new DumpId(family, backend);
  }

  /** The dump kind whose format this table is read in. */
  public DumpKind kind() {
    return switch (family) {
      case IPV4 -> DumpKind.IPTABLES;
      case IPV6 -> DumpKind.IP6TABLES;
      case ARP -> DumpKind.ARPTABLES;
      case BRIDGE -> DumpKind.EBTABLES;
    };
  }

  /** The explicit tool that edits this table, e.g. {@code iptables-legacy} or {@code ebtables-nft}. */
  public String tool() {
    String base =
        switch (family) {
          case IPV4 -> "iptables";
          case IPV6 -> "ip6tables";
          case ARP -> "arptables";
          case BRIDGE -> "ebtables";
        };
    return base + "-" + backend.id();
  }

  /** For messages: {@code ip filter (iptables-nft)}. */
  public String display() {
    return family.id() + " " + table + " (" + tool() + ")";
  }

  @Override
  public String toString() {
    return display();
  }
}
