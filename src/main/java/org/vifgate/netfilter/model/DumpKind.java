package org.vifgate.netfilter.model;

import java.util.Locale;

/** The text formats vifgate reads, one per tool family (the {@code --kind} of inspect). */
public enum DumpKind {
  IPTABLES(Family.IPV4),
  IP6TABLES(Family.IPV6),
  ARPTABLES(Family.ARP),
  EBTABLES(Family.BRIDGE);

  private final Family family;

  DumpKind(Family family) {
    this.family = family;
  }

  public Family family() {
    return family;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DumpKind fromId(String id) {
    for (DumpKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown kind '" + id + "' (iptables, ip6tables, arptables, ebtables)");
  }
}
